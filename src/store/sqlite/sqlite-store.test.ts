// The embedded store: durability pragmas on every connection, migrations idempotent, FTS search
// semantics (phrases, prefixes, diacritics, filters), translations searchable once indexed.
import { afterEach, describe, expect, it } from 'vitest';
import { tempCase } from '../../testkit/temp-store.js';
import { readStorePragmas, openStoreConnection } from './sqlite-connection.js';
import { SqliteBulkWriter } from './sqlite-bulk-writer.js';
import { ingest } from '../../ingest/runner.js';
import { writeAndroidMmssms } from '../../generator/writers/android-mmssms.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { toFts5, parseSearchText } from '../fts-query.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('SQLite store', () => {
  it('opens every connection with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const t = await tempCase();
    cleanups.push(t.cleanup);
    expect(readStorePragmas(t.store.conn)).toEqual({
      journal_mode: 'wal',
      synchronous: 2,
      foreign_keys: 1,
      busy_timeout: 30000,
    });
    const w = new SqliteBulkWriter(t.file);
    expect(
      readStorePragmas((w as unknown as { conn: ReturnType<typeof openStoreConnection> }).conn),
    ).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 30000 });
    await w.close();
    await t.store.migrate(); // idempotent
    expect(await t.store.checkIntegrity()).toEqual([]);
  });

  it('searches messages: words ANDed, phrases, prefixes, diacritics, filters, translations', async () => {
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const dir = mkdtempSync(join(tmpdir(), 'tl-search-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'mmssms.db');
    writeAndroidMmssms(db, {
      threads: [
        { id: 1, addresses: ['+447700900101'] },
        { id: 2, addresses: ['+447700900102'] },
      ],
      sms: [
        {
          id: 1,
          threadId: 1,
          address: '+447700900101',
          dateMs: 1000,
          type: 1,
          body: 'Spotkajmy się dziś wieczorem przy stacji',
        },
        {
          id: 2,
          threadId: 1,
          address: '+447700900101',
          dateMs: 2000,
          type: 2,
          body: 'meet me at the station tonight',
        },
        {
          id: 3,
          threadId: 2,
          address: '+447700900102',
          dateMs: 3000,
          type: 1,
          body: 'the station is closed',
        },
        {
          id: 4,
          threadId: 2,
          address: '+447700900102',
          dateMs: 4000,
          type: 1,
          body: 'Ne vedem la gară în seara asta',
        },
      ],
    });
    await ingest(t.store, { caseRef: 'TEST-1', inputs: [db], toolVersion: 'test' });
    const ids = async (text: string, extra = {}) =>
      (await t.store.searchMessages(t.kase.id, { text, ...extra })).hits.map((h) => h.body);
    expect(await ids('station')).toHaveLength(2);
    expect(await ids('station tonight')).toEqual(['meet me at the station tonight']);
    expect(await ids('"station is"')).toEqual(['the station is closed']);
    expect(await ids('stat*')).toHaveLength(2);
    expect(await ids('gara')).toEqual(['Ne vedem la gară în seara asta']); // diacritics folded
    expect(await ids('wieczorem')).toHaveLength(1);
    expect(await ids('station', { direction: 'outgoing' })).toEqual([
      'meet me at the station tonight',
    ]);
    expect(await ids('station', { party: 'phone:+447700900102' })).toEqual([
      'the station is closed',
    ]);
    expect(await ids('station', { sort: 'oldest' })).toEqual([
      'meet me at the station tonight',
      'the station is closed',
    ]);
    expect(await ids('', { sort: 'newest', limit: 2 })).toEqual([
      'Ne vedem la gară în seara asta',
      'the station is closed',
    ]);
    const hit = (await t.store.searchMessages(t.kase.id, { text: 'closed' })).hits[0]!;
    expect(hit.bodyHighlight).toBe('the station is \u0002closed\u0003');
    expect(await ids('"unbalanced quote')).toEqual([]);
    expect(await ids('OR AND NOT *')).toEqual([]);
    // a translation makes a foreign message findable in English
    const polish = (await t.store.searchMessages(t.kase.id, { text: 'wieczorem' })).hits[0]!;
    expect(await ids('evening')).toEqual([]);
    await t.store.indexTranslations([
      { messageId: polish.id, text: 'Let us meet this evening by the station' },
    ]);
    const found = (await t.store.searchMessages(t.kase.id, { text: 'evening' })).hits;
    expect(found.map((h) => h.id)).toEqual([polish.id]);
    expect(found[0]!.translationHighlight).toContain('\u0002evening\u0003');
    // case isolation
    expect((await t.store.searchMessages('case_other', { text: 'station' })).hits).toEqual([]);
  });

  it('turns typed text into a safe FTS5 expression', () => {
    expect(toFts5('meet tonight')).toBe('"meet" AND "tonight"');
    expect(toFts5('"meet me" food*')).toBe('"meet me" AND "food"*');
    expect(toFts5('a"b')).toBe('"ab"');
    expect(toFts5('   ')).toBeNull();
    expect(parseSearchText('+447700900123 a@example.org').terms.map((t) => t.text)).toEqual([
      '+447700900123',
      'a@example.org',
    ]);
  });
});
