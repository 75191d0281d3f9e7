// What the graph exports share: the graph of a case (persons when the case has resolved persons,
// else identifiers), its measures, and every edge's provenance (devices with exhibit references,
// source files with SHA-256 and path).
import type { Store } from '../../store/store.js';
import type { BuildOptions, GraphEdge, GraphNode, NodeMode } from '../../graph/graph-types.js';
import { buildLinkGraph } from '../../graph/build-graph.js';
import { analyseGraph, type NodeMeasures } from '../../graph/analyse-graph.js';
import type { LinkGraph } from '../../graph/link-graph.js';
import { edgeId } from '../../graph/graph-service.js';
import { isoUtc } from '../../model/timestamps.js';
import { DEFAULT_MARKING } from '../../model/entities.js';

export interface ExportProvenance {
  devices: Map<string, { label: string; exhibit: string | null }>;
  sources: Map<string, { sha256: string; path: string }>;
}

export interface GraphExportData {
  graph: LinkGraph;
  measures: Record<string, NodeMeasures> | null;
  provenance: ExportProvenance;
  caseRef: string;
  /** The case's protective marking, written into every export. */
  marking: string;
}

export interface GraphExportOptions extends BuildOptions {
  /** Include measures and communities as node attributes (default true). */
  measures?: boolean;
  seed?: number;
}

/** Person mode when the case has resolved persons, else identifiers. */
export async function defaultMode(store: Store, caseId: string): Promise<NodeMode> {
  const p = await store.db
    .selectFrom('persons')
    .select('id')
    .where('case_id', '=', caseId)
    .limit(1)
    .execute();
  return p.length ? 'person' : 'identifier';
}

export async function loadExportData(
  store: Store,
  caseId: string,
  opts: GraphExportOptions = {},
): Promise<GraphExportData> {
  const mode = opts.mode ?? (await defaultMode(store, caseId));
  const graph = await buildLinkGraph(store, caseId, { ...opts, mode });
  const measures =
    opts.measures === false
      ? null
      : (await analyseGraph(graph, { seed: opts.seed, thread: false })).measures;
  const devices = new Map<string, { label: string; exhibit: string | null }>();
  for (const d of await store.db
    .selectFrom('devices')
    .select(['id', 'label', 'exhibit'])
    .where('case_id', '=', caseId)
    .execute())
    devices.set(d.id, { label: d.label, exhibit: d.exhibit });
  const sources = new Map<string, { sha256: string; path: string }>();
  for (const s of await store.db
    .selectFrom('sources')
    .select(['id', 'sha256', 'path'])
    .where('case_id', '=', caseId)
    .execute())
    sources.set(s.id, { sha256: s.sha256, path: s.path });
  const c = await store.db
    .selectFrom('cases')
    .select(['ref', 'marking'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return {
    graph,
    measures,
    provenance: { devices, sources },
    caseRef: c?.ref ?? caseId,
    marking: c?.marking ?? DEFAULT_MARKING,
  };
}

export type AttrType = 'string' | 'int' | 'double' | 'boolean';

export interface AttrDef<T> {
  name: string;
  type: AttrType;
  get(x: T): string | number | boolean | null;
}

const list = (xs: string[]) => xs.join('; ');

export function nodeAttrs(d: GraphExportData): AttrDef<GraphNode>[] {
  const m = (k: keyof NodeMeasures) => (n: GraphNode) => d.measures?.[n.id]?.[k] ?? null;
  const base: AttrDef<GraphNode>[] = [
    { name: 'label', type: 'string', get: (n) => n.label },
    { name: 'kind', type: 'string', get: (n) => n.kind },
    { name: 'type', type: 'string', get: (n) => n.type },
    { name: 'identifiers', type: 'string', get: (n) => list(n.identifiers) },
    { name: 'ownerOf', type: 'string', get: (n) => list(n.ownerOf.map((x) => deviceName(d, x))) },
    {
      name: 'names',
      type: 'string',
      get: (n) => list(n.names.map((x) => `${x.name} [${deviceName(d, x.device)}]`)),
    },
    { name: 'firstContact', type: 'string', get: (n) => isoUtc(n.firstAt) },
    { name: 'lastContact', type: 'string', get: (n) => isoUtc(n.lastAt) },
  ];
  if (!d.measures) return base;
  return [
    ...base,
    { name: 'degree', type: 'int', get: m('degree') },
    { name: 'weightedDegree', type: 'double', get: m('weightedDegree') },
    { name: 'betweenness', type: 'double', get: m('betweenness') },
    { name: 'pagerank', type: 'double', get: m('pagerank') },
    { name: 'core', type: 'int', get: m('core') },
    { name: 'community', type: 'int', get: m('community') },
    { name: 'network', type: 'int', get: m('network') },
    { name: 'networkBetweenness', type: 'double', get: m('networkBetweenness') },
  ];
}

export function deviceName(d: GraphExportData, id: string): string {
  const dev = d.provenance.devices.get(id);
  return dev ? (dev.exhibit ? `${dev.label} (${dev.exhibit})` : dev.label) : id;
}

export function edgeAttrs(d: GraphExportData): AttrDef<GraphEdge>[] {
  return [
    { name: 'linkId', type: 'string', get: (e) => edgeId(d.graph, e) },
    { name: 'kind', type: 'string', get: (e) => e.kind },
    { name: 'weight', type: 'double', get: (e) => e.weight },
    { name: 'messagesOut', type: 'int', get: (e) => e.messages.out },
    { name: 'messagesIn', type: 'int', get: (e) => e.messages.in },
    { name: 'messagesUnknown', type: 'int', get: (e) => e.messages.unknown },
    { name: 'callsOut', type: 'int', get: (e) => e.calls.out },
    { name: 'callsIn', type: 'int', get: (e) => e.calls.in },
    { name: 'callsUnknown', type: 'int', get: (e) => e.calls.unknown },
    { name: 'callSeconds', type: 'double', get: (e) => e.callSeconds },
    { name: 'firstContact', type: 'string', get: (e) => isoUtc(e.firstAt) },
    { name: 'lastContact', type: 'string', get: (e) => isoUtc(e.lastAt) },
    { name: 'apps', type: 'string', get: (e) => list(e.apps) },
    { name: 'devices', type: 'string', get: (e) => list(e.devices.map((x) => deviceName(d, x))) },
    { name: 'deviceIds', type: 'string', get: (e) => list(e.devices) },
    { name: 'sourceIds', type: 'string', get: (e) => list(e.sources) },
    {
      name: 'sourceSha256',
      type: 'string',
      get: (e) => list(e.sources.map((s) => d.provenance.sources.get(s)?.sha256 ?? s)),
    },
    {
      name: 'sourcePaths',
      type: 'string',
      get: (e) => list(e.sources.map((s) => d.provenance.sources.get(s)?.path ?? s)),
    },
    {
      name: 'savedAs',
      type: 'string',
      get: (e) => list(e.savedAs.map((s) => `${s.name} [saved on ${deviceName(d, s.device)}]`)),
    },
  ];
}
