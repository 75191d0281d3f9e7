// `openai-http` engine: an OpenAI-compatible `POST /v1/audio/transcriptions` endpoint the force
// hosts (for example faster-whisper-server or a whisper.cpp server). Off unless configured and the
// network is allowed. Multipart upload of a 16 kHz WAV with `response_format=verbose_json`, which
// returns `language`, `text` and `segments[{start,end,text,avg_logprob}]`.
// API: https://platform.openai.com/docs/api-reference/audio/createTranscription
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { wavFile, type DecodedAudio } from '../../decode-audio.js';
import type {
  TranscribeOptions,
  Transcriber,
  TranscriberFactory,
  Transcript,
} from '../../transcriber.js';

interface Options {
  url: string | null;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  retries: number;
  networkAllowed: boolean;
}

interface VerboseJson {
  text?: string;
  language?: string;
  segments?: Array<{ start?: number; end?: number; text?: string; avg_logprob?: number }>;
}

// Whisper's verbose_json names languages in English ("english"); map the common ones to BCP-47.
const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  polish: 'pl',
  romanian: 'ro',
  albanian: 'sq',
  vietnamese: 'vi',
  urdu: 'ur',
  punjabi: 'pa',
  arabic: 'ar',
  persian: 'fa',
  chinese: 'zh',
  lithuanian: 'lt',
  bulgarian: 'bg',
  russian: 'ru',
  ukrainian: 'uk',
  turkish: 'tr',
  bengali: 'bn',
  portuguese: 'pt',
  spanish: 'es',
};

class OpenAiHttp implements Transcriber {
  readonly id = 'openai-http';
  readonly languages = ['*'] as const;
  constructor(private readonly o: Options) {}

  async unavailable(): Promise<string | null> {
    if (!this.o.url) return 'no endpoint configured (audio.engines.openai-http.url)';
    if (!this.o.networkAllowed) return 'network use is off (network.allowed: false)';
    return null;
  }

  async transcribe(audio: DecodedAudio, opts: TranscribeOptions = {}): Promise<Transcript> {
    const why = await this.unavailable();
    if (why)
      throw new AppError(
        this.o.url ? ErrorCodes.NETWORK_DISABLED : ErrorCodes.ENGINE_UNAVAILABLE,
        why,
        { engine: this.id },
      );
    const url = new URL(
      'v1/audio/transcriptions',
      this.o.url!.endsWith('/') ? this.o.url! : `${this.o.url!}/`,
    );
    let attempt = 0;
    for (;;) {
      const form = new FormData();
      form.append('file', new Blob([wavFile(audio.pcm)], { type: 'audio/wav' }), 'audio.wav');
      form.append('model', this.o.model);
      form.append('response_format', 'verbose_json');
      if (opts.language) form.append('language', opts.language.split('-')[0]!);
      const headers: Record<string, string> = {};
      if (this.o.apiKey) headers.authorization = `Bearer ${this.o.apiKey}`;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          body: form,
          headers,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
      } catch (e) {
        if (attempt++ < this.o.retries) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new AppError(
          ErrorCodes.ENGINE_UNAVAILABLE,
          `cannot reach ${url.origin}: ${(e as Error).message}`,
          { engine: this.id },
        );
      }
      if ((res.status === 429 || res.status >= 500) && attempt++ < this.o.retries) {
        const after = Number(res.headers.get('retry-after'));
        await sleep(
          Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : backoff(attempt),
        );
        continue;
      }
      if (!res.ok)
        throw new AppError(
          ErrorCodes.ENGINE_FAILED,
          `${url.origin} answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
          { engine: this.id },
        );
      const body = (await res.json()) as VerboseJson;
      const segments = (body.segments ?? []).map((s) => ({
        start: Number(s.start ?? 0),
        end: Number(s.end ?? 0),
        text: String(s.text ?? '').trim(),
        confidence:
          typeof s.avg_logprob === 'number'
            ? Math.round(Math.exp(s.avg_logprob) * 1000) / 1000
            : null,
      }));
      const lang = body.language?.toLowerCase() ?? null;
      return {
        text: String(body.text ?? segments.map((s) => s.text).join(' ')).trim(),
        segments,
        language: lang ? (LANGUAGE_NAMES[lang] ?? lang) : null,
        engine: this.id,
        model: this.o.model,
        modelHash: null,
      };
    }
  }
}

function backoff(attempt: number): number {
  return Math.min(250 * 2 ** (attempt - 1), 8000);
}
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const openAiHttpEngine: TranscriberFactory = {
  id: 'openai-http',
  offline: false,
  create({ options, networkAllowed }) {
    return new OpenAiHttp({
      url: typeof options.url === 'string' ? options.url : null,
      model: typeof options.model === 'string' ? options.model : 'whisper-1',
      apiKey: typeof options.apiKey === 'string' ? options.apiKey : null,
      timeoutMs: typeof options.timeoutMs === 'number' ? options.timeoutMs : 300_000,
      retries: typeof options.retries === 'number' ? options.retries : 3,
      networkAllowed,
    });
  },
};
