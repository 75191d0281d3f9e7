// The case glossary applied around every engine: before translation each glossary term (slang,
// code words, names) is replaced by a numbered placeholder the engines pass through; afterwards
// the placeholder becomes the original term, followed by its gloss in brackets when it has one.
// The terms applied travel with the translation so the reader sees them.
import { createHash } from 'node:crypto';

export type GlossaryKind = 'protect' | 'gloss';

export interface GlossaryTerm {
  term: string;
  kind: GlossaryKind;
  /** What the term means here (shown to the reader), for `gloss` terms. */
  gloss?: string | null;
  /** Source languages it applies to; empty or absent: all. */
  languages?: string[];
}

export interface AppliedTerm {
  term: string;
  /** The text as it appeared in the message. */
  matched: string;
  kind: GlossaryKind;
  gloss: string | null;
}

export interface ProtectedText {
  text: string;
  applied: AppliedTerm[];
}

const placeholder = (i: number) => `⟦${i + 1}⟧`;
const PLACEHOLDER_RE = /⟦(\d+)⟧/gu;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Glossary {
  readonly hash: string;
  private readonly compiled: Array<{ term: GlossaryTerm; re: RegExp }>;

  constructor(readonly terms: readonly GlossaryTerm[]) {
    const sorted = [...terms].sort(
      (a, b) => b.term.length - a.term.length || a.term.localeCompare(b.term),
    );
    this.compiled = sorted
      .filter((t) => t.term.trim().length > 0)
      .map((t) => ({
        term: t,
        re: new RegExp(
          `(?<![\\p{L}\\p{N}])${escapeRegExp(t.term.trim())}(?![\\p{L}\\p{N}])`,
          'giu',
        ),
      }));
    this.hash = createHash('sha256')
      .update(
        JSON.stringify(
          sorted.map((t) => [t.term, t.kind, t.gloss ?? null, [...(t.languages ?? [])].sort()]),
        ),
      )
      .digest('hex');
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Replace every glossary term in `text` (for a message in `source`) with a placeholder. */
  protect(text: string, source: string): ProtectedText {
    const applied: AppliedTerm[] = [];
    let out = text;
    for (const { term, re } of this.compiled) {
      if (
        term.languages?.length &&
        !term.languages.includes(source) &&
        !term.languages.includes(source.split('-')[0]!)
      )
        continue;
      out = out.replace(re, (matched) => {
        applied.push({ term: term.term, matched, kind: term.kind, gloss: term.gloss ?? null });
        return placeholder(applied.length - 1);
      });
    }
    return { text: out, applied };
  }

  /**
   * Put the terms back into a translation. Placeholders the engine lost are reported; their terms
   * are then added at the end, so no term silently disappears from what the reader sees.
   */
  static restore(
    translated: string,
    applied: readonly AppliedTerm[],
  ): { text: string; warnings: string[] } {
    const seen = new Set<number>();
    let text = translated.replace(PLACEHOLDER_RE, (m, n: string) => {
      const i = Number(n) - 1;
      const a = applied[i];
      if (!a) return m;
      seen.add(i);
      return a.kind === 'gloss' && a.gloss ? `${a.matched} [${a.gloss}]` : a.matched;
    });
    const warnings: string[] = [];
    const lost = applied.map((a, i) => ({ a, i })).filter(({ i }) => !seen.has(i));
    if (lost.length) {
      warnings.push(`glossary-placeholder-lost:${lost.map(({ a }) => a.term).join(',')}`);
      text += ` [glossary: ${lost.map(({ a }) => (a.gloss ? `${a.matched} = ${a.gloss}` : a.matched)).join('; ')}]`;
    }
    return { text, warnings };
  }
}
