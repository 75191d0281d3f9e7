// Types of the link graph: nodes (identifiers or resolved persons), edges with their evidence, and
// the filters a graph is built with. Plain data, so the HTTP API and exports serialise them as is.

/** What a node stands for: one identifier (a number, an account) or a resolved person. */
export type NodeMode = 'identifier' | 'person';

/** `communication`: messages or calls between the two; `contact`: only a saved address-book entry. */
export type EdgeKind = 'communication' | 'contact';

export interface GraphFilter {
  /** Only items at or after this time (UTC epoch ms). Items without a time are then left out. */
  from?: number;
  /** Only items before this time (UTC epoch ms, exclusive). */
  to?: number;
  /** Only these apps (`sms`, `whatsapp`, `phone` …). */
  apps?: string[];
  /** Only items read from these devices (device ids). */
  devices?: string[];
  /** Only items with this direction as the device recorded it. */
  direction?: 'incoming' | 'outgoing' | 'unknown';
  /** Leave out communication edges with fewer messages and calls than this (default 1). */
  minWeight?: number;
  /** Add contact-only edges (a number saved in a seized phone's address book). Default true. */
  includeContacts?: boolean;
}

export interface BuildOptions extends GraphFilter {
  /** Nodes are identifiers (default) or resolved persons. */
  mode?: NodeMode;
}

/** How one seized device saved an identifier. */
export interface SavedName {
  device: string;
  name: string;
}

export interface GraphNode {
  /** Identifier key (`phone:+447700900123`), person id (`per_…`), or `device:<id>` for a seized
   * device whose own number is unknown. */
  id: string;
  kind: 'identifier' | 'person' | 'device';
  /** Identifier type (`phone`, `whatsapp` …), `person` or `device`. */
  type: string;
  label: string;
  /** Identifier keys this node stands for (several for a person or a seized phone's owner). */
  identifiers: string[];
  /** Seized devices this node is the owner of. */
  ownerOf: string[];
  /** Names the seized devices show for it. */
  names: SavedName[];
  firstAt: number | null;
  lastAt: number | null;
}

export interface DirectedCounts {
  /** From `source` to `target`. */
  out: number;
  /** From `target` to `source`. */
  in: number;
  /** Direction not known. */
  unknown: number;
}

export interface GraphEdge {
  /** `source` < `target` (code-unit order), so an edge is the same whichever way it is read. */
  source: string;
  target: string;
  kind: EdgeKind;
  messages: DirectedCounts;
  calls: DirectedCounts;
  /** Total duration of the calls, seconds. */
  callSeconds: number;
  /** Messages plus calls (records: a message seen on both phones counts twice, see `devices`). */
  weight: number;
  firstAt: number | null;
  lastAt: number | null;
  apps: string[];
  /** Seized devices whose data evidences the edge. */
  devices: string[];
  /** Source files (ids) whose records evidence the edge. */
  sources: string[];
  /** Address-book entries joining the two: which device saved whom under which name. */
  savedAs: Array<SavedName & { contact: string; source: string; saved: string }>;
}
