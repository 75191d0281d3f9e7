// What a detection rule may see: messages (text, stored translation, direction, time, thread,
// parties), calls, threads, address-book relationships, case-supplied ages and graph measures.
// Parties are opaque ids (`pty_…`, a keyed hash of the identifier key), so no rule can read a phone
// number's country code, an account name or a contact's saved name. Names, nationality, ethnicity,
// language labels and dialling codes are absent from these types, and `guardContext` makes any
// attempt to read them at run time throw RULE_FORBIDDEN_DATA (a trap under every object handed out) (guard-rail, see detect.test.ts).
import { AppError, ErrorCodes } from '../model/errors.js';
import type { Lexicon } from './lexicon.js';

/** An opaque party id: stable within a case, meaningless outside it. */
export type PartyId = string;

export interface DetectMessage {
  id: string;
  thread: string | null;
  device: string;
  /** `sms`, `mms`, `whatsapp` … (the channel, needed for "move to another app"). */
  app: string;
  direction: 'incoming' | 'outgoing' | 'unknown';
  /** UTC epoch ms (null when the record had no time). */
  at: number | null;
  from: PartyId | null;
  to: readonly PartyId[];
  /** The original text. */
  text: string | null;
  /** The current stored English translation, when one exists (original text is kept above). */
  translation: string | null;
  deleted: boolean;
  /** Image or video attachments on this message. */
  images: number;
}

export interface DetectCall {
  id: string;
  device: string;
  direction: 'incoming' | 'outgoing' | 'unknown';
  at: number | null;
  from: PartyId | null;
  to: readonly PartyId[];
  durationS: number | null;
  answered: boolean;
}

export interface DetectThread {
  id: string;
  device: string;
  app: string;
  isGroup: boolean;
  parties: readonly PartyId[];
}

/** A line swap seen in the link graph (src/graph/change-over-time.ts), in party ids. */
export interface DetectLineSwap {
  old: PartyId;
  new: PartyId;
  oldLastAt: number;
  newFirstAt: number;
  shared: readonly PartyId[];
  oldContacts: number;
  overlap: number;
}

export interface DetectGraph {
  /** Distinct communication partners of a party (messages and calls). */
  degree(p: PartyId): number;
  /** Parties that communicated with `p`. */
  neighbours(p: PartyId): ReadonlySet<PartyId>;
  lineSwaps: readonly DetectLineSwap[];
}

/** A case-supplied age (from a case record or an officer's entry), never inferred from a name. */
export interface PartyAge {
  years: number;
  source: 'case';
}

export interface RuleContext {
  /** Messages in time order (undated last). */
  readonly messages: readonly DetectMessage[];
  readonly calls: readonly DetectCall[];
  readonly threads: ReadonlyMap<string, DetectThread>;
  /** Parties whose seized device this is (a device's owner), by device id. */
  deviceOwner(device: string): PartyId | null;
  /** Address-book relationships: the owner of `device` saved `party` (no names: only that it did). */
  savedBy(party: PartyId): readonly string[];
  readonly graph: DetectGraph;
  /** Ages supplied for the case. Stated ages in message text are for rules to read themselves. */
  readonly ages: ReadonlyMap<PartyId, PartyAge>;
  /** The lexicon of a crime type: built-in terms with this case's additions and removals. */
  lexicon(crime: string): Lexicon;
}

/** Fields a rule may never read (and their common spellings). */
export const FORBIDDEN_FIELDS = new Set([
  'name',
  'names',
  'label',
  'displayName',
  'contactName',
  'savedName',
  'language',
  'languages',
  'lang',
  'languageConfidence',
  'nationality',
  'ethnicity',
  'selfDefinedEthnicity',
  'observedEthnicity',
  'countryCode',
  'callingCode',
  'diallingCode',
  'dialingCode',
  'country',
  'region',
  'placeOfBirth',
  'religion',
  'key',
  'identifierKey',
  'phone',
  'number',
]);

export function forbiddenAccess(field: string): AppError {
  return new AppError(
    ErrorCodes.RULE_FORBIDDEN_DATA,
    `detection rules may not read "${field}": names, language, nationality, ethnicity and dialling codes never feed a rule`,
    { field },
  );
}

const traps = new Map<object, object>();

/**
 * A prototype that answers for every property an object does not have: forbidden names throw,
 * anything else is looked up on `base` as usual. Own fields are read without any trap, so the
 * guard costs nothing on the permitted path.
 */
function trapOver(base: object): object {
  let t = traps.get(base);
  if (!t) {
    t = new Proxy(base, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && FORBIDDEN_FIELDS.has(prop)) throw forbiddenAccess(prop);
        return Reflect.get(target, prop, receiver);
      },
      has(target, prop) {
        if (typeof prop === 'string' && FORBIDDEN_FIELDS.has(prop)) throw forbiddenAccess(prop);
        return Reflect.has(target, prop);
      },
    });
    traps.set(base, t);
  }
  return t;
}

/** Puts the guard under an object (and freezes it): reading a forbidden field throws. */
export function guard<T extends object>(value: T): T {
  Object.setPrototypeOf(value, trapOver(Object.getPrototypeOf(value) as object));
  return Object.freeze(value);
}

/** The context as handed to rules: read-only, and refusing forbidden fields at run time. */
export function guardContext(ctx: RuleContext): RuleContext {
  for (const m of ctx.messages) guard(m);
  for (const c of ctx.calls) guard(c);
  for (const t of ctx.threads.values()) guard(t);
  for (const a of ctx.ages.values()) guard(a);
  for (const s of ctx.graph.lineSwaps) guard(s);
  guard(ctx.messages as DetectMessage[]);
  guard(ctx.calls as DetectCall[]);
  guard(ctx.graph.lineSwaps as DetectLineSwap[]);
  guard(ctx.threads as Map<string, DetectThread>);
  guard(ctx.ages as Map<PartyId, PartyAge>);
  guard(ctx.graph);
  return guard(ctx);
}
