// Cleans chat text for language identification: drops what carries no language signal (links,
// e-mail addresses, handles, phone numbers, emoji, repeated punctuation) and squeezes
// stretched letters ("sooooo" → "soo"), keeping the words.

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const EMAIL = /\b[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}\b/gu;
const HANDLE = /(?:^|\s)[@#][\p{L}\p{N}_]+/gu;
const PHONE = /\+?\d[\d\s().-]{6,}\d/gu;
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3/gu;
const STRETCH = /(\p{L})\1{2,}/gu;

export function cleanChatText(text: string): string {
  return text
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(HANDLE, ' ')
    .replace(PHONE, ' ')
    .replace(EMOJI, ' ')
    .replace(STRETCH, '$1$1')
    .replace(/[\u0000-\u001f\u007f]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
