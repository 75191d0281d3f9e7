// Shapes of the network view's API responses (src/server/routes/graph-routes.ts).

export type NodeMode = 'identifier' | 'person';

export interface GraphFilterState {
  mode: NodeMode | '';
  from: string;
  to: string;
  minWeight: string;
  contacts: boolean;
}

export interface NetNode {
  id: string;
  label: string;
  type: string;
  kind: 'identifier' | 'person' | 'device';
  owner: boolean;
  degree: number;
  weightedDegree: number;
  betweenness: number;
  pagerank: number;
  core: number;
  community: number;
}

export interface NetEdge {
  source: string;
  target: string;
  kind: 'communication' | 'contact';
  weight: number;
}

export interface CommunitySummary {
  id: number;
  size: number;
  leading: Array<{ id: string; label: string; weightedDegree: number }>;
  internalWeight: number;
  externalWeight: number;
}

export interface NetworkResponse {
  mode: NodeMode;
  summary: {
    nodes: number;
    edges: number;
    communicationEdges: number;
    contactEdges: number;
    density: number;
    shownNodes: number;
    shownEdges: number;
    truncated: boolean;
  };
  communities: CommunitySummary[];
  methods: {
    communities: { count: number; modularity: number; seed: number; resolution: number };
    betweenness: { method: string; samples?: number | null };
  };
  explanations: Record<string, string>;
  nodes: NetNode[];
  edges: NetEdge[];
}

export interface Measures {
  degree: number;
  weightedDegree: number;
  betweenness: number;
  pagerank: number;
  core: number;
  community: number;
  network: number;
  networkBetweenness: number;
}

export interface NodeProfile {
  node: {
    id: string;
    kind: string;
    type: string;
    label: string;
    identifiers: string[];
    ownerOf: string[];
    names: Array<{ device: string; name: string }>;
    firstAt: number | null;
    lastAt: number | null;
  };
  measures: Measures;
  explanations: Record<string, string>;
  ranks: { of: number; weightedDegree: number; betweenness: number; pagerank: number };
  devices: Array<{ id: string; label: string; exhibit: string | null }>;
  neighbours: Array<{
    id: string;
    label: string;
    type: string;
    kind: 'communication' | 'contact';
    weight: number;
    messages: number;
    calls: number;
    firstAt: number | null;
    lastAt: number | null;
    community: number | null;
  }>;
  neighbourCount: number;
}

export interface EvidenceItem {
  id: string;
  kind: 'message' | 'call';
  from: string;
  to: string;
  directionKnown: boolean;
  app: string;
  device: string;
  source: string;
  locator: string;
  at: string | null;
  durationS: number | null;
  thread: string | null;
  preview: string | null;
}

export interface EdgeEvidence {
  from: string;
  to: string;
  edge: {
    id: string;
    kind: string;
    weight: number;
    messages: { out: number; in: number; unknown: number };
    calls: { out: number; in: number; unknown: number };
    callSeconds: number;
    firstAt: number | null;
    lastAt: number | null;
    apps: string[];
    savedAs: Array<{ device: string; name: string; contact: string }>;
  };
  items: EvidenceItem[];
  total: number;
  labels: Record<string, string>;
}

export interface PathsResponse {
  from: string;
  to: string;
  shortest: number | null;
  shortestPaths: string[][];
  shortPaths: string[][];
  truncated: boolean;
  hops: Record<string, { from: string; to: string; items: EvidenceItem[]; total: number }>;
  nodes: Record<string, { label: string; type: string }>;
}

export interface DeviceSide {
  savedAs: string[];
  shownAs: string[];
  messages: number;
  calls: number;
  contactEntries: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface CommonContactsResponse {
  a: { id: string; label: string; owners: string[] };
  b: { id: string; label: string; owners: string[] };
  common: Array<{ key: string; value: string; a: DeviceSide; b: DeviceSide }>;
  direct: Array<{ key: string; ownerOf: 'a' | 'b'; on: DeviceSide }>;
}
