// Translation quality in CI: the first 200 FLORES-200 devtest Spanish sentences translated by the
// apertium engine and scored with chrF2 against the professional English references. The floor
// is set from the measurement (46.3 on these 200 lines with apertium-eng-spa 0.8.1; 46.5 on all
// 1,012, the same figure as ../shared/docs/translation.md §2.3), so a broken pipeline, lost
// punctuation or misaligned output fails the test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApertiumTranslator } from './index.js';
import { corpusChrf, sentenceChrf } from '../../chrf.js';

const HAVE = existsSync('/usr/share/apertium/modes/spa-eng.mode');
const SKIP =
  'Debian packages apertium and apertium-eng-spa are not installed (npm test installs them as root via scripts/system-deps.mjs)';
if (!HAVE) console.warn(`[flores-quality] skipped: ${SKIP}`);

const DATA = join(import.meta.dirname, '..', '..', 'eval-data');
const lines = (f: string) => readFileSync(join(DATA, f), 'utf8').trimEnd().split('\n');

/** chrF2 floor for apertium spa→eng on these 200 sentences (measured 46.3). */
const CHRF_FLOOR = 45;

describe('FLORES-200 evaluation data', () => {
  it('is 200 aligned Spanish/English lines', () => {
    const spa = lines('flores200-devtest-200.spa_Latn');
    const eng = lines('flores200-devtest-200.eng_Latn');
    expect(spa).toHaveLength(200);
    expect(eng).toHaveLength(200);
    expect(spa[0]).toMatch(/^«Actualmente, tenemos ratones/);
    expect(eng[0]).toMatch(/^"We now have 4-month-old mice/);
  });
});

describe.skipIf(!HAVE)(
  `FLORES-200 quality, apertium spa→eng${HAVE ? '' : ` (skipped: ${SKIP})`}`,
  () => {
    it(
      `scores above chrF2 ${CHRF_FLOOR} on 200 devtest sentences`,
      { timeout: 120_000 },
      async () => {
        const spa = lines('flores200-devtest-200.spa_Latn');
        const eng = lines('flores200-devtest-200.eng_Latn');
        const t = new ApertiumTranslator({
          settings: {},
          networkAllowed: false,
          dataDir: '/nonexistent',
          workers: 2,
        });
        await t.open();
        try {
          const out = await t.translate(
            spa.map((text, i) => ({ id: String(i), text, source: 'es', target: 'en' })),
          );
          expect(out.every((o) => o.ok)).toBe(true);
          const hyp = out.map((o) => (o.ok ? o.text : ''));
          const score = corpusChrf(hyp, eng);
          console.log(
            `[flores-quality] apertium spa→eng, FLORES-200 devtest lines 1-200: chrF2 = ${score.toFixed(2)} (floor ${CHRF_FLOOR}; model ${t.info('es', 'en').model})`,
          );
          expect(score).toBeGreaterThan(CHRF_FLOOR);
          // output stays aligned with its source: every line scores better against its own
          // reference than against the next line's
          const aligned = hyp.filter(
            (h, i) => sentenceChrf(h, eng[i]!) > sentenceChrf(h, eng[(i + 1) % eng.length]!),
          ).length;
          expect(aligned).toBeGreaterThanOrEqual(195);
          // sentence-final punctuation survives the pipeline
          expect(hyp[0]!.endsWith('added.')).toBe(true);
        } finally {
          await t.close();
        }
      },
    );
  },
);
