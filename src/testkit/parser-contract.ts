// The contract suite every parser runs: it bids on its fixtures and not on strangers, emits drafts
// with unique locators and only kinds it declares, is deterministic, and under seeded mutation
// either parses or raises a typed AppError (never a crash or a hang).
import { describe, expect, it } from 'vitest';
import {
  mkdtempSync,
  readFileSync,
  writeFileSync,
  copyFileSync,
  existsSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { AppError } from '../model/errors.js';
import { canonicalJson } from '../model/canonical-json.js';
import type { ArtefactType, Draft } from '../model/entities.js';
import type { Parser, ParserOptions } from '../ingest/parser.js';
import { bidOn, countKinds, evidenceFiles, runParser } from './run-parser.js';
import { mutateBytes } from './mutate.js';
import { ScratchSpace } from '../evidence/scratch-space.js';

export interface ParserFixture {
  name: string;
  /** Builds the fixture file(s) in `dir` and returns the main path (and other files of the extraction). */
  build(
    dir: string,
  ):
    | Promise<string | { path: string; others?: string[] }>
    | string
    | { path: string; others?: string[] };
  /** Exact counts of drafts by kind. */
  expect?: Partial<Record<Draft['kind'], number>>;
  /** Extra assertions on the drafts. */
  check?(drafts: Draft[]): void;
  /** Skip mutation fuzzing of this fixture (say why). */
  noFuzz?: string;
  /** Parser options for this fixture (a named CSV profile, a time zone). */
  options?: ParserOptions;
}

const KIND_ARTEFACT: Record<Draft['kind'], ArtefactType> = {
  message: 'messages',
  call: 'calls',
  contact: 'contacts',
  thread: 'threads',
  location: 'locations',
  media: 'media',
  'device-info': 'device-info',
  'identifier-link': 'accounts',
};

function strangers(dir: string): string[] {
  const empty = join(dir, 'empty.bin');
  writeFileSync(empty, Buffer.alloc(0));
  const noise = join(dir, 'noise.bin');
  writeFileSync(noise, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'just some notes\nnothing to see\n');
  const db = join(dir, 'other.sqlite');
  const d = new Database(db);
  d.exec('CREATE TABLE unrelated(a, b); INSERT INTO unrelated VALUES (1, 2);');
  d.close();
  return [empty, noise, text, db];
}

export function describeParserContract(
  parser: Parser,
  fixtures: ParserFixture[],
  opts: { fuzzIterations?: number } = {},
): void {
  const iterations = Number(process.env.FUZZ_RUNS ?? opts.fuzzIterations ?? 40);
  describe(`parser contract: ${parser.id}`, () => {
    it('has an id, a semantic version and artefacts', () => {
      expect(parser.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(parser.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(parser.artefacts.length).toBeGreaterThan(0);
    });

    it('bids 0 on files that are not its format', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tl-contract-'));
      const scratch = new ScratchSpace();
      try {
        for (const p of strangers(dir)) {
          const [f] = evidenceFiles(p);
          expect(await bidOn(parser, f!, scratch), p).toBe(0);
        }
      } finally {
        scratch.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const fx of fixtures) {
      describe(fx.name, () => {
        let dir = '';
        let main = '';
        let others: string[] = [];
        const setup = async () => {
          if (main) return;
          dir = mkdtempSync(join(tmpdir(), 'tl-fixture-'));
          const built = await fx.build(dir);
          main = typeof built === 'string' ? built : built.path;
          others = typeof built === 'string' ? [] : (built.others ?? []);
        };

        it('bids on it and parses it with the expected counts', async () => {
          await setup();
          const run = await runParser(parser, main, { others, options: fx.options });
          expect(run.bid).toBeGreaterThanOrEqual(10);
          if (fx.expect) {
            const counts = countKinds(run.drafts);
            for (const [k, v] of Object.entries(fx.expect))
              expect(counts[k] ?? 0, `${k} count`).toBe(v);
          }
          const seen = new Set<string>();
          for (const d of run.drafts) {
            expect(d.locator, `${d.kind} locator`).toBeTruthy();
            const key = `${d.kind}|${d.locator}`;
            expect(seen.has(key), `duplicate locator ${key}`).toBe(false);
            seen.add(key);
            expect(parser.artefacts, `undeclared kind ${d.kind}`).toContain(KIND_ARTEFACT[d.kind]);
          }
          fx.check?.(run.drafts);
        });

        it('is deterministic', async () => {
          await setup();
          const a = await runParser(parser, main, { others, options: fx.options });
          const b = await runParser(parser, main, { others, options: fx.options });
          expect(canonicalJson(a.drafts)).toBe(canonicalJson(b.drafts));
        });

        it('does not modify its input', async () => {
          await setup();
          const before = [main, ...others, `${main}-wal`, `${main}-journal`]
            .filter(existsSync)
            .map((p) => readFileSync(p).toString('base64'));
          await runParser(parser, main, { others });
          const after = [main, ...others, `${main}-wal`, `${main}-journal`]
            .filter(existsSync)
            .map((p) => readFileSync(p).toString('base64'));
          expect(after).toEqual(before);
        });

        if (!fx.noFuzz) {
          it(`survives ${iterations} seeded mutations with typed errors only`, async () => {
            await setup();
            const base = readFileSync(main);
            const mdir = mkdtempSync(join(tmpdir(), 'tl-mutant-'));
            try {
              const seed0 = Number(process.env.FUZZ_SEED ?? 1);
              for (let i = 0; i < iterations; i++) {
                const seed = seed0 * 100_003 + i;
                const p = join(mdir, `m${i}-${fx.name.replace(/\W+/g, '_')}`);
                writeFileSync(p, mutateBytes(base, seed));
                for (const o of others)
                  if (existsSync(o)) copyFileSync(o, join(mdir, o.split('/').pop()!));
                try {
                  await runParser(parser, p, {
                    others: others.map((o) => join(mdir, o.split('/').pop()!)),
                    options: fx.options,
                  });
                } catch (e) {
                  if (!(e instanceof AppError)) {
                    throw new Error(
                      `seed ${seed}: ${parser.id} threw a non-domain error: ${(e as Error)?.stack ?? String(e)}`,
                      { cause: e },
                    );
                  }
                }
              }
            } finally {
              rmSync(mdir, { recursive: true, force: true });
            }
          }, 120_000);
        }
      });
    }
  });
}
