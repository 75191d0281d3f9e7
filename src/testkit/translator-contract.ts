// The contract every translation engine passes (called from each engine's own test file): batch
// shape and order, typed per-item errors beside successes, provenance, odd text, idempotent close.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { Translator } from '../language/translator.js';
import { ErrorCodes } from '../model/errors.js';

export interface TranslatorContractOptions {
  /** Creates the engine (not yet opened). */
  make(): Translator | Promise<Translator>;
  /** A pair the engine supports in this test setup. */
  pair: { source: string; target: string };
  /** A pair it does not support. */
  unsupported: { source: string; target: string };
  /** Source sentences with a word each translation must contain (lower case). */
  samples: Array<{ text: string; expect: string }>;
  /** Skip the whole suite with this message (engine absent on this machine). */
  skip?: string;
}

export function translatorContract(name: string, o: TranslatorContractOptions): void {
  describe.skipIf(!!o.skip)(
    `translator contract: ${name}${o.skip ? ` (skipped: ${o.skip})` : ''}`,
    () => {
      let t: Translator;
      beforeAll(async () => {
        t = await o.make();
        await t.open();
      });
      afterAll(async () => {
        await t?.close();
      });

      it('states what it supports and its provenance', () => {
        expect(t.supports(o.pair.source, o.pair.target)).toBe(true);
        expect(t.supports(o.unsupported.source, o.unsupported.target)).toBe(false);
        const info = t.info(o.pair.source, o.pair.target);
        expect(info.engine).toBe(t.name);
        expect(info.model.length).toBeGreaterThan(0);
        expect(typeof info.offline).toBe('boolean');
        if (info.modelHash !== null) expect(info.modelHash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('translates a batch, one outcome per request, in order, with the same ids', async () => {
        const reqs = o.samples.map((s, i) => ({ id: `r${i}`, text: s.text, ...o.pair }));
        const out = await t.translate(reqs);
        expect(out.map((x) => x.id)).toEqual(reqs.map((r) => r.id));
        out.forEach((x, i) => {
          expect(x.ok, JSON.stringify(x)).toBe(true);
          if (x.ok) {
            expect(x.text.toLowerCase()).toContain(o.samples[i]!.expect);
            expect(x.model.length).toBeGreaterThan(0);
          }
        });
      });

      it('returns a typed error for an unsupported pair while the rest of the batch succeeds', async () => {
        const out = await t.translate([
          { id: 'a', text: o.samples[0]!.text, ...o.pair },
          { id: 'b', text: 'text', ...o.unsupported },
          { id: 'c', text: o.samples[1]!.text, ...o.pair },
        ]);
        expect(out.map((x) => [x.id, x.ok])).toEqual([
          ['a', true],
          ['b', false],
          ['c', true],
        ]);
        const b = out[1]!;
        if (!b.ok) expect(b.code).toBe(ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR);
      });

      it('handles an empty batch and odd text (emoji, right-to-left, newlines) without throwing', async () => {
        expect(await t.translate([])).toEqual([]);
        const out = await t.translate([
          { id: 'e', text: `${o.samples[0]!.text} 😀\n\u202e!\u202c`, ...o.pair },
          { id: 'f', text: '[]{}<>^$@*#+~|\\/', ...o.pair },
        ]);
        expect(out).toHaveLength(2);
        for (const x of out) expect(x.ok || ('code' in x && typeof x.code === 'string')).toBe(true);
      });

      it('closes idempotently', async () => {
        await t.close();
        await t.close();
        await t.open();
      });
    },
  );
}
