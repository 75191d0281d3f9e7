// The apertium engine against the real Debian packages: the shared contract, stream-format
// escaping, long texts, and a crashed pipeline being replaced.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translatorContract } from '../../../testkit/translator-contract.js';
import { ApertiumTranslator, splitLong } from './index.js';
import { escapeApertium, unescapeApertium } from './apertium-process.js';
import { listApertiumPairs } from './apertium-pairs.js';

const HAVE = existsSync('/usr/share/apertium/modes/spa-eng.mode');
const SKIP = HAVE
  ? undefined
  : 'Debian packages apertium and apertium-eng-spa are not installed (npm test installs them as root)';
if (SKIP) console.warn(`[apertium] ${SKIP}`);

const ctx = { settings: {}, networkAllowed: false, dataDir: '/nonexistent', workers: 2 };

translatorContract('apertium', {
  make: () => new ApertiumTranslator(ctx),
  pair: { source: 'es', target: 'en' },
  unsupported: { source: 'pl', target: 'en' },
  samples: [
    { text: 'Tengo una idea diferente.', expect: 'idea' },
    { text: 'Este coche es rápido.', expect: 'car' },
    { text: '¿Cuántos años tiene tu tío?', expect: 'uncle' },
  ],
  skip: SKIP,
});

describe('apertium specifics', () => {
  it('escapes and unescapes the stream-format characters losslessly', () => {
    const s = 'a^b$c/d<e>f{g}h[i]j@k*l#m+n~o|p\\q';
    expect(unescapeApertium(escapeApertium(s))).toBe(s);
    expect(escapeApertium('x\0y')).toBe('x y');
  });

  it('splits long texts at sentence ends, never losing characters', () => {
    const text = 'Hola amigo. '.repeat(1000);
    const parts = splitLong(text, 4000);
    expect(parts.join('')).toBe(text);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(4000);
  });

  it.skipIf(!HAVE)(
    'lists the installed pairs with package, version and a data fingerprint',
    async () => {
      const pairs = listApertiumPairs();
      const es = pairs.find((p) => p.source === 'es' && p.target === 'en');
      expect(es?.pkg).toBe('apertium-eng-spa');
      expect(es?.version).toMatch(/\d/);
      const t = new ApertiumTranslator(ctx);
      await t.open();
      const info = t.info('es', 'en');
      expect(info.model).toMatch(/^apertium-eng-spa .+ \(spa-eng\)$/);
      expect(info.modelHash).toMatch(/^[0-9a-f]{64}$/);
      await t.close();
    },
  );

  it.skipIf(!HAVE)(
    'keeps reserved characters and newlines, and restarts a killed pipeline',
    async () => {
      const t = new ApertiumTranslator({ ...ctx, workers: 1 });
      await t.open();
      const [a] = await t.translate([
        { id: '1', text: 'Hola [amigo] <3 50% a/b\nadiós', source: 'es', target: 'en' },
      ]);
      expect(a!.ok).toBe(true);
      if (a) {
        expect(a!.ok && a!.text).toContain('[');
        expect(a!.ok && a!.text).toContain('<3');
        expect(a!.ok && a!.text).toContain('\n');
      }
      // kill the running pipeline: the next call reports ENGINE_FAILED for in-flight items only,
      // and a later call gets a fresh pipeline
      const pools = (t as unknown as { pools: Map<string, Array<{ close(): void }>> }).pools;
      for (const p of pools.get('spa-eng') ?? []) p.close();
      const [b] = await t.translate([{ id: '2', text: 'Buenos días', source: 'es', target: 'en' }]);
      expect(b!.ok).toBe(true);
      await t.close();
    },
  );

  it.skipIf(!HAVE)('translates 2,000 lines through two pipelines in order', async () => {
    const t = new ApertiumTranslator(ctx);
    await t.open();
    const reqs = Array.from({ length: 2000 }, (_, i) => ({
      id: String(i),
      text: `Tengo ${i} perros`,
      source: 'es',
      target: 'en',
    }));
    const out = await t.translate(reqs);
    expect(out.every((o, i) => o.ok && o.id === String(i) && o.text.includes(String(i)))).toBe(
      true,
    );
    await t.close();
  });
});
