// vCard address books (.vcf, versions 2.1, 3.0 and 4.0, any number of cards per file): folded lines,
// quoted-printable with soft line breaks, CHARSET parameters, escaped and structured values, and
// every TEL, EMAIL, IMPP and app-specific X- field (WhatsApp, Telegram, Signal …) as an identifier.
import type { ContactEntry, DraftContact } from '../../../model/entities.js';
import type { IdentifierHint } from '../../../model/identifiers.js';
import { ErrorCodes, AppError } from '../../../model/errors.js';
import { readLines, type EncodingSniff, type TextLine } from '../../../evidence/text-lines.js';
import type { ParseContext, Parser } from '../../parser.js';
import { WarnLimiter } from '../shared/tabular/cell-values.js';

export interface VcardProperty {
  group: string | null;
  name: string;
  params: Record<string, string[]>;
  value: string;
  line: number;
  flags: string[];
}

/** Lines of one card above this are refused (a hostile file cannot grow a card without bound). */
const MAX_CARD_LINES = 20_000;

const X_APPS: Array<[RegExp, IdentifierHint, string]> = [
  [/^X-(WHATSAPP|WA)(-|$)/, 'whatsapp', 'WhatsApp'],
  [/^X-TELEGRAM/, 'telegram', 'Telegram'],
  [/^X-SIGNAL/, 'signal', 'Signal'],
  [/^X-SNAPCHAT/, 'snapchat', 'Snapchat'],
  [/^X-INSTAGRAM/, 'instagram', 'Instagram'],
  [/^X-FACEBOOK/, 'facebook', 'Facebook'],
  [/^X-(SKYPE|JABBER|AIM|ICQ|MSN|YAHOO|GOOGLE-TALK|GTALK|QQ|TWITTER)/, 'username', ''],
];

const IMPP_SCHEMES: Record<string, IdentifierHint> = {
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  telegram: 'telegram',
  tg: 'telegram',
  signal: 'signal',
  sgnl: 'signal',
  snapchat: 'snapchat',
  instagram: 'instagram',
  facebook: 'facebook',
  fb: 'facebook',
  tel: 'phone',
  sms: 'phone',
  mailto: 'email',
};

/** Decode quoted-printable text to bytes (`=C5=BC` → 0xC5 0xBC); bad escapes are kept literally. */
export function decodeQuotedPrintable(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) out.push(c);
    else out.push(...Buffer.from(s[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

function decodeCharset(bytes: Uint8Array, charset: string | undefined, flags: string[]): string {
  const cs = (charset ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(cs === 'windows-1252' ? 'latin1' : cs, { fatal: true }).decode(bytes);
  } catch {
    flags.push(`invalid-${cs.replace(/[^a-z0-9]/g, '')}`);
    try {
      return new TextDecoder(cs, { fatal: false }).decode(bytes);
    } catch {
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    }
  }
}

/** Unescape a 3.0/4.0 text value (`\n`, `\,`, `\;`, `\\`). */
export function unescapeValue(v: string): string {
  return v.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Split a structured value on unescaped `;` (N, ADR, ORG). */
function splitStructured(v: string): string[] {
  return v.split(/(?<!\\);/).map(unescapeValue);
}

/** Parse one unfolded content line into a property, or null when it has no `name:value` shape. */
export function parseContentLine(
  text: string,
  line: number,
  rawBase64?: string,
): VcardProperty | null {
  let colon = -1;
  let inQ = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQ = !inQ;
    else if (ch === ':' && !inQ) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const head = text.slice(0, colon);
  let value = text.slice(colon + 1);
  const parts = head.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  let name = parts[0]!.trim();
  let group: string | null = null;
  const dot = name.indexOf('.');
  if (dot > 0) {
    group = name.slice(0, dot);
    name = name.slice(dot + 1);
  }
  name = name.toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return null;
  const params: Record<string, string[]> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? 'TYPE' : p.slice(0, eq)).trim().toUpperCase();
    const raw = eq < 0 ? p : p.slice(eq + 1);
    const vals = raw
      .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .map((v) => v.trim().replace(/^"|"$/g, ''))
      .flatMap((v) => v.split(','))
      .filter(Boolean);
    // 2.1 bare parameters: QUOTED-PRINTABLE, BASE64, UTF-8 … are encodings/charsets, not types
    if (eq < 0 && /^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT|B)$/i.test(raw.trim())) {
      (params.ENCODING ??= []).push(raw.trim().toUpperCase());
      continue;
    }
    (params[key] ??= []).push(...vals);
  }
  const flags: string[] = [];
  const enc = params.ENCODING?.[0]?.toUpperCase();
  const charset = params.CHARSET?.[0];
  if (enc === 'QUOTED-PRINTABLE')
    value = decodeCharset(decodeQuotedPrintable(value), charset, flags);
  else if (rawBase64 && charset)
    value = decodeCharset(Buffer.from(rawBase64, 'base64'), charset, flags).slice(colon + 1);
  else if (rawBase64) flags.push('invalid-utf8');
  return { group, name, params, value, line, flags };
}

function typesOf(p: VcardProperty): string[] {
  return (p.params.TYPE ?? [])
    .map((t) => t.toLowerCase())
    .filter((t) => !['pref', 'voice', 'internet', 'x400'].includes(t));
}

/** Build the contact draft of one card's properties. */
export function cardToContact(props: VcardProperty[], locator: string): DraftContact {
  const labels = new Map<string, string>();
  for (const p of props)
    if (p.group && p.name === 'X-ABLABEL')
      labels.set(p.group, p.value.replace(/^_\$!<(.*)>!\$_$/, '$1'));
  const entries: ContactEntry[] = [];
  const flags = new Set<string>();
  const raw: Record<string, unknown> = {};
  let version: string | null = null;
  const text = (p: VcardProperty) => (version === '2.1' ? p.value : unescapeValue(p.value));
  for (const p of props) {
    for (const f of p.flags) flags.add(f);
    const key = p.group ? `${p.group}.${p.name}` : p.name;
    const shown =
      p.name === 'PHOTO' || p.name === 'LOGO' || p.name === 'SOUND'
        ? `(${p.value.length} characters not kept)`
        : p.value;
    raw[key] = raw[key] === undefined ? shown : ([] as unknown[]).concat(raw[key], shown);
    if (p.name === 'VERSION') version = p.value.trim();
    const label = (p.group && labels.get(p.group)) || typesOf(p).join(',') || undefined;
    const add = (value: string, hint: IdentifierHint, lab?: string) => {
      const v = value.trim();
      if (!v) return;
      const e: ContactEntry = { value: v, hint };
      if (lab) e.label = lab;
      entries.push(e);
    };
    if (p.name === 'TEL') add(text(p).replace(/^tel:/i, ''), 'phone', label);
    else if (p.name === 'EMAIL') add(text(p).replace(/^mailto:/i, ''), 'email', label);
    else if (p.name === 'IMPP') {
      const v = text(p);
      const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(v);
      const service = p.params['X-SERVICE-TYPE']?.[0]?.toLowerCase();
      const scheme = m?.[1]?.toLowerCase();
      const hint =
        (service && IMPP_SCHEMES[service]) || (scheme && IMPP_SCHEMES[scheme]) || 'username';
      add(
        m ? m[2]!.replace(/^\/\//, '') : v,
        hint,
        p.params['X-SERVICE-TYPE']?.[0] ?? scheme ?? label,
      );
    } else {
      for (const [re, hint, lab] of X_APPS)
        if (re.test(p.name)) {
          add(text(p), hint, lab || p.name.slice(2).toLowerCase());
          break;
        }
    }
  }
  const fn = props.find((p) => p.name === 'FN');
  const n = props.find((p) => p.name === 'N');
  let name = fn ? text(fn).trim() : null;
  if (!name && n) {
    const [family, given, additional, prefix, suffix] =
      version === '2.1' ? n.value.split(';') : splitStructured(n.value);
    name =
      [prefix, given, additional, family, suffix].filter((x) => x && x.trim()).join(' ') || null;
  }
  const notes = props.filter((p) => p.name === 'NOTE').map(text);
  const org = props.find((p) => p.name === 'ORG');
  if (org) notes.push(`organisation: ${splitStructured(org.value).filter(Boolean).join(', ')}`);
  const draft: DraftContact = {
    kind: 'contact',
    locator,
    app: null,
    name,
    entries,
    note: notes.join('\n') || null,
    raw,
  };
  if (flags.size) draft.flags = [...flags].sort();
  return draft;
}

/** Unfold physical lines into content lines: whitespace continuations and 2.1 quoted-printable soft breaks. */
async function* contentLines(lines: AsyncIterable<TextLine>): AsyncGenerator<TextLine> {
  let cur: TextLine | null = null;
  let qpSoft = false;
  for await (const l of lines) {
    if (cur && (qpSoft || ((l.text.startsWith(' ') || l.text.startsWith('\t')) && !l.rawBase64))) {
      const more: string = qpSoft ? l.text.replace(/^[ \t]+/, '') : l.text.slice(1);
      const prev: TextLine = cur;
      cur = {
        text: qpSoft ? prev.text.slice(0, -1) + more : prev.text + more,
        line: prev.line,
        ...(prev.flags || l.flags ? { flags: [...(prev.flags ?? []), ...(l.flags ?? [])] } : {}),
      };
    } else {
      if (cur) yield cur;
      cur = l;
    }
    const now: TextLine = cur;
    const name: string = now.text.slice(0, Math.max(0, now.text.indexOf(':')));
    qpSoft = /QUOTED-PRINTABLE/i.test(name) && now.text.endsWith('=');
  }
  if (cur) yield cur;
}

function sniffVcard(head: Buffer): EncodingSniff {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomBytes: 3, source: 'bom' };
  if (head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', bomBytes: 2, source: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf-16be', bomBytes: 2, source: 'bom' };
  // 2.1 cards declare charsets per property: lines that are not UTF-8 are re-read in their CHARSET
  return { encoding: 'utf-8', bomBytes: 0, source: 'default' };
}

function headText(head: Buffer): string {
  const s = sniffVcard(head);
  return new TextDecoder(s.encoding, { fatal: false, ignoreBOM: true }).decode(
    head.subarray(s.bomBytes),
  );
}

async function parseVcards(ctx: ParseContext): Promise<void> {
  const warn = new WarnLimiter(ctx);
  const head = await ctx.file.head(4096);
  const sniff = sniffVcard(head);
  const stream = await ctx.file.open();
  let bytes = 0;
  const lines = readLines(stream, sniff, {
    file: ctx.file.path,
    onBytes: (n) => ctx.progress((bytes += n)),
  });
  let card: VcardProperty[] | null = null;
  let begin = 0;
  let depth = 0;
  let cards = 0;
  try {
    for await (const l of contentLines(lines)) {
      if (ctx.signal.aborted) break;
      const t = l.text.trim();
      if (/^BEGIN\s*:\s*VCARD$/i.test(t)) {
        if (card) {
          depth++;
          warn.warn(
            ErrorCodes.PARSE_ERROR,
            'a card nested in a card (2.1 AGENT) is not read separately',
            `line ${l.line}`,
          );
          continue;
        }
        card = [];
        begin = l.line;
        continue;
      }
      if (/^END\s*:\s*VCARD$/i.test(t)) {
        if (depth > 0) {
          depth--;
          continue;
        }
        if (!card) {
          warn.warn(ErrorCodes.PARSE_ERROR, 'END:VCARD without BEGIN:VCARD', `line ${l.line}`);
          continue;
        }
        await ctx.emit(cardToContact(card, `line:${begin}`));
        cards++;
        card = null;
        continue;
      }
      if (!t) continue;
      if (!card) {
        warn.warn(
          ErrorCodes.PARSE_ERROR,
          'text outside any BEGIN:VCARD … END:VCARD is ignored',
          `line ${l.line}`,
        );
        continue;
      }
      if (depth > 0) continue;
      if (card.length >= MAX_CARD_LINES)
        throw new AppError(
          ErrorCodes.FIELD_TOO_LARGE,
          `card has more than ${MAX_CARD_LINES} properties`,
          {
            file: ctx.file.path,
            record: `line ${begin}`,
          },
        );
      const p = parseContentLine(l.text, l.line, l.rawBase64);
      if (!p) {
        warn.warn(
          ErrorCodes.PARSE_ERROR,
          'line is not a vCard property (name:value)',
          `line ${l.line}`,
        );
        continue;
      }
      if (p.flags.length || l.flags?.length) {
        if (!p.params.CHARSET) p.flags.push(...(l.flags ?? []));
        if (p.flags.some((f) => f.startsWith('invalid-')))
          warn.warn(
            ErrorCodes.ENCODING_INVALID,
            `value of ${p.name} is not valid in its charset: kept with replacement characters and flagged`,
            `line ${l.line}`,
          );
      }
      card.push(p);
    }
    if (card) {
      const c = cardToContact(card, `line:${begin}`);
      c.flags = [...new Set([...(c.flags ?? []), 'truncated'])].sort();
      await ctx.emit(c);
      warn.warn(
        ErrorCodes.PARSE_ERROR,
        'file ends inside a card (no END:VCARD): the card is kept, flagged truncated',
        `line ${begin}`,
      );
    } else if (cards === 0) {
      throw new AppError(ErrorCodes.PARSE_ERROR, 'no vCard found (no BEGIN:VCARD … END:VCARD)', {
        file: ctx.file.path,
        record: 'line 1',
      });
    }
  } finally {
    stream.destroy();
    warn.finish();
  }
}

export const vcardParser: Parser = {
  id: 'vcard',
  version: '1.0.0',
  label: 'vCard address book (.vcf 2.1, 3.0, 4.0)',
  artefacts: ['contacts'],

  bid(probe) {
    if (probe.isSqlite || probe.isZip) return 0;
    const first = headText(probe.head)
      .replace(/^[\s\u0000]+/, '')
      .slice(0, 64);
    const begins = /^BEGIN\s*:\s*VCARD/i.test(first);
    if (begins) return probe.ext === 'vcf' || probe.ext === 'vcard' ? 85 : 60;
    return 0;
  },

  parse: parseVcards,
};
