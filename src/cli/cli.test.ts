// The CLI contract end to end: case create, ingest, stats, search, export (byte-identical twice),
// --json everywhere, stable error codes and exit statuses.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../testkit/run-cli.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
const data = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('threadline CLI', () => {
  it('creates a case, ingests, reports stats, searches and exports', () => {
    const phone = join(dir, 'JS1');
    mkdirSync(phone);
    writeAndroidMmssms(join(phone, 'mmssms.db'), {
      threads: [{ id: 1, addresses: ['07700 900444'] }],
      sms: [
        {
          id: 1,
          threadId: 1,
          address: '07700 900444',
          dateMs: Date.UTC(2024, 5, 1),
          type: 1,
          body: 'bring the package tonight',
        },
        {
          id: 2,
          threadId: 1,
          address: '07700 900444',
          dateMs: Date.UTC(2024, 5, 1, 0, 5),
          type: 2,
          body: 'ok on my way',
        },
      ],
    });
    const created = runCli([
      '--data',
      data,
      '--json',
      'case',
      'create',
      'OP-TEST',
      '--title',
      'Test case',
    ]);
    expect(created.status).toBe(0);
    expect(created.json<{ ref: string; marking: string }>()).toMatchObject({
      ref: 'OP-TEST',
      marking: 'OFFICIAL-SENSITIVE',
    });

    const ing = runCli([
      '--data',
      data,
      '--json',
      'ingest',
      'OP-TEST',
      phone,
      '--device-label',
      'JS/1 phone',
      '--exhibit',
      'JS/1',
    ]);
    expect(ing.status).toBe(0);
    expect(ing.json<{ counts: Record<string, number> }>().counts).toEqual({
      messages: 2,
      threads: 1,
    });

    const stats = runCli(['--data', data, '--json', 'stats', 'OP-TEST']).json<{
      devices: Array<{ label: string; exhibit: string; counts: { messages: number } }>;
    }>();
    expect(stats.devices).toHaveLength(1);
    expect(stats.devices[0]).toMatchObject({
      label: 'JS/1 phone',
      exhibit: 'JS/1',
      counts: { messages: 2 },
    });

    const search = runCli(['--data', data, '--json', 'search', 'OP-TEST', 'package']).json<{
      hits: Array<{ body: string; sender: string }>;
    }>();
    expect(search.hits).toHaveLength(1);
    expect(search.hits[0]).toMatchObject({
      body: 'bring the package tonight',
      sender: 'phone:+447700900444',
    });

    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    expect(
      runCli(['--data', data, 'export', 'OP-TEST', '--format', 'jsonl', '--out', a]).status,
    ).toBe(0);
    expect(
      runCli([
        '--data',
        data,
        'ingest',
        'OP-TEST',
        phone,
        '--device-label',
        'JS/1 phone',
        '--exhibit',
        'JS/1',
      ]).status,
    ).toBe(0);
    expect(
      runCli(['--data', data, 'export', 'OP-TEST', '--format', 'jsonl', '--out', b]).status,
    ).toBe(0);
    const ta = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(ta);
    const lines = ta
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            kind: string;
            body?: string;
            source?: { locator: string; sha256: string; parser: string };
          },
      );
    expect(lines[0]!.kind).toBe('case');
    const msg = lines.find((l) => l.kind === 'message' && l.body === 'ok on my way')!;
    expect(msg).toMatchObject({
      direction: 'outgoing',
      sentAt: '2024-06-01T00:05:00.000Z',
      recipients: ['phone:+447700900444'],
    });
    expect(msg.source).toMatchObject({ locator: 'sms:2', parser: 'android-mmssms@1.0.0' });
    expect(msg.source!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // keys are sorted in every line
    for (const l of ta.trim().split('\n')) {
      const keys = Object.keys(JSON.parse(l) as object);
      expect(keys).toEqual([...keys].sort());
    }
  }, 120_000);

  it('fails with stable codes and exit statuses', () => {
    const missing = runCli(['--data', data, '--json', 'stats', 'NO-SUCH-CASE']);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('NOT_FOUND');
    const bad = runCli(['--data', data, '--json', 'case', 'create', 'bad ref!']);
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr).error.code).toBe('INVALID_ARGUMENT');
    const dup = runCli(['--data', data, '--json', 'case', 'create', 'OP-TEST']);
    expect(JSON.parse(dup.stderr).error.code).toBe('CONFLICT');
  }, 60_000);
});
