// Android calllog.db: generated fixtures (every call type, video, withheld, deleted, WAL-only),
// the public Andriller sample, arbitrary cell values, and end to end through the runner.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { androidCalllogParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import {
  CALLS_TABLE_SQL,
  writeAndroidCalllog,
  type CalllogRow,
} from '../../../generator/writers/android-calllog.js';
import type { DraftCall, DraftDeviceInfo } from '../../../model/entities.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import { corpusPath } from '../../../testkit/corpus.js';

const T0 = Date.UTC(2024, 5, 1, 18, 30, 0);
const LINE = { phoneAccountAddress: '+447700900100', subscriptionId: '8944110068162711902F' };

const ROWS: CalllogRow[] = [
  { id: 1, number: '07700 900101', dateMs: T0, durationS: 95, type: 1, name: 'Ana', ...LINE },
  { id: 2, number: '+447700900102', dateMs: T0 + 60_000, durationS: 312, type: 2, ...LINE },
  { id: 3, number: '+447700900103', dateMs: T0 + 120_000, durationS: 0, type: 3, ...LINE },
  { id: 4, number: '+447700900104', dateMs: T0 + 180_000, durationS: 0, type: 4, ...LINE },
  { id: 5, number: '+447700900105', dateMs: T0 + 240_000, durationS: 0, type: 5, ...LINE },
  { id: 6, number: '+447700900106', dateMs: T0 + 300_000, durationS: 0, type: 6, ...LINE },
  { id: 7, number: '', dateMs: T0 + 360_000, durationS: 41, type: 1, presentation: 2, ...LINE },
  { id: 8, number: '+447700900102', dateMs: T0 + 420_000, durationS: 0, type: 2, ...LINE },
  {
    id: 9,
    number: '+447700900102',
    dateMs: T0 + 480_000,
    durationS: 61,
    type: 2,
    video: true,
    deleted: true,
    ...LINE,
  },
];
const WAL_ONLY: CalllogRow[] = [
  { id: 10, number: '+447700900107', dateMs: T0 + 540_000, durationS: 12, type: 1, ...LINE },
];

function build(dir: string): string {
  const p = join(dir, 'calllog.db');
  writeAndroidCalllog(p, { calls: ROWS, walOnly: WAL_ONLY });
  return p;
}

function call(drafts: readonly unknown[], id: number): DraftCall {
  const c = (drafts as DraftCall[]).find((d) => d.kind === 'call' && d.locator === `calls:${id}`);
  if (!c) throw new Error(`no call ${id}`);
  return c;
}

describeParserContract(androidCalllogParser, [
  {
    name: 'generated calllog.db with WAL-only row',
    build,
    expect: { call: 10, 'device-info': 1 },
    check(drafts) {
      const c1 = call(drafts, 1);
      expect(c1.direction).toBe('incoming');
      expect(c1.status).toBe('answered');
      expect(c1.startedAt).toEqual({ value: BigInt(T0), encoding: 'unix-ms' });
      expect(c1.durationS).toBe(95);
      expect(c1.caller).toEqual({ value: '07700 900101', hint: 'phone', name: 'Ana' });
      expect(c1.callees).toEqual(['owner']);
      expect(c1.raw).toMatchObject({ number: '07700 900101', type: 1n, countryiso: 'GB' });
      const c2 = call(drafts, 2);
      expect(c2.direction).toBe('outgoing');
      expect(c2.caller).toBe('owner');
      expect(c2.callees).toEqual([{ value: '+447700900102', hint: 'phone' }]);
      expect(c2.status).toBe('answered');
      expect(call(drafts, 3)).toMatchObject({ direction: 'incoming', status: 'missed' });
      expect(call(drafts, 4)).toMatchObject({ direction: 'incoming', status: 'voicemail' });
      expect(call(drafts, 5)).toMatchObject({ direction: 'incoming', status: 'rejected' });
      expect(call(drafts, 6)).toMatchObject({ direction: 'incoming', status: 'blocked' });
      const withheld = call(drafts, 7);
      expect(withheld.caller).toBeNull();
      expect(withheld.flags).toEqual(['presentation-restricted']);
      // an outgoing call with no duration is not proven answered
      expect(call(drafts, 8).status).toBe('unknown');
      const deleted = call(drafts, 9);
      expect(deleted).toMatchObject({ video: true, deleted: true, recovery: 'deleted-flag' });
      expect(call(drafts, 10).recovery).toBe('wal-only');
      expect(call(drafts, 1).recovery).toBe('live');
      const line = drafts.find((d) => d.kind === 'device-info') as DraftDeviceInfo;
      expect(line.identifiers).toEqual([
        { value: '+447700900100', hint: 'phone', role: 'owner' },
        { value: '8944110068162711902F', hint: 'iccid', role: 'iccid' },
      ]);
    },
  },
]);

const ANDRILLER = corpusPath('andriller/data/com.android.providers.contacts/db/calllog.db');

describe('android-calllog on the public Andriller sample', () => {
  it.skipIf(!ANDRILLER)('reads exactly 1 outgoing call to +441234567890', async () => {
    const run = await runParser(androidCalllogParser, ANDRILLER!);
    const calls = run.drafts.filter((d): d is DraftCall => d.kind === 'call');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.direction).toBe('outgoing');
    expect(calls[0]!.callees).toEqual([
      { value: '+441234567890', hint: 'phone', name: 'Samuel Vimes' },
    ]);
    expect(calls[0]!.startedAt).toEqual({ value: 1588858433593n, encoding: 'unix-ms' });
    expect(run.bid).toBeGreaterThanOrEqual(80);
  });
  if (!ANDRILLER)
    it('public corpus absent: Andriller calllog.db check skipped', () =>
      expect(ANDRILLER).toBeNull());
});

describe('android-calllog on arbitrary cell values', () => {
  const COLS = [
    'number',
    'presentation',
    'date',
    'duration',
    'type',
    'features',
    'name',
    'phone_account_address',
    'subscription_id',
    'deleted',
  ];
  it('parses or raises a typed error within 5 s for any row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow(COLS), { minLength: 1, maxLength: 4 }), async (rows) => {
        const run = await parsesOrAppError(androidCalllogParser, (dir) => {
          const p = join(dir, 'calllog.db');
          const db = freshDb(p);
          // the real schema, minus NOT NULL constraints that would refuse some values outright
          db.exec(CALLS_TABLE_SQL.replace(/ NOT NULL/g, ''));
          db.exec('CREATE TABLE android_metadata (locale TEXT)');
          const ins = db.prepare(
            `INSERT INTO calls(${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`,
          );
          for (const r of rows) ins.run(...COLS.map((c) => bindable(r[c])));
          db.close();
          return p;
        });
        if (run) expect(run.drafts.filter((d) => d.kind === 'call')).toHaveLength(rows.length);
      }),
      { numRuns: 30 },
    );
  });
});

describe('android-calllog end to end through the runner', () => {
  it('stores every call with deterministic ids and right stats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-calllog-e2e-'));
    try {
      const root = join(dir, 'extraction');
      writeAndroidCalllog(
        join(root, 'data/data/com.android.providers.contacts/databases/calllog.db'),
        { calls: ROWS, walOnly: WAL_ONLY },
      );
      const e2e = await ingestTwice([root]);
      const src = e2e.result.sources.find((s) => s.path.endsWith('calllog.db'))!;
      expect(src.status).toBe('parsed');
      expect(src.parser).toBe('android-calllog@1.0.0');
      expect(src.counts).toEqual({ calls: 10, 'device-info': 1 });
      expect(e2e.stats.totals.calls).toBe(10);
      expect(e2e.ids.calls).toHaveLength(10);
      expect(e2e.idsAgain.calls).toEqual(e2e.ids.calls);
      const first = e2e.rows.calls!.find((r) => r.locator === 'calls:1')!;
      expect(first).toMatchObject({
        direction: 'incoming',
        status: 'answered',
        started_at: T0,
        started_raw: String(T0),
        started_enc: 'unix-ms',
        duration_s: 95,
        counterpart: 'phone:+447700900101',
      });
      expect(e2e.rows.calls!.find((r) => r.locator === 'calls:10')!.recovery).toBe('wal-only');
      expect(e2e.rows.device_identifiers!.map((r) => [r.key, r.role])).toEqual([
        ['phone:+447700900100', 'owner'],
        ['iccid:8944110068162711902', 'iccid'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('android-calllog bidding', () => {
  it('bids 0 on an unrelated database that happens to have a calls table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-calllog-bid-'));
    try {
      const p = join(dir, 'other.db');
      const db = freshDb(p);
      db.exec('CREATE TABLE calls (id INTEGER, who TEXT)');
      db.close();
      const run = await runParser(androidCalllogParser, p);
      expect(run.bid).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
