// A fast-check property every parser can run on its own fixture: byte edits and truncations of the
// fixture either parse or raise a typed AppError, each within a time bound (never a crash or hang).
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { AppError } from '../model/errors.js';
import type { Parser } from '../ingest/parser.js';
import { runParser } from './run-parser.js';

export function itParsesOrFailsTyped(
  parser: Parser,
  build: (dir: string) => string | Promise<string>,
  opts: { runs?: number; boundMs?: number; name?: string } = {},
): void {
  const runs = Number(process.env.FUZZ_RUNS ?? opts.runs ?? 25);
  const bound = opts.boundMs ?? 5000;
  it(`property (${opts.name ?? parser.id}): edited or truncated input parses or raises AppError within ${bound} ms`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-prop-'));
    try {
      const base = readFileSync(await build(dir));
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 16,
          }),
          fc.option(fc.nat(base.length), { nil: undefined }),
          async (edits, cut) => {
            const b = Buffer.from(base);
            for (const [i, v] of edits) b[i] = v;
            const p = join(dir, `p${n++}-${parser.id}`);
            writeFileSync(p, cut === undefined ? b : b.subarray(0, cut));
            const t0 = Date.now();
            try {
              await runParser(parser, p);
            } catch (e) {
              if (!(e instanceof AppError))
                throw new Error(`${parser.id} threw a non-domain error: ${(e as Error)?.stack}`, {
                  cause: e,
                });
            } finally {
              rmSync(p, { force: true });
            }
            expect(Date.now() - t0).toBeLessThan(bound);
          },
        ),
        { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 7) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
}
