// The contract every Store implementation passes (called from each dialect's own test file):
// migrations idempotent and complete, search semantics (words ANDed, phrases, prefixes, diacritics,
// filters, translations, highlights, case isolation), keyset paging and counts, bulk writes
// (transactions, duplicates, upserts, deletes, search index kept in step) and the integrity check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { SearchHit, SearchQuery, Store } from '../store/store.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';
import { ingest } from '../ingest/runner.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';

export interface StoreHarness {
  store: Store;
  /** Another store on the same database, with lowered search-plan thresholds. */
  withLowThresholds(): Promise<Store>;
  /** Damage the database behind the store's back in a way checkIntegrity must report. */
  corrupt(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface StoreContractOptions {
  /** A fresh, migrated, empty store. */
  make(): Promise<StoreHarness>;
  /** Skip the whole suite with this message. */
  skip?: string;
}

const SEARCH_SMS = [
  { id: 1, thread: 1, date: 1000, type: 1, body: 'Spotkajmy się dziś wieczorem przy stacji' },
  { id: 2, thread: 1, date: 2000, type: 2, body: 'meet me at the station tonight' },
  { id: 3, thread: 2, date: 3000, type: 1, body: 'the station is closed' },
  { id: 4, thread: 2, date: 4000, type: 1, body: 'Ne vedem la gară în seara asta' },
  { id: 5, thread: 2, date: 5000, type: 2, body: 'Mail a@example.org or ring +447700900102' },
] as const;

async function ingestSms(
  store: Store,
  ref: string,
  sms: ReadonlyArray<{ id: number; thread: number; date: number; type: 1 | 2; body: string }>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-contract-'));
  try {
    const db = join(dir, 'mmssms.db');
    writeAndroidMmssms(db, {
      threads: [
        { id: 1, addresses: ['+447700900101'] },
        { id: 2, addresses: ['+447700900102'] },
      ],
      sms: sms.map((s) => ({
        id: s.id,
        threadId: s.thread,
        address: s.thread === 1 ? '+447700900101' : '+447700900102',
        dateMs: s.date,
        type: s.type,
        body: s.body,
      })),
    });
    await ingest(store, { caseRef: ref, inputs: [db], toolVersion: 'test' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function storeContract(name: string, o: StoreContractOptions): void {
  const title = `store contract: ${name}${o.skip ? ` (skipped: ${o.skip})` : ''}`;
  describe.skipIf(!!o.skip)(title, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0)) await c();
    });
    const fresh = async (ref = 'TEST-1'): Promise<StoreHarness & { kase: CaseRecord }> => {
      const h = await o.make();
      cleanups.push(h.cleanup);
      return { ...h, kase: await createCase(h.store, { ref, createdAt: 0 }) };
    };

    it('migrates idempotently, applies every migration and passes its integrity check', async () => {
      const h = await fresh();
      await h.store.migrate();
      await h.store.migrate();
      const applied = await h.store.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect((applied as Array<{ name: string }>).map((r) => r.name).sort()).toEqual(
        MIGRATIONS.map((m) => m.name).sort(),
      );
      expect(await h.store.checkIntegrity()).toEqual([]);
    });

    it('reports damage in its integrity check', async () => {
      const h = await fresh();
      await ingestSms(h.store, 'TEST-1', SEARCH_SMS);
      expect(await h.store.checkIntegrity()).toEqual([]);
      await h.corrupt();
      expect((await h.store.checkIntegrity()).length).toBeGreaterThan(0);
    });

    it('searches: words ANDed, phrases, prefixes, diacritics, filters, translations', async () => {
      const h = await fresh();
      const { store, kase } = h;
      await ingestSms(store, 'TEST-1', SEARCH_SMS);
      const bodies = async (text: string, extra: Partial<SearchQuery> = {}) =>
        (await store.searchMessages(kase.id, { text, ...extra })).hits.map((x) => x.body);
      expect(await bodies('station')).toHaveLength(2);
      expect(await bodies('STATION Tonight')).toEqual(['meet me at the station tonight']);
      expect(await bodies('"station is"')).toEqual(['the station is closed']);
      expect(await bodies('"is station"')).toEqual([]);
      expect(await bodies('stat*')).toHaveLength(2);
      expect(await bodies('stat')).toEqual([]);
      expect(await bodies('gara')).toEqual(['Ne vedem la gară în seara asta']); // diacritics folded
      expect(await bodies('gară')).toEqual(['Ne vedem la gară în seara asta']);
      expect(await bodies('wieczorem')).toHaveLength(1);
      expect(await bodies('a@example.org')).toEqual([SEARCH_SMS[4].body]);
      expect(await bodies('+447700900102')).toEqual([SEARCH_SMS[4].body]);
      expect(await bodies('example.o*')).toEqual([SEARCH_SMS[4].body]);
      expect(await bodies('station', { direction: 'outgoing' })).toEqual([
        'meet me at the station tonight',
      ]);
      expect(await bodies('station', { party: 'phone:+447700900102' })).toEqual([
        'the station is closed',
      ]);
      expect(await bodies('station', { sort: 'oldest' })).toEqual([
        'meet me at the station tonight',
        'the station is closed',
      ]);
      expect(await bodies('', { sort: 'newest', limit: 2 })).toEqual([
        SEARCH_SMS[4].body,
        'Ne vedem la gară în seara asta',
      ]);
      expect(await bodies('', { from: 2000, to: 4000, sort: 'oldest' })).toEqual([
        'meet me at the station tonight',
        'the station is closed',
      ]);
      const all = (await store.searchMessages(kase.id, { text: '' })).hits;
      const thread2 = all.find((x) => x.body === 'the station is closed')!.threadId!;
      expect(await bodies('', { threadId: thread2, sort: 'oldest' })).toEqual([
        'the station is closed',
        'Ne vedem la gară în seara asta',
        SEARCH_SMS[4].body,
      ]);
      const someIds = all.filter((x) => x.body?.includes('station')).map((x) => x.id);
      expect(await bodies('the', { messageIds: someIds, sort: 'oldest' })).toEqual([
        'meet me at the station tonight',
        'the station is closed',
      ]);
      const dev = all[0]!.deviceId;
      expect(await bodies('station', { deviceIds: [dev], apps: ['sms'] })).toHaveLength(2);
      expect(await bodies('station', { deviceIds: ['dev_other'] })).toEqual([]);
      expect(await bodies('station', { apps: ['whatsapp'] })).toEqual([]);
      const hit = (await store.searchMessages(kase.id, { text: 'closed' })).hits[0]!;
      expect(hit.bodyHighlight).toBe('the station is \u0002closed\u0003');
      const phrase = (await store.searchMessages(kase.id, { text: '"station is" clos*' })).hits[0]!;
      expect(phrase.bodyHighlight).toBe('the \u0002station is\u0003 \u0002closed\u0003');
      expect(await bodies('"unbalanced quote')).toEqual([]);
      expect(await bodies('OR AND NOT *')).toEqual([]);
      expect(await bodies("station' OR 1=1 --")).toEqual([]);
      // a translation makes a foreign message findable in English
      const polish = (await store.searchMessages(kase.id, { text: 'wieczorem' })).hits[0]!;
      expect(await bodies('evening')).toEqual([]);
      await store.indexTranslations([
        { messageId: polish.id, text: 'Let us meet this evening by the station' },
      ]);
      const found = (await store.searchMessages(kase.id, { text: 'evening' })).hits;
      expect(found.map((x) => x.id)).toEqual([polish.id]);
      expect(found[0]!.translationHighlight).toContain('\u0002evening\u0003');
      expect(found[0]!.bodyHighlight).toBe('Spotkajmy się dziś wieczorem przy stacji');
      // words of one term may come from the body and another's from the translation
      expect((await store.searchMessages(kase.id, { text: 'evening stacji' })).hits).toHaveLength(
        1,
      );
      expect(await bodies('station')).toHaveLength(3);
      // a phrase must sit within one text
      expect(await bodies('"stacji let"')).toEqual([]);
      // re-indexing replaces, null removes
      await store.indexTranslations([{ messageId: polish.id, text: 'See you tonight' }]);
      expect(await bodies('evening')).toEqual([]);
      expect(await bodies('tonight')).toHaveLength(2);
      await store.indexTranslations([{ messageId: polish.id, text: null }]);
      expect(await bodies('tonight')).toHaveLength(1);
      expect(await bodies('wieczorem')).toHaveLength(1);
      // case isolation
      expect((await store.searchMessages('case_other', { text: 'station' })).hits).toEqual([]);
      await createCase(store, { ref: 'TEST-2', createdAt: 0 });
      await ingestSms(store, 'TEST-2', [
        { id: 1, thread: 1, date: 1, type: 1, body: 'another station entirely' },
      ]);
      expect(await bodies('station')).toHaveLength(2);
      expect(await bodies('entirely')).toEqual([]);
      expect(await store.countMessages(kase.id, { text: 'station' })).toEqual({
        count: 2,
        capped: false,
      });
    });

    it('writes in bulk: transactions, duplicates ignored, upserts, deletes, index kept in step', async () => {
      const h = await fresh();
      const { store, kase } = h;
      await ingestSms(store, 'TEST-1', SEARCH_SMS.slice(0, 2));
      const [src] = await store.db.selectFrom('sources').selectAll().execute();
      const [dev] = await store.db.selectFrom('devices').selectAll().execute();
      const msg = (i: number, body: string | null) => ({
        id: `msg_bulk_${i}`,
        case_id: kase.id,
        device_id: dev!.id,
        thread_id: null,
        app: 'sms',
        direction: 'incoming',
        sent_at: 10_000 + i,
        sender: 'phone:+447700900199',
        recipients: '[]',
        counterpart: 'phone:+447700900199',
        body,
        source_id: src!.id,
        locator: `bulk:${i}`,
        parser: 'test',
      });
      const w = await store.openWriter();
      try {
        // rolled back: nothing stays, not even in the search index
        await w.begin();
        expect(w.inTransaction).toBe(true);
        await w.insert('messages', [msg(0, 'rolled back word zebra')]);
        await w.rollback();
        expect(w.inTransaction).toBe(false);
        expect((await store.searchMessages(kase.id, { text: 'zebra' })).hits).toEqual([]);
        // 12,000 rows in one transaction (several batches), duplicates ignored (a writer may
        // pipeline inserts, so it need not know how many rows each call added)
        const rows = Array.from({ length: 12_000 }, (_, i) =>
          msg(i, i % 1000 === 7 ? `needle number ${i}` : i % 2 ? null : `hay ${i}`),
        );
        await w.begin();
        await w.insert('messages', rows);
        await w.insert('messages', rows.slice(0, 10));
        await w.insert('messages', [msg(12_000, 'fresh one'), msg(12_000, 'dupe')]);
        await w.commit();
        expect(await store.countMessages(kase.id, { text: '', from: 10_000 }, 100_000)).toEqual({
          count: 12_001,
          capped: false,
        });
        const needles = await store.searchMessages(kase.id, {
          text: 'needle',
          sort: 'oldest',
          limit: 100,
        });
        expect(needles.hits.map((x) => x.body)).toEqual(
          Array.from({ length: 12 }, (_, k) => `needle number ${k * 1000 + 7}`),
        );
        expect((await store.searchMessages(kase.id, { text: 'fresh' })).hits).toHaveLength(1);
        expect((await store.searchMessages(kase.id, { text: 'dupe' })).hits).toHaveLength(0);
        // upsert: the last row for a key wins
        await w.upsert(
          'settings',
          [
            { key: 'a', value: '1' },
            { key: 'b', value: '2' },
            { key: 'a', value: '3' },
          ],
          ['key'],
        );
        await w.upsert('settings', [{ key: 'b', value: '4' }], ['key']);
        const settings = await store.db.selectFrom('settings').selectAll().orderBy('key').execute();
        expect(settings).toEqual([
          { key: 'a', value: '3' },
          { key: 'b', value: '4' },
        ]);
        expect(await w.deleteWhere('settings', 'key', 'a')).toBe(1);
        // deleting a source's items removes them from search too
        const n = await w.deleteSourceItems(src!.id);
        expect(n).toBeGreaterThanOrEqual(12_003);
        expect((await store.searchMessages(kase.id, { text: 'needle' })).hits).toEqual([]);
        expect((await store.searchMessages(kase.id, { text: 'station' })).hits).toEqual([]);
      } finally {
        await w.close();
      }
      // names are never spliced into SQL unchecked (a failed writer may refuse later calls)
      const bad = await store.openWriter();
      await expect(bad.deleteWhere('settings', 'key; DROP TABLE cases', 'a')).rejects.toThrow();
      await bad.close();
      const bad2 = await store.openWriter();
      await expect(bad2.upsert('settings; --' as never, [{ key: 'x' }], ['key'])).rejects.toThrow();
      await bad2.close();
      expect(await store.db.selectFrom('cases').select('id').execute()).toHaveLength(1);
      expect(await store.checkIntegrity()).toEqual([]);
    });

    describe('paging', () => {
      const N = 600;
      let h: StoreHarness;
      let low: Store;
      let caseId: string;
      beforeAll(async () => {
        h = await o.make();
        caseId = (await createCase(h.store, { ref: 'PAGING' })).id;
        await ingestSms(
          h.store,
          'PAGING',
          Array.from({ length: N }, (_, i) => ({
            id: i + 1,
            thread: 1,
            // several messages share each time (ties broken by seq)
            date: 1_700_000_000_000 + Math.floor(i / 3) * 60_000,
            type: (i % 2 ? 1 : 2) as 1 | 2,
            body: `${i % 4 === 0 ? 'parcel' : 'hello'} item ${i}`,
          })),
        );
        // some messages without a usable time (as when a timestamp cannot be decoded)
        const rows = await h.store.db.selectFrom('messages').select(['id', 'body']).execute();
        const undated = rows
          .filter((r) => Number(r.body!.split(' ')[2]) % 100 === 48)
          .map((r) => r.id);
        await h.store.db
          .updateTable('messages')
          .set({ sent_at: null })
          .where('id', 'in', undated)
          .execute();
        low = await h.withLowThresholds();
      });
      afterAll(async () => {
        await low?.close();
        await h?.cleanup();
      });

      async function pageAll(store: Store, q: SearchQuery, limit: number): Promise<SearchHit[]> {
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

      it('gives identical hits in every plan, newest and oldest, page by page', async () => {
        for (const sort of ['newest', 'oldest'] as const) {
          const q = { text: 'parcel', sort };
          const oneGo = (await h.store.searchMessages(caseId, { ...q, limit: 500 })).hits;
          expect(oneGo).toHaveLength(N / 4);
          const paged = await pageAll(h.store, q, 17);
          const pagedLow = await pageAll(low, q, 17);
          expect(paged.map((x) => x.id)).toEqual(oneGo.map((x) => x.id));
          expect(pagedLow.map((x) => x.id)).toEqual(oneGo.map((x) => x.id));
          expect(pagedLow[0]!.bodyHighlight).toMatch(/^\u0002parcel\u0003 item \d+$/);
          const undated = oneGo.filter((x) => x.sentAt === null).length;
          expect(undated).toBe(6);
          if (sort === 'newest')
            expect(oneGo.slice(-undated).every((x) => x.sentAt === null)).toBe(true);
          else expect(oneGo.slice(0, undated).every((x) => x.sentAt === null)).toBe(true);
          const dated = oneGo.filter((x) => x.sentAt !== null);
          for (let i = 1; i < dated.length; i++) {
            const [a, b] = [dated[i - 1]!, dated[i]!];
            const cmp = a.sentAt! - b.sentAt! || a.seq - b.seq;
            expect(sort === 'newest' ? cmp > 0 : cmp < 0).toBe(true);
          }
        }
      });

      it('pages all messages without text by time, with filters', async () => {
        const all = await pageAll(h.store, { text: '', sort: 'oldest' }, 64);
        expect(all).toHaveLength(N);
        expect(new Set(all.map((x) => x.id)).size).toBe(N);
        const incoming = await pageAll(
          h.store,
          { text: '', direction: 'incoming', sort: 'newest' },
          50,
        );
        expect(incoming).toHaveLength(N / 2);
        expect(incoming.every((x) => x.direction === 'incoming')).toBe(true);
      });

      it('pages relevance order by offset without repeats', async () => {
        const seen: string[] = [];
        for (let offset = 0; offset < N / 4; offset += 40) {
          const page = await h.store.searchMessages(caseId, {
            text: 'parcel',
            sort: 'relevance',
            limit: 40,
            offset,
          });
          expect(page.sort).toBe('relevance');
          seen.push(...page.hits.map((x) => x.id));
        }
        expect(seen).toHaveLength(N / 4);
        expect(new Set(seen).size).toBe(N / 4);
      });

      it('falls back from relevance to time order when too many match to rank', async () => {
        const ranked = await low.searchMessages(caseId, { text: 'item', limit: 5 });
        expect(ranked.sort).toBe('newest');
        expect(ranked.total).toBe(N);
        const few = await low.searchMessages(caseId, { text: 'parcel item 4', limit: 5 });
        expect(few.sort).toBe('relevance');
        expect(few.hits.map((x) => x.body)).toEqual(['parcel item 4']);
      });

      it('counts matches exactly below the cap and reports the cap above it', async () => {
        expect(await h.store.countMessages(caseId, { text: 'parcel' })).toEqual({
          count: N / 4,
          capped: false,
        });
        expect(
          await h.store.countMessages(caseId, { text: 'parcel', direction: 'outgoing' }),
        ).toEqual({ count: N / 4, capped: false });
        expect(
          await h.store.countMessages(caseId, { text: 'hello', direction: 'outgoing' }),
        ).toEqual({ count: N / 4, capped: false });
        expect(await h.store.countMessages(caseId, { text: '' }, 100)).toEqual({
          count: 100,
          capped: true,
        });
        const lastSeq = Math.max(...(await pageAll(h.store, { text: '' }, 500)).map((x) => x.seq));
        expect(await h.store.countMessages(caseId, { text: 'item', minSeq: lastSeq - 10 })).toEqual(
          { count: 10, capped: false },
        );
      });
    });
  });
}
