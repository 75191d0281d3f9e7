// iOS sms.db: generated fixtures (iMessage and SMS, a group, attributedBody-only text, mixed time
// units, an attachment, a deleted message, a WAL-only row), the Magnet CTF 2020 sample, and an
// end-to-end ingest through the runner.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { iosSmsParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { corpusPath } from '../../../testkit/corpus.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import fc from 'fast-check';
import { tempCase } from '../../../testkit/temp-store.js';
import { ingest } from '../../runner.js';
import { sha256File } from '../../../evidence/hash-file.js';
import { writeIosSms } from '../../../generator/writers/ios-sms.js';
import { smsFixture } from '../../../testkit/ios-device.js';
import { IOS_SMS_SCHEMA } from '../../../generator/writers/ios-sms-schema.js';
import { cocoaNanos, cocoaSecondsInt } from '../../../generator/writers/apple-values.js';
import type {
  Draft,
  DraftMessage,
  DraftThread,
  DraftMedia,
  DraftDeviceInfo,
} from '../../../model/entities.js';
import { decodeTime } from '../../../model/timestamps.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const OWN = '+447700900100';

function build(dir: string): string {
  const p = join(dir, 'sms.db');
  writeIosSms(p, smsFixture());
  return p;
}

const msgs = (d: Draft[]) => d.filter((x): x is DraftMessage => x.kind === 'message');
const byLoc = (d: Draft[], loc: string) => msgs(d).find((m) => m.locator === loc)!;

describeParserContract(iosSmsParser, [
  {
    name: 'generated sms.db (iMessage, SMS, group, WAL-only row, deleted message)',
    build,
    expect: { thread: 3, message: 7, media: 1, 'device-info': 1 },
    check(drafts) {
      const threads = drafts.filter((d): d is DraftThread => d.kind === 'thread');
      const group = threads.find((t) => t.locator === 'chat:3')!;
      expect(group.isGroup).toBe(true);
      expect(group.name).toBe('Lads');
      expect(group.app).toBe('imessage');
      expect(group.participants).toEqual([
        'owner',
        { value: '+447700900123', hint: 'phone' },
        { value: 'friend@example.org', hint: 'email' },
        { value: '+447700900789', hint: 'phone' },
      ]);
      expect(threads.find((t) => t.locator === 'chat:2')!.app).toBe('sms');

      const m1 = byLoc(drafts, 'message:1');
      expect(m1.direction).toBe('incoming');
      expect(m1.body).toBe('Cześć, gdzie jesteś?');
      expect(m1.sentAt).toEqual({ value: cocoaNanos(T0), encoding: 'cocoa-ns' });
      expect(m1.readAt).toEqual({ value: cocoaSecondsInt(T0 + 60_000), encoding: 'cocoa-s' });
      expect(decodeTime(m1.sentAt!.value, m1.sentAt!.encoding).ms).toBe(T0);
      expect(decodeTime(m1.readAt!.value, m1.readAt!.encoding).ms).toBe(T0 + 60_000);
      expect(m1.sender).toEqual({ value: '+447700900123', hint: 'phone' });
      expect(m1.threadRef).toBe('chat:1');
      expect(m1.status).toBe('read');

      const m2 = byLoc(drafts, 'message:2');
      expect(m2.direction).toBe('outgoing');
      expect(m2.body).toBe('On my way 🚗');
      expect(m2.flags).toContain('text-from-attributed-body');
      expect(m2.raw?.attributedBody).toBeInstanceOf(Uint8Array);
      expect(m2.status).toBe('delivered');
      expect(m2.receivedAt).toEqual({ value: cocoaNanos(T0 + 62_000), encoding: 'cocoa-ns' });
      expect(m2.recipients).toEqual([{ value: '+447700900123', hint: 'phone' }]);

      const m3 = byLoc(drafts, 'message:3');
      expect(m3.app).toBe('sms');
      expect(m3.type).toBe('sms');
      expect(m3.status).toBe('unread');
      expect(m3.readAt).toBeNull();

      const m4 = byLoc(drafts, 'message:4');
      expect(m4.body).toBe('group hello');
      expect(m4.sender).toEqual({ value: 'friend@example.org', hint: 'email' });
      expect(m4.threadRef).toBe('chat:3');

      const m5 = byLoc(drafts, 'message:5');
      expect(m5.body).toBeNull();
      expect(m5.raw?.text).toBe('\ufffc');
      expect(m5.recipients).toHaveLength(3);
      const media = drafts.find((d): d is DraftMedia => d.kind === 'media')!;
      expect(media.messageRef).toBe('message:5');
      expect(media.filename).toBe('IMG_0001.JPG');
      expect(media.mime).toBe('image/jpeg');
      expect(media.size).toBe(2048);
      expect(media.path).toMatch(
        /^\/private\/var\/mobile\/Library\/SMS\/Attachments\/.+\/IMG_0001\.JPG$/,
      );

      const m6 = byLoc(drafts, 'message:6');
      expect(m6.type).toBe('group-event');
      expect(m6.body).toBeNull();

      expect(byLoc(drafts, 'message:8').recovery).toBe('wal-only');
      expect(msgs(drafts).filter((m) => m.recovery === 'wal-only')).toHaveLength(1);
      expect(msgs(drafts).some((m) => m.locator === 'message:7')).toBe(false);

      const info = drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
      expect(info.identifiers).toEqual([{ value: OWN, hint: 'phone', role: 'owner' }]);
    },
  },
]);

describe('ios-sms deletion evidence', () => {
  it('records the deleted message GUID and the ROWID gap it left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sms-'));
    try {
      const run = await runParser(iosSmsParser, build(dir));
      const deleted = run.warnings.filter((w) => w.startsWith('DELETED_RECORD'));
      expect(deleted).toHaveLength(2);
      expect(deleted[0]).toMatch(
        /^DELETED_RECORD @ sync_deleted_messages:1: message [0-9A-F-]{36} was deleted/,
      );
      expect(deleted[1]).toBe(
        'DELETED_RECORD @ message: 1 message ROWIDs between 1 and 8 are absent (deleted, or never stored on this device)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns (and keeps the row) when an attributedBody cannot be decoded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sms-'));
    try {
      const p = join(dir, 'sms.db');
      const data = smsFixture();
      writeIosSms(p, {
        ...data,
        messages: data.messages.slice(0, 1),
        deletedMessages: [],
        walOnlyMessages: [],
      });
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(p);
      db.prepare(
        "UPDATE message SET text = NULL, attributedBody = X'040b73747265616d7479706564' WHERE ROWID = 1",
      ).run();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const run = await runParser(iosSmsParser, p);
      const m = byLoc(run.drafts, 'message:1');
      expect(m.body).toBeNull();
      expect(m.flags).toEqual(['attributed-body-undecodable']);
      expect(run.warnings[0]).toMatch(
        /^PARSE_ERROR @ message:1: attributedBody is not a readable typedstream/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const MAGNET = corpusPath('magnet-ctf2020-ios/private/var/mobile/Library/SMS/sms.db');

describe('ios-sms on the public Magnet CTF 2020 iPhone sms.db', () => {
  it.skipIf(!MAGNET)(
    'reads 105 messages in 7 chats, 51 from me, with mixed ns/s times',
    async () => {
      const run = await runParser(iosSmsParser, MAGNET!, { region: 'US' });
      const m = msgs(run.drafts);
      expect(m).toHaveLength(105);
      expect(run.drafts.filter((d) => d.kind === 'thread')).toHaveLength(7);
      expect(m.filter((x) => x.direction === 'outgoing')).toHaveLength(51);
      expect(m.filter((x) => x.direction === 'incoming')).toHaveLength(54);
      expect(m.filter((x) => x.app === 'imessage')).toHaveLength(49);
      expect(m.filter((x) => x.app === 'sms')).toHaveLength(56);
      expect(run.drafts.filter((d) => d.kind === 'media')).toHaveLength(7);
      // message 12: date in ns, date_read in s, in one row
      const m12 = byLoc(run.drafts, 'message:12');
      expect(m12.sentAt).toEqual({ value: 599079037641931008n, encoding: 'cocoa-ns' });
      expect(m12.readAt).toEqual({ value: 599597752n, encoding: 'cocoa-s' });
      expect(new Date(decodeTime(599079037641931008n, 'cocoa-ns').ms!).toISOString()).toBe(
        '2019-12-26T18:50:37.641Z',
      );
      expect(byLoc(run.drafts, 'message:62').body).toBe('Thxs ');
      expect(byLoc(run.drafts, 'message:12').sender).toEqual({ value: '22000', hint: 'phone' });
      // the text column is present on every row here; none needed the attributedBody
      expect(m.filter((x) => x.flags?.includes('text-from-attributed-body'))).toHaveLength(0);
      const info = run.drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
      expect(info.identifiers).toEqual([{ value: '+15186537460', hint: 'phone', role: 'owner' }]);
      const deleted = run.warnings.filter((w) => w.startsWith('DELETED_RECORD'));
      expect(deleted).toEqual([
        'DELETED_RECORD @ sync_deleted_messages:148: message 4A34B887-E3CC-6396-73D4-26B5A1F25DA6 was deleted on the device; only its GUID remains',
        'DELETED_RECORD @ sync_deleted_messages:149: message C1371F00-CBD8-9790-800E-1F1EE8734D26 was deleted on the device; only its GUID remains',
        'DELETED_RECORD @ message: 138 message ROWIDs between 12 and 254 are absent (deleted, or never stored on this device)',
      ]);
    },
  );

  it.skipIf(!MAGNET)('every attributedBody decodes to the text column', async () => {
    const Database = (await import('better-sqlite3')).default;
    const { attributedStringBytes } = await import('./typedstream.js');
    const { ScratchSpace } = await import('../../../evidence/scratch-space.js');
    const { EvidenceDb } = await import('../../../evidence/evidence-sqlite.js');
    const { evidenceFiles } = await import('../../../testkit/run-parser.js');
    void Database;
    const scratch = new ScratchSpace();
    try {
      const db = await EvidenceDb.open(evidenceFiles(MAGNET!)[0]!, scratch);
      let n = 0;
      for (const r of db.iterate('SELECT text, attributedBody FROM message')) {
        expect(
          Buffer.from(attributedStringBytes(r.attributedBody as Uint8Array)).toString('utf8'),
        ).toBe(r.text);
        n++;
      }
      db.close();
      expect(n).toBe(105);
    } finally {
      scratch.dispose();
    }
  });

  it.skipIf(!MAGNET)('ingests end to end through the runner, source unchanged', async () => {
    const t = await tempCase();
    const before = (await sha256File(MAGNET!)).sha256;
    try {
      const r = await ingest(t.store, {
        caseRef: 'TEST-1',
        inputs: [MAGNET!],
        toolVersion: 'test',
        region: 'US',
      });
      const s = r.sources.find((x) => x.path === 'sms.db')!;
      expect(s.status).toBe('parsed');
      expect(s.parser).toBe('ios-sms@1.0.0');
      expect(s.counts).toEqual({ threads: 7, messages: 105, media: 7, 'device-info': 1 });
      expect(s.anomalies.filter((a) => a.startsWith('DELETED_RECORD'))).toHaveLength(3);
      const n = await t.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('direction', '=', 'outgoing')
        .executeTakeFirst();
      expect(Number(n?.n)).toBe(51);
      const owner = await t.store.db
        .selectFrom('device_identifiers')
        .select(['key', 'role'])
        .execute();
      expect(owner).toEqual([{ key: 'phone:+15186537460', role: 'owner' }]);
    } finally {
      await t.cleanup();
    }
    expect((await sha256File(MAGNET!)).sha256).toBe(before);
  });
  if (!MAGNET)
    it('public corpus absent: Magnet CTF 2020 sms.db checks skipped', () =>
      expect(MAGNET).toBeNull());
});

describe('ios-sms end to end on a generated device', () => {
  it('ingests the generated sms.db with WAL into the store with exact counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sms-e2e-'));
    const t = await tempCase();
    try {
      build(dir);
      const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [dir], toolVersion: 'test' });
      const s = r.sources.find((x) => x.path.endsWith('/sms.db'))!;
      expect(s.status).toBe('parsed');
      expect(s.counts).toEqual({ threads: 3, messages: 7, media: 1, 'device-info': 1 });
      expect(r.sources.find((x) => x.path.endsWith('sms.db-wal'))!.status).toBe('companion');
      const rows = await t.store.db
        .selectFrom('messages')
        .select(['locator', 'body', 'recovery', 'sent_enc', 'sent_raw', 'sent_at'])
        .orderBy('locator')
        .execute();
      expect(rows.map((x) => x.locator)).toEqual([
        'message:1',
        'message:2',
        'message:3',
        'message:4',
        'message:5',
        'message:6',
        'message:8',
      ]);
      const m2 = rows.find((x) => x.locator === 'message:2')!;
      expect(m2.body).toBe('On my way 🚗');
      expect(m2.sent_enc).toBe('cocoa-ns');
      expect(m2.sent_raw).toBe(String(cocoaNanos(T0 + 61_000)));
      expect(Number(m2.sent_at)).toBe(T0 + 61_000);
      expect(rows.find((x) => x.locator === 'message:8')!.recovery).toBe('wal-only');
      const hits = await t.store.db
        .selectFrom('threads')
        .select(['name', 'is_group'])
        .where('is_group', '=', 1)
        .execute();
      expect(hits).toEqual([{ name: 'Lads', is_group: 1 }]);
    } finally {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ios-sms property', () => {
  const COLS = [
    'guid',
    'text',
    'attributedBody',
    'handle_id',
    'service',
    'account',
    'date',
    'date_read',
    'date_delivered',
    'is_from_me',
    'item_type',
    'associated_message_type',
    'cache_has_attachments',
  ];
  it('arbitrary message, handle and chat cells parse or raise AppError within the bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRow(COLS), { minLength: 1, maxLength: 4 }),
        fc.array(arbRow(['id', 'service']), { maxLength: 2 }),
        fc.array(arbRow(['chat_id', 'message_id']), { maxLength: 3 }),
        async (rows, handles, joins) => {
          const run = await parsesOrAppError(iosSmsParser, (dir) => {
            const p = join(dir, 'sms.db');
            const db = freshDb(p);
            db.pragma('foreign_keys = OFF');
            db.pragma('synchronous = OFF');
            // the real tables, without NOT NULL (which would refuse some values outright)
            db.exec(
              IOS_SMS_SCHEMA.split('\n')
                .filter((l) => l.startsWith('CREATE TABLE'))
                .map((l) => l.replace(/ NOT NULL/g, ''))
                .join('\n'),
            );
            const ins = (table: string, cols: string[], r: Record<string, unknown>) =>
              db
                .prepare(
                  `INSERT OR IGNORE INTO ${table}(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
                )
                .run(...cols.map((c) => bindable(r[c])));
            for (const r of rows) ins('message', COLS, r);
            for (const h of handles) ins('handle', ['id', 'service'], h);
            for (const j of joins) ins('chat_message_join', ['chat_id', 'message_id'], j);
            db.prepare(
              "INSERT INTO chat(guid, style, chat_identifier, service_name) VALUES ('g', 45, '+447700900123', 'SMS')",
            ).run();
            db.close();
            return p;
          });
          if (run) expect(run.drafts.filter((d) => d.kind === 'thread')).toHaveLength(1);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: Number(process.env.FUZZ_SEED ?? 11) },
    );
  }, 120_000);
});
