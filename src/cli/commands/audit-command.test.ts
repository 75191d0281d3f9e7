// `threadline audit`: CLI commands on case data leave hash-chained entries; `audit verify` passes
// on an untouched log and fails (exit 3, the entry named) once the database is edited behind the
// triggers' back; `audit export` writes a file that verifies offline and fails when edited;
// reading the log is itself recorded.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { runCliInProcess } from '../../testkit/run-cli-in-process.js';
import type { ChainReport } from '../../security/audit-chain.js';
import type { AuditRecord } from '../../security/store-audit-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-audit-cli-'));
const data = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCliInProcess(['--data', data, '--json', ...args]);

describe('threadline audit', () => {
  it('records CLI access, verifies, detects tampering, exports and re-verifies', async () => {
    expect((await cli('case', 'create', 'OP-AUDIT')).status).toBe(0);
    expect((await cli('search', 'OP-AUDIT', 'meet tonight')).status).toBe(0);
    expect((await cli('stats', 'OP-AUDIT')).status).toBe(0);
    const missing = await cli('search', 'NO-SUCH', 'x');
    expect(missing.status).toBe(1);

    const ok = await cli('audit', 'verify');
    expect(ok.status).toBe(0);
    expect(ok.json<ChainReport>()).toMatchObject({ ok: true, count: 4, headSeq: 4 });

    const list = await cli('audit', 'list', '--limit', '10');
    expect(list.status).toBe(0);
    const entries = list.json<{ entries: AuditRecord[] }>().entries;
    // newest first: the verify itself, then the refused search, stats, search, case create
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['audit.verify', 'success'],
      ['search.query', 'error'],
      ['case.view', 'success'],
      ['search.query', 'success'],
      ['case.create', 'success'],
    ]);
    expect(entries[3]).toMatchObject({
      actor: 'local',
      origin: 'cli',
      details: { query: 'meet tonight' },
    });
    expect(entries[0]!.details).toMatchObject({ ok: true, count: 4 });

    // export, then verify the file offline
    const out = join(dir, 'audit.jsonl');
    const exp = await cli('audit', 'export', '--out', out, '--purpose', 'annual check');
    expect(exp.status).toBe(0);
    expect(exp.json()).toMatchObject({ count: 6 }); // five above plus the audit.list
    const fileOk = await cli('audit', 'verify', '--file', out);
    expect(fileOk.json<ChainReport>()).toMatchObject({ ok: true, count: 6 });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    lines[1] = lines[1]!.replace('meet tonight', 'nothing here');
    const edited = join(dir, 'edited.jsonl');
    writeFileSync(edited, lines.join('\n') + '\n');
    const fileBad = await cli('audit', 'verify', '--file', edited);
    expect(fileBad.status).toBe(3);
    expect(fileBad.json<ChainReport>().problems).toEqual([
      expect.objectContaining({ seq: 2, kind: 'hash-mismatch' }),
    ]);

    // the same edit in the database, behind the triggers' back
    const db = new Database(join(data, 'threadline.db'));
    try {
      expect(() => db.exec(`UPDATE audit_log SET actor = 'x' WHERE seq = 2`)).toThrow(
        /append-only/,
      );
      db.exec('DROP TRIGGER audit_log_no_update');
      db.exec(`UPDATE audit_log SET purpose = 'routine' WHERE seq = 2`);
    } finally {
      db.close();
    }
    const bad = await cli('audit', 'verify');
    expect(bad.status).toBe(3);
    const r = bad.json<ChainReport>();
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'hash-mismatch' })]);

    // a failed verification is recorded too
    const after = await cli('audit', 'list', '--action', 'audit.', '--limit', '2');
    expect(after.json<{ entries: AuditRecord[] }>().entries[1]).toMatchObject({
      action: 'audit.verify',
      outcome: 'error',
      details: { ok: false, problems: 1 },
    });
  }, 120_000);
});
