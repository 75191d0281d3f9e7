// `whisper` engine: whisper.cpp's command-line program (`whisper-cli`) with a ggml model file the
// force imports; the model's SHA-256 must match the configured value before any use. Language
// detection (`-l auto`) and per-segment times come from its JSON output (`-oj`).
// Source: https://github.com/ggml-org/whisper.cpp (examples/cli). Off until a model is configured.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { canRun, runEngineProcess } from '../run-engine-process.js';
import { sha256File } from '../../../evidence/hash-file.js';
import { wavFile, type DecodedAudio } from '../../decode-audio.js';
import type {
  TranscribeOptions,
  Transcriber,
  TranscriberFactory,
  Transcript,
} from '../../transcriber.js';

interface Options {
  binary: string;
  model: string | null;
  sha256: string | null;
  threads: number;
  timeoutMs: number;
}

interface WhisperJson {
  result?: { language?: string };
  transcription?: Array<{ offsets?: { from?: number; to?: number }; text?: string }>;
}

class WhisperCpp implements Transcriber {
  readonly id = 'whisper';
  readonly languages = ['*'] as const;
  private checked: string | null = null;
  constructor(private readonly o: Options) {}

  async unavailable(): Promise<string | null> {
    if (!this.o.model) return 'no whisper model configured (audio.engines.whisper.model)';
    if (!existsSync(this.o.model)) return `the whisper model ${this.o.model} is missing`;
    if (!this.o.sha256)
      return 'the whisper model has no expected SHA-256 (audio.engines.whisper.sha256)';
    const ok = await canRun(this.o.binary, ['--help']);
    return ok ? null : `${this.o.binary} (whisper.cpp) is not installed`;
  }

  private async verifyModel(): Promise<string> {
    if (this.checked) return this.checked;
    const { sha256 } = await sha256File(this.o.model!);
    if (sha256 !== this.o.sha256!.toLowerCase())
      throw new AppError(
        ErrorCodes.MODEL_HASH_MISMATCH,
        `the whisper model's SHA-256 is ${sha256}, not the configured ${this.o.sha256}`,
        { file: this.o.model!, engine: this.id },
      );
    this.checked = sha256;
    return sha256;
  }

  async transcribe(audio: DecodedAudio, opts: TranscribeOptions = {}): Promise<Transcript> {
    const why = await this.unavailable();
    if (why) throw new AppError(ErrorCodes.ENGINE_UNAVAILABLE, why, { engine: this.id });
    const hash = await this.verifyModel();
    const dir = mkdtempSync(join(tmpdir(), 'threadline-whisper-'));
    try {
      const wav = join(dir, 'in.wav');
      writeFileSync(wav, wavFile(audio.pcm));
      const lang = opts.language ? opts.language.split('-')[0]! : 'auto';
      await runEngineProcess(
        'whisper',
        this.o.binary,
        [
          '-m',
          this.o.model!,
          '-f',
          wav,
          '-l',
          lang,
          '-t',
          String(this.o.threads),
          '-oj',
          '-of',
          join(dir, 'out'),
          '-np',
        ],
        this.o.timeoutMs,
      );
      const j = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as WhisperJson;
      const segments = (j.transcription ?? []).map((s) => ({
        start: (s.offsets?.from ?? 0) / 1000,
        end: (s.offsets?.to ?? 0) / 1000,
        text: String(s.text ?? '').trim(),
        confidence: null,
      }));
      return {
        text: segments
          .map((s) => s.text)
          .join(' ')
          .trim(),
        segments,
        language: j.result?.language ?? null,
        engine: this.id,
        model: this.o.model!.split('/').pop()!,
        modelHash: hash,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export const whisperCppEngine: TranscriberFactory = {
  id: 'whisper',
  offline: true,
  create({ options }) {
    return new WhisperCpp({
      binary: typeof options.binary === 'string' ? options.binary : 'whisper-cli',
      model: typeof options.model === 'string' ? options.model : null,
      sha256: typeof options.sha256 === 'string' ? options.sha256 : null,
      threads: typeof options.threads === 'number' ? options.threads : 2,
      timeoutMs: typeof options.timeoutMs === 'number' ? options.timeoutMs : 60 * 60_000,
    });
  },
};
