// Turns the world into one GenDevice per seized device: each conversation the device takes part in
// becomes a thread with the other parties written in the device's own style and named as its owner
// saved them; messages get their direction, deletions and WAL-only rows for that device.
import { createHash } from 'node:crypto';
import type {
  GenApp,
  GenCall,
  GenContact,
  GenDevice,
  GenLocation,
  GenMessage,
  GenParty,
  GenThread,
} from '../device-data.js';
import type { DeviceSpec, PhoneStyle, World } from './world.js';

const STYLES: PhoneStyle[] = [
  'national-spaced',
  'national',
  'intl-spaced',
  'e164',
  'idd',
  'idd-spaced',
];

/** Writes an E.164 UK number (`+447700900123`) in a device style. */
export function writePhone(e164: string, style: PhoneStyle): string {
  const m = /^\+44(\d{4})(\d+)$/.exec(e164);
  if (!m) return e164;
  const [, a, b] = m as unknown as [string, string, string];
  switch (style) {
    case 'national-spaced':
      return `0${a} ${b}`;
    case 'national':
      return `0${a}${b}`;
    case 'intl-spaced':
      return `+44 ${a} ${b}`;
    case 'e164':
      return e164;
    case 'idd':
      return `0044${a}${b}`;
    case 'idd-spaced':
      return `0044 ${a} ${b}`;
  }
}

function hash32(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32LE(0);
}

/** The style a device uses for one party: mostly its own, some parties saved another way. */
export function styleFor(spec: DeviceSpec, key: string): PhoneStyle {
  const h = hash32(`${spec.caseRef}/${spec.id}/${key}`);
  if (h % 10 < 7) return spec.style;
  return STYLES[(STYLES.indexOf(spec.style) + 1 + (h % (STYLES.length - 1))) % STYLES.length]!;
}

/** How a device writes an identifier key. */
export function writeKey(spec: DeviceSpec, key: string): string {
  const fixed = spec.writtenAs?.get(key);
  if (fixed) return fixed;
  const i = key.indexOf(':');
  const type = key.slice(0, i);
  const value = key.slice(i + 1);
  switch (type) {
    case 'phone':
      return writePhone(value, styleFor(spec, key));
    case 'email':
      // some devices keep the capitals the owner typed; the key is lower-case
      return hash32(`${spec.id}/${key}`) % 3 === 0
        ? value.replace(/^./, (c) => c.toUpperCase())
        : value;
    default:
      return value;
  }
}

export interface MessageCopy {
  device: string;
  messageId: number;
  direction: 'incoming' | 'outgoing';
  deleted: boolean;
  walOnly: boolean;
  /** The app of the thread on this device (writers cover apps). */
  app: GenApp;
}

export interface Materialised {
  spec: DeviceSpec;
  device: GenDevice;
  copies: MessageCopy[];
  /** Call id → app on this device. */
  callApps: Map<number, GenApp>;
  /** Contact id → what the card links (keys of one person). */
  cards: Array<{ contactId: number; personId: string; keys: string[]; app?: GenApp }>;
}

function appOnDevice(spec: DeviceSpec, app: GenApp): GenApp | null {
  // an operator records the line's SMS service (no content) and its voice calls
  if (spec.platform === 'operator') return app === 'sms' || app === 'mms' ? 'sms' : null;
  if (spec.apps.includes(app)) return app;
  // an iPhone shows SMS between iPhones as iMessage when the scenario says so; otherwise SMS
  return null;
}

export function materialise(world: World, spec: DeviceSpec): Materialised {
  const own = new Set(spec.ownKeys);
  const aliasOf = (key: string): string | undefined => {
    const pid = world.keyOwner.get(key);
    return pid ? spec.aliases.get(pid) : undefined;
  };
  const party = (key: string): GenParty => {
    const name = aliasOf(key);
    return name
      ? { key, written: writeKey(spec, key), name }
      : { key, written: writeKey(spec, key) };
  };
  const ownerKey = spec.ownKeys[0]!;
  const threads: GenThread[] = [];
  const messages: GenMessage[] = [];
  const copies: MessageCopy[] = [];
  const known = new Map<string, Set<string>>(); // person id → keys seen on this device
  const seen = (key: string) => {
    if (own.has(key)) return;
    const pid = world.keyOwner.get(key);
    if (!pid) return;
    let s = known.get(pid);
    if (!s) known.set(pid, (s = new Set()));
    s.add(key);
  };

  const byConv = new Map<number, typeof world.messages>();
  for (const m of world.messages) {
    let l = byConv.get(m.conv);
    if (!l) byConv.set(m.conv, (l = []));
    l.push(m);
  }

  for (const c of world.conversations) {
    if (c.caseRef !== spec.caseRef) continue;
    if (!c.members.some((k) => own.has(k))) continue;
    const app = appOnDevice(spec, c.app);
    if (!app) continue;
    const others = c.members.filter((k) => !own.has(k));
    if (others.length === 0) continue;
    const msgs = (byConv.get(c.id) ?? []).filter((m) => m.at <= spec.seizedAt);
    if (msgs.length === 0) continue;
    for (const k of others) seen(k);
    const t: GenThread = {
      id: c.id,
      app,
      isGroup: c.isGroup,
      participants: others.map(party),
    };
    if (c.name) t.name = c.name;
    if (c.groupKey)
      t.groupId = { key: c.groupKey, written: c.groupKey.slice(c.groupKey.indexOf(':') + 1) };
    if (c.deletedOn.has(spec.id)) t.deleted = true;
    threads.push(t);
    for (const m of msgs) {
      const outgoing = own.has(m.from);
      const operator = spec.platform === 'operator';
      const gm: GenMessage = {
        id: m.id,
        threadId: c.id,
        at: m.at,
        direction: outgoing ? 'outgoing' : 'incoming',
        body: operator ? null : m.body,
        language: operator ? 'und' : m.language,
      };
      if (!outgoing) gm.from = party(m.from);
      if (m.read !== undefined) gm.read = m.read;
      const deleted = m.deletedOn.has(spec.id) || c.deletedOn.has(spec.id);
      if (deleted) gm.deleted = true;
      if (m.walOnlyOn.has(spec.id)) gm.walOnly = true;
      if (!operator && m.attachments.length)
        gm.attachments = m.attachments.map((a) => ({ ...a, id: a.id! }));
      if (m.tags.length) gm.tags = m.tags;
      messages.push(gm);
      copies.push({
        device: spec.id,
        messageId: m.id,
        direction: gm.direction,
        deleted,
        walOnly: !!gm.walOnly,
        app,
      });
    }
  }

  const calls: GenCall[] = [];
  const callApps = new Map<number, GenApp>();
  const locations: GenLocation[] = [];
  for (const c of world.calls) {
    if (c.caseRef !== spec.caseRef || c.at > spec.seizedAt) continue;
    const outgoing = own.has(c.from);
    if (!outgoing && !own.has(c.to)) continue;
    const app: GenApp | null =
      spec.platform === 'operator'
        ? c.app === 'phone'
          ? 'phone'
          : null
        : spec.apps.includes(c.app)
          ? c.app
          : null;
    if (!app) continue;
    const other = outgoing ? c.to : c.from;
    seen(other);
    const gc: GenCall = {
      id: c.id,
      app,
      at: c.at,
      direction: outgoing ? 'outgoing' : 'incoming',
      party: party(other),
      durationS: c.durationS,
      status: c.status,
    };
    if (c.video) gc.video = true;
    if (c.deletedOn.has(spec.id)) gc.deleted = true;
    if (c.tags.length) gc.tags = c.tags;
    calls.push(gc);
    callApps.set(c.id, app);
  }

  // the owner's address book: every saved person, with the identifiers the owner knows
  const contacts: GenContact[] = [];
  const cards: Materialised['cards'] = [];
  let nextContact = 1;
  const people = [...spec.aliases.keys()].sort();
  for (const pid of people) {
    if (spec.platform === 'operator') break;
    const name = spec.aliases.get(pid)!;
    const keys = [...(known.get(pid) ?? []), ...(spec.cardExtras.get(pid) ?? [])];
    const uniq = [...new Set(keys)];
    const phoneBook = uniq.filter((k) => k.startsWith('phone:') || k.startsWith('email:'));
    const wa = uniq.filter((k) => k.startsWith('whatsapp:'));
    const deleted = spec.deletedContacts.has(pid);
    if (phoneBook.length) {
      const gc: GenContact = {
        id: nextContact++,
        name,
        entries: phoneBook.map((k, i) => ({
          ...party(k),
          kind: k.startsWith('email:') ? ('email' as const) : ('phone' as const),
          label: k.startsWith('email:') ? 'home' : i === 0 ? 'mobile' : 'other',
        })),
      };
      if (deleted) gc.deleted = true;
      contacts.push(gc);
      cards.push({ contactId: gc.id, personId: pid, keys: phoneBook });
    }
    if (wa.length && spec.apps.includes('whatsapp')) {
      const gc: GenContact = {
        id: nextContact++,
        name,
        app: 'whatsapp',
        entries: wa.map((k) => ({ ...party(k), kind: 'whatsapp' as const })),
      };
      contacts.push(gc);
      cards.push({ contactId: gc.id, personId: pid, keys: wa, app: 'whatsapp' });
    }
  }

  for (const x of spec.extraCards) {
    if (spec.platform === 'operator') break;
    const gc: GenContact = {
      id: nextContact++,
      name: x.name,
      entries: x.keys.map((k, i) => ({
        ...party(k),
        name: x.name,
        kind: k.startsWith('email:') ? ('email' as const) : ('phone' as const),
        label: i === 0 ? 'mobile' : 'work',
      })),
    };
    if (x.deleted) gc.deleted = true;
    contacts.push(gc);
    cards.push({ contactId: gc.id, personId: x.personId, keys: x.keys });
  }

  // LID ↔ phone-number JID pairs the device's WhatsApp knows
  const lidMap: NonNullable<GenDevice['lidMap']> = [];
  if (spec.apps.includes('whatsapp')) {
    for (const [pid, keys] of [...known.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const lids = [...keys].filter((k) => k.endsWith('@lid'));
      if (!lids.length) continue;
      const person = world.persons.get(pid)!;
      const phoneJid = [...person.keys.keys()].find((k) => k.endsWith('@s.whatsapp.net'));
      if (!phoneJid) continue;
      for (const lid of lids) lidMap.push({ lid: party(lid), phoneJid: party(phoneJid) });
    }
  }

  const ownerParty: GenParty = { key: ownerKey, written: writeKey(spec, ownerKey) };
  const accounts = [...spec.ownKeys.slice(1), ...(spec.accounts ?? [])].map((k) => ({
    key: k,
    written: writeKey(spec, k),
  }));
  const device: GenDevice = {
    id: spec.id,
    label: spec.label,
    exhibit: spec.exhibit,
    platform: spec.platform,
    formats: spec.formats,
    ownerPersonId: spec.ownerPersonId,
    owner: {
      msisdn: ownerParty,
      ...(spec.imei ? { imei: spec.imei } : {}),
      ...(spec.imsi ? { imsi: spec.imsi } : {}),
      ...(spec.iccid ? { iccid: spec.iccid } : {}),
      ...(accounts.length ? { accounts } : {}),
      ...(spec.model ? { model: spec.model } : {}),
      ...(spec.os ? { os: spec.os } : {}),
    },
    region: 'GB',
    timezone: spec.timezone,
    contacts,
    threads,
    messages: messages.sort((a, b) => a.at - b.at || a.id - b.id),
    calls: calls.sort((a, b) => a.at - b.at || a.id - b.id),
    locations,
  };
  if (lidMap.length) device.lidMap = lidMap;
  return { spec, device, copies, callApps, cards };
}
