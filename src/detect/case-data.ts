// The data detection runs on, as read from the store (or built by an evaluation scenario), and the
// RuleContext made from it: identifier keys replaced by opaque party ids (a keyed hash), which the
// runner maps back when it records a finding. Rules never see the keys themselves.
import { hashParts } from '../model/ids.js';
import type {
  DetectCall,
  DetectLineSwap,
  DetectMessage,
  DetectThread,
  PartyAge,
  PartyId,
  RuleContext,
} from './rule-context.js';
import { guardContext } from './rule-context.js';
import { loadLexicon, type Lexicon, type LexiconOverride } from './lexicon.js';

export interface RawMessage {
  id: string;
  thread: string | null;
  device: string;
  app: string;
  direction: 'incoming' | 'outgoing' | 'unknown';
  at: number | null;
  /** Identifier keys (device owner pseudo-keys already replaced by the device's own number). */
  from: string | null;
  to: string[];
  text: string | null;
  translation: string | null;
  deleted: boolean;
  images: number;
}

export interface RawCall {
  id: string;
  device: string;
  direction: 'incoming' | 'outgoing' | 'unknown';
  at: number | null;
  from: string | null;
  to: string[];
  durationS: number | null;
  answered: boolean;
}

export interface RawThread {
  id: string;
  device: string;
  app: string;
  isGroup: boolean;
  parties: string[];
}

export interface RawLineSwap {
  old: string;
  new: string;
  oldLastAt: number;
  newFirstAt: number;
  shared: string[];
  oldContacts: number;
  overlap: number;
}

export interface CaseData {
  caseId: string;
  messages: RawMessage[];
  calls: RawCall[];
  threads: RawThread[];
  /** Device id → the owner's identifier key (when known). */
  owners: Map<string, string>;
  /** Address-book entries: the owner of `device` saved `key`. */
  saved: Array<{ device: string; key: string }>;
  /** Case-supplied ages by identifier key. */
  ages: Map<string, number>;
  swaps: RawLineSwap[];
  overrides: LexiconOverride[];
  /** Where the lexicon files are (tests); default the built-in data/lexicons. */
  lexiconDir?: string;
}

export interface BuiltContext {
  /** The guarded context handed to rules. */
  ctx: RuleContext;
  keyOf(p: PartyId): string;
  partyOf(key: string): PartyId;
}

export function buildRuleContext(data: CaseData): BuiltContext {
  const toParty = new Map<string, PartyId>();
  const toKey = new Map<PartyId, string>();
  const partyOf = (key: string): PartyId => {
    let p = toParty.get(key);
    if (!p) {
      p = `pty_${hashParts(['party', data.caseId, key]).slice(0, 16)}`;
      toParty.set(key, p);
      toKey.set(p, key);
    }
    return p;
  };
  const opt = (k: string | null) => (k === null ? null : partyOf(k));

  const messages: DetectMessage[] = data.messages
    .map((m) => ({
      id: m.id,
      thread: m.thread,
      device: m.device,
      app: m.app,
      direction: m.direction,
      at: m.at,
      from: opt(m.from),
      to: m.to.map(partyOf),
      text: m.text,
      translation: m.translation,
      deleted: m.deleted,
      images: m.images,
    }))
    .sort(
      (a, b) =>
        (a.at ?? Number.MAX_SAFE_INTEGER) - (b.at ?? Number.MAX_SAFE_INTEGER) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const calls: DetectCall[] = data.calls.map((c) => ({
    ...c,
    from: opt(c.from),
    to: c.to.map(partyOf),
  }));
  const threads = new Map<string, DetectThread>(
    data.threads.map((t) => [t.id, { ...t, parties: t.parties.map(partyOf) }]),
  );
  const neighbours = new Map<PartyId, Set<PartyId>>();
  const link = (a: PartyId | null, bs: readonly PartyId[]) => {
    if (!a) return;
    for (const b of bs) {
      if (b === a) continue;
      (neighbours.get(a) ?? neighbours.set(a, new Set()).get(a)!).add(b);
      (neighbours.get(b) ?? neighbours.set(b, new Set()).get(b)!).add(a);
    }
  };
  for (const m of messages) link(m.from, m.to);
  for (const c of calls) link(c.from, c.to);
  const empty: ReadonlySet<PartyId> = new Set();
  const owners = new Map([...data.owners].map(([d, k]) => [d, partyOf(k)]));
  const savedBy = new Map<PartyId, string[]>();
  for (const s of data.saved) {
    const p = partyOf(s.key);
    const list = savedBy.get(p) ?? [];
    if (!list.includes(s.device)) list.push(s.device);
    savedBy.set(p, list);
  }
  const swaps: DetectLineSwap[] = data.swaps.map((s) => ({
    ...s,
    old: partyOf(s.old),
    new: partyOf(s.new),
    shared: s.shared.map(partyOf),
  }));
  const ages = new Map<PartyId, PartyAge>(
    [...data.ages].map(([k, years]) => [partyOf(k), { years, source: 'case' as const }]),
  );
  const lexicons = new Map<string, Lexicon>();
  const ctx: RuleContext = {
    messages,
    calls,
    threads,
    deviceOwner: (d) => owners.get(d) ?? null,
    savedBy: (p) => savedBy.get(p) ?? [],
    graph: {
      degree: (p) => neighbours.get(p)?.size ?? 0,
      neighbours: (p) => neighbours.get(p) ?? empty,
      lineSwaps: swaps,
    },
    ages,
    lexicon(crime) {
      let l = lexicons.get(crime);
      if (!l) {
        l = loadLexicon(crime, data.overrides, data.lexiconDir);
        lexicons.set(crime, l);
      }
      return l;
    },
  };
  return {
    ctx: guardContext(ctx),
    keyOf: (p) => {
      const k = toKey.get(p);
      if (k === undefined) throw new Error(`rule returned an unknown party id ${p}`);
      return k;
    },
    partyOf,
  };
}
