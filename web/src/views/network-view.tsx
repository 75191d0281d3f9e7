// The communication network: who is in contact with whom (identifiers or resolved persons), drawn
// with sigma.js, sized by a measure and coloured by community, with filters by time, weight and
// saved contacts; a node opens its profile, a link the messages and calls behind it; paths between
// two and the common contacts of two devices. Keyboard: the node finder and the panels reach
// everything the canvas does.
import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, caseUrl, qs } from '../api/client';
import type { GraphFilterState, NetworkResponse } from '../api/graph-types';
import { formatCount } from '../api/format';
import { EmptyState, ErrorState, Loading } from '../components/state-views';
import { useCase } from './case-context';
import {
  COMMUNITY_COLOURS,
  GraphCanvas,
  communityColour,
  edgeKey,
  type CanvasSelection,
  type LayoutStatus,
  type SizeMeasure,
} from './network/graph-canvas';
import { NodePanel } from './network/node-panel';
import { EdgePanel } from './network/edge-panel';
import { PathTool } from './network/path-tool';
import { CommonContactsTool } from './network/common-contacts-tool';
import './network/network.css';

const EMPTY_FILTER: GraphFilterState = {
  mode: '',
  from: '',
  to: '',
  minWeight: '',
  contacts: true,
};

function toQuery(f: GraphFilterState): Record<string, string | undefined> {
  return {
    mode: f.mode || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    minWeight: f.minWeight || undefined,
    contacts: f.contacts ? undefined : '0',
  };
}

function Swatch({ colour }: { colour: string }) {
  return (
    <span
      className="swatch"
      aria-hidden="true"
      ref={(el) => {
        if (el) el.style.background = colour;
      }}
    />
  );
}

function FilterBar({
  initial,
  onApply,
}: {
  initial: GraphFilterState;
  onApply(f: GraphFilterState): void;
}) {
  const [f, setF] = useState(initial);
  return (
    <form
      className="filter-bar"
      aria-label="Network filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(f);
      }}
    >
      <label>
        Nodes{' '}
        <select
          value={f.mode}
          onChange={(e) => setF({ ...f, mode: e.target.value as GraphFilterState['mode'] })}
        >
          <option value="">default</option>
          <option value="person">persons</option>
          <option value="identifier">identifiers</option>
        </select>
      </label>
      <label>
        From{' '}
        <input type="date" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
      </label>
      <label>
        Min. messages+calls{' '}
        <input
          type="number"
          min={1}
          className="narrow"
          value={f.minWeight}
          onChange={(e) => setF({ ...f, minWeight: e.target.value })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={f.contacts}
          onChange={(e) => setF({ ...f, contacts: e.target.checked })}
        />{' '}
        saved-contact links
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

function NodeFinder({ data, onPick }: { data: NetworkResponse; onPick(id: string): void }) {
  const [text, setText] = useState('');
  const matches = useMemo(() => {
    const t = text.trim().toLowerCase();
    if (!t) return [];
    const out = [];
    for (const n of data.nodes) {
      if (n.label.toLowerCase().includes(t) || n.id.toLowerCase().includes(t)) out.push(n);
      if (out.length >= 8) break;
    }
    return out;
  }, [data, text]);
  return (
    <div className="node-finder">
      <label>
        Find a node{' '}
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="name or number"
          data-testid="node-finder"
        />
      </label>
      {matches.length ? (
        <ul className="plain-list">
          {matches.map((n) => (
            <li key={n.id}>
              <button type="button" className="link-button" onClick={() => onPick(n.id)}>
                {n.label}
              </button>
            </li>
          ))}
        </ul>
      ) : text.trim() ? (
        <p className="muted">No node matches.</p>
      ) : null}
    </div>
  );
}

export function NetworkView() {
  const { caseId, overview } = useCase();
  const [filter, setFilter] = useState(EMPTY_FILTER);
  const [sizeBy, setSizeBy] = useState<SizeMeasure>('weightedDegree');
  const [node, setNode] = useState<string | null>(null);
  const [edge, setEdge] = useState<[string, string] | null>(null);
  const [highlight, setHighlight] = useState<Set<string> | null>(null);
  const [pathFrom, setPathFrom] = useState('');
  const [pathTo, setPathTo] = useState('');
  const [layout, setLayout] = useState<LayoutStatus | null>(null);
  const filterQs = useMemo(() => toQuery(filter), [filter]);
  const q = useQuery({
    queryKey: ['graph', caseId, filterQs],
    queryFn: () => api.get<NetworkResponse>(caseUrl(caseId, `/graph${qs(filterQs)}`)),
    staleTime: 60_000,
  });
  const selection: CanvasSelection = useMemo(
    () => ({ node, edge: edge ? edgeKey(edge[0], edge[1]) : null, highlight }),
    [node, edge, highlight],
  );
  const pickNode = useCallback((id: string) => {
    setNode(id);
    setEdge(null);
  }, []);
  const pickEdge = useCallback((a: string, b: string) => setEdge([a, b]), []);
  const clear = useCallback(() => {
    setNode(null);
    setEdge(null);
  }, []);
  const onLayout = useCallback((s: LayoutStatus) => setLayout(s), []);
  const onPath = useCallback((s: Set<string> | null) => setHighlight(s), []);

  return (
    <div data-testid="network-view">
      <h1>Network</h1>
      <FilterBar
        initial={filter}
        onApply={(f) => {
          setFilter(f);
          clear();
          setHighlight(null);
        }}
      />
      {q.isPending ? (
        <Loading what="network" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.nodes.length === 0 ? (
        <EmptyState title="No network for these filters">
          Nothing links two numbers or people here yet: ingest devices with messages, calls or
          contacts, or widen the filters.
        </EmptyState>
      ) : (
        <>
          <p className="muted" data-testid="network-summary">
            {formatCount(q.data.summary.shownNodes)}{' '}
            {q.data.mode === 'person' ? 'persons and identifiers' : 'identifiers'},{' '}
            {formatCount(q.data.summary.shownEdges)} links, {q.data.methods.communities.count}{' '}
            communities
            {q.data.summary.truncated
              ? ` (the busiest ${formatCount(q.data.summary.shownNodes)} of ${formatCount(q.data.summary.nodes)} shown)`
              : ''}
            {layout && !layout.done
              ? ` · arranging ${layout.iteration}/${layout.iterations}`
              : layout?.done
                ? ` · arranged in ${(layout.ms / 1000).toFixed(1)} s`
                : ''}
          </p>
          <div className="network-layout">
            <div className="network-main">
              <div className="graph-toolbar">
                <label>
                  Size by{' '}
                  <select value={sizeBy} onChange={(e) => setSizeBy(e.target.value as SizeMeasure)}>
                    <option value="weightedDegree">messages and calls</option>
                    <option value="degree">contacts</option>
                    <option value="betweenness">go-between (betweenness)</option>
                    <option value="pagerank">turned to (PageRank)</option>
                  </select>
                </label>
                {node || edge || highlight ? (
                  <button
                    type="button"
                    onClick={() => {
                      clear();
                      setHighlight(null);
                    }}
                  >
                    Clear selection
                  </button>
                ) : null}
              </div>
              <GraphCanvas
                data={q.data}
                sizeBy={sizeBy}
                selection={selection}
                onNode={pickNode}
                onEdge={pickEdge}
                onStage={clear}
                onLayout={onLayout}
              />
              <ul className="legend" aria-label="Communities">
                {q.data.communities.slice(0, COMMUNITY_COLOURS.length).map((c) => (
                  <li key={c.id}>
                    <Swatch colour={communityColour(c.id)} /> community {c.id} · {c.size} ·{' '}
                    {c.leading
                      .slice(0, 2)
                      .map((l) => l.label)
                      .join(', ')}
                  </li>
                ))}
                {q.data.communities.length > COMMUNITY_COLOURS.length ? (
                  <li>
                    <Swatch colour={communityColour(999)} /> other communities
                  </li>
                ) : null}
              </ul>
              <p className="muted small">{q.data.explanations.community}</p>
            </div>
            <aside className="network-side" aria-label="Selection">
              <NodeFinder data={q.data} onPick={pickNode} />
              {edge ? (
                <EdgePanel
                  caseId={caseId}
                  a={edge[0]}
                  b={edge[1]}
                  filterQs={filterQs}
                  onNode={pickNode}
                />
              ) : node ? (
                <NodePanel
                  caseId={caseId}
                  id={node}
                  filterQs={filterQs}
                  onNode={pickNode}
                  onEdge={pickEdge}
                  onPathEnd={(end, id) => (end === 'from' ? setPathFrom(id) : setPathTo(id))}
                />
              ) : (
                <p className="muted">
                  Click a node for its profile, or a link for the messages and calls behind it.
                </p>
              )}
            </aside>
          </div>
          <div className="network-tools">
            <PathTool
              caseId={caseId}
              from={pathFrom}
              to={pathTo}
              setFrom={setPathFrom}
              setTo={setPathTo}
              filterQs={filterQs}
              onResult={onPath}
            />
            <CommonContactsTool caseId={caseId} devices={overview.devices} />
          </div>
        </>
      )}
    </div>
  );
}
