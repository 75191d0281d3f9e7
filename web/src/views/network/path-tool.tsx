// Paths between two nodes (every shortest chain of contact, then short ones), each hop opening the
// messages and calls that evidence it; the shortest paths are highlighted on the graph.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl, qs } from '../../api/client';
import type { PathsResponse } from '../../api/graph-types';
import { ErrorState, Loading } from '../../components/state-views';
import { EvidenceList } from './evidence-list';

export function PathTool({
  caseId,
  from,
  to,
  setFrom,
  setTo,
  filterQs,
  onResult,
}: {
  caseId: string;
  from: string;
  to: string;
  setFrom(v: string): void;
  setTo(v: string): void;
  filterQs: Record<string, string | undefined>;
  onResult(nodes: Set<string> | null): void;
}) {
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  const { from: since, to: until, ...rest } = filterQs;
  const q = useQuery({
    queryKey: ['graph-path', caseId, asked, filterQs],
    enabled: asked !== null,
    queryFn: () =>
      api.get<PathsResponse>(
        caseUrl(caseId, `/graph/path${qs({ ...rest, since, until, ...asked! })}`),
      ),
  });
  const found = asked !== null ? q.data : undefined;
  useEffect(() => {
    onResult(found && found.shortest !== null ? new Set(found.shortestPaths.flat()) : null);
  }, [found]);
  const label = (r: PathsResponse, id: string) => r.nodes[id]?.label ?? id;
  return (
    <section className="tool" aria-label="Path between two nodes" data-testid="path-tool">
      <h2>Path between two</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (from.trim() && to.trim()) setAsked({ from: from.trim(), to: to.trim() });
        }}
      >
        <label>
          From{' '}
          <input
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            placeholder="node or number"
          />
        </label>
        <label>
          To{' '}
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="node or number" />
        </label>
        <button type="submit" disabled={!from.trim() || !to.trim()}>
          Find paths
        </button>
        {asked ? (
          <button
            type="button"
            onClick={() => {
              setAsked(null);
              onResult(null);
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      {asked === null ? null : q.isPending ? (
        <Loading what="paths" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.shortest === null ? (
        <p data-testid="path-none">
          No chain of messages or calls joins {label(q.data, q.data.from)} and{' '}
          {label(q.data, q.data.to)} under these filters.
        </p>
      ) : (
        <div data-testid="path-result">
          <p>
            Shortest: {q.data.shortest} hop{q.data.shortest === 1 ? '' : 's'},{' '}
            {q.data.shortestPaths.length} shortest path
            {q.data.shortestPaths.length === 1 ? '' : 's'}
            {q.data.truncated ? ' (more exist; first ones listed)' : ''}
          </p>
          {q.data.shortestPaths.map((path) => (
            <div key={path.join('>')} className="path">
              <ol className="path-chain">
                {path.map((id, i) => {
                  if (i === 0) return <li key={id}>{label(q.data, id)}</li>;
                  const k = [path[i - 1]!, id].sort().join('|');
                  const hop = q.data.hops[k];
                  return (
                    <li key={id}>
                      <details>
                        <summary>
                          → {label(q.data, id)}{' '}
                          <span className="muted">({hop?.total ?? 0} items)</span>
                        </summary>
                        {hop ? (
                          <EvidenceList
                            items={hop.items}
                            total={hop.total}
                            labels={Object.fromEntries(
                              Object.entries(q.data.nodes).map(([n, v]) => [n, v.label]),
                            )}
                          />
                        ) : null}
                      </details>
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
