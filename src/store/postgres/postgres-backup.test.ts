// Backup and restore as docs/deployment.md describes them: pg_dump (custom format) of a store
// holding an ingested case, pg_restore into a new database, and the restored store migrates as a
// no-op, passes its integrity check, searches, and exports byte for byte as the original.
// Skipped when PostgreSQL or the pg_dump/pg_restore binaries are missing.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { pgUnavailableReason, tempPgDatabase, tempPgStore } from '../../testkit/temp-pg.js';
import { PostgresStore } from './postgres-store.js';
import { createCase } from '../queries/cases.js';
import { ingest } from '../../ingest/runner.js';
import { writeAndroidMmssms } from '../../generator/writers/android-mmssms.js';
import { writeCanonicalExport } from '../../report/canonical-export.js';
import type { Store } from '../store.js';

const binaries = ['pg_dump', 'pg_restore'].filter(
  (b) => spawnSync(b, ['--version'], { encoding: 'utf8' }).status !== 0,
);
const skip =
  (await pgUnavailableReason()) ?? (binaries.length ? `missing ${binaries.join(', ')}` : null);
if (skip) console.warn(`[skip] PostgreSQL backup and restore: ${skip}`);

async function exportText(store: Store, caseId: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCanonicalExport(store, caseId, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe.skipIf(!!skip)('PostgreSQL backup and restore', () => {
  it('restores a pg_dump into a new database that works exactly as the original', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-pg-backup-'));
    const src = await tempPgStore();
    const dst = await tempPgDatabase();
    try {
      const kase = await createCase(src.store, { ref: 'BACKUP-1', createdAt: 0 });
      const db = join(dir, 'mmssms.db');
      writeAndroidMmssms(db, {
        threads: [{ id: 1, addresses: ['+447700900101'] }],
        sms: Array.from({ length: 200 }, (_, i) => ({
          id: i + 1,
          threadId: 1,
          address: '+447700900101',
          dateMs: 1_700_000_000_000 + i * 1000,
          type: (i % 2 ? 1 : 2) as 1 | 2,
          body: i % 10 ? `ordinary message ${i}` : `the parcel is ready ${i}`,
        })),
      });
      await ingest(src.store, { caseRef: 'BACKUP-1', inputs: [db], toolVersion: 'test' });
      const dump = join(dir, 'threadline.dump');
      const d = spawnSync('pg_dump', ['--format=custom', '--file', dump, src.db.url], {
        encoding: 'utf8',
      });
      expect(d.stderr).toBe('');
      expect(d.status).toBe(0);
      expect(statSync(dump).size).toBeGreaterThan(1000);
      const r = spawnSync(
        'pg_restore',
        ['--no-owner', '--exit-on-error', '--dbname', dst.url, dump],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const restored = new PostgresStore({ url: dst.url });
      try {
        await restored.migrate();
        expect(await restored.checkIntegrity()).toEqual([]);
        const hits = await restored.searchMessages(kase.id, { text: 'parcel', limit: 100 });
        expect(hits.hits).toHaveLength(20);
        expect(await exportText(restored, kase.id)).toBe(await exportText(src.store, kase.id));
        // new messages still get fresh sequence numbers after a restore
        const db2 = join(dir, 'second', 'mmssms.db');
        writeAndroidMmssms(db2, {
          threads: [{ id: 1, addresses: ['+447700900102'] }],
          sms: Array.from({ length: 5 }, (_, i) => ({
            id: i + 1,
            threadId: 1,
            address: '+447700900102',
            dateMs: 1_800_000_000_000 + i,
            type: 1 as const,
            body: `another parcel ${i}`,
          })),
        });
        await ingest(restored, { caseRef: 'BACKUP-1', inputs: [db2], toolVersion: 'test' });
        expect((await restored.countMessages(kase.id, { text: 'parcel' })).count).toBe(25);
      } finally {
        await restored.close();
      }
    } finally {
      await src.cleanup();
      await dst.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
