// Arabizi (Arabic written in Latin letters with digits for Arabic sounds: 3 = ع, 7 = ح, 2 = ء,
// 5 = خ, 6 = ط, 9 = ص). No offline library recognises it (translation.md §3.4), so a rule does:
// words mixing Latin letters with those digits, backed by Arabic function words, and never
// English text-speak ("2day", "gr8").

const ARABIZI_TOKEN =
  /^(?=[\p{Script=Latin}2356789']*\p{Script=Latin})(?=.*[2356789])[\p{Script=Latin}2356789']{2,}$/u;

const TEXT_SPEAK = new Set([
  '2day',
  '2nite',
  '2night',
  '2moro',
  '2morrow',
  '2mrw',
  '2mro',
  'gr8',
  'l8r',
  'l8',
  'm8',
  'b4',
  'h8',
  'str8',
  'w8',
  'w8in',
  'ne1',
  'some1',
  'any1',
  'no1',
  'every1',
  'sk8',
  'mp3',
  'h2o',
  '3d',
  '2d',
  'g2g',
  'gtg',
  'f2f',
  'p2p',
  'b2b',
  '5g',
  '4g',
  '3g',
  'ps5',
  'ps2',
  'xbox360',
  'h8r',
]);

/** Common Arabic words as written in Arabizi (several dialects). */
export const ARABIZI_WORDS = new Set([
  'ana',
  'enta',
  'enti',
  'inta',
  'inti',
  'ento',
  'into',
  'howa',
  'huwa',
  'heya',
  'hiya',
  'e7na',
  'ehna',
  'i7na',
  'homa',
  'wallah',
  'wallahi',
  'walla',
  'inshallah',
  'inshalla',
  'mashallah',
  'habibi',
  'habibti',
  '7abibi',
  '7abibti',
  'shu',
  'shou',
  'sho',
  'keef',
  'kif',
  'kifak',
  'kifik',
  'kefak',
  'leh',
  'leish',
  'lesh',
  'leesh',
  'mesh',
  'mish',
  'msh',
  'ma3',
  'la2',
  'aywa',
  'aiwa',
  'yalla',
  'yallah',
  'khalas',
  'khalass',
  'ba3den',
  'ba3d',
  '3ala',
  '3an',
  'ezay',
  'ezayak',
  'izzay',
  '7aga',
  'ahlan',
  'marhaba',
  'shukran',
  'tayeb',
  'tayyeb',
  'kteer',
  'ktir',
  'hek',
  'hayk',
  'heik',
  'bta3',
  'beta3',
  'ma3leesh',
  'ma3lesh',
  'ma3lish',
  'fein',
  'feen',
  'wein',
  'wen',
  'imta',
  'emta',
  'leih',
  'ya3ni',
  'yani',
  'tab3an',
  'akeed',
  'bukra',
  'bokra',
  'el',
  'w',
  'ya',
  'fi',
  'la',
  'ma',
  'bas',
  'keda',
  'kida',
  'delwa2ti',
  'dilwa2ti',
  '3ayez',
  '3ayza',
  'bade',
  'baddi',
  'biddi',
  'a3raf',
  'ba7ebak',
  'ba7ebek',
  'b7bk',
  'salam',
  'assalamu',
  'alaikum',
  'alaykum',
  'ma3rifsh',
  'mafi',
  'fi',
  'hal2',
  'halla2',
  'hala2',
]);

/** Words from the list that are also very common English, Spanish or French words. */
const AMBIGUOUS = new Set([
  'el',
  'w',
  'ya',
  'fi',
  'la',
  'ma',
  'bas',
  'wen',
  'into',
  'yani',
  'salam',
]);

export interface ArabiziVerdict {
  isArabizi: boolean;
  /** Tokens mixing letters with Arabizi digits. */
  digitWords: number;
  /** Arabic function words (unambiguous ones). */
  functionWords: number;
  tokens: number;
  confidence: number;
}

export function detectArabizi(text: string): ArabiziVerdict {
  const tokens = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter((t) => t.length > 0);
  let digitWords = 0;
  let functionWords = 0;
  let weakWords = 0;
  for (const t of tokens) {
    if (TEXT_SPEAK.has(t)) continue;
    if (ARABIZI_TOKEN.test(t)) digitWords++;
    else if (ARABIZI_WORDS.has(t)) {
      if (AMBIGUOUS.has(t)) weakWords++;
      else functionWords++;
    }
  }
  const n = tokens.length;
  const evidence = digitWords * 2 + functionWords + weakWords * 0.5;
  const isArabizi =
    n > 0 &&
    ((digitWords >= 1 && digitWords + functionWords + weakWords >= 2) ||
      (digitWords >= 2 && digitWords / n >= 0.05) ||
      (functionWords >= 2 && (functionWords + weakWords) / n >= 0.4));
  const confidence = isArabizi ? Math.min(0.95, 0.5 + evidence / (2 * Math.max(n, 2))) : 0;
  return { isArabizi, digitWords, functionWords, tokens: n, confidence };
}
