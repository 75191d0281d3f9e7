// Activity over time across devices.
import { EmptyState } from '../components/state-views';

export function TimelineView() {
  return (
    <div>
      <h1>Timeline</h1>
      <EmptyState title="Timeline not available yet" />
    </div>
  );
}
