// Victim identity redaction for exports: the identifiers flagged as a victim's (widened to every
// identifier of the same resolved person) and any identifiers named for the export are replaced,
// wherever they appear (keys, values, names saved for them, message text), by a stable pseudonym
// derived with the case's secret key, so the same victim reads the same in every redacted export.
import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Store } from '../store/store.js';
import { listVictimFlags, redactionSecret } from '../store/queries/victims.js';
import { parseIdentifierKey } from '../model/identifiers.js';

/** Roles that may see victims' identities in exports; any other role gets them redacted. */
export const ROLES_SEEING_VICTIMS: readonly string[] = [
  'administrator',
  'supervisor',
  'investigator',
];

/** True when an actor with these roles must not export victims' identities unredacted. */
export function victimRedactionForced(roles: readonly string[]): boolean {
  return !roles.some((r) => ROLES_SEEING_VICTIMS.includes(r));
}

export interface RedactionRequest {
  /** Redact every identifier flagged as a victim's in the case. */
  victims?: boolean;
  /** Redact these identifier keys as well. */
  identifiers?: readonly string[];
}

export interface RedactionSummary {
  victims: boolean;
  /** Identifier keys redacted (after widening to resolved persons). */
  identifiers: number;
  /** Distinct pseudonyms (one per person, or per identifier without a person). */
  pseudonyms: number;
}

export interface Redactor {
  readonly summary: RedactionSummary;
  /** The pseudonym an identifier key is exported as (undefined when it is not redacted). */
  pseudonymOf(key: string): string | undefined;
  string(s: string): string;
  /** Deep copy with every string (values and object keys) redacted. */
  value<T>(v: T): T;
}

const MIN_SUBSTRING_NAME = 3;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phoneForms(e164: string): string[] {
  const out = [e164, e164.replace(/^\+/, '')];
  const p = parsePhoneNumberFromString(e164);
  if (p) {
    const national = p.formatNational();
    out.push(national, national.replace(/\s+/g, ''));
  }
  return out;
}

function valueForms(key: string): string[] {
  const p = parseIdentifierKey(key);
  if (!p) return [];
  if (p.type === 'phone') return phoneForms(p.value);
  const forms = [p.value];
  if (p.type === 'whatsapp') {
    const local = p.value.split('@')[0]!;
    if (/^\d{7,}$/.test(local)) forms.push(...phoneForms(`+${local}`));
  }
  return forms;
}

export async function loadRedactor(
  store: Store,
  caseId: string,
  req: RedactionRequest,
): Promise<Redactor | null> {
  const seed = new Set(req.identifiers ?? []);
  const flagged = req.victims ? await listVictimFlags(store, caseId) : [];
  for (const f of flagged) seed.add(f.key);
  if (!seed.size && !req.victims) return null;

  // widen to resolved persons: one pseudonym per person
  const groupOf = new Map<string, string>();
  const personRows = seed.size
    ? await store.db
        .selectFrom('person_identifiers')
        .select(['person_id', 'key'])
        .where('case_id', '=', caseId)
        .execute()
    : [];
  const personOf = new Map(personRows.map((r) => [r.key, r.person_id]));
  const keysOfPerson = new Map<string, string[]>();
  for (const r of personRows) {
    const list = keysOfPerson.get(r.person_id) ?? [];
    list.push(r.key);
    keysOfPerson.set(r.person_id, list);
  }
  const flaggedPerson = new Map(flagged.map((f) => [f.key, f.personId]));
  for (const key of seed) {
    const person = personOf.get(key) ?? flaggedPerson.get(key) ?? null;
    if (person) for (const k of keysOfPerson.get(person) ?? [key]) groupOf.set(k, person);
    groupOf.set(key, person ?? key);
  }

  const secret = await redactionSecret(store, caseId);
  const pseudonyms = new Map<string, string>();
  const pseudonym = (group: string) => {
    let p = pseudonyms.get(group);
    if (!p) {
      p = `V-${createHmac('sha256', secret).update(group).digest('hex').slice(0, 10).toUpperCase()}`;
      pseudonyms.set(group, p);
    }
    return p;
  };

  const keys = [...groupOf.keys()].sort();
  const names = keys.length
    ? await store.db
        .selectFrom('identifier_names')
        .select(['key', 'name'])
        .where('case_id', '=', caseId)
        .where('key', 'in', keys)
        .execute()
    : [];
  const personLabels = [...new Set(groupOf.values())].length
    ? await store.db
        .selectFrom('persons')
        .select(['id', 'label'])
        .where('case_id', '=', caseId)
        .where('id', 'in', [...new Set(groupOf.values())])
        .execute()
    : [];

  /** Whole-string replacements and substring terms (lower-cased) → replacement. */
  const exact = new Map<string, string>();
  const terms = new Map<string, string>();
  const addTerm = (t: string, replacement: string, substring: boolean) => {
    const s = t.trim();
    if (!s) return;
    if (!exact.has(s)) exact.set(s, replacement);
    if (substring && !terms.has(s.toLowerCase())) terms.set(s.toLowerCase(), replacement);
  };
  for (const key of keys) {
    const p = pseudonym(groupOf.get(key)!);
    addTerm(key, `victim:${p}`, true);
    for (const v of valueForms(key)) addTerm(v, `[VICTIM ${p}]`, v.length >= MIN_SUBSTRING_NAME);
  }
  for (const n of names) {
    const p = pseudonym(groupOf.get(n.key)!);
    addTerm(n.name, `[VICTIM ${p}]`, n.name.trim().length >= MIN_SUBSTRING_NAME);
  }
  for (const l of personLabels) {
    if (parseIdentifierKey(l.label)) continue;
    addTerm(l.label, `[VICTIM ${pseudonym(l.id)}]`, l.label.trim().length >= MIN_SUBSTRING_NAME);
  }
  const alternation = [...terms.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
  const re = alternation.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation.join('|')})(?![\\p{L}\\p{N}])`, 'giu')
    : null;

  const string = (s: string): string => {
    const whole = exact.get(s) ?? exact.get(s.trim());
    if (whole) return whole;
    return re ? s.replace(re, (m) => terms.get(m.toLowerCase()) ?? m) : s;
  };
  const value = <T>(v: T): T => {
    if (typeof v === 'string') return string(v) as T;
    if (Array.isArray(v)) return v.map((x) => value(x)) as T;
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[string(k)] = value(x);
      return out as T;
    }
    return v;
  };
  return {
    summary: { victims: !!req.victims, identifiers: keys.length, pseudonyms: pseudonyms.size },
    pseudonymOf: (key) => {
      const g = groupOf.get(key);
      return g ? pseudonym(g) : undefined;
    },
    string,
    value,
  };
}
