// Language identification: accuracy on the labelled short-sentence set kept in the repository
// (Tatoeba, CC-BY 2.0 FR; see eval-data/README.md), plus the chat rules (Arabizi, Roman
// Urdu/Hindi, emoji, links, mixed scripts) and "und" when unsure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LanguageIdentifier, UNDETERMINED } from './language-identifier.js';
import { detectArabizi } from './arabizi.js';
import { detectRomanHindustani } from './roman-hindustani.js';
import { scriptCensus } from './scripts.js';
import { cleanChatText } from './chat-text.js';

const DATA = join(import.meta.dirname, '..', 'eval-data');

/** The 19 languages the issue names; Kurdish is scored as Kurmanji and Sorani together. */
const TARGET = [
  'pl',
  'ro',
  'sq',
  'vi',
  'ur',
  'pa',
  'ar',
  'fa',
  'ku',
  'zh',
  'lt',
  'bg',
  'ru',
  'uk',
  'tr',
  'bn',
  'pt',
  'es',
  'en',
];
const family = (l: string) => (l === 'kmr' || l === 'ckb' ? 'ku' : l);

function load(file: string): Array<[string, string]> {
  return readFileSync(join(DATA, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [lang, text] = l.split('\t');
      return [lang!, text!] as [string, string];
    });
}

let id: LanguageIdentifier;
beforeAll(async () => {
  id = await LanguageIdentifier.create();
});

function score(rows: Array<[string, string]>) {
  const per = new Map<string, { n: number; ok: number; und: number }>();
  for (const [lang, text] of rows) {
    const g = id.identify(text);
    const key = family(lang);
    const p = per.get(key) ?? { n: 0, ok: 0, und: 0 };
    p.n++;
    if (g.language === lang) p.ok++;
    if (g.language === UNDETERMINED) p.und++;
    per.set(key, p);
  }
  const total = [...per.values()].reduce((a, p) => ({ n: a.n + p.n, ok: a.ok + p.ok }), {
    n: 0,
    ok: 0,
  });
  return { per, accuracy: total.ok / total.n, n: total.n };
}

describe('language identification accuracy (short sentences, 19 languages)', () => {
  it('the labelled set covers every target language', () => {
    const langs = new Set(
      [...load('langid-short.tsv'), ...load('langid-heldout.tsv')].map(([l]) => family(l)),
    );
    expect([...langs].sort()).toEqual([...TARGET].sort());
  });

  it('is at least 95% on the development and held-out sets, each language at least 80%', () => {
    const dev = score(load('langid-short.tsv'));
    const held = score(load('langid-heldout.tsv'));
    const all = score([...load('langid-short.tsv'), ...load('langid-heldout.tsv')]);
    const rows = [...all.per.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([l, p]) => `| ${l} | ${p.n} | ${((p.ok / p.n) * 100).toFixed(1)} | ${p.und} |`);
    console.log(
      `language ID: dev ${(dev.accuracy * 100).toFixed(1)}% (${dev.n}), held-out ${(held.accuracy * 100).toFixed(1)}% (${held.n}), all ${(all.accuracy * 100).toFixed(1)}% (${all.n})\n| lang | n | % correct | und |\n|---|---|---|---|\n${rows.join('\n')}`,
    );
    expect(dev.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(held.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const [lang, p] of all.per) expect(p.ok / p.n, lang).toBeGreaterThanOrEqual(0.8);
  });
});

describe('chat rules', () => {
  it('labels Arabizi as ar-Latn (Tatoeba apc "Kif 7alak?") and leaves English text-speak alone', () => {
    expect(id.identify('Kif 7alak?').language).toBe('ar-Latn');
    expect(detectArabizi('Kif 7alak?').isArabizi).toBe(true);
    expect(detectArabizi('see u 2day at 8, gr8').isArabizi).toBe(false);
    expect(id.identify('see you 2day at the station, gr8').language).toBe('en');
  });

  it('labels Roman Urdu/Hindi as ur-Latn and not plain English', () => {
    expect(id.identify('aap kahan ho? mujhe call karo').language).toBe('ur-Latn');
    expect(detectRomanHindustani('aap kahan ho? mujhe call karo').strong).toBeGreaterThanOrEqual(3);
    expect(detectRomanHindustani('the main road is closed, call me').isRomanHindustani).toBe(false);
  });

  it('says und for text without letters, one-letter text and unsure short words', () => {
    for (const t of ['', '   ', '😂😂😂', '12:45 !!!', 'k', '\u0000\u0001']) {
      const g = id.identify(t);
      expect(g.language, JSON.stringify(t)).toBe(UNDETERMINED);
    }
    const ok = id.identify('ok');
    expect(ok.language).toBe(UNDETERMINED);
    expect(ok.candidate).toBe('en');
  });

  it('ignores links, e-mail addresses, handles, phone numbers and emoji', () => {
    expect(cleanChatText('Zadzwoń 07700 900123 😀 https://example.org/x @kolega ok')).toBe(
      'Zadzwoń ok',
    );
    expect(id.identify('Cześć 😀😀 gdzie jesteś? https://example.org').language).toBe('pl');
  });

  it('routes by script and lowers confidence for mixed scripts', () => {
    expect(scriptCensus('Привет hello').dominant).toBe('Cyrillic');
    expect(scriptCensus('ਸਤ ਸ੍ਰੀ ਅਕਾਲ').dominant).toBe('Gurmukhi');
    const pure = id.identify('Том не хоче мати дівчину.');
    const mixed = id.identify('Том не хоче мати дівчину. ok ok ok ok');
    expect(pure.language).toBe('uk');
    expect(mixed.confidence).toBeLessThan(pure.confidence);
  });

  it('handles right-to-left text with bidi controls, lone surrogates and 1 MB input without throwing', () => {
    expect(id.identify('\u202bآپ کہاں ہیں؟ مجھے کال کریں\u202c').language).toBe('ur');
    expect(id.identify('Cze\ud800ść, gdzie jesteś?').language).toBe('pl');
    const big = 'Dziecko potrzebuje matki. '.repeat(40_000);
    const t0 = performance.now();
    expect(id.identify(big).language).toBe('pl');
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
