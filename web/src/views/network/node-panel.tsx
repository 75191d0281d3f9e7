// A node's profile: who or what it is, how each seized device saved it, its measures in plain
// language with its rank, the devices it owns, and its links (each opening the evidence behind it).
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl, qs } from '../../api/client';
import type { NodeProfile } from '../../api/graph-types';
import { formatCount, formatTime, identifierLabel } from '../../api/format';
import { ErrorState, Loading } from '../../components/state-views';
import { communityColour } from './graph-canvas';

const MEASURES = [
  ['degree', 'Contacts'],
  ['weightedDegree', 'Messages and calls'],
  ['betweenness', 'Go-between (betweenness)'],
  ['pagerank', 'Turned to (PageRank)'],
  ['core', 'Tight-knit core (k-core)'],
] as const;

function fmt(key: string, v: number): string {
  if (key === 'betweenness' || key === 'pagerank') return v.toPrecision(2);
  return formatCount(v);
}

export function NodePanel({
  caseId,
  id,
  filterQs,
  onEdge,
  onNode,
  onPathEnd,
}: {
  caseId: string;
  id: string;
  filterQs: Record<string, string | undefined>;
  onEdge(a: string, b: string): void;
  onNode(id: string): void;
  onPathEnd(end: 'from' | 'to', id: string): void;
}) {
  const q = useQuery({
    queryKey: ['graph-node', caseId, id, filterQs],
    queryFn: () => api.get<NodeProfile>(caseUrl(caseId, `/graph/node${qs({ ...filterQs, id })}`)),
  });
  if (q.isPending) return <Loading what="profile" />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const p = q.data;
  const rank = (k: string) =>
    k in p.ranks ? ` · #${(p.ranks as Record<string, number>)[k]} of ${p.ranks.of}` : '';
  return (
    <section className="side-panel" data-testid="node-profile" aria-label="Node profile">
      <h2>
        <span
          className="swatch"
          ref={(el) => {
            if (el) el.style.background = communityColour(p.measures.community);
          }}
          aria-hidden="true"
        />
        {p.node.label}
      </h2>
      <p className="muted">
        {p.node.kind === 'person' ? 'Person' : p.node.type} · community {p.measures.community}
        {p.node.firstAt !== null
          ? ` · ${formatTime(p.node.firstAt)} – ${formatTime(p.node.lastAt)}`
          : ''}
      </p>
      {p.devices.length ? (
        <p>
          Owner of seized device{p.devices.length > 1 ? 's' : ''}:{' '}
          {p.devices.map((d) => d.label + (d.exhibit ? ` (${d.exhibit})` : '')).join(', ')}
        </p>
      ) : null}
      {p.node.identifiers.length > 1 || p.node.kind === 'person' ? (
        <p>Identifiers: {p.node.identifiers.map((k) => identifierLabel(k)).join(', ')}</p>
      ) : null}
      {p.node.names.length ? (
        <p>
          Saved as:{' '}
          {p.node.names
            .slice(0, 8)
            .map((n) => `“${n.name}”`)
            .join(', ')}
        </p>
      ) : null}
      <table className="data-table compact" data-testid="node-measures">
        <tbody>
          {MEASURES.map(([k, label]) => (
            <tr key={k}>
              <th scope="row" title={p.explanations[k]}>
                {label}
              </th>
              <td className="num">
                {fmt(k, p.measures[k])}
                <span className="muted">{rank(k)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>What these measures mean</summary>
        <dl className="explanations">
          {MEASURES.map(([k, label]) => (
            <div key={k}>
              <dt>{label}</dt>
              <dd>{p.explanations[k]}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div className="button-row">
        <button type="button" onClick={() => onPathEnd('from', p.node.id)}>
          Path from here
        </button>
        <button type="button" onClick={() => onPathEnd('to', p.node.id)}>
          Path to here
        </button>
      </div>
      <h3>
        Links ({p.neighbourCount}
        {p.neighbourCount > p.neighbours.length ? `, busiest ${p.neighbours.length} shown` : ''})
      </h3>
      <table className="data-table compact" data-testid="neighbours">
        <thead>
          <tr>
            <th scope="col">With</th>
            <th scope="col" className="num">
              Msgs
            </th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {p.neighbours.map((n) => (
            <tr key={n.id}>
              <td>
                <button type="button" className="link-button" onClick={() => onNode(n.id)}>
                  {n.label}
                </button>
                {n.kind === 'contact' ? <span className="badge">saved contact</span> : null}
              </td>
              <td className="num">{formatCount(n.messages)}</td>
              <td className="num">{formatCount(n.calls)}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onEdge(p.node.id, n.id)}
                  aria-label={`Messages and calls between ${p.node.label} and ${n.label}`}
                  data-testid="open-edge"
                >
                  open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
