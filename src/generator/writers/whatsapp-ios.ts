// Writes WhatsApp for iOS as the app leaves its shared app group: ChatStorage.sqlite (sessions,
// group info and members, messages with their types, media items, push names), ContactsV2.sqlite,
// CallHistory.sqlite (aggregate events, call events, participants) and LID.sqlite, in the real
// Core Data schemas, Cocoa REAL seconds, WAL mode.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter, GenDevice, GenParty } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import {
  WA_CALLHISTORY_SCHEMA,
  WA_CHATSTORAGE_SCHEMA,
  WA_CONTACTS_SCHEMA,
  WA_LID_SCHEMA,
} from './whatsapp-ios-schema.js';
import { cocoaSecondsReal, e164Digits, guidFor } from './apple-values.js';
import { normaliseWhatsAppJid, phoneFromWhatsAppJid } from '../../model/identifiers.js';
import { appleLabel } from './ios-addressbook.js';

/** The app group folder of a device (its UUID is derived from the device id). */
export function whatsappIosDir(deviceId: string): string {
  return `private/var/mobile/Containers/Shared/AppGroup/${guidFor(`${deviceId}:whatsapp-app-group`)}`;
}

// Core Data entity numbers of ChatStorage (as in the iOS 15 sample's Z_PRIMARYKEY)
const ENT = { session: 4, groupInfo: 5, member: 6, media: 8, message: 9, pushName: 13 } as const;

export const WA_TYPE = {
  text: 0,
  image: 1,
  video: 2,
  audio: 3,
  location: 5,
  groupEvent: 6,
  document: 8,
  system: 10,
  revoked: 14,
} as const;

export interface WaSession {
  pk: number;
  jid: string;
  name?: string;
  group: boolean;
  /** Group members (JIDs, the owner's included), with push names. */
  members?: Array<{ jid: string; admin?: boolean; name?: string }>;
  creator?: string;
}

export interface WaMessage {
  pk: number;
  sessionPk: number;
  fromMe: boolean;
  type: number;
  text?: string | null;
  dateMs: number;
  fromJid?: string | null;
  toJid?: string | null;
  /** Sender's member JID in a group. */
  memberJid?: string;
  media?: { path?: string; size?: number; title?: string; lat?: number; lon?: number };
  groupEventType?: number;
}

export interface WaContact {
  pk: number;
  fullName: string;
  phone?: string;
  phoneLabel?: string;
  jid?: string;
  lid?: string;
}

export interface WaCall {
  pk: number;
  dateMs: number;
  durationS: number;
  incoming: boolean;
  video: boolean;
  /** 0 ended, 1 missed, 4 rejected. */
  outcome: number;
  participant: string;
  ownJid: string;
}

export interface WhatsappIosData {
  seed: string;
  sessions: WaSession[];
  messages: WaMessage[];
  walOnlyMessages?: WaMessage[];
  pushNames?: Array<{ jid: string; name: string }>;
  contacts: WaContact[];
  calls: WaCall[];
  lidPairs?: Array<{ lid: string; phone: string }>;
}

function coreDataKeys(db: Database.Database, names: Array<[number, string, number]>): void {
  const st = db.prepare(
    'INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, 0, ?)',
  );
  for (const [ent, name, max] of names) st.run(ent, name, max);
}

function metadata(db: Database.Database, seed: string, store: string): void {
  db.prepare('INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, NULL)').run(
    guidFor(`${seed}:${store}`),
  );
}

function insertMessage(
  db: Database.Database,
  m: WaMessage,
  memberPk: Map<string, number>,
  mediaPk: { n: number },
): void {
  let media: number | null = null;
  if (m.media) {
    media = ++mediaPk.n;
    db.prepare(
      `INSERT INTO ZWAMEDIAITEM (Z_PK, Z_ENT, Z_OPT, ZFILESIZE, ZMESSAGE, ZLATITUDE, ZLONGITUDE, ZMEDIALOCALPATH, ZTITLE)
       VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)`,
    ).run(
      media,
      ENT.media,
      m.media.size ?? 0,
      m.pk,
      m.media.lat ?? 0,
      m.media.lon ?? 0,
      m.media.path ?? null,
      m.media.title ?? null,
    );
  }
  db.prepare(
    `INSERT INTO ZWAMESSAGE (Z_PK, Z_ENT, Z_OPT, ZFLAGS, ZGROUPEVENTTYPE, ZISFROMME, ZMESSAGESTATUS, ZMESSAGETYPE,
       ZSORT, ZSTARRED, ZCHATSESSION, ZGROUPMEMBER, ZMEDIAITEM, ZMESSAGEDATE, ZSENTDATE, ZFROMJID, ZSTANZAID, ZTEXT, ZTOJID)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.pk,
    ENT.message,
    m.fromMe ? 16777280 : 16777216,
    m.groupEventType ?? (m.fromMe ? 0 : 2),
    m.fromMe ? 1 : 0,
    8,
    m.type,
    m.pk,
    m.sessionPk,
    m.memberJid ? (memberPk.get(`${m.sessionPk}|${m.memberJid}`) ?? null) : null,
    media,
    cocoaSecondsReal(m.dateMs),
    cocoaSecondsReal(m.dateMs + 350),
    m.fromJid ?? null,
    guidFor(`stanza:${m.sessionPk}:${m.pk}`).replace(/-/g, '').slice(0, 20),
    m.text ?? null,
    m.toJid ?? null,
  );
}

export function writeWhatsappIos(dir: string, data: WhatsappIosData): string[] {
  mkdirSync(dir, { recursive: true });
  const chat = join(dir, 'ChatStorage.sqlite');
  const memberPk = new Map<string, number>();
  const mediaPk = { n: 0 };
  const all = [...data.messages, ...(data.walOnlyMessages ?? [])];
  writeSqliteFile(
    chat,
    (db) => {
      db.exec(WA_CHATSTORAGE_SCHEMA);
      let member = 0;
      let info = 0;
      for (const s of data.sessions) {
        const last = all
          .filter((m) => m.sessionPk === s.pk)
          .reduce((a, m) => Math.max(a, m.dateMs), 0);
        const groupInfo = s.group ? ++info : null;
        db.prepare(
          `INSERT INTO ZWACHATSESSION (Z_PK, Z_ENT, Z_OPT, ZARCHIVED, ZHIDDEN, ZMESSAGECOUNTER, ZREMOVED, ZSESSIONTYPE,
             ZUNREADCOUNT, ZGROUPINFO, ZLASTMESSAGEDATE, ZCONTACTJID, ZPARTNERNAME)
           VALUES (?, ?, 1, 0, 0, ?, 0, ?, 0, ?, ?, ?, ?)`,
        ).run(
          s.pk,
          ENT.session,
          all.filter((m) => m.sessionPk === s.pk).length,
          s.group ? 1 : 0,
          groupInfo,
          last ? cocoaSecondsReal(last) : null,
          s.jid,
          s.name ?? null,
        );
        if (s.group) {
          db.prepare(
            'INSERT INTO ZWAGROUPINFO (Z_PK, Z_ENT, Z_OPT, ZSTATE, ZCHATSESSION, ZCREATIONDATE, ZCREATORJID) VALUES (?, ?, 1, 0, ?, ?, ?)',
          ).run(
            groupInfo,
            ENT.groupInfo,
            s.pk,
            last ? cocoaSecondsReal(last - 86_400_000) : null,
            s.creator ?? null,
          );
          for (const m of s.members ?? []) {
            memberPk.set(`${s.pk}|${m.jid}`, ++member);
            db.prepare(
              'INSERT INTO ZWAGROUPMEMBER (Z_PK, Z_ENT, Z_OPT, ZISACTIVE, ZISADMIN, ZCHATSESSION, ZMEMBERJID, ZCONTACTNAME) VALUES (?, ?, 1, 1, ?, ?, ?, ?)',
            ).run(member, ENT.member, m.admin ? 1 : 0, s.pk, m.jid, null);
          }
        }
      }
      for (const m of data.messages) insertMessage(db, m, memberPk, mediaPk);
      for (const [i, p] of (data.pushNames ?? []).entries())
        db.prepare(
          'INSERT INTO ZWAPROFILEPUSHNAME (Z_PK, Z_ENT, Z_OPT, ZJID, ZPUSHNAME) VALUES (?, ?, 1, ?, ?)',
        ).run(i + 1, ENT.pushName, p.jid, p.name);
      coreDataKeys(db, [
        [ENT.session, 'WAChatSession', data.sessions.length],
        [ENT.groupInfo, 'WAGroupInfo', info],
        [ENT.member, 'WAGroupMember', member],
        [ENT.media, 'WAMediaItem', mediaPk.n],
        [ENT.message, 'WAMessage', all.reduce((a, m) => Math.max(a, m.pk), 0)],
        [ENT.pushName, 'WAProfilePushName', data.pushNames?.length ?? 0],
      ]);
      metadata(db, data.seed, 'ChatStorage');
    },
    {
      walTail: data.walOnlyMessages?.length
        ? (db) => data.walOnlyMessages!.forEach((m) => insertMessage(db, m, memberPk, mediaPk))
        : undefined,
    },
  );

  writeSqliteFile(join(dir, 'ContactsV2.sqlite'), (db) => {
    db.exec(WA_CONTACTS_SCHEMA);
    for (const c of data.contacts)
      db.prepare(
        `INSERT INTO ZWAADDRESSBOOKCONTACT (Z_PK, Z_ENT, Z_OPT, ZPHONESTATUS, ZFULLNAME, ZGIVENNAME, ZIDENTIFIER, ZPHONENUMBER,
           ZPHONENUMBERLABEL, ZWHATSAPPID, ZLID, ZSECTIONTITLE)
         VALUES (?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        c.pk,
        c.jid ? 1 : 0,
        c.fullName,
        c.fullName.split(' ')[0] ?? null,
        guidFor(`${data.seed}:contact:${c.pk}`),
        c.phone ?? null,
        c.phoneLabel ?? null,
        c.jid ?? null,
        c.lid ?? null,
        c.fullName.slice(0, 1).toUpperCase(),
      );
    coreDataKeys(db, [
      [1, 'WAAddressBookContact', data.contacts.reduce((a, c) => Math.max(a, c.pk), 0)],
    ]);
    metadata(db, data.seed, 'ContactsV2');
  });

  writeSqliteFile(join(dir, 'CallHistory.sqlite'), (db) => {
    db.exec(WA_CALLHISTORY_SCHEMA);
    for (const c of data.calls) {
      db.prepare(
        'INSERT INTO ZWAAGGREGATECALLEVENT (Z_PK, Z_ENT, Z_OPT, ZINCOMING, ZMISSED, ZMISSEDREASON, ZVIDEO, ZFIRSTDATE) VALUES (?, 1, 1, ?, ?, ?, ?, ?)',
      ).run(
        c.pk,
        c.incoming ? 1 : 0,
        c.outcome === 1 ? 1 : 0,
        c.outcome === 1 ? 1 : 0,
        c.video ? 1 : 0,
        cocoaSecondsReal(c.dateMs),
      );
      db.prepare(
        `INSERT INTO ZWACDCALLEVENT (Z_PK, Z_ENT, Z_OPT, ZBYTESRECEIVED, ZBYTESSENT, ZOUTCOME, Z1CALLEVENTS, Z_FOK_1CALLEVENTS,
           ZDATE, ZDURATION, ZGROUPCALLCREATORUSERJIDSTRING)
         VALUES (?, 2, 1, ?, ?, ?, ?, 2048, ?, ?, ?)`,
      ).run(
        c.pk,
        c.durationS * 1200,
        c.durationS * 1100,
        c.outcome,
        c.pk,
        cocoaSecondsReal(c.dateMs),
        c.durationS,
        c.incoming ? c.participant : c.ownJid,
      );
      db.prepare(
        'INSERT INTO ZWACDCALLEVENTPARTICIPANT (Z_PK, Z_ENT, Z_OPT, ZOUTCOME, Z1PARTICIPANTS, Z_FOK_1PARTICIPANTS, ZJIDSTRING) VALUES (?, 3, 1, ?, ?, 2048, ?)',
      ).run(c.pk, c.outcome, c.pk, c.participant);
    }
    const n = data.calls.reduce((a, c) => Math.max(a, c.pk), 0);
    coreDataKeys(db, [
      [1, 'WAAggregateCallEvent', n],
      [2, 'WACDCallEvent', n],
      [3, 'WACDCallEventParticipant', n],
      [4, 'WAJoinableCallEvent', 0],
      [5, 'WAJoinableCallEventParticipant', 0],
      [6, 'WAUpcomingCallEvent', 0],
    ]);
    metadata(db, data.seed, 'CallHistory');
  });

  const files = [
    'ChatStorage.sqlite',
    ...(data.walOnlyMessages?.length ? ['ChatStorage.sqlite-wal'] : []),
    'ContactsV2.sqlite',
    'CallHistory.sqlite',
  ];
  if (data.lidPairs?.length) {
    writeSqliteFile(join(dir, 'LID.sqlite'), (db) => {
      db.exec(WA_LID_SCHEMA);
      for (const [i, p] of data.lidPairs!.entries())
        db.prepare(
          'INSERT INTO ZWAPHONENUMBERLIDPAIR (Z_PK, Z_ENT, Z_OPT, ZTIMESTAMP, ZLID, ZPHONENUMBER) VALUES (?, 1, 1, ?, ?, ?)',
        ).run(i + 1, cocoaSecondsReal(Date.UTC(2024, 0, 1)), p.lid, p.phone);
      coreDataKeys(db, [[1, 'WAPhoneNumberLIDPair', data.lidPairs!.length]]);
      metadata(db, data.seed, 'LID');
    });
    files.push('LID.sqlite');
  }
  return files;
}

function jidOfParty(p: GenParty): string | null {
  const fromKey = /^whatsapp:(.+)$/.exec(p.key)?.[1];
  if (fromKey) return fromKey;
  const digits = e164Digits(p);
  return digits ? `${digits}@s.whatsapp.net` : normaliseWhatsAppJid(p.written);
}

/** The account's own JID: its WhatsApp account key, else its number. */
export function ownJidOf(device: GenDevice): string {
  const acct = device.owner.accounts?.find((a) => a.key.startsWith('whatsapp:'));
  return acct
    ? acct.key.slice('whatsapp:'.length)
    : `${e164Digits(device.owner.msisdn) ?? '0'}@s.whatsapp.net`;
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'video/mp4': 'mp4',
  'audio/ogg': 'opus',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
};

function typeOfMime(mime: string): number {
  if (mime.startsWith('image/')) return WA_TYPE.image;
  if (mime.startsWith('video/')) return WA_TYPE.video;
  if (mime.startsWith('audio/')) return WA_TYPE.audio;
  return WA_TYPE.document;
}

/** The parse counts of what `writeWhatsappIos` writes for `data` (see the parser's link rules). */
export function expectedCounts(data: WhatsappIosData, own: string): Record<string, number> {
  const phoneJid = (j: string | null | undefined) => !!j && !!phoneFromWhatsAppJid(j);
  const chatJids = new Set<string>();
  for (const s of data.sessions) {
    if (phoneJid(s.jid)) chatJids.add(s.jid);
    for (const m of s.members ?? []) if (phoneJid(m.jid)) chatJids.add(m.jid);
  }
  const msgs = [...data.messages, ...(data.walOnlyMessages ?? [])];
  let ownSeen = false;
  for (const m of msgs) {
    if (phoneJid(m.fromJid)) chatJids.add(m.fromJid!);
    if (phoneJid(m.toJid)) chatJids.add(m.toJid!);
    if (!m.fromMe && m.toJid === own) ownSeen = true;
  }
  if (ownSeen) chatJids.add(own);
  const callJids = new Set<string>();
  for (const c of data.calls) if (phoneJid(c.participant)) callJids.add(c.participant);
  const ownCalls = data.calls.some((c) => !c.incoming);
  if (ownCalls) callJids.add(own);
  const contactLinks = data.contacts.reduce(
    (a, c) => a + (phoneJid(c.jid) ? 1 : 0) + (c.jid && c.lid ? 1 : 0),
    0,
  );
  return {
    thread: data.sessions.length,
    message: msgs.length,
    media: msgs.filter((m) => m.media && m.type !== WA_TYPE.location).length,
    location: msgs.filter((m) => m.media && m.type === WA_TYPE.location).length,
    contact: data.contacts.length,
    call: data.calls.length,
    'device-info': (ownSeen ? 1 : 0) + (ownCalls ? 1 : 0),
    'identifier-link': chatJids.size + callJids.size + contactLinks + (data.lidPairs?.length ?? 0),
  };
}

/**
 * Writes a device's WhatsApp chats, calls and WhatsApp address book. A message the user deleted
 * "for everyone" stays as a revoked row without its text (type 14), as WhatsApp leaves it.
 */
export const whatsappIosWriter: DeviceWriter = {
  id: 'whatsapp-ios',
  write(dir, device) {
    const own = ownJidOf(device);
    const data: WhatsappIosData = {
      seed: device.id,
      sessions: [],
      messages: [],
      walOnlyMessages: [],
      pushNames: [],
      contacts: [],
      calls: [],
      lidPairs: [],
    };
    const threads = device.threads.filter((t) => t.app === 'whatsapp' && !t.deleted);
    const names = new Map<string, string>();
    for (const t of threads) {
      const others = t.participants.map((p) => ({ jid: jidOfParty(p) ?? p.written, name: p.name }));
      for (const o of others) if (o.name && !names.has(o.jid)) names.set(o.jid, o.name);
      const group = t.isGroup || others.length > 1;
      data.sessions.push({
        pk: t.id,
        jid: group
          ? (t.groupId?.written ?? `1203630000000${String(t.id).padStart(5, '0')}@g.us`)
          : (others[0]?.jid ?? ''),
        name: group ? t.name : others[0]?.name,
        group,
        members: group
          ? [{ jid: own, admin: true }, ...others.map((o) => ({ jid: o.jid }))]
          : undefined,
        creator: group ? own : undefined,
      });
    }
    const sessionOf = new Map(data.sessions.map((s) => [s.pk, s]));
    let mediaFile = 0;
    for (const m of device.messages) {
      const s = sessionOf.get(m.threadId);
      if (!s) continue;
      const incoming = m.direction === 'incoming';
      const from = m.from ? (jidOfParty(m.from) ?? m.from.written) : s.group ? undefined : s.jid;
      const att = m.deleted ? undefined : m.attachments?.[0];
      const type = m.deleted ? WA_TYPE.revoked : att ? typeOfMime(att.mime) : WA_TYPE.text;
      const row: WaMessage = {
        // Z_PK = the device-data id, traceable to the ground truth
        pk: m.id,
        sessionPk: s.pk,
        fromMe: !incoming,
        type,
        text: m.deleted ? null : att ? null : m.body,
        dateMs: m.at,
        fromJid: incoming ? (s.group ? s.jid : from) : null,
        // WhatsApp addresses an incoming group message to the account itself; 1:1 ones carry none
        toJid: incoming ? (s.group ? own : null) : s.jid,
        memberJid: incoming && s.group ? from : undefined,
      };
      if (att) {
        row.media = {
          path: `Media/${s.jid}/${(++mediaFile % 10).toString(16)}/${(mediaFile % 7).toString(16)}/${guidFor(`${device.id}:wa-media:${att.id}`).toLowerCase()}.${EXT[att.mime] ?? 'bin'}`,
          size: att.bytes?.length ?? 0,
          title: m.body ?? undefined,
        };
      }
      (m.walOnly ? data.walOnlyMessages! : data.messages).push(row);
    }
    for (const [jid, name] of [...names.entries()].sort()) data.pushNames!.push({ jid, name });
    for (const c of device.contacts) {
      if (c.app !== 'whatsapp' || c.deleted) continue;
      const phone = c.entries.find((e) => e.kind === 'phone');
      const wa = c.entries.filter((e) => e.kind === 'whatsapp');
      const jid =
        wa.map((e) => jidOfParty(e)).find((j) => j && j.endsWith('@s.whatsapp.net')) ?? undefined;
      const lid = wa.map((e) => jidOfParty(e)).find((j) => j && j.endsWith('@lid')) ?? undefined;
      data.contacts.push({
        pk: data.contacts.length + 1,
        fullName: c.name,
        phone: phone?.written,
        phoneLabel: appleLabel(phone?.label),
        jid,
        lid,
      });
      if (lid && jid) data.lidPairs!.push({ lid, phone: jid.split('@')[0]! });
    }
    // the LID ↔ phone-number JID pairs the account knows, kept by iOS WhatsApp in LID.sqlite
    for (const m of device.lidMap ?? []) {
      const lid = jidOfParty(m.lid);
      const jid = jidOfParty(m.phoneJid);
      if (!lid || !jid || data.lidPairs!.some((p) => p.lid === lid)) continue;
      data.lidPairs!.push({ lid, phone: jid.split('@')[0]! });
    }
    for (const c of device.calls) {
      if (c.app !== 'whatsapp' || c.deleted) continue;
      data.calls.push({
        pk: data.calls.length + 1,
        dateMs: c.at,
        durationS: c.durationS,
        incoming: c.direction === 'incoming',
        video: !!c.video,
        outcome: c.status === 'missed' ? 1 : c.status === 'rejected' ? 4 : 0,
        participant: jidOfParty(c.party) ?? c.party.written,
        ownJid: own,
      });
    }
    const base = whatsappIosDir(device.id);
    const written = writeWhatsappIos(join(dir, base), data);
    return { files: written.map((f) => `${base}/${f}`), counts: expectedCounts(data, own) };
  },
};
