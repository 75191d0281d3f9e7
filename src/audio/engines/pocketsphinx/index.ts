// pocketsphinx engine: Debian's pocketsphinx_continuous with its US English model (offline,
// always installable, limited: roughly 40% WER on read speech). Word times and confidences come
// from `-time yes`; one segment per utterance. Source: pocketsphinx 5prealpha `continuous.c`.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { canRun, runEngineProcess } from '../run-engine-process.js';
import { wavFile, type DecodedAudio } from '../../decode-audio.js';
import type {
  Transcriber,
  TranscriberFactory,
  Transcript,
  TranscriptSegment,
} from '../../transcriber.js';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const HMM = join(MODEL_DIR, 'en-us');
const LM = join(MODEL_DIR, 'en-us.lm.bin');
const DICT = join(MODEL_DIR, 'cmudict-en-us.dict');
const MODEL_FILES = [
  join(HMM, 'mdef'),
  join(HMM, 'means'),
  join(HMM, 'variances'),
  join(HMM, 'transition_matrices'),
  join(HMM, 'sendump'),
  LM,
  DICT,
];

interface Options {
  binary: string;
  timeoutMs: number;
}

let modelHash: string | null = null;
/** SHA-256 over the model's files in a fixed order: the provenance of every transcript. */
function hashModel(): string {
  if (modelHash) return modelHash;
  const h = createHash('sha256');
  for (const f of MODEL_FILES) h.update(f).update('\0').update(readFileSync(f));
  modelHash = h.digest('hex');
  return modelHash;
}

/** Parse `pocketsphinx_continuous -time yes` output: a hypothesis line, then `word start end conf` lines. */
export function parsePocketsphinxOutput(out: string): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let words: Array<{ w: string; s: number; e: number; c: number }> = [];
  const flush = () => {
    const real = words.filter((x) => !/^<.*>$|^\[.*\]$/.test(x.w));
    if (real.length) {
      segments.push({
        start: real[0]!.s,
        end: real[real.length - 1]!.e,
        text: real.map((x) => x.w.replace(/\(\d+\)$/, '')).join(' '),
        confidence: Math.round((real.reduce((n, x) => n + x.c, 0) / real.length) * 1000) / 1000,
      });
    }
    words = [];
  };
  for (const line of out.split('\n')) {
    const m = /^(\S+) (\d+\.\d+) (\d+\.\d+) (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (m) {
      words.push({ w: m[1]!, s: Number(m[2]), e: Number(m[3]), c: Number(m[4]) });
      if (m[1] === '</s>') flush();
    } else if (line.trim()) flush(); // a hypothesis line starts the next utterance
  }
  flush();
  return segments;
}

class Pocketsphinx implements Transcriber {
  readonly id = 'pocketsphinx';
  readonly languages = ['en'] as const;
  constructor(private readonly o: Options) {}

  async unavailable(): Promise<string | null> {
    if (!existsSync(HMM) || !existsSync(LM))
      return 'the pocketsphinx US English model is not installed (Debian: pocketsphinx pocketsphinx-en-us)';
    const ok = await canRun(this.o.binary, ['-h']);
    return ok ? null : `${this.o.binary} is not installed (Debian: pocketsphinx)`;
  }

  async transcribe(audio: DecodedAudio): Promise<Transcript> {
    const why = await this.unavailable();
    if (why) throw new AppError(ErrorCodes.ENGINE_UNAVAILABLE, why, { engine: this.id });
    const dir = mkdtempSync(join(tmpdir(), 'threadline-ps-'));
    try {
      const wav = join(dir, 'in.wav');
      writeFileSync(wav, wavFile(audio.pcm));
      const args = ['-infile', wav, '-time', 'yes', '-logfn', '/dev/null'];
      args.push('-hmm', HMM, '-lm', LM, '-dict', DICT);
      const out = await runEngineProcess('pocketsphinx', this.o.binary, args, this.o.timeoutMs);
      const segments = parsePocketsphinxOutput(out);
      return {
        text: segments.map((s) => s.text).join(' '),
        segments,
        language: 'en',
        engine: this.id,
        model: 'cmusphinx-en-us-5.2 (Debian pocketsphinx-en-us)',
        modelHash: hashModel(),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export const pocketsphinxEngine: TranscriberFactory = {
  id: 'pocketsphinx',
  offline: true,
  create({ options }) {
    return new Pocketsphinx({
      binary: typeof options.binary === 'string' ? options.binary : 'pocketsphinx_continuous',
      timeoutMs: typeof options.timeoutMs === 'number' ? options.timeoutMs : 15 * 60_000,
    });
  },
};
