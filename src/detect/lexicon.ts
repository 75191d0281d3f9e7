// Lexicons: terms per crime type and indicator, kept as data files per language with their sources
// (data/lexicons/<crime>/<lang>.json), merged into one lexicon per crime type and adjusted per case
// (terms added or removed by an analyst, stored in detect_lexicon_terms). A rule matches every
// lexicon against every text: which language a message is in is never asked, and equal meanings
// carry equal weights whatever the language, so language cannot become a scoring input.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../model/errors.js';

export const LEXICON_DIR = fileURLToPath(new URL('../../data/lexicons', import.meta.url));

const LexiconFile = z.object({
  crime: z.string(),
  language: z.string(),
  version: z.number().int(),
  sources: z.array(z.string()).min(1),
  note: z.string().optional(),
  indicators: z.record(
    z.string(),
    z.object({
      terms: z.array(z.string().min(1)).default([]),
      /** Regular expressions (case-insensitive, Unicode) for what a term list cannot say. */
      patterns: z.array(z.string().min(1)).default([]),
    }),
  ),
});
export type LexiconFile = z.infer<typeof LexiconFile>;

export interface LexTerm {
  indicator: string;
  /** The term as written (or `/pattern/`). */
  term: string;
  re: RegExp;
  /** `built-in` or `case` (added by an analyst for this case). */
  origin: 'built-in' | 'case';
}

export interface LexMatch {
  start: number;
  end: number;
  term: string;
}

/** A crime type's merged lexicon. */
export interface Lexicon {
  readonly crime: string;
  readonly indicators: readonly string[];
  /** All matches of an indicator's terms in `text` (sorted, non-overlapping). */
  match(indicator: string, text: string): LexMatch[];
  /** How many terms an indicator has (0: the indicator cannot fire from text). */
  size(indicator: string): number;
}

/** A case's change to a lexicon. */
export interface LexiconOverride {
  crime: string;
  indicator: string;
  term: string;
  action: 'add' | 'remove';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as a regular expression: word-bounded, case-insensitive, apostrophes and spaces loose. */
export function termRegExp(term: string): RegExp {
  const body = escape(term.trim()).replace(/['’]/g, "['’]?").replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

function compile(term: string, isPattern: boolean, file: string): RegExp {
  try {
    return isPattern ? new RegExp(term, 'giu') : termRegExp(term);
  } catch (e) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, `bad lexicon pattern ${JSON.stringify(term)}`, {
      file,
      cause: String(e),
    });
  }
}

/** Reads every lexicon file of a crime type (sorted by file name). */
export function readLexiconFiles(crime: string, dir = LEXICON_DIR): LexiconFile[] {
  const folder = join(dir, crime);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(folder, f);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new AppError(ErrorCodes.CONFIG_INVALID, `lexicon is not valid JSON`, {
          file,
          cause: String(e),
        });
      }
      const r = LexiconFile.safeParse(raw);
      if (!r.success)
        throw new AppError(ErrorCodes.CONFIG_INVALID, `lexicon does not match its schema`, {
          file,
          issues: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
      if (r.data.crime !== crime)
        throw new AppError(ErrorCodes.CONFIG_INVALID, `lexicon is for ${r.data.crime}`, { file });
      return r.data;
    });
}

export function buildLexicon(
  crime: string,
  files: readonly LexiconFile[],
  overrides: readonly LexiconOverride[] = [],
): Lexicon {
  const byIndicator = new Map<string, LexTerm[]>();
  const add = (t: LexTerm) => {
    const list = byIndicator.get(t.indicator) ?? [];
    if (!list.some((x) => x.term.toLowerCase() === t.term.toLowerCase())) list.push(t);
    byIndicator.set(t.indicator, list);
  };
  for (const f of files)
    for (const [indicator, spec] of Object.entries(f.indicators)) {
      for (const term of spec.terms)
        add({ indicator, term, re: compile(term, false, f.crime), origin: 'built-in' });
      for (const p of spec.patterns)
        add({ indicator, term: `/${p}/`, re: compile(p, true, f.crime), origin: 'built-in' });
    }
  for (const o of overrides.filter((x) => x.crime === crime)) {
    if (o.action === 'add')
      add({ indicator: o.indicator, term: o.term, re: termRegExp(o.term), origin: 'case' });
    else {
      const list = byIndicator.get(o.indicator) ?? [];
      byIndicator.set(
        o.indicator,
        list.filter((t) => t.term.toLowerCase() !== o.term.toLowerCase()),
      );
    }
  }
  const indicators = [...byIndicator.keys()].sort();
  // one combined expression per indicator (longest terms first, so the most specific wins), and
  // a cheap check on the lower-cased text for plain terms before running it
  const combined = new Map<string, { re: RegExp; terms: LexTerm[] }>();
  for (const [ind, terms] of byIndicator) {
    if (!terms.length) continue;
    const ordered = [...terms].sort((a, b) => b.term.length - a.term.length);
    const re = new RegExp(ordered.map((t, i) => `(?<t${i}>${t.re.source})`).join('|'), 'giu');
    combined.set(ind, { re, terms: ordered });
  }
  const memo = new Map<string, LexMatch[]>();
  return {
    crime,
    indicators,
    size: (indicator) => byIndicator.get(indicator)?.length ?? 0,
    match(indicator, text) {
      const c = combined.get(indicator);
      if (!c || !text) return [];
      // the same texts recur (broadcasts, short replies): remember recent answers
      const memoKey = `${indicator}\u0000${text}`;
      const known = memo.get(memoKey);
      if (known) return known;
      if (memo.size > 50_000) memo.clear();
      const out: LexMatch[] = [];
      memo.set(memoKey, out);
      c.re.lastIndex = 0;
      for (const m of text.matchAll(c.re)) {
        if (m[0].length === 0) continue;
        const groups = m.groups ?? {};
        let term = m[0];
        for (let i = 0; i < c.terms.length; i++)
          if (groups[`t${i}`] !== undefined) {
            term = c.terms[i]!.term;
            break;
          }
        out.push({ start: m.index, end: m.index + m[0].length, term });
      }
      return out;
    },
  };
}

const cache = new Map<string, LexiconFile[]>();
const built = new Map<string, Lexicon>();

/** The built-in lexicon of a crime type with a case's overrides applied. */
export function loadLexicon(
  crime: string,
  overrides: readonly LexiconOverride[] = [],
  dir = LEXICON_DIR,
): Lexicon {
  const k = `${dir}|${crime}`;
  let files = cache.get(k);
  if (!files) {
    files = readLexiconFiles(crime, dir);
    cache.set(k, files);
  }
  const relevant = overrides.filter((o) => o.crime === crime);
  const bk = `${k}|${JSON.stringify(relevant)}`;
  let lex = built.get(bk);
  if (!lex) {
    lex = buildLexicon(crime, files, relevant);
    if (built.size > 100) built.clear();
    built.set(bk, lex);
  }
  return lex;
}
