// Small lexical evidence for languages that libraries confuse on very short chat lines: letters
// only one language of a family uses, and its commonest function words. Used as one extra vote
// beside eld, fastText and CLD3, never alone.

/** Letters (lower case) that mark one language among those that share its script. */
export const SIGNATURE_LETTERS: Record<string, RegExp> = {
  sq: /ë/u,
  lt: /[ėįųū]/u,
  ro: /[ășțşţ]/u,
  pl: /[łśźżńąę]/u,
  tr: /[ığ]/u,
  pt: /[ãõ]/u,
  es: /[ñ¿¡]/u,
  vi: /[ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u,
  uk: /[іїєґ]/u,
  ru: /[ыэё]/u,
};

/** The commonest short words of each language (lower case), from everyday chat. */
export const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = {
  sq: new Set(
    'është një të në për nuk dhe unë ju ai ajo ata po mund shumë kam ke jam je jemi janë ishte kjo ky atë këtë çfarë kur pse lutem faleminderit mirë teje mua tij saj tani këtu atje mos eja'.split(
      ' ',
    ),
  ),
  lt: new Set(
    'aš tu jis ji mes jūs jie yra buvo ir bet kad ką kas kur kodėl kada ar ne taip labai mano tavo savo su iš į po per apie dar jau čia ten dabar prašau ačiū gerai'.split(
      ' ',
    ),
  ),
  ro: new Set(
    'eu tu el ea noi voi ei este sunt era și sau dar că ce cine unde când de la cu în pe pentru nu da foarte meu mea tău ta lui ei aici acolo acum mereu vreau poți trebuie bine mulțumesc'.split(
      ' ',
    ),
  ),
  ru: new Set(
    'что это как он она они мы вы ты меня мне тебя тебе его её был была было были есть нет уже ещё очень только когда где почему кто всё так вот здесь там сейчас тоже если или но же бы ли можно нужно надо хочу будет сегодня завтра вчера спасибо пожалуйста привет мой моя твой'.split(
      ' ',
    ),
  ),
  uk: new Set(
    'що це як він вона вони ми ви ти мене мені тебе тобі його її був була було були є немає вже ще дуже тільки коли де чому хто всі усі тут там зараз теж також якщо або але і й та із від для би чи можна треба хочу буде сьогодні завтра вчора дякую будь ласка привіт мій моя твій свою наш'.split(
      ' ',
    ),
  ),
  bg: new Set(
    'какво това как той тя ние вие аз мен ме теб него нея беше бях бил била съм си сме сте са няма вече още много само когато къде защо кой всички всичко тук сега също ако или във със към при ще може трябва искам днес утре вчера благодаря моля здравей нали'.split(
      ' ',
    ),
  ),
};

export interface LexicalVotes {
  /** language → evidence weight */
  votes: Map<string, number>;
}

/** Evidence per language from signature letters and function words (exclusive hits only). */
export function lexicalVotes(text: string, candidates: readonly string[]): Map<string, number> {
  const lower = text.toLowerCase();
  // distinct words: a word repeated (or a whole message pasted many times) is one piece of
  // evidence, so the votes stay bounded beside the libraries' normalised scores
  const tokens = new Set(lower.split(/[^\p{L}']+/u).filter(Boolean));
  const votes = new Map<string, number>();
  for (const lang of candidates) {
    let v = 0;
    const sig = SIGNATURE_LETTERS[lang];
    if (sig && sig.test(lower)) v += 0.6;
    const words = FUNCTION_WORDS[lang];
    if (words) {
      for (const t of tokens) {
        if (!words.has(t)) continue;
        const shared = candidates.some((o) => o !== lang && FUNCTION_WORDS[o]?.has(t));
        if (!shared) v += 0.35;
      }
    }
    if (v > 0) votes.set(lang, v);
  }
  return votes;
}
