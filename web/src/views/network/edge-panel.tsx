// A link between two nodes: counts by direction, apps, saved names, and the messages and calls
// behind it (each message opening its conversation).
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl, qs } from '../../api/client';
import type { EdgeEvidence } from '../../api/graph-types';
import { formatTime } from '../../api/format';
import { ErrorState, Loading } from '../../components/state-views';
import { EvidenceList } from './evidence-list';

export function EdgePanel({
  caseId,
  a,
  b,
  filterQs,
  onNode,
}: {
  caseId: string;
  a: string;
  b: string;
  filterQs: Record<string, string | undefined>;
  onNode(id: string): void;
}) {
  const q = useQuery({
    queryKey: ['graph-edge', caseId, a, b, filterQs],
    queryFn: () =>
      api.get<EdgeEvidence>(caseUrl(caseId, `/graph/edge${qs({ ...filterQs, a, b })}`)),
  });
  if (q.isPending) return <Loading what="messages and calls" />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const e = q.data;
  const m = e.edge.messages;
  const c = e.edge.calls;
  const la = e.labels[e.from] ?? e.from;
  const lb = e.labels[e.to] ?? e.to;
  return (
    <section className="side-panel" data-testid="edge-panel" aria-label="Link evidence">
      <h2>
        <button type="button" className="link-button" onClick={() => onNode(e.from)}>
          {la}
        </button>{' '}
        ↔{' '}
        <button type="button" className="link-button" onClick={() => onNode(e.to)}>
          {lb}
        </button>
      </h2>
      <p>
        {m.out + m.in + m.unknown} messages ({m.out} {la} → {lb}, {m.in} {lb} → {la}
        {m.unknown ? `, ${m.unknown} direction unknown` : ''}), {c.out + c.in + c.unknown} calls
        {e.edge.callSeconds ? ` (${Math.round(e.edge.callSeconds / 60)} min)` : ''}
      </p>
      <p className="muted">
        {e.edge.firstAt !== null
          ? `${formatTime(e.edge.firstAt)} – ${formatTime(e.edge.lastAt)}`
          : 'no dated contact'}
        {e.edge.apps.length ? ` · ${e.edge.apps.join(', ')}` : ''}
      </p>
      {e.edge.savedAs.length ? (
        <p>Saved as: {e.edge.savedAs.map((s) => `“${s.name}”`).join(', ')}</p>
      ) : null}
      <EvidenceList items={e.items} total={e.total} labels={e.labels} />
    </section>
  );
}
