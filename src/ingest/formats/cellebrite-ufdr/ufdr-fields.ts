// Reading Cellebrite model subtrees: field values (value, empty, base64), nested models in
// modelField / multiModelField, parties with their roles, and how apps and identifiers are named.
import type { IdentifierHint } from '../../../model/identifiers.js';
import type { Party, RawIdentifier, RawTime } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { child, deepText, type XmlNode } from '../../../evidence/xml-stream.js';
import { ufdrTimeToIso } from './ufdr-time.js';

/** The `<field name>` (or multiField / dataField) child of a model, or undefined. */
export function fieldNode(model: XmlNode, name: string): XmlNode | undefined {
  for (const c of model.children)
    if ((c.name === 'field' || c.name === 'dataField') && c.attrs.name === name) return c;
  return undefined;
}

/** Text of a value element, decoding `format="Base64String"` when it decodes to valid UTF-8 text. */
function valueText(v: XmlNode): string {
  const text = deepText(v);
  if (v.attrs.format?.toLowerCase() === 'base64string') {
    try {
      const bytes = Buffer.from(text.trim(), 'base64');
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The value of a field: null when absent or `<empty/>`. String values keep their text exactly;
 * other types are trimmed.
 */
export function fieldValue(model: XmlNode, name: string): string | null {
  const f = fieldNode(model, name);
  if (!f) return null;
  const v = child(f, 'value');
  if (!v) {
    if (child(f, 'empty')) return null;
    const t = f.text.trim();
    return t ? t : null;
  }
  const text = valueText(v);
  const type = v.attrs.type ?? f.attrs.type ?? 'String';
  if (type === 'String') return text.length ? text : null;
  const t = text.trim();
  return t ? t : null;
}

/** A trimmed field value (names, ids, enumerations). */
export function fieldText(model: XmlNode, name: string): string | null {
  const v = fieldValue(model, name);
  if (v === null) return null;
  const t = v.trim();
  return t ? t : null;
}

export function fieldBool(model: XmlNode, name: string): boolean | null {
  const v = fieldText(model, name);
  if (v === null) return null;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  return null;
}

export function fieldNumber(model: XmlNode, name: string): number | null {
  const v = fieldText(model, name);
  if (v === null) return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** A time field as the draft's raw time (ISO text) plus the text exactly as written. */
export function fieldTime(
  model: XmlNode,
  name: string,
): { time: RawTime | null; raw: string | null; formatted: string | null } {
  const f = fieldNode(model, name);
  const v = f ? child(f, 'value') : undefined;
  if (!f || !v) return { time: null, raw: null, formatted: null };
  const raw = deepText(v).trim();
  const formatted = v.attrs.formattedTimestamp ?? null;
  if (!raw && !formatted) return { time: null, raw: null, formatted: null };
  // The element text carries milliseconds; formattedTimestamp is the fallback.
  const iso = ufdrTimeToIso(raw) ?? (formatted ? ufdrTimeToIso(formatted) : null);
  return { time: { value: iso ?? raw, encoding: 'iso' }, raw: raw || null, formatted };
}

/** Models inside `<modelField name>` / `<multiModelField name>` of a model. */
export function nestedModels(model: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of model.children) {
    if ((c.name === 'modelField' || c.name === 'multiModelField') && c.attrs.name === name)
      for (const m of c.children) if (m.name === 'model') out.push(m);
  }
  return out;
}

/** Values of `<multiField name>` (each a value child). */
export function multiFieldValues(model: XmlNode, name: string): string[] {
  const out: string[] = [];
  for (const c of model.children) {
    if (c.name === 'multiField' && c.attrs.name === name)
      for (const v of c.children) if (v.name === 'value') out.push(deepText(v));
  }
  return out;
}

/** File ids a model points at through `<jumptargets><targetid ismodel="false">`. */
export function fileTargets(model: XmlNode): string[] {
  const out: string[] = [];
  for (const c of model.children) {
    if (c.name !== 'jumptargets') continue;
    for (const t of c.children)
      if (t.name === 'targetid' && (t.attrs.ismodel ?? 'false').toLowerCase() !== 'true') {
        const id = deepText(t).trim();
        if (id) out.push(id);
      }
  }
  return out;
}

export function isDeleted(model: XmlNode): boolean {
  const s = (model.attrs.deleted_state ?? model.attrs.deleted ?? '').toLowerCase();
  return s === 'deleted' || s === 'trash';
}

export function isCarved(model: XmlNode): boolean {
  return (model.attrs.iscarved ?? '').toLowerCase() === 'true';
}

export interface UfdrParty {
  identifier: string | null;
  name: string | null;
  role: string | null;
  owner: boolean;
}

export function readParty(p: XmlNode): UfdrParty {
  return {
    identifier: fieldText(p, 'Identifier'),
    name: fieldText(p, 'Name'),
    role: fieldText(p, 'Role'),
    owner: fieldBool(p, 'IsPhoneOwner') === true,
  };
}

const APP_NAMES: Record<string, string> = {
  whatsapp: 'whatsapp',
  'whatsapp business': 'whatsapp-business',
  telegram: 'telegram',
  signal: 'signal',
  'facebook messenger': 'facebook-messenger',
  messenger: 'facebook-messenger',
  facebook: 'facebook',
  instagram: 'instagram',
  snapchat: 'snapchat',
  skype: 'skype',
  viber: 'viber',
  wechat: 'wechat',
  line: 'line',
  threema: 'threema',
  wickr: 'wickr',
  imessage: 'imessage',
  facetime: 'facetime',
  phone: 'phone',
  'native calls': 'phone',
  'phone calls': 'phone',
};
const NATIVE_MESSAGING = new Set([
  'native messages',
  'messages',
  'sms messages',
  'sms',
  'native',
  'mms',
]);

/** The app a record belongs to, from the report's Source text and (for native messaging) the message Type. */
export function appOf(source: string | null, type: string | null = null): string {
  const s = (source ?? '').trim().toLowerCase();
  const t = (type ?? '').trim().toLowerCase();
  if (!s || NATIVE_MESSAGING.has(s)) {
    if (t === 'imessage') return 'imessage';
    if (t === 'mms') return 'mms';
    if (t === 'sms' || s) return 'sms';
    return 'unknown';
  }
  return APP_NAMES[s] ?? s.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The identifier type to read a party's identifier as, in the given app. */
export function hintFor(app: string, value: string): IdentifierHint {
  const v = value.trim();
  if (/@(s\.whatsapp\.net|c\.us|lid|g\.us|broadcast)$/i.test(v)) return 'whatsapp';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'email';
  const phoneLike = /^\+?[\d\s().-]{7,}$/.test(v);
  switch (app) {
    case 'sms':
    case 'mms':
    case 'phone':
    case 'imessage':
    case 'facetime':
    case 'signal':
      return phoneLike ? 'phone' : 'auto';
    case 'whatsapp':
    case 'whatsapp-business':
      return phoneLike ? 'phone' : 'whatsapp';
    case 'telegram':
      // Telegram user ids are bare digits (no +); a number with + is a phone number
      return /^\d{5,12}$/.test(v) || !phoneLike ? 'telegram' : 'phone';
    case 'snapchat':
    case 'instagram':
    case 'facebook':
      return phoneLike ? 'phone' : app;
    case 'facebook-messenger':
      return phoneLike ? 'phone' : 'facebook';
    default:
      return phoneLike ? 'phone' : 'username';
  }
}

/** A party as the draft's Party: the owner marker, or the raw identifier with its hint and name. */
export function toParty(p: UfdrParty, app: string): Party | null {
  if (p.owner) return OWNER;
  const value = p.identifier;
  if (!value) return null;
  const raw: RawIdentifier = { value, hint: hintFor(app, value) };
  if (p.name && p.name !== value) raw.name = p.name;
  return raw;
}
