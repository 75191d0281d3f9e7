// Reports and exports.
import { EmptyState } from '../components/state-views';

export function ReportsView() {
  return (
    <div>
      <h1>Reports</h1>
      <EmptyState title="Reports not available yet" />
    </div>
  );
}
