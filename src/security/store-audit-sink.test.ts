// The store-backed audit log: entries chain by SHA-256; the triggers refuse UPDATE and DELETE; and
// when the database is edited behind the triggers' back, verification names the changed, deleted
// or reordered entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { StoreAuditSink } from './store-audit-sink.js';
import { GENESIS_HASH, auditHash } from './audit-chain.js';
import { manualClock } from './clock.js';

let t: TempStore;
let sink: StoreAuditSink;
const clock = manualClock(Date.UTC(2026, 10, 1, 9));

async function fill(n: number) {
  for (let i = 1; i <= n; i++) {
    clock.advance(1000);
    await sink.record({
      actor: i % 2 ? 'u_alice' : 'u_bob',
      action: i % 3 ? 'message.view' : 'search.query',
      caseId: i % 4 ? 'case_a' : 'case_b',
      objects: [`msg_${i}`],
      purpose: i % 3 ? null : 'charging review',
      outcome: 'success',
      details: { query: `term ${i}`, status: 200 },
      origin: '127.0.0.1',
    });
  }
}

/** Raw SQL on the file, as someone with the database file (not the app) could run it. */
function tamper(sqlText: string) {
  t.store.conn.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  t.store.conn.exec(sqlText);
}

beforeEach(async () => {
  t = await tempStore();
  sink = new StoreAuditSink(t.store, clock);
});
afterEach(async () => t.cleanup());

describe('StoreAuditSink', () => {
  it('chains every entry to the one before and verifies', async () => {
    await fill(10);
    const all = [];
    for await (const e of sink.entries(3)) all.push(e);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    for (const e of all) expect(auditHash(e)).toBe(e.hash);
    const r = await sink.verify();
    expect(r).toMatchObject({ ok: true, count: 10, headSeq: 10, headHash: all[9]!.hash });
    expect(r.problems).toEqual([]);
  });

  it('refuses UPDATE and DELETE through the triggers', async () => {
    await fill(3);
    expect(() => t.store.conn.exec(`UPDATE audit_log SET actor = 'x' WHERE seq = 2`)).toThrow(
      /append-only/,
    );
    expect(() => t.store.conn.exec(`DELETE FROM audit_log WHERE seq = 2`)).toThrow(/append-only/);
    expect((await sink.verify()).ok).toBe(true);
  });

  it('detects an edited entry, naming it', async () => {
    await fill(8);
    tamper(`UPDATE audit_log SET actor = 'u_mallory' WHERE seq = 5`);
    const r = await sink.verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 5, kind: 'hash-mismatch' })]);
  });

  it('detects an edited purpose or details field', async () => {
    await fill(6);
    tamper(`UPDATE audit_log SET details = '{"query":"innocent"}' WHERE seq = 3`);
    expect((await sink.verify()).problems.map((p) => [p.seq, p.kind])).toEqual([
      [3, 'hash-mismatch'],
    ]);
  });

  it('detects a deleted entry', async () => {
    await fill(8);
    tamper(`DELETE FROM audit_log WHERE seq = 4`);
    const r = await sink.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.seq, p.kind])).toEqual([
      [5, 'missing'],
      [5, 'broken-link'],
    ]);
  });

  it('detects a deleted entry even when the later ones are renumbered to close the gap', async () => {
    await fill(8);
    tamper(`DELETE FROM audit_log WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq > 4`);
    const r = await sink.verify();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ seq: 4, kind: 'broken-link' });
    expect(r.problems.some((p) => p.kind === 'hash-mismatch')).toBe(true);
  });

  it('detects reordered entries', async () => {
    await fill(8);
    // swap entries 3 and 6 by their sequence numbers
    tamper(
      `UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 6;` +
        ` UPDATE audit_log SET seq = 6 WHERE seq = -1;`,
    );
    const r = await sink.verify();
    expect(r.ok).toBe(false);
    const at = (seq: number) => r.problems.filter((p) => p.seq === seq).map((p) => p.kind);
    expect(at(3)).toEqual(['broken-link', 'hash-mismatch']);
    expect(at(6)).toEqual(['broken-link', 'hash-mismatch']);
  });

  it('detects a truncated log against a recorded checkpoint', async () => {
    await fill(6);
    const head = await sink.verify();
    tamper(`DELETE FROM audit_log WHERE seq >= 5`);
    expect((await sink.verify()).ok).toBe(true); // the chain alone cannot see a cut-off tail
    const r = await sink.verify({ seq: head.headSeq, hash: head.headHash });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 6, kind: 'missing' })]);
  });

  it('keeps one chain under concurrent appends, and across two connections to one file', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sink.record({ actor: 'local', action: 'case.view', outcome: 'success', details: { i } }),
      ),
    );
    const other = new SqliteStore({ file: t.file, threadedWriter: false });
    try {
      const sink2 = new StoreAuditSink(other, clock);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? sink : sink2).record({ actor: 'local', action: 'x', outcome: 'success' }),
        ),
      );
    } finally {
      await other.close();
    }
    const r = await sink.verify();
    expect(r).toMatchObject({ ok: true, count: 60, headSeq: 60 });
  });

  it('lists with filters and keyset paging, newest first', async () => {
    await fill(12);
    const a = await sink.list({ caseId: 'case_a', limit: 4 });
    expect(a.entries.map((e) => e.seq)).toEqual([11, 10, 9, 7]);
    expect(a.next).toBe(7);
    const b = await sink.list({ caseId: 'case_a', limit: 4, cursor: a.next! });
    expect(b.entries.map((e) => e.seq)).toEqual([6, 5, 3, 2]);
    const c = await sink.list({ caseId: 'case_a', limit: 4, cursor: b.next! });
    expect(c.entries.map((e) => e.seq)).toEqual([1]);
    expect(c.next).toBeNull();
    expect((await sink.list({ action: 'search.' })).entries.map((e) => e.seq)).toEqual([
      12, 9, 6, 3,
    ]);
    const bob = await sink.list({ actor: 'u_bob', caseIds: ['case_b'], order: 'oldest' });
    expect(bob.entries.map((e) => e.seq)).toEqual([4, 8, 12]);
    expect(bob.entries[0]).toMatchObject({
      actor: 'u_bob',
      action: 'message.view',
      caseId: 'case_b',
      objects: ['msg_4'],
      details: { query: 'term 4', status: 200 },
      origin: '127.0.0.1',
    });
    expect((await sink.list({ caseIds: [] })).entries).toEqual([]);
  });
});
