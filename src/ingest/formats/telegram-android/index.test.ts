// Telegram Android cache4.db: a generated database (1:1, basic group with its service message,
// media, a secret chat, a WAL-only row, an unknown constructor, a row whose blob disagrees with
// its date, users with and without phone, the account's own user), hostile inputs, arbitrary
// blobs, and the runner end to end (identifier keys telegram:<id>, account and owner number).
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { telegramAndroidParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser } from '../../../testkit/run-parser.js';
import { freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import {
  CACHE4_SCHEMA,
  writeTelegramCache4,
  type Cache4Data,
} from '../../../generator/writers/telegram-android.js';
import {
  TlWriter,
  tlChatCreated,
  tlMessage,
  tlUser,
} from '../../../generator/writers/telegram-tl.js';
import type {
  DraftContact,
  DraftDeviceInfo,
  DraftMessage,
  DraftThread,
} from '../../../model/entities.js';
import { AppError } from '../../../model/errors.js';

const D0 = Math.floor(Date.UTC(2024, 6, 1, 8, 0, 0) / 1000);
const ME = 700000001n;
const IOANA = 700000002n;
const VIKTOR = 700000003n;
const GROUP = 400000005n;
const SECRET_DID = 0x4000000000000000n | 77n;
const u = (id: bigint) => ({ kind: 'user' as const, id });
const chat = { kind: 'chat' as const, id: GROUP };

const DATA: Cache4Data = {
  users: [
    {
      uid: ME,
      name: 'kuba',
      data: tlUser({
        id: ME,
        self: true,
        accessHash: 1n,
        firstName: 'Kuba',
        phone: '447700900100',
      }),
    },
    {
      uid: IOANA,
      name: 'ioana;;;ioana_p',
      data: tlUser({
        id: IOANA,
        accessHash: 2n,
        firstName: 'Ioana',
        username: 'ioana_p',
        phone: '447700900202',
      }),
    },
    {
      uid: VIKTOR,
      name: 'viktor',
      data: tlUser({ id: VIKTOR, accessHash: 3n, firstName: 'Viktor' }),
    },
    // a user record in a constructor the parser does not decode: kept from the name column
    { uid: 700000009n, name: 'old record;;;oldie', data: Buffer.from('0102030405060708', 'hex') },
  ],
  chats: [{ uid: GROUP, name: 'runners', data: null }],
  dialogs: [
    { did: IOANA, date: D0 + 60, lastMid: 2 },
    { did: -GROUP, date: D0 + 180, lastMid: 4 },
    { did: SECRET_DID, date: D0 + 300, lastMid: 6 },
  ],
  messages: [
    {
      mid: 1,
      uid: IOANA,
      date: D0,
      out: false,
      data: tlMessage({
        id: 1,
        out: false,
        from: u(IOANA),
        peer: u(IOANA),
        date: D0,
        text: 'Ne vedem mâine',
      }),
    },
    {
      mid: 2,
      uid: IOANA,
      date: D0 + 60,
      out: true,
      media: true,
      data: tlMessage({
        id: 2,
        out: true,
        from: u(ME),
        peer: u(IOANA),
        date: D0 + 60,
        text: 'photo',
        media: true,
      }),
    },
    {
      mid: 3,
      uid: -GROUP,
      date: D0 + 100,
      out: false,
      data: tlChatCreated({
        id: 3,
        out: false,
        from: u(VIKTOR),
        peer: chat,
        date: D0 + 100,
        title: 'Runners',
        users: [VIKTOR, ME],
      }),
    },
    {
      mid: 4,
      uid: -GROUP,
      date: D0 + 180,
      out: false,
      data: tlMessage({
        id: 4,
        out: false,
        from: u(VIKTOR),
        peer: chat,
        date: D0 + 180,
        text: 'drop at 9',
      }),
    },
    // an unknown constructor: kept, no text, counted
    {
      mid: 5,
      uid: -GROUP,
      date: D0 + 200,
      out: false,
      data: new TlWriter().uint32(0xdeadbeef).uint32(0).int32(5).done(),
    },
    // a secret-chat message (constructor not decoded)
    {
      mid: 6,
      uid: SECRET_DID,
      date: D0 + 300,
      out: false,
      data: new TlWriter().uint32(0x555555fa).uint32(0).done(),
    },
    // the blob says another date than the row: text not trusted
    {
      mid: 7,
      uid: IOANA,
      date: D0 + 400,
      out: true,
      data: tlMessage({
        id: 7,
        out: true,
        from: u(ME),
        peer: u(IOANA),
        date: D0 + 999,
        text: 'stale',
      }),
    },
  ],
  walOnly: [
    {
      mid: 8,
      uid: -GROUP,
      date: D0 + 500,
      out: true,
      data: tlMessage({
        id: 8,
        out: true,
        from: u(ME),
        peer: chat,
        date: D0 + 500,
        text: 'understood',
      }),
    },
  ],
};

function build(dir: string): string {
  const p = join(dir, 'cache4.db');
  writeTelegramCache4(p, DATA);
  // the secret chat's other user
  const db = freshDb(p);
  db.prepare('INSERT INTO enc_chats(uid, user, name) VALUES (77, ?, ?)').run(IOANA, 'ioana');
  db.close();
  return p;
}

function msg(drafts: readonly unknown[], uid: bigint, mid: number): DraftMessage {
  const m = (drafts as DraftMessage[]).find(
    (d) => d.kind === 'message' && d.locator === `messages_v2:${uid}:${mid}`,
  );
  if (!m) throw new Error(`no message ${uid}:${mid}`);
  return m;
}

describeParserContract(telegramAndroidParser, [
  {
    name: 'generated cache4.db',
    // build() rewrites the file with a rollback journal: the WAL-only row is checkpointed there
    build,
    expect: { thread: 3, message: 8, contact: 3, 'identifier-link': 1, 'device-info': 1 },
    check(drafts) {
      const m1 = msg(drafts, IOANA, 1);
      expect(m1).toMatchObject({
        app: 'telegram',
        direction: 'incoming',
        body: 'Ne vedem mâine',
        type: 'text',
        threadRef: `dialogs:${IOANA}`,
        sentAt: { value: BigInt(D0), encoding: 'unix-s' },
        recipients: ['owner'],
      });
      expect(m1.sender).toEqual({ value: String(IOANA), hint: 'telegram', name: 'Ioana' });
      const m2 = msg(drafts, IOANA, 2);
      expect(m2).toMatchObject({
        direction: 'outgoing',
        sender: 'owner',
        type: 'media',
        body: 'photo',
      });
      expect(m2.recipients).toEqual([{ value: String(IOANA), hint: 'telegram', name: 'Ioana' }]);
      expect(msg(drafts, -GROUP, 3)).toMatchObject({ type: 'service', body: null });
      const g = msg(drafts, -GROUP, 4);
      expect(g.sender).toEqual({ value: String(VIKTOR), hint: 'telegram', name: 'Viktor' });
      expect(g.recipients).toEqual([{ value: `-${GROUP}`, hint: 'telegram' }]);
      const unknown = msg(drafts, -GROUP, 5);
      expect(unknown).toMatchObject({
        body: null,
        type: null,
        direction: 'incoming',
        sender: null,
      });
      expect(unknown.flags).toEqual(['telegram-tl-not-decoded']);
      expect(unknown.raw).toMatchObject({ constructor: '0xdeadbeef' });
      const secret = msg(drafts, SECRET_DID, 6);
      expect(secret.flags).toEqual(['telegram-tl-not-decoded', 'secret-chat']);
      expect(secret.sender).toEqual({ value: String(IOANA), hint: 'telegram', name: 'Ioana' });
      const stale = msg(drafts, IOANA, 7);
      expect(stale).toMatchObject({ body: null, flags: ['telegram-tl-date-mismatch'] });
      expect(msg(drafts, -GROUP, 8)).toMatchObject({ body: 'understood', direction: 'outgoing' });
      const threads = drafts.filter((d): d is DraftThread => d.kind === 'thread');
      expect(threads.map((t) => [t.locator, t.isGroup, t.name, t.participants.length])).toEqual([
        [`dialogs:${-GROUP}`, true, 'runners', 2],
        [`dialogs:${IOANA}`, false, 'Ioana', 2],
        [`dialogs:${SECRET_DID}`, false, 'Ioana', 2],
      ]);
      expect(threads[0]!.groupId).toEqual({ value: `-${GROUP}`, hint: 'telegram' });
      const contacts = drafts.filter((d): d is DraftContact => d.kind === 'contact');
      expect(contacts.map((c) => [c.name, c.entries.map((e) => e.value)])).toEqual([
        ['Ioana', [String(IOANA), '@ioana_p', '+447700900202']],
        ['Viktor', [String(VIKTOR)]],
        ['old record', ['700000009', '@oldie']],
      ]);
      const own = drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
      expect(own.identifiers).toEqual([
        { value: String(ME), hint: 'telegram', role: 'account' },
        { value: '+447700900100', hint: 'phone', role: 'owner' },
      ]);
      const link = drafts.find((d) => d.kind === 'identifier-link');
      expect(link).toMatchObject({
        a: { value: String(IOANA), hint: 'telegram' },
        b: { value: '+447700900202', hint: 'phone' },
        reason: 'telegram-user-phone',
      });
    },
  },
]);

describe('telegram-android recovery and unsupported constructors', () => {
  it('flags the WAL-only row and counts constructors it does not decode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tg-wal-'));
    try {
      const p = join(dir, 'cache4.db');
      writeTelegramCache4(p, DATA);
      const run = await runParser(telegramAndroidParser, p);
      const msgs = run.drafts.filter((d): d is DraftMessage => d.kind === 'message');
      expect(msgs).toHaveLength(8);
      expect(msgs.filter((m) => m.recovery === 'wal-only').map((m) => m.locator)).toEqual([
        `messages_v2:${-GROUP}:8`,
      ]);
      expect(run.warnings).toEqual([
        'UNSUPPORTED_FORMAT @ messages_v2: TL constructor not decoded: message 0x555555fa (1 record; kept without text)',
        'UNSUPPORTED_FORMAT @ messages_v2: TL constructor not decoded: message 0xdeadbeef (1 record; kept without text)',
        'UNSUPPORTED_FORMAT @ messages_v2: TL constructor not decoded: user 0x04030201 (1 record; kept without text)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeParserProperties(telegramAndroidParser, {
  fileName: 'cache4.db',
  seed: () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tg-seed-'));
    try {
      const p = join(dir, 'cache4.db');
      writeTelegramCache4(p, { ...DATA, walOnly: [] });
      return readFileSync(p);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  runs: 30,
});

describe('telegram-android on arbitrary blobs', () => {
  it('keeps every row whatever its data blob holds, within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            blob: fc.oneof(
              fc.uint8Array({ maxLength: 120 }),
              // a known constructor followed by noise
              fc.uint8Array({ maxLength: 120 }).map((b) => {
                const x = Buffer.alloc(4 + b.length);
                x.writeUInt32LE(0xb92f76cf, 0);
                Buffer.from(b).copy(x, 4);
                return x;
              }),
            ),
            uid: fc.oneof(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 62n }), fc.constant(7n)),
            out: fc.constantFrom(0, 1, 2, null),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.uint8Array({ maxLength: 80 }),
        async (rows, userBlob) => {
          const run = await parsesOrAppError(telegramAndroidParser, (dir) => {
            const p = join(dir, 'cache4.db');
            const db = freshDb(p);
            db.exec(CACHE4_SCHEMA);
            db.prepare('INSERT INTO users(uid, name, data) VALUES (5, ?, ?)').run(
              'x;;;y',
              Buffer.from(userBlob),
            );
            const ins = db.prepare(
              'INSERT INTO messages_v2(mid, uid, date, out, data) VALUES (?, ?, ?, ?, ?)',
            );
            rows.forEach((r, i) => ins.run(i + 1, r.uid, D0, r.out, Buffer.from(r.blob)));
            db.close();
            return p;
          });
          expect(run).not.toBeNull();
          expect(run!.drafts.filter((d) => d.kind === 'message')).toHaveLength(rows.length);
        },
      ),
      { numRuns: 10 },
    );
  }, 60_000);
});

describe('telegram-android hostile input', () => {
  it('a truncated cache4.db raises SQLITE_CORRUPT naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tg-trunc-'));
    try {
      const full = build(dir);
      mkdirSync(join(dir, 'cut'));
      const cut = join(dir, 'cut', 'cache4.db');
      writeFileSync(cut, readFileSync(full).subarray(0, 4096 + 100));
      const err = await runParser(telegramAndroidParser, cut).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('SQLITE_CORRUPT');
      expect((err as AppError).details.file).toContain('cache4.db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a users table without its columns raises a typed error naming the file and table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tg-schema-'));
    try {
      const p = join(dir, 'cache4.db');
      const db = freshDb(p);
      db.exec(
        'CREATE TABLE users(x TEXT); CREATE TABLE dialogs(did INTEGER); CREATE TABLE messages_v2(mid INTEGER, uid INTEGER);',
      );
      db.close();
      const err = await runParser(telegramAndroidParser, p).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details).toMatchObject({ record: 'users' });
      expect((err as AppError).details.file).toContain('cache4.db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('telegram-android end to end through the runner', () => {
  it('auto-detects cache4.db and keys parties as telegram:<id>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tg-e2e-'));
    try {
      const root = join(dir, 'extraction');
      writeTelegramCache4(join(root, 'data/data/org.telegram.messenger/files/cache4.db'), DATA);
      const e2e = await ingestTwice([root]);
      const src = e2e.result.sources.find((s) => s.path.endsWith('cache4.db'))!;
      expect(src.status).toBe('parsed');
      expect(src.parser).toBe('telegram-android@1.0.0');
      expect(src.counts).toEqual({
        threads: 3,
        messages: 8,
        contacts: 3,
        accounts: 1,
        'device-info': 1,
      });
      expect(e2e.idsAgain.messages).toEqual(e2e.ids.messages);
      const first = e2e.rows.messages!.find((r) => r.locator === `messages_v2:${IOANA}:1`)!;
      expect(first).toMatchObject({
        sender: `telegram:${IOANA}`,
        counterpart: `telegram:${IOANA}`,
        sent_at: D0 * 1000,
        sent_enc: 'unix-s',
      });
      const group = e2e.rows.messages!.find((r) => r.locator === `messages_v2:${-GROUP}:4`)!;
      expect(group).toMatchObject({ sender: `telegram:${VIKTOR}` });
      expect(e2e.rows.device_identifiers!.map((r) => [r.key, r.role])).toEqual([
        [`telegram:${ME}`, 'account'],
        ['phone:+447700900100', 'owner'],
      ]);
      expect(e2e.rows.identifier_links!.map((r) => [r.a_key, r.b_key, r.reason])).toEqual([
        [`telegram:${IOANA}`, 'phone:+447700900202', 'telegram-user-phone'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
