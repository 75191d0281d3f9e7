// Value helpers for the iOS writers: deterministic GUIDs, Cocoa (2001-epoch) times in the units
// each database uses, and identifier texts in the forms iOS stores them.
import { createHash } from 'node:crypto';
import { encodeTime } from '../../model/timestamps.js';
import type { GenParty } from '../device-data.js';

/** Seconds between 1970-01-01 and 2001-01-01. */
export const COCOA_EPOCH_S = 978_307_200;

/** An upper-case UUID-shaped GUID derived from a seed (same seed, same GUID). */
export function guidFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Core Data TIMESTAMP: REAL seconds since 2001 (millisecond precision kept). */
export function cocoaSecondsReal(ms: number): number {
  return ms / 1000 - COCOA_EPOCH_S;
}

/** Integer seconds since 2001. */
export function cocoaSecondsInt(ms: number): bigint {
  return encodeTime(ms, 'cocoa-s');
}

/** Integer nanoseconds since 2001 (sms.db on iOS 11 and later). */
export function cocoaNanos(ms: number): bigint {
  return encodeTime(ms, 'cocoa-ns');
}

/** The digits of a party's E.164 number (`phone:+447700900123` → `447700900123`), or null. */
export function e164Digits(p: GenParty): string | null {
  const m = /^phone:\+(\d+)$/.exec(p.key);
  return m ? m[1]! : null;
}

/** The E.164 text of a party's number (`+447700900123`), or null when the key is not a phone. */
export function e164(p: GenParty): string | null {
  const d = e164Digits(p);
  return d ? `+${d}` : null;
}
