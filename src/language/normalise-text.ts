// The normal form a text is translated (and cached) in: Unicode NFC, lone surrogates replaced,
// control characters dropped, runs of spaces collapsed. Identical normal forms are translated once.
import { createHash } from 'node:crypto';

export function normaliseForTranslation(text: string): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  let t = text;
  if (!(t as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    t = (t as unknown as { toWellFormed(): string }).toWellFormed();
    warnings.push('lone-surrogate-replaced');
  }
  // keep newlines and tabs; drop other C0/C1 controls, bidi embedding/override controls
  const stripped = t.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu,
    '',
  );
  if (stripped !== t) warnings.push('control-characters-removed');
  t = stripped
    .normalize('NFC')
    .replace(/[ \t\u00a0]+/gu, ' ')
    .replace(/ *\n[ \n]*/gu, '\n')
    .trim();
  return { text: t, warnings };
}

/** SHA-256 (hex) of a source text exactly as stored (provenance: which text was translated). */
export function sourceHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function cacheKey(parts: {
  engine: string;
  model: string;
  source: string;
  target: string;
  text: string;
}): string {
  return createHash('sha256')
    .update([parts.engine, parts.model, parts.source, parts.target, parts.text].join('\u001f'))
    .digest('hex');
}
