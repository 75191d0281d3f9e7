// The bergamot engine. Always: no pack → a clear ENGINE_UNAVAILABLE; a wrong-hash pack is refused
// before anything is loaded; a fake (hash-correct) pack travels through the real WASM engine in a
// worker thread into Marian, which rejects the fake vocabulary with a per-item ENGINE_FAILED (the
// loader works; only real weights are missing). With a real Firefox Translations pack holding
// es→en (THREADLINE_BERGAMOT_PACK=DIR, laid out models/<tier>/esen/...): the translator contract
// and chrF on the FLORES-200 Spanish sentences; skipped with a message otherwise.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../model/errors.js';
import { translatorContract } from '../../../testkit/translator-contract.js';
import { fakePack } from '../../../testkit/fake-model-pack.js';
import { corpusChrf } from '../../chrf.js';
import { BergamotTranslator } from './index.js';
import { checkPack, loadManifest } from './model-pack.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-bergamot-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const make = (settings: Record<string, unknown>, dataDir = join(dir, 'none')) =>
  new BergamotTranslator({ settings, networkAllowed: false, dataDir, workers: 1 });

describe('bergamot without a real model', () => {
  it('is unavailable, saying how to import a pack, when none is imported', async () => {
    await expect(make({}).open()).rejects.toMatchObject({
      code: ErrorCodes.ENGINE_UNAVAILABLE,
      message: expect.stringMatching(/no model pack imported \(threadline models import DIR/),
    });
  });

  it('refuses a wrong-hash pack before loading anything', async () => {
    const bad = join(dir, 'bad');
    const m = fakePack(bad, { corrupt: true });
    const mf = join(dir, 'bad.json');
    writeFileSync(mf, JSON.stringify(m));
    await expect(make({ packDir: bad, manifest: mf }).open()).rejects.toMatchObject({
      code: ErrorCodes.MODEL_HASH_MISMATCH,
    });
  });

  it(
    'loads the WASM engine in a worker and passes a verified pack into Marian',
    { timeout: 60_000 },
    async () => {
      const good = join(dir, 'good');
      const m = fakePack(good);
      const mf = join(dir, 'good.json');
      writeFileSync(mf, JSON.stringify(m));
      const t = make({ packDir: good, manifest: mf });
      await t.open();
      try {
        expect(t.supports('es', 'en')).toBe(true);
        expect(t.supports('pl', 'en')).toBe(false);
        expect(t.info('es', 'en')).toMatchObject({
          engine: 'bergamot',
          model: 'firefox-translations esen tiny (000000000000)',
          modelHash: m.pairs['esen/tiny']!.files[0]!.sha256,
          offline: true,
        });
        const out = await t.translate([
          { id: 'a', text: 'Hola', source: 'es', target: 'en' },
          { id: 'b', text: 'Cześć', source: 'pl', target: 'en' },
        ]);
        expect(out[1]).toMatchObject({ ok: false, code: ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR });
        expect(out[0]).toMatchObject({ ok: false, code: ErrorCodes.ENGINE_FAILED });
        expect(!out[0]!.ok && out[0]!.message).toMatch(/SentencePiece|Aborted/);
      } finally {
        await t.close();
      }
    },
  );
});

const PACK = process.env.THREADLINE_BERGAMOT_PACK;
let SKIP: string | undefined;
if (!PACK)
  SKIP =
    'set THREADLINE_BERGAMOT_PACK to a Firefox Translations model pack folder with es→en to run it';
else if (!existsSync(PACK)) SKIP = `THREADLINE_BERGAMOT_PACK=${PACK} does not exist`;
else {
  const c = await checkPack(PACK, loadManifest());
  if (!c.verified.some((v) => v.entry.pair === 'esen'))
    SKIP = `no verified es→en model in ${PACK}${c.refused.length ? ` (refused: ${c.refused.map((r) => r.error.describe()).join('; ')})` : ''}`;
}
if (SKIP) console.warn(`[bergamot] real-model tests skipped: ${SKIP}`);

translatorContract('bergamot (real model pack)', {
  make: () => make({ packDir: PACK }),
  pair: { source: 'es', target: 'en' },
  unsupported: { source: 'xx', target: 'en' },
  samples: [
    { text: 'Tengo una idea diferente.', expect: 'idea' },
    { text: 'Este coche es rápido.', expect: 'car' },
    { text: '¿Cuántos años tiene tu tío?', expect: 'uncle' },
  ],
  skip: SKIP,
});

describe.skipIf(!!SKIP)('bergamot quality on FLORES-200 (real model pack)', () => {
  it('scores chrF2 above 50 on 200 Spanish devtest sentences', { timeout: 600_000 }, async () => {
    const data = join(import.meta.dirname, '..', '..', 'eval-data');
    const spa = readFileSync(join(data, 'flores200-devtest-200.spa_Latn'), 'utf8')
      .trimEnd()
      .split('\n');
    const eng = readFileSync(join(data, 'flores200-devtest-200.eng_Latn'), 'utf8')
      .trimEnd()
      .split('\n');
    const t = make({ packDir: PACK }, join(dir, 'real'));
    await t.open();
    try {
      const out = await t.translate(
        spa.map((text, i) => ({ id: String(i), text, source: 'es', target: 'en' })),
      );
      expect(out.every((o) => o.ok)).toBe(true);
      const score = corpusChrf(
        out.map((o) => (o.ok ? o.text : '')),
        eng,
      );
      console.log(
        `[bergamot] ${t.info('es', 'en').model}: FLORES-200 devtest 1-200 chrF2 = ${score.toFixed(2)}`,
      );
      expect(score).toBeGreaterThan(50);
    } finally {
      await t.close();
    }
  });
});
