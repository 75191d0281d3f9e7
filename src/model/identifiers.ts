// Identifier keys `<type>:<normalised value>` and their normalisers: phone (E.164 via
// libphonenumber-js), email, IMEI (check digit), IMSI, ICCID, WhatsApp JIDs, Telegram and app ids.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export const IDENTIFIER_TYPES = [
  'phone',
  'phone-raw',
  'sender',
  'email',
  'imei',
  'imei-raw',
  'imsi',
  'iccid',
  'whatsapp',
  'telegram',
  'signal',
  'snapchat',
  'instagram',
  'facebook',
  'apple-id',
  'username',
  'device',
] as const;

export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Identifier types that name equipment or subscriptions rather than a person's handle. */
export const EQUIPMENT_TYPES: ReadonlySet<IdentifierType> = new Set([
  'imei',
  'imei-raw',
  'imsi',
  'iccid',
]);

export interface NormalisedIdentifier {
  key: string;
  type: IdentifierType;
  value: string;
  /** The raw text it was read from. */
  raw: string;
}

export interface NormaliseOptions {
  /** ISO 3166 region for national phone numbers; default GB. */
  region?: string;
}

export type IdentifierHint = IdentifierType | 'auto';

export function identifierKey(type: IdentifierType, value: string): string {
  return `${type}:${value}`;
}

/** Split a key into type and value. */
export function parseIdentifierKey(key: string): { type: IdentifierType; value: string } | null {
  const i = key.indexOf(':');
  if (i <= 0) return null;
  const type = key.slice(0, i) as IdentifierType;
  if (!(IDENTIFIER_TYPES as readonly string[]).includes(type)) return null;
  return { type, value: key.slice(i + 1) };
}

const ZERO_WIDTH_AND_BIDI = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function clean(raw: string): string {
  return raw.replace(ZERO_WIDTH_AND_BIDI, '').trim();
}

/** Luhn check digit for a string of digits (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

function normalisePhone(raw: string, region: string): NormalisedIdentifier {
  const text = clean(raw);
  // tel: URIs and vCard-style prefixes
  const stripped = text.replace(/^tel:/i, '').replace(/[\s\-().\u00a0/]/g, '');
  if (/[a-z]/i.test(stripped) && !/^\+?\d+$/.test(stripped)) {
    // alphanumeric sender ids (bank, shop, carrier): kept as they are, case preserved
    return { key: identifierKey('sender', text), type: 'sender', value: text, raw };
  }
  const digits = stripped.replace(/[^\d+]/g, '');
  const bare = digits.replace(/\+/g, '');
  if (bare.length === 0)
    return { key: identifierKey('phone-raw', text), type: 'phone-raw', value: text, raw };
  if (bare.length >= 7) {
    const candidates = digits.startsWith('+') ? [digits] : [digits, `+${bare}`];
    for (const c of candidates) {
      const p = parsePhoneNumberFromString(c, region.toUpperCase() as CountryCode);
      if (p && p.isPossible()) {
        return { key: identifierKey('phone', p.number), type: 'phone', value: p.number, raw };
      }
    }
  }
  return { key: identifierKey('phone-raw', bare), type: 'phone-raw', value: bare, raw };
}

function normaliseImei(raw: string): NormalisedIdentifier {
  const d = clean(raw).replace(/[\s\-/.]/g, '');
  if (/^\d{15}$/.test(d) && luhnValid(d))
    return { key: identifierKey('imei', d), type: 'imei', value: d, raw };
  if (/^\d{14}$/.test(d)) {
    const full = d + String(luhnCheckDigit(d));
    return { key: identifierKey('imei', full), type: 'imei', value: full, raw };
  }
  if (/^\d{16}$/.test(d)) {
    // IMEISV: 14-digit TAC+serial, then a 2-digit software version
    const full = d.slice(0, 14) + String(luhnCheckDigit(d.slice(0, 14)));
    return { key: identifierKey('imei', full), type: 'imei', value: full, raw };
  }
  return { key: identifierKey('imei-raw', d), type: 'imei-raw', value: d, raw };
}

const WA_SERVERS: Record<string, string> = {
  's.whatsapp.net': 's.whatsapp.net',
  'c.us': 's.whatsapp.net',
  lid: 'lid',
  'g.us': 'g.us',
  broadcast: 'broadcast',
  newsletter: 'newsletter',
};

/** Normalise a WhatsApp JID: lower-case server, `@c.us` → `@s.whatsapp.net`, device suffix dropped. */
export function normaliseWhatsAppJid(raw: string): string | null {
  const text = clean(raw).toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0) return null;
  let user = text.slice(0, at);
  const server = WA_SERVERS[text.slice(at + 1)];
  if (!server) return null;
  // multi-device agents: "447700900123.0:12" or "447700900123:12"
  if (server !== 'g.us') user = user.replace(/[.:].*$/, '');
  if (!user) return null;
  return `${user}@${server}`;
}

/** The E.164 phone number a phone-number JID (`…@s.whatsapp.net`) stands for. */
export function phoneFromWhatsAppJid(jid: string): string | null {
  const m = /^(\d{6,15})@s\.whatsapp\.net$/.exec(jid);
  return m ? `+${m[1]}` : null;
}

function simple(type: IdentifierType, raw: string, value: string): NormalisedIdentifier {
  return { key: identifierKey(type, value), type, value, raw };
}

function guessType(text: string): IdentifierType {
  const lower = text.toLowerCase();
  if (/@(s\.whatsapp\.net|c\.us|lid|g\.us)$/.test(lower)) return 'whatsapp';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return 'email';
  return 'phone';
}

/**
 * Normalise a raw identifier. Returns null only for empty input. Values that cannot be normalised
 * are kept under a `-raw` or `sender` type, never dropped.
 */
export function normaliseIdentifier(
  raw: string | null | undefined,
  hint: IdentifierHint = 'auto',
  opts: NormaliseOptions = {},
): NormalisedIdentifier | null {
  if (raw === null || raw === undefined) return null;
  const text = clean(String(raw));
  if (!text) return null;
  const type = hint === 'auto' ? guessType(text) : hint;
  const region = opts.region ?? 'GB';
  switch (type) {
    case 'phone':
    case 'phone-raw':
    case 'sender':
      return normalisePhone(text, region);
    case 'email':
    case 'apple-id': {
      const v = text.replace(/^mailto:/i, '').toLowerCase();
      return simple(type, raw, v);
    }
    case 'imei':
    case 'imei-raw':
      return normaliseImei(text);
    case 'imsi': {
      const d = text.replace(/\D/g, '');
      return simple('imsi', raw, d || text);
    }
    case 'iccid': {
      const d = text
        .replace(/[\s-]/g, '')
        .replace(/[fF]+$/, '')
        .replace(/\D/g, '');
      return simple('iccid', raw, d || text);
    }
    case 'whatsapp': {
      const jid = normaliseWhatsAppJid(text);
      if (jid) return simple('whatsapp', raw, jid);
      // a bare phone number given as a WhatsApp id
      const digits = text.replace(/\D/g, '');
      if (digits.length >= 6) return simple('whatsapp', raw, `${digits}@s.whatsapp.net`);
      return simple('whatsapp', raw, text.toLowerCase());
    }
    case 'telegram': {
      const t = text.replace(/^@/, '');
      return simple('telegram', raw, /^-?\d+$/.test(t) ? t : `@${t.toLowerCase()}`);
    }
    case 'signal':
    case 'snapchat':
    case 'instagram':
    case 'facebook':
    case 'username':
      return simple(type, raw, text.replace(/^@/, '').toLowerCase());
    case 'device':
      return simple('device', raw, text);
  }
}

/** A caching normaliser for hot ingest paths: phone parsing costs tens of microseconds a value. */
export class IdentifierNormaliser {
  private readonly cache = new Map<string, NormalisedIdentifier | null>();
  constructor(
    private readonly region: string = 'GB',
    private readonly maxEntries = 200_000,
  ) {}

  normalise(
    raw: string | null | undefined,
    hint: IdentifierHint = 'auto',
  ): NormalisedIdentifier | null {
    if (raw === null || raw === undefined) return null;
    const k = `${hint}\u0000${raw}`;
    const hit = this.cache.get(k);
    if (hit !== undefined) return hit;
    const v = normaliseIdentifier(raw, hint, { region: this.region });
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(k, v);
    return v;
  }
}

/** Human-readable label for an identifier key (UI, reports). */
export function displayIdentifier(key: string): string {
  const p = parseIdentifierKey(key);
  if (!p) return key;
  switch (p.type) {
    case 'whatsapp':
      return `WhatsApp ${p.value}`;
    case 'device':
      return `owner of device ${p.value}`;
    default:
      return p.value;
  }
}
