// WhatsApp Android: msgstore.db in the current and the legacy schema (chats, groups and members,
// media, locations, system, revoked, quoted and WAL-only rows, calls, the LID map), wa.db on its
// own and as a companion for names, the preferences file, arbitrary cell values, and end to end.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { whatsappAndroidParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import {
  writeMsgstore,
  writeWaDb,
  writeWhatsAppPreferences,
  type MsgstoreData,
} from '../../../generator/writers/whatsapp-android.js';
import type {
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftIdentifierLink,
  DraftLocation,
  DraftMedia,
  DraftMessage,
  DraftThread,
} from '../../../model/entities.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';

const T0 = Date.UTC(2024, 2, 3, 20, 0, 0);
const MAREK = '447700900201@s.whatsapp.net';
const IOANA = '447700900202@s.whatsapp.net';
const BESNIK_LID = '98765432101234@lid';
const BESNIK = '447700900204@s.whatsapp.net';
const GROUP = '120363012345678901@g.us';
const HASH = createHash('sha256').update('jpeg bytes').digest('base64');

const DATA: MsgstoreData = {
  pushName: 'Kuba',
  chats: [
    { id: 1, jid: MAREK, createdMs: T0 - 1000 },
    {
      id: 2,
      jid: GROUP,
      subject: 'Transport',
      createdMs: T0 - 5000,
      members: [MAREK, BESNIK_LID, IOANA],
    },
  ],
  lidMap: [{ lid: BESNIK_LID, jid: BESNIK }],
  messages: [
    {
      id: 1,
      chatId: 2,
      fromMe: false,
      senderJid: MAREK,
      timestampMs: T0 - 5000,
      type: 7,
      systemAction: 11,
    },
    { id: 2, chatId: 1, fromMe: false, timestampMs: T0, type: 0, text: 'Cześć, gdzie jesteś?' },
    { id: 3, chatId: 1, fromMe: true, timestampMs: T0 + 1000, type: 0, text: 'station', status: 5 },
    {
      id: 4,
      chatId: 1,
      fromMe: false,
      timestampMs: T0 + 2000,
      type: 1,
      text: 'look',
      media: {
        mime: 'image/jpeg',
        path: 'Media/WhatsApp Images/IMG-20240303-WA0001.jpg',
        size: 48213,
        hash: HASH,
      },
    },
    {
      id: 5,
      chatId: 1,
      fromMe: true,
      timestampMs: T0 + 3000,
      type: 15,
      text: null,
      revokedAtMs: T0 + 9000,
    },
    {
      id: 6,
      chatId: 2,
      fromMe: false,
      senderJid: BESNIK_LID,
      timestampMs: T0 + 4000,
      type: 5,
      location: { lat: 53.7997, lon: -1.5492, place: 'Leeds station' },
    },
    {
      id: 7,
      chatId: 2,
      fromMe: true,
      timestampMs: T0 + 5000,
      type: 0,
      text: 'on it',
      quoted: { keyId: 'ABCDEF0123456789', text: 'Ku je?' },
    },
    {
      id: 8,
      chatId: 2,
      fromMe: false,
      senderJid: IOANA,
      timestampMs: T0 + 6000,
      type: 0,
      text: 'WAL only',
      walOnly: true,
    },
  ],
  calls: [
    {
      id: 1,
      jid: MAREK,
      fromMe: true,
      timestampMs: T0 + 60_000,
      durationS: 140,
      video: true,
      result: 5,
    },
    {
      id: 2,
      jid: BESNIK_LID,
      fromMe: false,
      timestampMs: T0 + 120_000,
      durationS: 0,
      video: false,
      result: 4,
    },
    {
      id: 3,
      jid: MAREK,
      fromMe: false,
      timestampMs: T0 + 180_000,
      durationS: 30,
      video: false,
      result: 5,
      groupJid: GROUP,
      participants: [MAREK, IOANA],
      walOnly: true,
    },
  ],
};

function buildModern(dir: string): { path: string; others: string[] } {
  const path = join(dir, 'msgstore.db');
  writeMsgstore(path, DATA);
  const wa = join(dir, 'wa.db');
  writeWaDb(wa, [
    { jid: MAREK, number: '07700 900201', displayName: 'Marek Nowak', rawContactId: 1 },
    { jid: IOANA, waName: 'Ioana R' },
  ]);
  return { path, others: [wa] };
}

function byLocator<T extends { locator: string }>(
  drafts: readonly unknown[],
  kind: string,
  locator: string,
): T {
  const d = (drafts as Array<T & { kind: string }>).find(
    (x) => x.kind === kind && x.locator === locator,
  );
  if (!d) throw new Error(`no ${kind} ${locator}`);
  return d;
}

describeParserContract(whatsappAndroidParser, [
  {
    name: 'msgstore.db, current schema, with wa.db beside it',
    build: buildModern,
    expect: {
      thread: 2,
      message: 8,
      media: 1,
      location: 1,
      call: 3,
      'identifier-link': 1,
      contact: 0,
    },
    check(drafts) {
      const group = byLocator<DraftThread>(drafts, 'thread', 'chat:2');
      expect(group.isGroup).toBe(true);
      expect(group.name).toBe('Transport');
      expect(group.groupId).toEqual({ value: GROUP, hint: 'whatsapp', name: 'Transport' });
      expect(group.participants).toEqual([
        'owner',
        { value: MAREK, hint: 'whatsapp', name: 'Marek Nowak' },
        { value: BESNIK_LID, hint: 'whatsapp' },
        { value: IOANA, hint: 'whatsapp', name: 'Ioana R' },
      ]);
      const one = byLocator<DraftThread>(drafts, 'thread', 'chat:1');
      expect(one).toMatchObject({ isGroup: false, name: 'Marek Nowak' });

      const m2 = byLocator<DraftMessage>(drafts, 'message', 'message:2');
      expect(m2).toMatchObject({
        direction: 'incoming',
        body: 'Cześć, gdzie jesteś?',
        type: 'text',
        status: 'received',
        threadRef: 'chat:1',
        recipients: ['owner'],
        recovery: 'live',
      });
      expect(m2.sender).toEqual({ value: MAREK, hint: 'whatsapp' });
      expect(m2.sentAt).toEqual({ value: BigInt(T0), encoding: 'unix-ms' });
      expect(m2.receivedAt).toEqual({ value: BigInt(T0 + 1200), encoding: 'unix-ms' });
      const m3 = byLocator<DraftMessage>(drafts, 'message', 'message:3');
      expect(m3).toMatchObject({ direction: 'outgoing', sender: 'owner', status: 'delivered' });
      expect(m3.recipients).toEqual([{ value: MAREK, hint: 'whatsapp' }]);
      const sys = byLocator<DraftMessage>(drafts, 'message', 'message:1');
      expect(sys).toMatchObject({ type: 'system', direction: 'unknown', body: null });
      expect(sys.raw).toMatchObject({ action_type: 11n });
      const revoked = byLocator<DraftMessage>(drafts, 'message', 'message:5');
      expect(revoked).toMatchObject({
        deleted: true,
        recovery: 'deleted-flag',
        type: 'revoked',
        flags: ['revoked'],
      });
      expect(revoked.raw).toHaveProperty('revoke_timestamp', BigInt(T0 + 9000));
      const loc = byLocator<DraftMessage>(drafts, 'message', 'message:6');
      expect(loc.sender).toEqual({ value: BESNIK_LID, hint: 'whatsapp' });
      expect(loc.recipients).toEqual([{ value: GROUP, hint: 'whatsapp' }]);
      expect(byLocator<DraftMessage>(drafts, 'message', 'message:7').raw).toMatchObject({
        quoted_key_id: 'ABCDEF0123456789',
        quoted_text: 'Ku je?',
      });
      expect(byLocator<DraftMessage>(drafts, 'message', 'message:8').recovery).toBe('wal-only');

      const media = byLocator<DraftMedia>(drafts, 'media', 'message_media:4');
      expect(media).toMatchObject({
        messageRef: 'message:4',
        mime: 'image/jpeg',
        size: 48213,
        path: 'Media/WhatsApp Images/IMG-20240303-WA0001.jpg',
        filename: 'IMG-20240303-WA0001.jpg',
        sha256: createHash('sha256').update('jpeg bytes').digest('hex'),
      });
      const place = byLocator<DraftLocation>(drafts, 'location', 'message_location:6');
      expect(place).toMatchObject({
        lat: 53.7997,
        lon: -1.5492,
        label: 'Leeds station',
        origin: 'message',
        app: 'whatsapp',
      });

      const link = byLocator<DraftIdentifierLink>(drafts, 'identifier-link', 'jid_map:' + '3');
      expect(link.a).toEqual({ value: BESNIK_LID, hint: 'whatsapp' });
      expect(link.b).toEqual({ value: BESNIK, hint: 'whatsapp' });
      expect(link.confidence).toBe(0.99);

      const video = byLocator<DraftCall>(drafts, 'call', 'call_log:1');
      expect(video).toMatchObject({
        direction: 'outgoing',
        video: true,
        status: 'answered',
        durationS: 140,
        caller: 'owner',
      });
      expect(video.callees).toEqual([{ value: MAREK, hint: 'whatsapp', name: 'Marek Nowak' }]);
      expect(byLocator<DraftCall>(drafts, 'call', 'call_log:2')).toMatchObject({
        status: 'missed',
        direction: 'incoming',
      });
      const groupCall = byLocator<DraftCall>(drafts, 'call', 'call_log:3');
      expect(groupCall).toMatchObject({ recovery: 'wal-only', flags: ['group-call'] });
      expect(groupCall.callees).toEqual([
        'owner',
        { value: IOANA, hint: 'whatsapp', name: 'Ioana R' },
      ]);
    },
  },
  {
    name: 'msgstore.db, legacy messages schema',
    build: (dir) => {
      const path = join(dir, 'msgstore.db');
      writeMsgstore(path, { ...DATA, schema: 'legacy', calls: [], lidMap: [] });
      return path;
    },
    expect: { thread: 2, message: 8, media: 1, location: 1, call: 0 },
    check(drafts) {
      const msgs = drafts.filter((d): d is DraftMessage => d.kind === 'message');
      // the placeholder row _id 1 ('-1') is not a message: ids start at 2 in this file
      expect(msgs.map((m) => m.locator)).not.toContain('messages:1');
      const system = msgs.find((m) => m.type === 'system')!;
      expect(system.direction).toBe('unknown');
      const group = msgs.find((m) => m.body === 'WAL only')!;
      expect(group).toMatchObject({
        recovery: 'wal-only',
        sender: { value: IOANA, hint: 'whatsapp' },
      });
      const revoked = msgs.find((m) => m.type === 'revoked')!;
      expect(revoked.deleted).toBe(true);
      const t = drafts.find((d): d is DraftThread => d.kind === 'thread' && d.isGroup)!;
      expect(t.participants).toHaveLength(4);
      expect(t.locator).toBe('chat_list:2');
      const media = drafts.find((d): d is DraftMedia => d.kind === 'media')!;
      expect(media).toMatchObject({ mime: 'image/jpeg', size: 48213 });
    },
  },
  {
    name: 'wa.db on its own',
    build: (dir) => {
      const p = join(dir, 'wa.db');
      writeWaDb(
        p,
        [
          { jid: MAREK, number: '07700 900201', displayName: 'Marek Nowak', status: 'Hey there' },
          { jid: BESNIK_LID, number: '+447700900204', displayName: 'Besnik' },
          { jid: IOANA, waName: 'Ioana R' },
        ],
        [{ id: 1, jid: GROUP, subject: 'Transport' }],
      );
      return p;
    },
    expect: { contact: 3, 'identifier-link': 2 },
    check(drafts) {
      const c = drafts.filter((d): d is DraftContact => d.kind === 'contact');
      expect(c[0]).toMatchObject({
        name: 'Marek Nowak',
        app: 'whatsapp',
        note: 'Hey there',
        entries: [
          { value: MAREK, hint: 'whatsapp', label: 'WhatsApp' },
          { value: '07700 900201', hint: 'phone' },
        ],
      });
      expect(c[2]!.name).toBe('Ioana R');
      const links = drafts.filter((d): d is DraftIdentifierLink => d.kind === 'identifier-link');
      expect(links.map((l) => [l.a, l.b, l.confidence])).toEqual([
        [
          { value: MAREK, hint: 'whatsapp', name: 'Marek Nowak' },
          { value: '07700 900201', hint: 'phone' },
          0.9,
        ],
        [
          { value: BESNIK_LID, hint: 'whatsapp', name: 'Besnik' },
          { value: '+447700900204', hint: 'phone' },
          0.95,
        ],
      ]);
    },
  },
  {
    name: 'preferences with the registered number',
    build: (dir) => {
      const p = join(dir, 'com.whatsapp_preferences_light.xml');
      writeWhatsAppPreferences(p, '447700900100', 'Kuba & Co', '44');
      return p;
    },
    expect: { 'device-info': 1 },
    noFuzz: 'a text file: mutation fuzzing is covered by the XML property test below',
    check(drafts) {
      const d = drafts[0] as DraftDeviceInfo;
      expect(d.identifiers).toEqual([
        {
          value: '447700900100@s.whatsapp.net',
          hint: 'whatsapp',
          role: 'account',
          name: 'Kuba & Co',
        },
        { value: '+447700900100', hint: 'phone', role: 'owner' },
      ]);
      expect(d.facts).toMatchObject({ 'whatsapp.push_name': 'Kuba & Co', 'whatsapp.cc': '44' });
    },
  },
]);

describe('whatsapp-android on arbitrary cell values', () => {
  const COLS = [
    'chat_row_id',
    'from_me',
    'key_id',
    'sender_jid_row_id',
    'status',
    'timestamp',
    'received_timestamp',
    'message_type',
    'text_data',
  ];
  it('parses msgstore.db or raises a typed error within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow(COLS), { minLength: 1, maxLength: 5 }),
        arbRow(['file_path', 'mime_type', 'file_size', 'file_hash']),
        arbRow(['lid_row_id', 'jid_row_id']),
        async (rows, media, map) => {
          await parsesOrAppError(whatsappAndroidParser, (dir) => {
            const p = join(dir, 'msgstore.db');
            writeMsgstore(p, { chats: DATA.chats, messages: [] });
            const db = freshDb(p);
            const ins = db.prepare(
              `INSERT INTO message(${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`,
            );
            let last = 0;
            for (const r of rows) {
              try {
                last = Number(ins.run(...COLS.map((c) => bindable(r[c]))).lastInsertRowid);
              } catch {
                /* NOT NULL / UNIQUE refusals: the app would refuse them too */
              }
            }
            db.prepare(
              'INSERT OR REPLACE INTO message_media(message_row_id, file_path, mime_type, file_size, file_hash) VALUES (?, ?, ?, ?, ?)',
            ).run(
              last,
              bindable(media.file_path),
              bindable(media.mime_type),
              bindable(media.file_size),
              bindable(media.file_hash),
            );
            try {
              db.prepare('INSERT INTO jid_map(lid_row_id, jid_row_id) VALUES (?, ?)').run(
                bindable(map.lid_row_id),
                bindable(map.jid_row_id),
              );
            } catch {
              /* NOT NULL refusal */
            }
            db.close();
            return p;
          });
        },
      ),
      { numRuns: 20 },
    );
  });

  it('parses any preferences text or raises a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ maxLength: 30 }),
        async (junk, reg) => {
          await parsesOrAppError(whatsappAndroidParser, (dir) => {
            const p = join(dir, 'com.whatsapp_preferences_light.xml');
            writeFileSync(
              p,
              `<?xml version='1.0'?>\n<map>${junk}<string name="registration_jid">${reg}</string></map>`,
            );
            return p;
          });
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('whatsapp-android end to end through the runner', () => {
  it('stores chats, messages, calls and the LID link with deterministic ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-wa-e2e-'));
    try {
      const root = join(dir, 'extraction');
      const dbs = join(root, 'data/data/com.whatsapp/databases');
      writeMsgstore(join(dbs, 'msgstore.db'), DATA);
      writeWaDb(join(dbs, 'wa.db'), [
        { jid: MAREK, number: '07700 900201', displayName: 'Marek Nowak' },
      ]);
      writeWhatsAppPreferences(
        join(root, 'data/data/com.whatsapp/shared_prefs/com.whatsapp_preferences_light.xml'),
        '447700900100',
        'Kuba',
        '44',
      );
      const e2e = await ingestTwice([root]);
      const by = (suffix: string) => e2e.result.sources.find((s) => s.path.endsWith(suffix))!;
      expect(by('msgstore.db')).toMatchObject({
        status: 'parsed',
        parser: 'whatsapp-android@1.0.0',
        counts: { threads: 2, messages: 8, media: 1, locations: 1, calls: 3, accounts: 1 },
      });
      expect(by('wa.db')).toMatchObject({ status: 'parsed', counts: { contacts: 1, accounts: 1 } });
      expect(by('_preferences_light.xml')).toMatchObject({
        status: 'parsed',
        counts: { 'device-info': 1 },
      });
      expect(e2e.stats.totals).toMatchObject({
        messages: 8,
        calls: 3,
        threads: 2,
        media: 1,
        locations: 1,
        contacts: 1,
      });
      expect(e2e.idsAgain).toEqual(e2e.ids);
      const links = e2e.rows.identifier_links!.map((l) => [l.a_key, l.b_key]);
      expect(links).toEqual([
        ['whatsapp:98765432101234@lid', 'whatsapp:447700900204@s.whatsapp.net'],
        ['whatsapp:447700900201@s.whatsapp.net', 'phone:+447700900201'],
      ]);
      const m6 = e2e.rows.messages!.find((r) => r.locator === 'message:6')!;
      expect(m6.sender).toBe('whatsapp:98765432101234@lid');
      expect(e2e.rows.device_identifiers!.map((r) => [r.key, r.role])).toEqual([
        ['whatsapp:447700900100@s.whatsapp.net', 'account'],
        ['phone:+447700900100', 'owner'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('whatsapp-android schema migration', () => {
  it('reads the current table when the legacy one still mirrors rows, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-wa-mig-'));
    try {
      const p = join(dir, 'msgstore.db');
      writeMsgstore(p, DATA);
      const db = freshDb(p);
      db.exec(
        "CREATE TABLE messages (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, key_from_me INTEGER, data TEXT); INSERT INTO messages VALUES (2, '447700900201@s.whatsapp.net', 0, 'mirror')",
      );
      db.close();
      const run = await runParser(whatsappAndroidParser, p);
      expect(run.drafts.filter((d) => d.kind === 'message')).toHaveLength(8);
      expect(run.warnings.some((w) => w.includes('legacy `messages` table also holds rows'))).toBe(
        true,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
