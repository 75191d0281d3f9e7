// Text fidelity: decode bytes without silent replacement, flag lone surrogates, bidi and zero-width
// characters, and show them visibly where a person reads them.
import { revealInvisibles } from './visible-controls.js';

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/;

export interface DecodedText {
  text: string;
  flags: string[];
  /** Base64 of the original bytes when they were not valid in the declared encoding. */
  rawBase64?: string;
}

/** True when the string has no lone UTF-16 surrogates (Node 20 has String.prototype.isWellFormed). */
export function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** Anomaly flags for a string read from evidence. */
export function textFlags(s: string): string[] {
  const flags: string[] = [];
  if (!isWellFormed(s)) flags.push('lone-surrogate');
  if (BIDI.test(s)) flags.push('bidi-control');
  if (ZERO_WIDTH.test(s)) flags.push('zero-width');
  if (s.includes('\u0000')) flags.push('nul');
  return flags;
}

/**
 * Decode bytes strictly. Invalid sequences are never silently replaced: the text is decoded with
 * replacement for display, flagged `invalid-<encoding>`, and the original bytes kept as base64.
 */
export function decodeBytes(
  bytes: Uint8Array,
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8',
): DecodedText {
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, flags: textFlags(text) };
  } catch {
    const text = new TextDecoder(encoding, { fatal: false }).decode(bytes);
    return {
      text,
      flags: [`invalid-${encoding.replace('-', '')}`, ...textFlags(text)],
      rawBase64: Buffer.from(bytes).toString('base64'),
    };
  }
}

/** Replace a string's lone surrogates with U+FFFD for storage engines that reject them, flagging it. */
export function toWellFormed(s: string): { text: string; changed: boolean } {
  if (isWellFormed(s)) return { text: s, changed: false };
  return { text: (s as unknown as { toWellFormed(): string }).toWellFormed(), changed: true };
}

/**
 * Make bidi controls and zero-width characters visible as bracketed markers (for names and file
 * names, where a hidden character could disguise the text). Emoji ZWJ sequences are left alone.
 * One implementation for CLI, server and web: the full list is in visible-controls.ts.
 */
export function revealHidden(s: string): string {
  return revealInvisibles(s);
}
