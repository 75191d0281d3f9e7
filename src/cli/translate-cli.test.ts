// The translation commands end to end in a child process: translate-file on a CSV phone
// download, and a case through ingest → glossary → translate (estimate, resume) → search →
// linguist review → export.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testkit/run-cli.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';

const HAVE = existsSync('/usr/share/apertium/modes/spa-eng.mode');
if (!HAVE)
  console.warn(
    '[translate-cli] skipped: Debian packages apertium and apertium-eng-spa are not installed',
  );

/** Child processes that load language identification and Apertium: generous under load (2 shared cores). */
const SLOW = { timeout: 240_000 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-translate-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAVE)('threadline translate-file', SLOW, () => {
  it('adds language, confidence, translation and engine columns, keeping every original cell', () => {
    const input = join(dir, 'download.csv');
    writeFileSync(
      input,
      [
        'Date,From,Body',
        '2024-05-01 10:00,07700 900001,¿Cuántos años tiene tu tío?',
        '2024-05-01 10:01,07700 900002,"Te traje algo para comer, ""amigo"""',
        '2024-05-01 10:02,07700 900001,I will be there at eight',
        '2024-05-01 10:03,07700 900003,Wszystko będzie dobrze.',
        '2024-05-01 10:04,07700 900001,',
        '2024-05-01 10:05,07700 900001,=¿Por qué no cogemos un taxi?',
        '2024-05-01 10:06,07700 900001,"Este coche es rápido.\nNo quiero lastimarte."',
      ].join('\r\n') + '\r\n',
    );
    const out = join(dir, 'out.csv');
    const r = runCli([
      '--data',
      join(dir, 'data1'),
      '--json',
      'translate-file',
      input,
      '--column',
      'Body',
      '--out',
      out,
      '--engine',
      'apertium',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const res = r.json<{
      rows: number;
      translated: number;
      errors: number;
      sameLanguage: number;
      undetermined: number;
    }>();
    expect(res).toMatchObject({
      rows: 7,
      translated: 4,
      errors: 1,
      sameLanguage: 1,
      undetermined: 1,
    });
    const rows = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([
      'Date',
      'From',
      'Body',
      'language',
      'language_confidence',
      'translation',
      'translation_engine',
      'translation_model',
      'translation_error',
    ]);
    expect(rows.map((x) => x.language)).toEqual(['es', 'es', 'en', 'pl', 'und', 'es', 'es']);
    expect(rows[0]!.translation!.toLowerCase()).toContain('uncle');
    expect(rows[0]!.translation_engine).toBe('apertium');
    expect(rows[0]!.translation_model).toMatch(/^apertium-eng-spa /);
    expect(Number(rows[0]!.language_confidence)).toBeGreaterThan(0.5);
    expect(rows[1]!.Body).toBe('Te traje algo para comer, "amigo"');
    expect(rows[2]!.translation).toBe('');
    expect(rows[3]!.translation_error).toMatch(/^UNSUPPORTED_LANGUAGE_PAIR: /);
    // every cell is formula-safe, the copied original too (the evidence file itself is untouched)
    expect(rows[5]!.Body).toBe("'=¿Por qué no cogemos un taxi?");
    expect(rows[5]!.translation!.startsWith("'")).toBe(true); // added cell is formula-safe
    expect(rows[6]!.translation).toContain('\n');
  });

  it('names the file and the missing column', () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'Date,Text\n2024,hola\n');
    const r = runCli([
      '--data',
      join(dir, 'data1'),
      'translate-file',
      input,
      '--column',
      'Body',
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /CSV_MAPPING: no column "Body" in the header \(columns: "Date", "Text"\) \(.*bad\.csv @ line 1\)/,
    );
  });
});

describe.skipIf(!HAVE)('threadline translate (a case)', SLOW, () => {
  it('estimates, translates, searches by translation, reviews and exports', () => {
    const data = join(dir, 'data2');
    const phone = join(dir, 'phone');
    mkdirSync(phone, { recursive: true });
    const bodies = [
      '¿Cuántos años tiene tu tío?',
      'Tengo comida para ti.',
      'Este coche es rápido.',
      'ok see you later mate',
      '¿Cuántos años tiene tu tío?',
    ];
    writeAndroidMmssms(join(phone, 'mmssms.db'), {
      threads: [{ id: 1, addresses: ['07700 900555'] }],
      sms: bodies.map((body, i) => ({
        id: i + 1,
        threadId: 1,
        address: '07700 900555',
        dateMs: Date.UTC(2024, 1, 1) + i * 1000,
        type: 1 as const,
        body,
      })),
    });
    const cli = (...args: string[]) => runCli(['--data', data, ...args]);
    expect(cli('case', 'create', 'OP-ES').status).toBe(0);
    expect(cli('ingest', 'OP-ES', phone).status).toBe(0);
    expect(cli('glossary', 'add', 'OP-ES', 'comida', '--gloss', 'drugs').status).toBe(0);
    const r = cli('--json', 'translate', 'OP-ES');
    expect(r.status, r.stderr).toBe(0);
    const res = r.json<{
      translated: number;
      sameLanguage: number;
      cacheHits: number;
      status: string;
      estimate: {
        lines: number;
        chars: number;
        pairs: Array<{ source: string; engine: string; lines: number }>;
      };
    }>();
    // the estimate made before starting: 5 lines, Spanish to apertium
    expect(res.estimate.lines).toBe(5);
    expect(res.estimate.chars).toBe(bodies.join('').length);
    expect(res.estimate.pairs[0]).toMatchObject({ source: 'es', engine: 'apertium' });
    expect(res).toMatchObject({ status: 'done', translated: 4, sameLanguage: 1, cacheHits: 1 });

    const hits = cli('--json', 'search', 'OP-ES', 'uncle').json<{
      hits: Array<{ id: string; body: string }>;
    }>().hits;
    expect(hits.map((h) => h.body)).toEqual([
      '¿Cuántos años tiene tu tío?',
      '¿Cuántos años tiene tu tío?',
    ]);

    const show = cli('--json', 'translation', 'show', 'OP-ES', hits[0]!.id).json<{
      history: Array<{ id: string; engine: string }>;
    }>();
    expect(show.history).toHaveLength(1);
    expect(show.history[0]!.engine).toBe('apertium');
    const corr = cli(
      '--json',
      'translation',
      'correct',
      'OP-ES',
      show.history[0]!.id,
      '--text',
      'How old is your uncle?',
    );
    expect(corr.json<{ version: number; kind: string; verifiedBy: string }>()).toMatchObject({
      version: 2,
      kind: 'human',
      verifiedBy: 'local',
    });

    const out = join(dir, 'op-es.jsonl');
    expect(cli('export', 'OP-ES', '--format', 'jsonl', '--out', out).status).toBe(0);
    const msgs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.kind === 'message');
    const corrected = msgs.find((m) => m.id === hits[0]!.id)!;
    expect(corrected.translation).toMatchObject({
      text: 'How old is your uncle?',
      machine: false,
      verifiedBy: 'local',
    });
    const food = msgs.find((m) => m.body === 'Tengo comida para ti.')!;
    expect((food.translation as { text: string }).text).toContain('comida [drugs]');
    expect(msgs.find((m) => m.body === 'ok see you later mate')!.language).toBe('en');
  });
});
