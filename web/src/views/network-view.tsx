// The communication network (sigma.js): filled in once the link-analysis module is in this build.
import { EmptyState } from '../components/state-views';

export function NetworkView() {
  return (
    <div>
      <h1>Network</h1>
      <EmptyState title="No network yet">
        The network of who talks to whom appears here once link analysis has run:{' '}
        <code>threadline analyse</code>.
      </EmptyState>
    </div>
  );
}
