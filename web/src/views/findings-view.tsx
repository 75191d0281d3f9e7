// The findings queue: filled in once the detection module is in this build.
import { EmptyState } from '../components/state-views';

export function FindingsView() {
  return (
    <div>
      <h1>Findings</h1>
      <EmptyState title="No findings yet">
        Findings to review appear here once the detection rules have run:{' '}
        <code>threadline analyse</code>.
      </EmptyState>
    </div>
  );
}
