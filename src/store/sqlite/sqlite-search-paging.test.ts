// Search plans and keyset paging: every plan (join, FTS-membership walk of the time index, no
// text) returns the same hits in the same order, pages never repeat or skip, undated messages are
// included, relevance gives way to time order when too many match, and counts are exact or capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SqliteStore } from './sqlite-store.js';
import { createCase } from '../queries/cases.js';
import { ingest } from '../../ingest/runner.js';
import { writeAndroidMmssms } from '../../generator/writers/android-mmssms.js';
import type { SearchQuery, SearchHit } from '../store.js';

const N = 600;
let dir: string;
let file: string;
let caseId: string;
let plain: SqliteStore;
let lowThresholds: SqliteStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-paging-'));
  file = join(dir, 'store', 'threadline.db');
  plain = new SqliteStore({ file });
  await plain.migrate();
  caseId = (await createCase(plain, { ref: 'PAGING' })).id;
  const db = join(dir, 'ev', 'mmssms.db');
  writeAndroidMmssms(db, {
    threads: [{ id: 1, addresses: ['+447700900101'] }],
    sms: Array.from({ length: N }, (_, i) => ({
      id: i + 1,
      threadId: 1,
      address: '+447700900101',
      // several messages share each time (ties broken by seq)
      dateMs: 1_700_000_000_000 + Math.floor(i / 3) * 60_000,
      type: (i % 2 ? 1 : 2) as 1 | 2,
      body: `${i % 4 === 0 ? 'parcel' : 'hello'} item ${i}`,
    })),
  });
  await ingest(plain, { caseRef: 'PAGING', inputs: [db], toolVersion: 'test' });
  // some messages without a usable time (as when a timestamp cannot be decoded)
  plain.conn
    .prepare(
      "UPDATE messages SET sent_at = NULL WHERE CAST(substr(body, instr(body, 'item ') + 5) AS INTEGER) % 100 = 48",
    )
    .run();
  lowThresholds = new SqliteStore({ file, searchPlan: { rankLimit: 100, membershipFrom: 10 } });
});
afterAll(async () => {
  await plain.close();
  await lowThresholds.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pageAll(store: SqliteStore, q: SearchQuery, limit: number): Promise<SearchHit[]> {
  const out: SearchHit[] = [];
  let after: SearchQuery['after'];
  for (let i = 0; i < 1000; i++) {
    const page = await store.searchMessages(caseId, { ...q, limit, after });
    out.push(...page.hits);
    const last = page.hits.at(-1);
    if (!page.more || !last) return out;
    after = { sentAt: last.sentAt, seq: last.seq };
  }
  throw new Error('paging did not end');
}

describe('SQLite search paging', () => {
  it('gives identical hits in every plan, newest and oldest, page by page', async () => {
    for (const sort of ['newest', 'oldest'] as const) {
      const q = { text: 'parcel', sort };
      const oneGo = (await plain.searchMessages(caseId, { ...q, limit: 500 })).hits;
      expect(oneGo).toHaveLength(N / 4);
      const joinPlan = await pageAll(plain, q, 17);
      const walkPlan = await pageAll(lowThresholds, q, 17);
      expect(joinPlan.map((h) => h.id)).toEqual(oneGo.map((h) => h.id));
      expect(walkPlan.map((h) => h.id)).toEqual(oneGo.map((h) => h.id));
      // the walk plan highlights its page too
      expect(walkPlan[0]!.bodyHighlight).toMatch(/^\u0002parcel\u0003 item \d+$/);
      // ordered by (time, seq), undated last when newest first and first when oldest first
      const undated = oneGo.filter((h) => h.sentAt === null).length;
      expect(undated).toBe(6);
      if (sort === 'newest')
        expect(oneGo.slice(-undated).every((h) => h.sentAt === null)).toBe(true);
      else expect(oneGo.slice(0, undated).every((h) => h.sentAt === null)).toBe(true);
      const dated = oneGo.filter((h) => h.sentAt !== null);
      for (let i = 1; i < dated.length; i++) {
        const [a, b] = [dated[i - 1]!, dated[i]!];
        const cmp = a.sentAt! - b.sentAt! || a.seq - b.seq;
        expect(sort === 'newest' ? cmp > 0 : cmp < 0).toBe(true);
      }
    }
  });

  it('pages all messages without text by time, with filters', async () => {
    const all = await pageAll(plain, { text: '', sort: 'oldest' }, 64);
    expect(all).toHaveLength(N);
    expect(new Set(all.map((h) => h.id)).size).toBe(N);
    const incoming = await pageAll(plain, { text: '', direction: 'incoming', sort: 'newest' }, 50);
    expect(incoming).toHaveLength(N / 2);
    expect(incoming.every((h) => h.direction === 'incoming')).toBe(true);
  });

  it('falls back from relevance to time order when too many match to rank', async () => {
    const ranked = await lowThresholds.searchMessages(caseId, { text: 'item', limit: 5 });
    expect(ranked.sort).toBe('newest');
    expect(ranked.total).toBe(N);
    const few = await lowThresholds.searchMessages(caseId, { text: 'parcel item 4', limit: 5 });
    expect(few.sort).toBe('relevance');
  });

  it('counts matches exactly below the cap and reports the cap above it', async () => {
    expect(await plain.countMessages(caseId, { text: 'parcel' })).toEqual({
      count: N / 4,
      capped: false,
    });
    expect(await plain.countMessages(caseId, { text: 'parcel', direction: 'outgoing' })).toEqual({
      count: N / 4,
      capped: false,
    });
    expect(await plain.countMessages(caseId, { text: 'hello', direction: 'outgoing' })).toEqual({
      count: N / 4,
      capped: false,
    });
    expect(await plain.countMessages(caseId, { text: '' }, 100)).toEqual({
      count: 100,
      capped: true,
    });
    const lastSeq = Math.max(...(await pageAll(plain, { text: '' }, 500)).map((h) => h.seq));
    expect(await plain.countMessages(caseId, { text: 'item', minSeq: lastSeq - 10 })).toEqual({
      count: 10,
      capped: false,
    });
  });
});
