// Writing-system census of a text: how many letters of each script it holds, so language
// identification can route each message to the libraries that are good for that script.

export type ScriptName =
  | 'Latin'
  | 'Cyrillic'
  | 'Arabic'
  | 'Han'
  | 'Kana'
  | 'Hangul'
  | 'Gurmukhi'
  | 'Bengali'
  | 'Devanagari'
  | 'Ethiopic'
  | 'Greek'
  | 'Hebrew'
  | 'Thai'
  | 'Georgian'
  | 'Armenian'
  | 'Other';

const SCRIPT_TESTS: ReadonlyArray<[ScriptName, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Gurmukhi', /\p{Script=Gurmukhi}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Armenian', /\p{Script=Armenian}/u],
];

export interface ScriptCensus {
  /** Letters counted per script. */
  counts: Partial<Record<ScriptName, number>>;
  letters: number;
  /** The script with most letters, or null when the text has no letters (emoji, digits, punctuation). */
  dominant: ScriptName | null;
  /** Share of letters in the dominant script (0..1). */
  share: number;
}

export function scriptCensus(text: string): ScriptCensus {
  const counts: Partial<Record<ScriptName, number>> = {};
  let letters = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    let name: ScriptName = 'Other';
    for (const [n, re] of SCRIPT_TESTS) {
      if (re.test(ch)) {
        name = n;
        break;
      }
    }
    counts[name] = (counts[name] ?? 0) + 1;
  }
  let dominant: ScriptName | null = null;
  let best = 0;
  for (const [n, c] of Object.entries(counts) as Array<[ScriptName, number]>) {
    if (c > best) {
      best = c;
      dominant = n;
    }
  }
  // Japanese mixes Han and Kana: any Kana makes it Kana-dominant for routing.
  if (dominant === 'Han' && (counts.Kana ?? 0) > 0) dominant = 'Kana';
  return { counts, letters, dominant, share: letters ? best / letters : 0 };
}
