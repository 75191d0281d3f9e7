// Victim redaction in exports: flagged identifiers (widened to their person) become stable
// pseudonyms everywhere in the canonical and i2 CSV exports, names and numbers in message text
// included; others are untouched; roles without victim access are always redacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { writeComms } from '../graph/synthetic-comms.js';
import { exportCanonicalToFile } from './canonical-export.js';
import { exportI2Csv } from './graph/i2-csv-export.js';
import { loadRedactor, victimRedactionForced } from './redaction.js';
import { flagVictims, listVictimFlags, unflagVictims } from '../store/queries/victims.js';
import { ErrorCodes } from '../model/errors.js';
import { runCli } from '../testkit/run-cli.js';
import { tempDir } from '../testkit/generated-case.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';
import { checkExportManifest } from './export-manifest.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { defaultSqliteFile } from '../store/open-store.js';
import { createCase } from '../store/queries/cases.js';
import { ingest } from '../ingest/runner.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const VICTIM_WA = 'whatsapp:447700900002@s.whatsapp.net';
const VICTIM_STRINGS = [
  '+447700900002',
  '447700900002',
  '07700 900002',
  '07700900002',
  'Jade Example',
  'Jadey',
];
let t: TempStore & { kase: CaseRecord };

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-RED' });
  await writeComms(t.store, t.kase.id, {
    devices: [{ label: 'Phone A', exhibit: 'AB/1', owners: [P(1)] }],
    items: [
      {
        kind: 'message',
        device: 'Phone A',
        from: 'owner',
        to: [P(2)],
        at: 1000,
        body: 'Jade Example, ring me back on 07700 900002 or +447700900002 (Tom 07700 900003)',
      },
      {
        kind: 'message',
        device: 'Phone A',
        from: VICTIM_WA,
        to: ['owner'],
        at: 2000,
        app: 'whatsapp',
        body: 'ok',
      },
      { kind: 'call', device: 'Phone A', from: P(3), to: ['owner'], at: 3000, durationS: 5 },
    ],
    contacts: [
      { device: 'Phone A', name: 'Jadey', keys: [P(2)] },
      { device: 'Phone A', name: 'Tom Other', keys: [P(3)] },
    ],
    persons: [
      { id: 'per_victim', label: 'Jade Example', keys: [P(2), VICTIM_WA] },
      { id: 'per_tom', label: 'Tom Other', keys: [P(3)] },
    ],
  });
});
afterAll(() => t.cleanup());

describe('victim flags', () => {
  it('refuses keys that are not identifiers of the case; flags a person’s identifiers', async () => {
    await expect(
      flagVictims(t.store, t.kase.id, { keys: ['phone:+447700900999'], by: 'u' }),
    ).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
    await expect(
      flagVictims(t.store, t.kase.id, { personId: 'per_nobody', by: 'u' }),
    ).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
    const keys = await flagVictims(t.store, t.kase.id, { personId: 'per_victim', by: 'u', at: 5 });
    expect(keys).toEqual([P(2), VICTIM_WA].sort());
    expect((await listVictimFlags(t.store, t.kase.id)).map((f) => [f.key, f.personId])).toEqual([
      [P(2), 'per_victim'],
      [VICTIM_WA, 'per_victim'],
    ]);
    expect(await unflagVictims(t.store, t.kase.id, [VICTIM_WA])).toBe(1);
  });

  it('redacts by role: only administrator, supervisor and investigator see victims', () => {
    expect(victimRedactionForced(['analyst'])).toBe(true);
    expect(victimRedactionForced(['linguist', 'reviewer'])).toBe(true);
    expect(victimRedactionForced([])).toBe(true);
    expect(victimRedactionForced(['investigator'])).toBe(false);
    expect(victimRedactionForced(['administrator'])).toBe(false);
  });
});

describe('redacted exports', () => {
  it('canonical export: no victim number or name anywhere, one stable pseudonym per person', async () => {
    // only the phone is flagged now; the rule widens it to the person's WhatsApp account
    const red = (await loadRedactor(t.store, t.kase.id, { victims: true }))!;
    expect(red.summary).toEqual({ victims: true, identifiers: 2, pseudonyms: 1 });
    const pseudo = red.pseudonymOf(P(2))!;
    expect(pseudo).toMatch(/^V-[0-9A-F]{10}$/);
    expect(red.pseudonymOf(VICTIM_WA)).toBe(pseudo);
    expect(red.pseudonymOf(P(3))).toBeUndefined();

    const a = join(t.dir, 'a.jsonl');
    const b = join(t.dir, 'b.jsonl');
    const plain = join(t.dir, 'plain.jsonl');
    await exportCanonicalToFile(t.store, t.kase.id, a, { transform: (r) => red.value(r) });
    const red2 = (await loadRedactor(t.store, t.kase.id, { victims: true }))!;
    await exportCanonicalToFile(t.store, t.kase.id, b, { transform: (r) => red2.value(r) });
    await exportCanonicalToFile(t.store, t.kase.id, plain);
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(text); // stable pseudonyms: byte-identical
    for (const s of VICTIM_STRINGS) expect(text.includes(s), s).toBe(false);
    for (const s of VICTIM_STRINGS.slice(0, 1)) expect(readFileSync(plain, 'utf8')).toContain(s);
    expect(text).toContain(`victim:${pseudo}`);
    expect(text).toContain(
      `[VICTIM ${pseudo}], ring me back on [VICTIM ${pseudo}] or [VICTIM ${pseudo}] (Tom 07700 900003)`,
    );
    expect(text).toContain(P(3));
    expect(text).toContain('Tom Other');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.kind === 'message')).toHaveLength(2);
  });

  it('i2 CSV export: the victim is a pseudonym in every cell', async () => {
    const red = (await loadRedactor(t.store, t.kase.id, { victims: false, identifiers: [P(3)] }))!;
    const file = join(t.dir, 'i2.csv');
    await exportI2Csv(t.store, t.kase.id, file, { redact: (s) => red.string(s) });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('900003');
    expect(text).not.toContain('Tom Other');
    expect(text).toContain(`[VICTIM ${red.pseudonymOf(P(3))!}]`);
    expect(text).toContain('900002'); // not asked for: the victim flag is not applied here
  });
});

describe('threadline export --redact victims (CLI)', () => {
  it('flags a victim, exports redacted with a manifest recording the redaction', async () => {
    const d = tempDir('tl-redact-cli-');
    try {
      const data = join(d.dir, 'data');
      const ev = join(d.dir, 'JS1');
      mkdirSync(ev);
      writeAndroidMmssms(join(ev, 'mmssms.db'), {
        threads: [{ id: 1, addresses: ['07700 900444'] }],
        sms: [
          {
            id: 1,
            threadId: 1,
            address: '07700 900444',
            dateMs: 1_700_000_000_000,
            type: 1,
            body: 'call 07700 900444',
          },
        ],
      });
      const cli = (...a: string[]) => runCli(['--data', data, ...a]);
      // case and ingest in process (fewer child processes on a loaded machine); the same store file
      const store = new SqliteStore({ file: defaultSqliteFile(data) });
      await store.migrate();
      await createCase(store, { ref: 'OP-RC' });
      await ingest(store, { caseRef: 'OP-RC', inputs: [ev], toolVersion: 'test' });
      await store.close();
      expect(cli('victim', 'add', 'OP-RC', 'phone:+447700900444').status).toBe(0);
      const out = join(d.dir, 'x.jsonl');
      const r = cli(
        '--json',
        'export',
        'OP-RC',
        '--format',
        'jsonl',
        '--out',
        out,
        '--redact',
        'victims',
      );
      expect(r.status, r.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text).not.toContain('900444');
      expect(text).toMatch(/victim:V-[0-9A-F]{10}/);
      const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as {
        redaction: Record<string, unknown>;
        marking: string;
        files: Array<{ name: string }>;
      };
      expect(manifest.redaction).toEqual({
        victims: true,
        identifiers: 1,
        pseudonyms: 1,
        forcedByRole: false,
      });
      expect(manifest.marking).toBe('OFFICIAL-SENSITIVE');
      expect(manifest.files.map((f) => f.name)).toEqual(['x.jsonl']);
      const checks = await checkExportManifest(`${out}.manifest.json`);
      expect(checks.map((x) => x.status)).toEqual(['OK']);
      // a format that cannot redact yet refuses rather than leak, and writes nothing
      const graph = join(d.dir, 'x.graphml');
      const refused = cli(
        '--json',
        'export',
        'OP-RC',
        '--format',
        'graphml',
        '--out',
        graph,
        '--redact',
        'victims',
      );
      expect(refused.status).toBe(2);
      expect(JSON.parse(refused.stderr).error.code).toBe('INVALID_ARGUMENT');
      expect(existsSync(graph)).toBe(false);
    } finally {
      d.cleanup();
    }
  }, 120_000);
});
