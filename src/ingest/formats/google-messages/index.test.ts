// Google Messages bugle_db: generated fixtures (1:1 and group, SMS and MMS, attachment, draft,
// WAL-only row, self participant), hostile inputs, arbitrary cell values, and the runner end to end.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { googleMessagesParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser } from '../../../testkit/run-parser.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import {
  BUGLE_SCHEMA,
  writeGoogleMessages,
  type BugleData,
} from '../../../generator/writers/google-messages.js';
import type { DraftDeviceInfo, DraftMedia, DraftMessage } from '../../../model/entities.js';
import { AppError } from '../../../model/errors.js';

const T0 = Date.UTC(2024, 8, 2, 9, 0, 0);

const DATA: BugleData = {
  participants: [
    { id: 1, subId: 1, normalized: '+447700900100', send: '07700 900100' },
    {
      id: 2,
      subId: -2,
      normalized: '+447700900301',
      send: '07700 900301',
      fullName: 'Ana Pop',
    },
    { id: 3, subId: -2, normalized: '+447700900302', send: '+44 7700 900302' },
  ],
  conversations: [
    { id: 1, name: 'Ana Pop', participantIds: [2], selfId: 1 },
    { id: 2, name: 'Ana Pop, +44 7700 900302', participantIds: [2, 3], selfId: 1 },
  ],
  messages: [
    {
      id: 1,
      conversationId: 1,
      senderId: 2,
      selfId: 1,
      sentMs: T0 - 1500,
      receivedMs: T0,
      protocol: 0,
      status: 100,
      parts: [{ id: 1, contentType: 'text/plain', text: 'Bună, ești acasă?' }],
    },
    {
      id: 2,
      conversationId: 1,
      senderId: 1,
      selfId: 1,
      sentMs: 0,
      receivedMs: T0 + 60_000,
      protocol: 0,
      status: 2,
      parts: [{ id: 2, contentType: 'text/plain', text: 'yes, come round' }],
    },
    {
      id: 3,
      conversationId: 2,
      senderId: 1,
      selfId: 1,
      sentMs: T0 + 120_000,
      receivedMs: T0 + 120_000,
      protocol: 1,
      status: 1,
      subject: 'plan',
      parts: [
        { id: 3, contentType: 'text/plain', text: 'see the map' },
        {
          id: 4,
          contentType: 'image/png',
          uri: 'content://mms/part/9',
          fileSizeBytes: 2048,
          localCachePath: '/data/user/0/com.google.android.apps.messaging/cache/parts/map.png',
        },
      ],
    },
    {
      id: 4,
      conversationId: 1,
      senderId: 1,
      selfId: 1,
      sentMs: 0,
      receivedMs: T0 + 180_000,
      protocol: 0,
      status: 3,
      parts: [{ id: 5, contentType: 'text/plain', text: 'unsent draft' }],
    },
  ],
  walOnly: [
    {
      id: 5,
      conversationId: 2,
      senderId: 3,
      selfId: 1,
      sentMs: T0 + 239_000,
      receivedMs: T0 + 240_000,
      protocol: 1,
      status: 100,
      parts: [{ id: 6, contentType: 'text/plain', text: 'only in the WAL' }],
    },
  ],
};

function build(dir: string): string {
  const p = join(dir, 'bugle_db');
  writeGoogleMessages(p, DATA);
  return p;
}

function msg(drafts: readonly unknown[], id: number): DraftMessage {
  const m = (drafts as DraftMessage[]).find(
    (d) => d.kind === 'message' && d.locator === `messages:${id}`,
  );
  if (!m) throw new Error(`no message ${id}`);
  return m;
}

describeParserContract(googleMessagesParser, [
  {
    name: 'generated bugle_db with WAL-only row',
    build,
    expect: { thread: 2, message: 5, media: 1, 'device-info': 1 },
    check(drafts) {
      const m1 = msg(drafts, 1);
      expect(m1).toMatchObject({
        app: 'sms',
        type: 'sms',
        direction: 'incoming',
        body: 'Bună, ești acasă?',
        status: 'received',
        threadRef: 'conversations:1',
        recovery: 'live',
      });
      expect(m1.sender).toEqual({ value: '+447700900301', hint: 'phone', name: 'Ana Pop' });
      expect(m1.recipients).toEqual(['owner']);
      expect(m1.sentAt).toEqual({ value: BigInt(T0 - 1500), encoding: 'unix-ms' });
      expect(m1.receivedAt).toEqual({ value: BigInt(T0), encoding: 'unix-ms' });
      const m2 = msg(drafts, 2);
      expect(m2).toMatchObject({ direction: 'outgoing', sender: 'owner', status: 'delivered' });
      // an outgoing SMS with no sent time is dated by its received (created) time
      expect(m2.sentAt).toEqual({ value: BigInt(T0 + 60_000), encoding: 'unix-ms' });
      expect(m2.recipients).toEqual([{ value: '+447700900301', hint: 'phone', name: 'Ana Pop' }]);
      const m3 = msg(drafts, 3);
      expect(m3).toMatchObject({ app: 'mms', type: 'mms', subject: 'plan', body: 'see the map' });
      expect(m3.recipients).toHaveLength(2);
      expect(msg(drafts, 4).status).toBe('draft');
      const wal = msg(drafts, 5);
      expect(wal).toMatchObject({ recovery: 'wal-only', direction: 'incoming' });
      expect(wal.sender).toEqual({ value: '+447700900302', hint: 'phone' });
      const media = drafts.find((d) => d.kind === 'media') as DraftMedia;
      expect(media).toMatchObject({
        locator: 'parts:4',
        messageRef: 'messages:3',
        mime: 'image/png',
        size: 2048,
        filename: 'map.png',
        path: '/data/user/0/com.google.android.apps.messaging/cache/parts/map.png',
      });
      const threads = drafts.filter((d) => d.kind === 'thread');
      expect(threads.map((t) => [t.locator, t.isGroup, t.participants.length])).toEqual([
        ['conversations:1', false, 2],
        ['conversations:2', true, 3],
      ]);
      const self = drafts.find((d) => d.kind === 'device-info') as DraftDeviceInfo;
      expect(self.identifiers).toEqual([{ value: '+447700900100', hint: 'phone', role: 'owner' }]);
    },
  },
]);

describeParserProperties(googleMessagesParser, {
  fileName: 'bugle_db',
  seed: () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-bugle-seed-'));
    try {
      const p = join(dir, 'bugle_db');
      writeGoogleMessages(p, { ...DATA, walOnly: [] });
      return readFileSync(p);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  runs: 30,
});

describe('google-messages hostile input', () => {
  it('a truncated bugle_db raises a typed error naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-bugle-trunc-'));
    try {
      const full = build(dir);
      const bytes = readFileSync(full);
      const cut = join(dir, 'cut', 'bugle_db');
      mkdirSync(join(dir, 'cut'));
      // keep the header and the schema page, lose the data pages
      writeFileSync(cut, bytes.subarray(0, 4096 + 100));
      const err = await runParser(googleMessagesParser, cut).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('SQLITE_CORRUPT');
      expect((err as AppError).details.file).toContain('bugle_db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bugle_db whose messages table lacks its columns raises a typed error naming the file and table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-bugle-schema-'));
    try {
      const p = join(dir, 'bugle_db');
      const db = freshDb(p);
      db.exec(
        'CREATE TABLE conversations(_id INTEGER PRIMARY KEY); CREATE TABLE messages(x TEXT);' +
          'CREATE TABLE parts(_id INTEGER PRIMARY KEY, message_id INT); CREATE TABLE participants(_id INTEGER PRIMARY KEY);' +
          'CREATE TABLE conversation_participants(_id INTEGER PRIMARY KEY, conversation_id INT, participant_id INT);' +
          "INSERT INTO messages VALUES ('a');",
      );
      db.close();
      const err = await runParser(googleMessagesParser, p).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details).toMatchObject({ record: 'messages' });
      expect((err as AppError).details.file).toContain('bugle_db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('google-messages on arbitrary cell values', () => {
  const MSG = ['conversation_id', 'sender_id', 'sent_timestamp', 'received_timestamp'];
  const MORE = ['message_protocol', 'message_status'];
  const PART = ['message_id', 'text', 'content_type', 'file_size_bytes', 'local_cache_path'];
  const PEOPLE = ['sub_id', 'normalized_destination', 'full_name'];
  it('parses or raises a typed error within 5 s for any rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow([...MSG, ...MORE]), { minLength: 1, maxLength: 3 }),
        fc.array(arbRow(PART), { maxLength: 3 }),
        fc.array(arbRow(PEOPLE), { maxLength: 3 }),
        async (msgs, parts, people) => {
          const run = await parsesOrAppError(googleMessagesParser, (dir) => {
            const p = join(dir, 'bugle_db');
            const db = freshDb(p);
            db.pragma('foreign_keys = OFF');
            db.exec(
              BUGLE_SCHEMA.replace(/ NOT NULL/g, '').replace(/CREATE TRIGGER[^;]+;[^;]*;/g, ''),
            );
            const ins = (table: string, cols: string[], rows: Array<Record<string, unknown>>) => {
              const st = db.prepare(
                `INSERT OR IGNORE INTO ${table}(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
              );
              for (const r of rows) st.run(...cols.map((c) => bindable(r[c])));
            };
            ins('messages', [...MSG, ...MORE], msgs);
            ins('parts', PART, parts);
            ins('participants', PEOPLE, people);
            db.exec('INSERT INTO conversations(_id, name) VALUES (1, NULL)');
            db.close();
            return p;
          });
          if (run) expect(run.drafts.filter((d) => d.kind === 'message')).toHaveLength(msgs.length);
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});

describe('google-messages end to end through the runner', () => {
  it('auto-detects bugle_db in an extraction and stores every message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-bugle-e2e-'));
    try {
      const root = join(dir, 'extraction');
      writeGoogleMessages(
        join(root, 'data/data/com.google.android.apps.messaging/databases/bugle_db'),
        DATA,
      );
      const e2e = await ingestTwice([root]);
      const src = e2e.result.sources.find((s) => s.path.endsWith('bugle_db'))!;
      expect(src.status).toBe('parsed');
      expect(src.parser).toBe('google-messages@1.0.0');
      expect(src.counts).toEqual({ threads: 2, messages: 5, media: 1, 'device-info': 1 });
      expect(e2e.ids.messages).toHaveLength(5);
      expect(e2e.idsAgain.messages).toEqual(e2e.ids.messages);
      const first = e2e.rows.messages!.find((r) => r.locator === 'messages:1')!;
      expect(first).toMatchObject({
        direction: 'incoming',
        sender: 'phone:+447700900301',
        counterpart: 'phone:+447700900301',
        sent_at: T0 - 1500,
        received_at: T0,
        body: 'Bună, ești acasă?',
      });
      expect(e2e.rows.device_identifiers!.map((r) => [r.key, r.role])).toEqual([
        ['phone:+447700900100', 'owner'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
