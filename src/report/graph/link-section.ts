// The `link` objects of the canonical export: one per edge of the case's link graph (persons when
// resolved, else identifiers), with counts by direction, first and last contact, apps, devices,
// sources and the ids of every message, call and contact that evidences it.
import type { ExportSection } from '../export-sections.js';
import { buildLinkGraph } from '../../graph/build-graph.js';
import { forEachPairItem } from '../../graph/edge-query.js';
import { NodeResolver } from '../../graph/node-resolver.js';
import { edgeId } from '../../graph/graph-service.js';
import { isoUtc } from '../../model/timestamps.js';
import { defaultMode } from './graph-export-data.js';

export const linkSection: ExportSection = {
  kind: 'link',
  async *rows({ store, caseId }) {
    const mode = await defaultMode(store, caseId);
    const g = await buildLinkGraph(store, caseId, { mode });
    const resolver = await NodeResolver.load(store, caseId, mode);
    const evidence = new Map<string, Set<string>>();
    const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
    await forEachPairItem(store, caseId, {}, (r) => {
      const k = pairKey(resolver.nodeOf(r.a), resolver.nodeOf(r.b));
      let s = evidence.get(k);
      if (!s) evidence.set(k, (s = new Set()));
      s.add(r.id);
    });
    const rows = g.edges.map((e) => {
      const ids = new Set(evidence.get(pairKey(e.source, e.target)) ?? []);
      for (const c of e.savedAs) ids.add(c.contact);
      return {
        id: edgeId(g, e),
        mode,
        linkKind: e.kind,
        a: e.source,
        b: e.target,
        messages: { aToB: e.messages.out, bToA: e.messages.in, unknown: e.messages.unknown },
        calls: { aToB: e.calls.out, bToA: e.calls.in, unknown: e.calls.unknown },
        callSeconds: e.callSeconds,
        firstContact: isoUtc(e.firstAt),
        lastContact: isoUtc(e.lastAt),
        apps: e.apps,
        devices: e.devices,
        sources: e.sources,
        savedAs: e.savedAs.map((s) => ({ device: s.device, name: s.name, contact: s.contact })),
        evidence: [...ids].sort(),
      };
    });
    rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (const r of rows) yield r;
  },
};
