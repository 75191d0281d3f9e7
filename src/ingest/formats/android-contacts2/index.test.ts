// Android contacts2.db: the phone book and app-synced raw contacts, labels, deleted flags, the old
// schema without an accounts table, the old call log inside contacts2.db, arbitrary cell values,
// and end to end through the runner.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { androidContacts2Parser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import {
  writeAndroidContacts2,
  type Contacts2Content,
} from '../../../generator/writers/android-contacts2.js';
import type { DraftCall, DraftContact } from '../../../model/entities.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';

const M = 'vnd.android.cursor.item/';
const T0 = Date.UTC(2024, 1, 2, 10, 0, 0);

const CONTENT: Contacts2Content = {
  accounts: [
    { name: 'owner@example.org', type: 'com.google' },
    { name: '+447700900100', type: 'com.whatsapp' },
    { name: '+447700900100', type: 'org.telegram.messenger' },
  ],
  rawContacts: [
    {
      id: 1,
      contactId: 1,
      account: 0,
      displayName: 'Marek Nowak',
      rows: [
        { mimetype: `${M}name`, data: { data1: 'Marek Nowak', data2: 'Marek', data3: 'Nowak' } },
        {
          mimetype: `${M}phone_v2`,
          data: { data1: '07700 900201', data2: '2', data4: '+447700900201' },
        },
        {
          mimetype: `${M}phone_v2`,
          data: { data1: '+44 7700 900202', data2: '0', data3: 'Burner' },
        },
        { mimetype: `${M}email_v2`, data: { data1: 'marek@example.org', data2: '2' } },
        { mimetype: `${M}organization`, data: { data1: 'Nowak Cars', data4: 'Owner' } },
        { mimetype: `${M}note`, data: { data1: 'owes 200' } },
        { mimetype: `${M}im`, data: { data1: 'marek.n', data5: '-1', data6: 'Snapchat' } },
        { mimetype: `${M}postal-address_v2`, data: { data1: '1 High St, Leeds' } },
      ],
    },
    {
      id: 2,
      contactId: 1,
      account: 1,
      displayName: 'Marek Nowak',
      rows: [
        { mimetype: `${M}name`, data: { data1: 'Marek Nowak' } },
        {
          mimetype: `${M}vnd.com.whatsapp.profile`,
          data: { data1: '447700900201@s.whatsapp.net', data3: 'Message +447700900201' },
        },
        {
          mimetype: `${M}vnd.com.whatsapp.voip.call`,
          data: { data1: '447700900201@s.whatsapp.net', data3: 'Voice call +447700900201' },
        },
        {
          mimetype: `${M}vnd.com.whatsapp.video.call`,
          data: { data1: '447700900201@s.whatsapp.net', data3: 'Video call +447700900201' },
        },
      ],
    },
    {
      id: 3,
      contactId: 2,
      account: 2,
      displayName: 'Ioana',
      rows: [
        { mimetype: `${M}name`, data: { data1: 'Ioana' } },
        {
          mimetype: `${M}vnd.org.telegram.messenger.android.profile`,
          data: { data1: '5012345678', data2: 'Telegram Profile' },
        },
      ],
    },
    {
      id: 4,
      contactId: 3,
      account: 0,
      displayName: 'Deleted Dave',
      deleted: true,
      rows: [{ mimetype: `${M}phone_v2`, data: { data1: '07700900299', data2: '2' } }],
    },
    {
      id: 5,
      contactId: 4,
      account: 0,
      displayName: null,
      rows: [
        { mimetype: `${M}name`, data: { data1: null, data2: 'Besnik', data3: 'Hoxha' } },
        { mimetype: `${M}phone_v2`, data: { data1: '+355 69 123 4567', data2: '2' } },
      ],
    },
  ],
};

function contact(drafts: readonly unknown[], id: number): DraftContact {
  const c = (drafts as DraftContact[]).find(
    (d) => d.kind === 'contact' && d.locator === `raw_contacts:${id}`,
  );
  if (!c) throw new Error(`no contact ${id}`);
  return c;
}

describeParserContract(androidContacts2Parser, [
  {
    name: 'generated contacts2.db (accounts, app raw contacts, PHONEBOOK collation)',
    build: (dir) => {
      const p = join(dir, 'contacts2.db');
      writeAndroidContacts2(p, CONTENT);
      return p;
    },
    expect: { contact: 5, call: 0 },
    check(drafts) {
      const marek = contact(drafts, 1);
      expect(marek.name).toBe('Marek Nowak');
      expect(marek.app).toBeNull();
      expect(marek.account).toBe('owner@example.org');
      expect(marek.entries).toEqual([
        { value: '07700 900201', hint: 'phone', label: 'Mobile' },
        { value: '+44 7700 900202', hint: 'phone', label: 'Burner' },
        { value: 'marek@example.org', hint: 'email', label: 'Work' },
        { value: 'marek.n', hint: 'username', label: 'Snapchat' },
      ]);
      expect(marek.note).toBe('owes 200');
      expect(marek.raw).toMatchObject({
        account_type: 'com.google',
        organisation: ['Nowak Cars, Owner'],
        other: [{ mimetype: `${M}postal-address_v2`, data1: '1 High St, Leeds' }],
      });
      const wa = contact(drafts, 2);
      expect(wa.app).toBe('whatsapp');
      // three WhatsApp rows (profile, voice, video) name one account
      expect(wa.entries).toEqual([
        { value: '447700900201@s.whatsapp.net', hint: 'whatsapp', label: 'WhatsApp' },
      ]);
      const tg = contact(drafts, 3);
      expect(tg.app).toBe('telegram');
      expect(tg.entries).toEqual([{ value: '5012345678', hint: 'telegram', label: 'Telegram' }]);
      const dave = contact(drafts, 4);
      expect(dave).toMatchObject({ deleted: true, recovery: 'deleted-flag', name: 'Deleted Dave' });
      expect(contact(drafts, 5).name).toBe('Besnik Hoxha');
      expect(contact(drafts, 1).deleted).toBe(false);
    },
  },
  {
    name: 'old contacts2.db with the call log inside',
    build: (dir) => {
      const p = join(dir, 'contacts2.db');
      writeAndroidContacts2(p, {
        ...CONTENT,
        calls: [
          { id: 1, number: '07700900201', dateMs: T0, durationS: 30, type: 2, name: 'Marek Nowak' },
          { id: 2, number: '07700900201', dateMs: T0 + 1000, durationS: 0, type: 3 },
        ],
      });
      return p;
    },
    expect: { contact: 5, call: 2 },
    check(drafts) {
      const calls = drafts.filter((d): d is DraftCall => d.kind === 'call');
      expect(calls.map((c) => [c.direction, c.status])).toEqual([
        ['outgoing', 'answered'],
        ['incoming', 'missed'],
      ]);
    },
  },
]);

describe('android-contacts2 on the schema without an accounts table', () => {
  it('reads account_name/account_type from raw_contacts and mimetypes by id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-c2-old-'));
    try {
      const p = join(dir, 'contacts2.db');
      const db = freshDb(p);
      db.exec(`CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_name STRING DEFAULT NULL,
        account_type STRING DEFAULT NULL, deleted INTEGER NOT NULL DEFAULT 0, contact_id INTEGER, display_name TEXT);
        CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL);
        CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype_id INTEGER NOT NULL, raw_contact_id INTEGER NOT NULL,
          data1 TEXT, data2 TEXT, data3 TEXT, data4 TEXT);
        INSERT INTO mimetypes VALUES (5, 'vnd.android.cursor.item/phone_v2'), (7, 'vnd.android.cursor.item/name');
        INSERT INTO raw_contacts VALUES (1, 'anna@example.org', 'com.google', 0, 1, 'Anna'), (2, NULL, NULL, 1, 2, 'Zed');
        INSERT INTO data VALUES (1, 5, 1, '07700900301', '2', NULL, '+447700900301'), (2, 5, 2, '07700900302', '7', NULL, NULL);`);
      db.close();
      const run = await runParser(androidContacts2Parser, p);
      const cs = run.drafts.filter((d): d is DraftContact => d.kind === 'contact');
      expect(cs.map((c) => [c.name, c.account, c.deleted, c.entries])).toEqual([
        [
          'Anna',
          'anna@example.org',
          false,
          [{ value: '07700900301', hint: 'phone', label: 'Mobile' }],
        ],
        ['Zed', null, true, [{ value: '07700900302', hint: 'phone', label: 'Other' }]],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('android-contacts2 on arbitrary cell values', () => {
  const DATA = [
    'mimetype_id',
    'raw_contact_id',
    'data1',
    'data2',
    'data3',
    'data4',
    'data5',
    'data6',
  ];
  it('parses or raises a typed error within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow(DATA), { minLength: 1, maxLength: 5 }),
        arbRow(['account_id', 'deleted', 'display_name', 'contact_id']),
        async (rows, rc) => {
          const run = await parsesOrAppError(androidContacts2Parser, (dir) => {
            const p = join(dir, 'contacts2.db');
            const db = freshDb(p);
            db.exec(`CREATE TABLE accounts (_id INTEGER PRIMARY KEY, account_name TEXT, account_type TEXT);
              CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY, mimetype TEXT);
              CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY, account_id, deleted, display_name, contact_id);
              CREATE TABLE data (_id INTEGER PRIMARY KEY, ${DATA.join(', ')});
              INSERT INTO accounts VALUES (1, 'x@example.org', 'com.google'), (2, '1', 'com.whatsapp');
              INSERT INTO mimetypes VALUES (1, 'vnd.android.cursor.item/phone_v2'), (2, 'vnd.android.cursor.item/email_v2'),
                (3, 'vnd.android.cursor.item/vnd.com.whatsapp.profile'), (4, 'vnd.android.cursor.item/im'), (5, 'vnd.android.cursor.item/name');`);
            db.prepare('INSERT INTO raw_contacts VALUES (1, ?, ?, ?, ?)').run(
              bindable(rc.account_id),
              bindable(rc.deleted),
              bindable(rc.display_name),
              bindable(rc.contact_id),
            );
            const ins = db.prepare(
              `INSERT INTO data(${DATA.join(', ')}) VALUES (${DATA.map(() => '?').join(', ')})`,
            );
            for (const r of rows) ins.run(...DATA.map((c) => bindable(r[c])));
            db.close();
            return p;
          });
          if (run) expect(run.drafts.filter((d) => d.kind === 'contact')).toHaveLength(1);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('android-contacts2 end to end through the runner', () => {
  it('stores contacts with normalised entries, deterministic ids and stats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-c2-e2e-'));
    try {
      const root = join(dir, 'extraction');
      writeAndroidContacts2(
        join(root, 'data/data/com.android.providers.contacts/databases/contacts2.db'),
        CONTENT,
      );
      const e2e = await ingestTwice([root]);
      const src = e2e.result.sources.find((s) => s.path.endsWith('contacts2.db'))!;
      expect(src.status).toBe('parsed');
      expect(src.counts).toEqual({ contacts: 5 });
      // the PHONEBOOK collation defeats SQLite's quick_check: recorded, not fatal
      expect(src.anomalies.some((a) => a.includes('PHONEBOOK'))).toBe(true);
      expect(e2e.stats.totals.contacts).toBe(5);
      expect(e2e.idsAgain.contacts).toEqual(e2e.ids.contacts);
      const marek = e2e.rows.contacts!.find((r) => r.locator === 'raw_contacts:1')!;
      expect(JSON.parse(String(marek.entries)).map((e: { key: string }) => e.key)).toEqual([
        'phone:+447700900201',
        'phone:+447700900202',
        'email:marek@example.org',
        'username:marek.n',
      ]);
      const wa = e2e.rows.contacts!.find((r) => r.locator === 'raw_contacts:2')!;
      expect(JSON.parse(String(wa.entries))[0].key).toBe('whatsapp:447700900201@s.whatsapp.net');
      expect(e2e.rows.contacts!.find((r) => r.locator === 'raw_contacts:4')!.deleted).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
