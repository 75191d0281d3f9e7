// Makes invisible and direction-changing characters visible for display (reliability H7): a bidi
// override (U+202E) or a zero-width character in a name or message cannot disguise what it is.
// Pure and dependency-free, so the CLI, the server and the web UI can all use it. The stored text
// is never changed: this is for showing it.

/** Code point → short name of every character revealed. */
export const INVISIBLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00ad, 'SHY'],
  [0x034f, 'CGJ'],
  [0x061c, 'ALM'],
  [0x115f, 'HCF'],
  [0x1160, 'HJF'],
  [0x17b4, 'KIVAQ'],
  [0x17b5, 'KIVAA'],
  [0x180e, 'MVS'],
  [0x200b, 'ZWSP'],
  [0x200c, 'ZWNJ'],
  [0x200d, 'ZWJ'],
  [0x200e, 'LRM'],
  [0x200f, 'RLM'],
  [0x2028, 'LS'],
  [0x2029, 'PS'],
  [0x202a, 'LRE'],
  [0x202b, 'RLE'],
  [0x202c, 'PDF'],
  [0x202d, 'LRO'],
  [0x202e, 'RLO'],
  [0x2060, 'WJ'],
  [0x2061, 'FA'],
  [0x2062, 'IT'],
  [0x2063, 'IS'],
  [0x2064, 'IP'],
  [0x2066, 'LRI'],
  [0x2067, 'RLI'],
  [0x2068, 'FSI'],
  [0x2069, 'PDI'],
  [0x206a, 'ISS'],
  [0x206b, 'ASS'],
  [0x206c, 'IAFS'],
  [0x206d, 'AAFS'],
  [0x206e, 'NADS'],
  [0x206f, 'NODS'],
  [0x3164, 'HF'],
  [0xfeff, 'BOM'],
  [0xffa0, 'HWHF'],
]);

/** The characters that change text direction (bidi embeddings, overrides, isolates, marks). */
export const BIDI_CONTROLS: ReadonlySet<number> = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

const PATTERN = new RegExp(
  `[${[...INVISIBLE_NAMES.keys()].map((c) => `\\u{${c.toString(16)}}`).join('')}]|[\\u{e0000}-\\u{e007f}]`,
  'gu',
);
const PICTOGRAPHIC = /(?:\p{Extended_Pictographic}|[\u{1f3fb}-\u{1f3ff}]|\ufe0f|\u20e3)$/u;
const PICTOGRAPHIC_START = /^\p{Extended_Pictographic}/u;

export interface InvisibleChar {
  /** UTF-16 index in the text. */
  index: number;
  codePoint: number;
  name: string;
  bidi: boolean;
}

function nameOf(cp: number): string {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'TAG';
  return INVISIBLE_NAMES.get(cp) ?? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A ZWJ inside an emoji sequence (family, profession, flag) is part of the glyph, not a disguise. */
function isEmojiJoiner(text: string, index: number): boolean {
  return PICTOGRAPHIC.test(text.slice(0, index)) && PICTOGRAPHIC_START.test(text.slice(index + 1));
}

/** Every invisible or direction-changing character in `text` (emoji joiners excepted). */
export function findInvisibles(text: string): InvisibleChar[] {
  const out: InvisibleChar[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const cp = m[0].codePointAt(0)!;
    if (cp === 0x200d && isEmojiJoiner(text, m.index)) continue;
    out.push({ index: m.index, codePoint: cp, name: nameOf(cp), bidi: BIDI_CONTROLS.has(cp) });
  }
  return out;
}

/**
 * The text with each invisible or direction-changing character replaced by a visible marker such
 * as `⟨RLO⟩` (U+27E8 … U+27E9), so `invoice\u202Efdp.exe` shows as `invoice⟨RLO⟩fdp.exe`.
 */
export function revealInvisibles(text: string): string {
  if (!PATTERN.test(text)) return text;
  PATTERN.lastIndex = 0;
  return text.replace(PATTERN, (ch, index: number) => {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x200d && isEmojiJoiner(text, index)) return ch;
    return `⟨${nameOf(cp)}⟩`;
  });
}
