// Change over time: who rose and who went quiet between two periods, and line or handset swaps (a
// number falls silent and its contacts move to a new number), with the shared contacts shown.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { isoUtc } from '../model/timestamps.js';
import type { BuildOptions } from './graph-types.js';
import type { LinkGraph } from './link-graph.js';
import { buildLinkGraph } from './build-graph.js';
import { degrees } from './measures/degree.js';

const DAY = 86_400_000;

export interface ActivityChange {
  id: string;
  label: string;
  before: { contacts: number; weight: number };
  after: { contacts: number; weight: number };
  explanation: string;
}

export interface PeriodComparison {
  before: { from: number | null; to: number };
  after: { from: number; to: number | null };
  rose: ActivityChange[];
  fell: ActivityChange[];
  disappeared: ActivityChange[];
  appeared: ActivityChange[];
}

export interface CompareOptions extends BuildOptions {
  /** Start of the second period (UTC ms); default the midpoint of the case's activity. */
  split?: number;
  top?: number;
}

function activity(g: LinkGraph): Map<string, { contacts: number; weight: number; label: string }> {
  const d = degrees(g.csr);
  const m = new Map<string, { contacts: number; weight: number; label: string }>();
  g.nodes.forEach((n, i) => {
    if (d.degree[i]! > 0)
      m.set(n.id, { contacts: d.degree[i]!, weight: d.weighted[i]!, label: n.label });
  });
  return m;
}

/** Compares the network before and after a split time. */
export async function comparePeriods(
  store: Store,
  caseId: string,
  opts: CompareOptions = {},
): Promise<PeriodComparison> {
  const top = opts.top ?? 20;
  let split = opts.split;
  if (split === undefined) {
    const whole = await buildLinkGraph(store, caseId, { ...opts, includeContacts: false });
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of whole.edges) {
      if (e.firstAt !== null) lo = Math.min(lo, e.firstAt);
      if (e.lastAt !== null) hi = Math.max(hi, e.lastAt);
    }
    if (!Number.isFinite(lo))
      throw new AppError(ErrorCodes.NOT_FOUND, 'no dated messages or calls to compare periods');
    split = Math.floor((lo + hi) / 2);
  }
  const base = { ...opts, includeContacts: false };
  const beforeFrom = opts.from;
  const afterTo = opts.to;
  const g1 = await buildLinkGraph(store, caseId, {
    ...base,
    to: Math.min(split, opts.to ?? Infinity),
  });
  const g2 = await buildLinkGraph(store, caseId, {
    ...base,
    from: Math.max(split, opts.from ?? -Infinity),
  });
  const a1 = activity(g1);
  const a2 = activity(g2);
  const ids = [...new Set([...a1.keys(), ...a2.keys()])].sort();
  const zero = { contacts: 0, weight: 0 };
  const when = isoUtc(split)!.slice(0, 10);
  const changes = ids.map((id) => {
    const b = a1.get(id);
    const a = a2.get(id);
    const label = (a ?? b)!.label;
    const before = b ? { contacts: b.contacts, weight: b.weight } : zero;
    const after = a ? { contacts: a.contacts, weight: a.weight } : zero;
    return { id, label, before, after, explanation: '' };
  });
  const say = (c: ActivityChange, what: string) => ({
    ...c,
    explanation: `${c.label} ${what}: ${c.before.weight} messages and calls with ${c.before.contacts} others before ${when}, ${c.after.weight} with ${c.after.contacts} after.`,
  });
  const byDelta = (x: ActivityChange, y: ActivityChange) =>
    y.after.weight - y.before.weight - (x.after.weight - x.before.weight) || (x.id < y.id ? -1 : 1);
  return {
    before: { from: beforeFrom ?? null, to: split },
    after: { from: split, to: afterTo ?? null },
    rose: changes
      .filter((c) => c.before.weight > 0 && c.after.weight > c.before.weight)
      .sort(byDelta)
      .slice(0, top)
      .map((c) => say(c, 'rose')),
    fell: changes
      .filter((c) => c.after.weight > 0 && c.after.weight < c.before.weight)
      .sort((x, y) => byDelta(y, x))
      .slice(0, top)
      .map((c) => say(c, 'fell')),
    disappeared: changes
      .filter((c) => c.before.weight > 0 && c.after.weight === 0)
      .sort((x, y) => y.before.weight - x.before.weight || (x.id < y.id ? -1 : 1))
      .slice(0, top)
      .map((c) => say(c, 'went silent')),
    appeared: changes
      .filter((c) => c.before.weight === 0 && c.after.weight > 0)
      .sort((x, y) => y.after.weight - x.after.weight || (x.id < y.id ? -1 : 1))
      .slice(0, top)
      .map((c) => say(c, 'appeared')),
  };
}

export interface SwapOptions {
  /** Least contacts that moved from the old number to the new one (default 3). */
  minShared?: number;
  /** Least share of the old number's contacts that moved (default 0.5). */
  minOverlap?: number;
  /** Tolerance, in days, for the new number starting before the old one stopped (default 7). */
  overlapDays?: number;
  /** Longest gap, in days, between the old number's last and the new number's first contact (default 60). */
  maxGapDays?: number;
  /** The old number must have been silent this many days before the end of the data (default 7). */
  quietDays?: number;
}

export interface LineSwap {
  old: { id: string; label: string; lastAt: number; contacts: number };
  new: { id: string; label: string; firstAt: number; contacts: number };
  gapDays: number;
  /** Contacts that talked to the old number, then to the new one. */
  shared: Array<{ id: string; label: string; lastWithOld: number; firstWithNew: number }>;
  /** shared / contacts of the old number. */
  overlap: number;
  /** Messages and calls between the two numbers themselves (a swap has few or none). */
  between: number;
  explanation: string;
}

/**
 * Line or handset swaps: an identifier X that fell silent, and an identifier Y that appeared around
 * then, such that many of X's contacts stopped contacting X and then started contacting Y.
 */
export function findLineSwaps(g: LinkGraph, opts: SwapOptions = {}): LineSwap[] {
  const minShared = opts.minShared ?? 3;
  const minOverlap = opts.minOverlap ?? 0.5;
  const overlap = (opts.overlapDays ?? 7) * DAY;
  const maxGap = (opts.maxGapDays ?? 60) * DAY;
  const quiet = (opts.quietDays ?? 7) * DAY;
  const csr = g.csr;
  const edges = g.edges;
  let end = -Infinity;
  const lastOf = new Float64Array(csr.n).fill(NaN);
  const firstOf = new Float64Array(csr.n).fill(NaN);
  for (let i = 0; i < csr.n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = csr.offsets[i]!; p < csr.offsets[i + 1]!; p++) {
      const e = edges[csr.edge[p]!]!;
      if (e.firstAt !== null && e.firstAt < lo) lo = e.firstAt;
      if (e.lastAt !== null && e.lastAt > hi) hi = e.lastAt;
    }
    if (Number.isFinite(lo)) {
      firstOf[i] = lo;
      lastOf[i] = hi;
      if (hi > end) end = hi;
    }
  }
  const out: LineSwap[] = [];
  const moved = new Map<number, Array<{ w: number; lastOld: number; firstNew: number }>>();
  for (let x = 0; x < csr.n; x++) {
    const xLast = lastOf[x]!;
    if (Number.isNaN(xLast) || xLast > end - quiet) continue;
    const degX = csr.offsets[x + 1]! - csr.offsets[x]!;
    if (degX < minShared) continue;
    moved.clear();
    for (let p = csr.offsets[x]!; p < csr.offsets[x + 1]!; p++) {
      const w = csr.targets[p]!;
      const lastOld = edges[csr.edge[p]!]!.lastAt;
      if (lastOld === null) continue;
      for (let q = csr.offsets[w]!; q < csr.offsets[w + 1]!; q++) {
        const y = csr.targets[q]!;
        if (y === x) continue;
        const yFirst = firstOf[y]!;
        if (Number.isNaN(yFirst) || yFirst < xLast - overlap || yFirst > xLast + maxGap) continue;
        const firstNew = edges[csr.edge[q]!]!.firstAt;
        if (firstNew === null || firstNew < lastOld - overlap) continue;
        const list = moved.get(y) ?? [];
        list.push({ w, lastOld, firstNew });
        moved.set(y, list);
      }
    }
    for (const [y, list] of moved) {
      const share = list.length / degX;
      if (list.length < minShared || share < minOverlap) continue;
      const e = g.edgeBetween(x, y);
      const between = e >= 0 ? edges[e]!.weight : 0;
      if (between > list.length) continue; // they talk to each other a lot: two people, not a swap
      const X = g.nodes[x]!;
      const Y = g.nodes[y]!;
      const gapDays = (firstOf[y]! - xLast) / DAY;
      out.push({
        old: { id: X.id, label: X.label, lastAt: xLast, contacts: degX },
        new: {
          id: Y.id,
          label: Y.label,
          firstAt: firstOf[y]!,
          contacts: csr.offsets[y + 1]! - csr.offsets[y]!,
        },
        gapDays,
        shared: list
          .map(({ w, lastOld, firstNew }) => ({
            id: g.nodes[w]!.id,
            label: g.nodes[w]!.label,
            lastWithOld: lastOld,
            firstWithNew: firstNew,
          }))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
        overlap: share,
        between,
        explanation: `${X.label} was last in contact on ${isoUtc(xLast)!.slice(0, 10)}; ${Y.label} was first in contact on ${isoUtc(firstOf[y]!)!.slice(0, 10)}. ${list.length} of the ${degX} contacts of ${X.label} (${Math.round(share * 100)}%) stopped contacting it and then started contacting ${Y.label}: consistent with a change of number or handset by the same user.`,
      });
    }
  }
  return out.sort(
    (a, b) =>
      b.overlap - a.overlap || b.shared.length - a.shared.length || (a.old.id < b.old.id ? -1 : 1),
  );
}
