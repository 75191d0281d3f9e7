// fast-check properties for a parser: on arbitrary bytes, and on a valid seed file with arbitrary
// splices of bytes, it either parses (every draft with a locator) or raises a typed AppError, and it
// finishes within a time bound. Counterexamples print the seed so a failure reproduces.
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { AppError } from '../model/errors.js';
import type { Parser, ParserOptions } from '../ingest/parser.js';
import { runParser } from './run-parser.js';

export interface PropertyOptions {
  /** File name the inputs are written as (the extension matters to bidding). */
  fileName: string;
  /** A valid file to splice arbitrary bytes into. */
  seed: () => Buffer | Promise<Buffer>;
  options?: ParserOptions;
  runs?: number;
  /** Time bound per input, in ms. */
  boundMs?: number;
}

async function outcome(parser: Parser, path: string, opts: PropertyOptions): Promise<string> {
  const bound = opts.boundMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${bound} ms`)), bound);
  });
  try {
    const run = await Promise.race([runParser(parser, path, { options: opts.options }), timeout]);
    for (const d of run.drafts)
      if (!d.locator) throw new Error(`${d.kind} draft without a locator`);
    return 'parsed';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

export function describeParserProperties(parser: Parser, opts: PropertyOptions): void {
  const runs = Number(process.env.FUZZ_RUNS ?? opts.runs ?? 60);
  it(`${parser.id}: arbitrary bytes parse or raise AppError in bounded time (${runs} runs)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-prop-'));
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
          const p = join(dir, `${n++}-${opts.fileName}`);
          writeFileSync(p, bytes);
          expect(typeof (await outcome(parser, p, opts))).toBe('string');
        }),
        { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 42) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it(`${parser.id}: a valid file with spliced bytes parses or raises AppError (${runs} runs)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-prop-'));
    const base = await opts.seed();
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              at: fc.nat({ max: Math.max(0, base.length) }),
              cut: fc.nat({ max: 64 }),
              insert: fc.uint8Array({ maxLength: 64 }),
            }),
            { minLength: 1, maxLength: 6 },
          ),
          async (edits) => {
            let buf = Buffer.from(base);
            for (const e of edits) {
              const at = Math.min(e.at, buf.length);
              buf = Buffer.concat([
                buf.subarray(0, at),
                Buffer.from(e.insert),
                buf.subarray(at + e.cut),
              ]);
            }
            const p = join(dir, `${n++}-${opts.fileName}`);
            writeFileSync(p, buf);
            expect(typeof (await outcome(parser, p, opts))).toBe('string');
          },
        ),
        { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 42) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
}
