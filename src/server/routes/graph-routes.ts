// The network view's API (action graph.view): the link graph with measures and communities under
// filters, a node's profile, the messages and calls behind an edge (with their conversations),
// paths between two nodes and the common contacts of two devices. Built on the GraphService.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam, limitParam, stringList, timeParam } from '../query-schemas.js';
import { GraphService, type HopEvidence } from '../../graph/graph-service.js';
import type { BuildOptions, NodeMode } from '../../graph/graph-types.js';
import { MEASURE_EXPLANATIONS } from '../../graph/analyse-graph.js';
import { defaultMode } from '../../report/graph/graph-export-data.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type { Store } from '../../store/store.js';

export const GraphFilterInput = z.object({
  mode: z.enum(['identifier', 'person']).optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  app: stringList.optional(),
  device: stringList.optional(),
  direction: z.enum(['incoming', 'outgoing', 'unknown']).optional(),
  minWeight: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** Include contact-only links (a number saved in a seized phone's address book). */
  contacts: z.enum(['0', '1']).default('1'),
});
type GraphFilterInput = z.infer<typeof GraphFilterInput>;

const GraphInput = GraphFilterInput.extend({
  /** Most nodes returned: the busiest (by messages and calls) when the graph is larger. */
  limit: limitParam(50_000, 10_000),
});

async function buildOpts(store: Store, caseId: string, q: GraphFilterInput): Promise<BuildOptions> {
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'from must be before to', {
      fields: ['from', 'to'],
    });
  const mode: NodeMode = q.mode ?? (await defaultMode(store, caseId));
  return {
    mode,
    from: q.from,
    to: q.to,
    apps: q.app,
    devices: q.device,
    direction: q.direction,
    minWeight: q.minWeight,
    includeContacts: q.contacts === '1',
  };
}

/** The conversation (thread) and a short preview of each message item, for links to it. */
async function withThreads(store: Store, caseId: string, items: HopEvidence['items']) {
  const ids = items.filter((i) => i.kind === 'message').map((i) => i.id);
  const rows = ids.length
    ? await store.db
        .selectFrom('messages')
        .select(['id', 'thread_id', 'body'])
        .where('case_id', '=', caseId)
        .where('id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return items.map((i) => {
    const r = byId.get(i.id);
    const body = r?.body ?? null;
    return {
      ...i,
      thread: r?.thread_id ?? null,
      preview: body === null ? null : body.length > 160 ? `${body.slice(0, 157)}…` : body,
    };
  });
}

export const graphRoutes: RouteModule = (api, { app }) => {
  const graphs = new GraphService(app.store);

  api.get('/cases/:caseId/graph', { config: { access: { action: 'graph.view' } } }, async (req) => {
    const kase = requestCase(req);
    const q = parseInput(GraphInput, req.query, 'query');
    const opts = await buildOpts(app.store, kase.id, q);
    const g = await graphs.linkGraph(kase.id, opts);
    const a = await graphs.analysis(kase.id, opts, { top: 10 });
    // the busiest nodes when the graph is larger than asked for
    let keep: Set<string> | null = null;
    if (g.nodes.length > q.limit) {
      const ranked = g.nodes
        .map((n) => n.id)
        .sort(
          (x, y) =>
            a.measures[y]!.weightedDegree - a.measures[x]!.weightedDegree ||
            (x < y ? -1 : x > y ? 1 : 0),
        );
      keep = new Set(ranked.slice(0, q.limit));
    }
    const nodes = g.nodes
      .filter((n) => !keep || keep.has(n.id))
      .map((n) => {
        const m = a.measures[n.id]!;
        return {
          id: n.id,
          label: n.label,
          type: n.type,
          kind: n.kind,
          owner: n.ownerOf.length > 0,
          degree: m.degree,
          weightedDegree: m.weightedDegree,
          betweenness: m.betweenness,
          pagerank: m.pagerank,
          core: m.core,
          community: m.community,
        };
      });
    const edges = g.edges
      .filter((e) => !keep || (keep.has(e.source) && keep.has(e.target)))
      .map((e) => ({
        source: e.source,
        target: e.target,
        kind: e.kind,
        weight: e.weight,
      }));
    const ctx = caseAccessRequest(req);
    ctx.details = { mode: opts.mode, nodes: nodes.length, edges: edges.length };
    return {
      mode: opts.mode,
      filter: { ...opts, limit: q.limit },
      summary: {
        ...a.summary,
        shownNodes: nodes.length,
        shownEdges: edges.length,
        truncated: keep !== null,
      },
      communities: a.communities.slice(0, 30),
      methods: a.methods,
      explanations: MEASURE_EXPLANATIONS,
      nodes,
      edges,
    };
  });

  api.get(
    '/cases/:caseId/graph/node',
    { config: { access: { action: 'graph.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(GraphFilterInput.extend({ id: idParam }), req.query, 'query');
      const opts = await buildOpts(app.store, kase.id, q);
      const g = await graphs.linkGraph(kase.id, opts);
      const i = g.resolveNode(q.id);
      if (i === undefined)
        throw new AppError(ErrorCodes.NOT_FOUND, 'no such node in this graph', { fields: ['id'] });
      const node = g.nodes[i]!;
      const a = await graphs.analysis(kase.id, opts, { top: 10 });
      const neighbours = g.edges
        .filter((e) => e.source === node.id || e.target === node.id)
        .map((e) => {
          const other = e.source === node.id ? e.target : e.source;
          const o = g.nodes[g.indexOf(other)!]!;
          return {
            id: other,
            label: o.label,
            type: o.type,
            kind: e.kind,
            weight: e.weight,
            messages: e.messages.out + e.messages.in + e.messages.unknown,
            calls: e.calls.out + e.calls.in + e.calls.unknown,
            firstAt: e.firstAt,
            lastAt: e.lastAt,
            community: a.measures[other]?.community ?? null,
          };
        })
        .sort((x, y) => y.weight - x.weight || (x.id < y.id ? -1 : 1));
      const devices = node.ownerOf.length
        ? await app.store.db
            .selectFrom('devices')
            .select(['id', 'label', 'exhibit'])
            .where('case_id', '=', kase.id)
            .where('id', 'in', node.ownerOf)
            .execute()
        : [];
      caseAccessRequest(req).objects = [node.id];
      return {
        node,
        measures: a.measures[node.id]!,
        explanations: MEASURE_EXPLANATIONS,
        ranks: rankOf(a.measures, node.id),
        devices,
        neighbours: neighbours.slice(0, 200),
        neighbourCount: neighbours.length,
      };
    },
  );

  api.get(
    '/cases/:caseId/graph/edge',
    { config: { access: { action: 'graph.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(
        GraphFilterInput.extend({ a: idParam, b: idParam, limit: limitParam(500, 100) }),
        req.query,
        'query',
      );
      const opts = await buildOpts(app.store, kase.id, q);
      const ev = await graphs.evidence(kase.id, q.a, q.b, opts, q.limit);
      const items = await withThreads(app.store, kase.id, ev.items);
      caseAccessRequest(req).objects = [ev.edge.id, ...items.map((i) => i.id)];
      // every identifier of either end reads as that end's label in the evidence list
      const g = await graphs.linkGraph(kase.id, opts);
      const labels: Record<string, string> = {};
      for (const id of [ev.from, ev.to]) {
        const n = g.nodes[g.indexOf(id)!];
        if (!n) continue;
        for (const k of n.identifiers) labels[k] = n.label;
        labels[id] = n.label;
      }
      return { ...ev, items, labels };
    },
  );

  api.get(
    '/cases/:caseId/graph/path',
    { config: { access: { action: 'graph.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(
        GraphFilterInput.extend({
          from: idParam,
          to: idParam,
          since: timeParam.optional(),
          until: timeParam.optional(),
          maxHops: z.coerce.number().int().min(1).max(8).optional(),
        }),
        req.query,
        'query',
      );
      const opts = await buildOpts(app.store, kase.id, { ...q, from: q.since, to: q.until });
      const r = await graphs.paths(
        kase.id,
        q.from,
        q.to,
        { maxHops: q.maxHops, maxPaths: 20 },
        opts,
      );
      const hops: Record<string, unknown> = {};
      const objects: string[] = [];
      for (const [k, h] of Object.entries(r.hops)) {
        const items = await withThreads(app.store, kase.id, h.items);
        hops[k] = { ...h, items };
        objects.push(...items.map((i) => i.id));
      }
      caseAccessRequest(req).objects = [r.from, r.to, ...objects];
      return { ...r, hops };
    },
  );

  api.get(
    '/cases/:caseId/graph/common',
    { config: { access: { action: 'graph.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(z.object({ a: idParam, b: idParam }), req.query, 'query');
      const r = await graphs.common(kase.id, q.a, q.b);
      caseAccessRequest(req).objects = [r.a.id, r.b.id];
      return r;
    },
  );
};

/** 1-based rank of a node on each measure (1 = highest), out of all nodes. */
function rankOf(
  measures: Record<string, { weightedDegree: number; betweenness: number; pagerank: number }>,
  id: string,
) {
  const me = measures[id]!;
  let w = 1;
  let b = 1;
  let p = 1;
  for (const m of Object.values(measures)) {
    if (m.weightedDegree > me.weightedDegree) w++;
    if (m.betweenness > me.betweenness) b++;
    if (m.pagerank > me.pagerank) p++;
  }
  return {
    of: Object.keys(measures).length,
    weightedDegree: w,
    betweenness: b,
    pagerank: p,
  };
}
