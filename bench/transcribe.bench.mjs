// bench/transcribe: real-time factor (processing time / audio time) of each available
// transcription engine on this machine, over the LibriVox clips of Debian's pocketsphinx-testdata
// (decode + transcribe, one clip at a time and two at once), with the word error rate. Whisper runs
// when BENCH_WHISPER_MODEL and BENCH_WHISPER_SHA256 name a ggml model. Usage: npm run bench transcribe
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printMachine } from './machine.mjs';

const { decodeAudio } = await import('../dist/audio/decode-audio.js');
const { wordErrorRate } = await import('../dist/audio/word-error-rate.js');
const { pocketsphinxEngine } = await import('../dist/audio/engines/pocketsphinx/index.js');
const { whisperCppEngine } = await import('../dist/audio/engines/whisper-cpp/index.js');

printMachine();
const DATA = '/usr/share/pocketsphinx/test/data/librivox';
if (!existsSync(join(DATA, 'transcription'))) {
  console.log('pocketsphinx-testdata is not installed (Debian package): nothing to measure');
  process.exit(0);
}
const refs = readFileSync(join(DATA, 'transcription'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => {
    const m = /^(.*)\(([^)]+)\)\s*$/.exec(l);
    return { id: m[2], reference: m[1].trim() };
  });

const engines = [pocketsphinxEngine.create({ options: {}, networkAllowed: false })];
if (process.env.BENCH_WHISPER_MODEL)
  engines.push(
    whisperCppEngine.create({
      options: {
        model: process.env.BENCH_WHISPER_MODEL,
        sha256: process.env.BENCH_WHISPER_SHA256,
        binary: process.env.BENCH_WHISPER_BIN ?? 'whisper-cli',
      },
      networkAllowed: false,
    }),
  );

for (const e of engines) {
  const why = await e.unavailable();
  if (why) {
    console.log(`${e.id}: unavailable (${why})`);
    continue;
  }
  for (const concurrency of [1, 2]) {
    const queue = [...refs];
    const pairs = [];
    let audioS = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const a = await decodeAudio({ path: join(DATA, `${r.id}.wav`) });
          audioS += a.seconds;
          const t = await e.transcribe(a);
          pairs.push({ reference: r.reference, hypothesis: t.text });
        }
      }),
    );
    const wallS = (performance.now() - t0) / 1000;
    console.log(
      `${e.id} ×${concurrency}: ${audioS.toFixed(1)} s of audio in ${wallS.toFixed(1)} s — real-time factor ${(wallS / audioS).toFixed(2)} (${(audioS / wallS).toFixed(2)}× real time), WER ${(wordErrorRate(pairs) * 100).toFixed(1)}%`,
    );
  }
}
