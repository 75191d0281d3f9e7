// End to end on PostgreSQL: the generator's case family (Operation Kestrel and the closed cases)
// ingested into PostgreSQL gives a canonical export byte-identical to the SQLite one, and the same
// search hits; skipped when no PostgreSQL is reachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { pgUnavailableReason, tempPgStore, type TempPgStore } from '../../testkit/temp-pg.js';
import { ingestGeneratedCases, kestrelCase, type KestrelCase } from '../../testkit/kestrel-case.js';
import { writeCanonicalExport } from '../../report/canonical-export.js';
import { findCase } from '../queries/cases.js';
import type { Store } from '../store.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] PostgreSQL Kestrel end to end: ${skip}`);

async function exportText(store: Store, caseId: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCanonicalExport(store, caseId, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe.skipIf(!!skip)('Kestrel on PostgreSQL', () => {
  let lite: KestrelCase;
  let pg: TempPgStore;
  let scratch: string;
  beforeAll(async () => {
    lite = await kestrelCase();
    pg = await tempPgStore();
    scratch = mkdtempSync(join(tmpdir(), 'tl-pg-kestrel-'));
    await ingestGeneratedCases(pg.store, lite.caseDir, lite.truth, scratch);
  }, 600_000);
  afterAll(async () => {
    await lite?.cleanup();
    await pg?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('exports every case byte for byte as SQLite does', async () => {
    for (const c of lite.truth.cases) {
      const a = (await findCase(lite.store, c.ref))!;
      const b = (await findCase(pg.store, c.ref))!;
      expect(b.id).toBe(a.id);
      const [x, y] = [await exportText(lite.store, a.id), await exportText(pg.store, b.id)];
      expect(x.split('\n').length).toBeGreaterThan(10);
      if (x !== y) {
        // show the first differing line rather than two huge strings
        const xs = x.split('\n');
        const ys = y.split('\n');
        const i = xs.findIndex((l, k) => l !== ys[k]);
        expect({ case: c.ref, line: i, pg: ys[i] }).toEqual({ case: c.ref, line: i, pg: xs[i] });
      }
      expect(y).toBe(x);
    }
  });

  it('finds the same messages in both stores', async () => {
    const caseId = lite.kase.id;
    const sample = await lite.store.db
      .selectFrom('messages')
      .select('body')
      .where('case_id', '=', caseId)
      .where('body', 'is not', null)
      .orderBy('id')
      .limit(40)
      .execute();
    const queries = new Set<string>();
    for (const m of sample) {
      const ws = m.body!.split(/\s+/).filter((w) => /^\p{L}{4,}$/u.test(w));
      if (ws[0]) queries.add(ws[0]);
      if (ws.length >= 2) queries.add(`"${ws[0]} ${ws[1]}"`);
      if (ws[1]) queries.add(`${ws[1]!.slice(0, 3)}*`);
    }
    expect(queries.size).toBeGreaterThan(10);
    for (const text of queries) {
      const q = { text, sort: 'oldest' as const, limit: 500 };
      const a = (await lite.store.searchMessages(caseId, q)).hits;
      const b = (await pg.store.searchMessages(caseId, q)).hits;
      expect(
        b.map((h) => [h.id, h.bodyHighlight]),
        text,
      ).toEqual(a.map((h) => [h.id, h.bodyHighlight]));
    }
  });
});
