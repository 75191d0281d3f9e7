// pocketsphinx through Threadline's own pipeline (ffmpeg decode → engine) on the LibriVox clips with
// reference transcripts that Debian's pocketsphinx-testdata ships; the WER is printed and held
// under a ceiling set from the measurement. Skips with a message when the packages are missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from '../../decode-audio.js';
import { wordErrorRate } from '../../word-error-rate.js';
import { parsePocketsphinxOutput, pocketsphinxEngine } from './index.js';

const DATA = '/usr/share/pocketsphinx/test/data/librivox';
const engine = pocketsphinxEngine.create({ options: {}, networkAllowed: false });
const why = existsSync(join(DATA, 'transcription'))
  ? await engine.unavailable()
  : 'Debian package pocketsphinx-testdata is not installed';
if (why) console.warn(`[skip] pocketsphinx LibriVox WER test: ${why}`);

/** WER ceiling: measured 36.6% on these five clips with Debian's en-us model (see docs/audio.md). */
const WER_CEILING = 0.45;

describe('pocketsphinx engine', () => {
  it('parses utterances with word times and confidences, dropping markers and variants', () => {
    const segs = parsePocketsphinxOutput(
      [
        'and mr john',
        '<s> 0.000 0.140 0.999400',
        'and(2) 0.150 0.360 0.260057',
        'mr 0.370 0.620 0.988762',
        'john 0.630 1.000 0.929128',
        '</s> 1.050 1.080 1.000000',
        'he was',
        'he 2.000 2.200 0.5',
        '<sil> 2.200 2.300 0.5',
        'was 2.300 2.500 0.7',
        '</s> 2.500 2.600 1',
      ].join('\n'),
    );
    expect(segs).toEqual([
      { start: 0.15, end: 1, text: 'and mr john', confidence: 0.726 },
      { start: 2, end: 2.5, text: 'he was', confidence: 0.6 },
    ]);
  });

  it.skipIf(why !== null)(
    'transcribes the LibriVox clips under the WER ceiling, with times and provenance',
    async () => {
      const refs = readFileSync(join(DATA, 'transcription'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const m = /^(.*)\(([^)]+)\)\s*$/.exec(l)!;
          return { id: m[2]!, reference: m[1]!.trim() };
        });
      expect(refs).toHaveLength(5);
      const pairs: Array<{ reference: string; hypothesis: string }> = [];
      const queue = [...refs];
      await Promise.all(
        [0, 1].map(async () => {
          for (let r = queue.shift(); r; r = queue.shift()) {
            const audio = await decodeAudio({ path: join(DATA, `${r.id}.wav`) });
            const t = await engine.transcribe(audio);
            expect(t.engine).toBe('pocketsphinx');
            expect(t.modelHash).toMatch(/^[0-9a-f]{64}$/);
            expect(audio.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
            expect(t.segments.length).toBeGreaterThan(0);
            for (const s of t.segments) {
              expect(s.end).toBeGreaterThan(s.start);
              expect(s.end).toBeLessThanOrEqual(audio.seconds + 0.5);
            }
            pairs.push({ reference: r.reference, hypothesis: t.text });
          }
        }),
      );
      const wer = wordErrorRate(pairs);
      console.log(
        `[pocketsphinx] LibriVox WER ${(wer * 100).toFixed(1)}% over ${pairs.length} clips`,
      );
      for (const p of pairs) console.log(`  ref: ${p.reference}\n  hyp: ${p.hypothesis}`);
      expect(wer).toBeLessThan(WER_CEILING);
      expect(wer).toBeGreaterThan(0); // a perfect score would mean we read the references
    },
    120_000,
  );
});

describe.skipIf(why !== null)('pocketsphinx contract', () => {
  it('meets the transcriber contract on a LibriVox clip', async () => {
    const { checkTranscriberContract } = await import('../../../testkit/transcriber-contract.js');
    const a = await decodeAudio({
      path: join(DATA, 'sense_and_sensibility_01_austen_64kb-0880.wav'),
    });
    await checkTranscriberContract(pocketsphinxEngine, engine, a);
  }, 60_000);
});
