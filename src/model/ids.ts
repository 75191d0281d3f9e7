// Deterministic ids: a hash of case, source SHA-256 and locator, so re-ingest is idempotent and two
// examiners ingesting the same files get the same ids.
import { createHash } from 'node:crypto';

/** Prefix of each entity kind's id. */
export const IdPrefix = {
  case: 'case',
  source: 'src',
  device: 'dev',
  contact: 'con',
  thread: 'thr',
  message: 'msg',
  call: 'call',
  location: 'loc',
  media: 'med',
  person: 'per',
  finding: 'fnd',
  annotation: 'ann',
  translation: 'trn',
  ingest: 'ing',
  link: 'lnk',
} as const;

export type IdKind = keyof typeof IdPrefix;

/** sha256 hex of the parts joined by a unit separator (parts cannot collide by concatenation). */
export function hashParts(parts: readonly (string | number)[]): string {
  const h = createHash('sha256');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) h.update('\u001f');
    h.update(String(parts[i]));
  }
  return h.digest('hex');
}

/** A deterministic id: `<prefix>_<24 hex>` (96 bits) from the given parts. */
export function makeId(kind: IdKind, parts: readonly (string | number)[]): string {
  return `${IdPrefix[kind]}_${hashParts([kind, ...parts]).slice(0, 24)}`;
}

/** Case ids derive from the case reference alone, so the same reference gives the same ids everywhere. */
export function caseIdFor(ref: string): string {
  return makeId('case', [ref.trim()]);
}

/** Id of an item read from evidence: case, the source file's SHA-256 and the item's locator. */
export function itemId(
  kind: IdKind,
  caseId: string,
  sourceSha256: string,
  locator: string,
): string {
  return makeId(kind, [caseId, sourceSha256, locator]);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
