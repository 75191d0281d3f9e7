// `llm`: an OpenAI-compatible chat endpoint the force hosts itself (llama.cpp llama-server, vLLM,
// Ollama), off unless configured; for the languages the offline engines lack. API (llama.cpp
// tools/server/README.md "OpenAI-compatible API Endpoints"; vLLM "OpenAI-Compatible Server",
// https://docs.vllm.ai/en/stable/serving/openai_compatible_server/; Ollama docs/openai.md):
// `GET {base}/v1/models` → {data: [{id}]}; `POST {base}/v1/chat/completions` {model, messages:
// [{role, content}], temperature, seed, max_tokens, stream: false} → {model, choices: [{message:
// {content}, finish_reason}]}; `Authorization: Bearer <key>` when the server has a key.
// Evidential rules: one text per request with a fixed, versioned prompt, temperature 0 and a fixed
// seed; the served model id and the prompt version are recorded; empty or cut-off output is an
// error (the router falls back); every result carries a warning that it is LLM output for review.
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { EngineDescriptor, TranslationOutcome, TranslationRequest } from '../../translator.js';
import { HttpEngineSettingsBase, mapLimit } from '../../http/http-engine-settings.js';
import { HttpTranslator } from '../../http/http-translator.js';

export const PROMPT_VERSION = 'threadline-llm-translate/1';

/** Languages the offline engines lack (../shared/docs/translation.md §1.4), the default list. */
const DEFAULT_LANGUAGES = ['ur', 'ur-Latn', 'pa', 'ckb', 'kmr', 'ti', 'am', 'so', 'ar-Latn'];

const NAMES: Record<string, string> = {
  en: 'English',
  ur: 'Urdu',
  'ur-Latn': 'Roman Urdu/Hindi (Urdu or Hindi written in Latin letters)',
  pa: 'Punjabi',
  ckb: 'Central Kurdish (Sorani)',
  kmr: 'Northern Kurdish (Kurmanji)',
  ti: 'Tigrinya',
  am: 'Amharic',
  so: 'Somali',
  ar: 'Arabic',
  'ar-Latn': 'Arabizi (Arabic written in Latin letters and digits)',
  es: 'Spanish',
  pl: 'Polish',
  ro: 'Romanian',
  sq: 'Albanian',
  vi: 'Vietnamese',
  fa: 'Persian',
  zh: 'Chinese',
  lt: 'Lithuanian',
  bg: 'Bulgarian',
  ru: 'Russian',
  uk: 'Ukrainian',
  tr: 'Turkish',
  bn: 'Bengali',
  pt: 'Portuguese',
};

const Settings = HttpEngineSettingsBase.extend({
  /** Model to ask for (default: the first model the server lists). */
  model: z.string().optional(),
  /** Source languages (BCP-47) this model is trusted with. */
  languages: z.array(z.string()).default(DEFAULT_LANGUAGES),
  targets: z.array(z.string()).default(['en']),
  seed: z.coerce.number().int().default(42),
  maxTokens: z.coerce.number().int().min(16).default(1024),
  /** Longest text sent in one request. */
  maxChars: z.coerce.number().int().min(1).default(4000),
  /** SHA-256 of the weights file, when the operator supplies it (stored as the model hash). */
  modelSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

const Models = z.object({ data: z.array(z.object({ id: z.string() })) });
const Completion = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
});

export function llmPrompt(source: string, target: string): string {
  return [
    `You translate chat messages from ${NAMES[source] ?? source} into ${NAMES[target] ?? target} for a police investigation.`,
    'Translate the user message faithfully and completely, keeping slang, insults, numbers, names and emoji as they are.',
    'Do not add explanations, notes, quotes or a preface. Output only the translation.',
  ].join(' ');
}

export class LlmTranslator extends HttpTranslator<z.infer<typeof Settings>> {
  readonly name = 'llm';
  protected readonly schema = Settings;
  protected readonly limits = { maxItems: 1, maxChars: 100_000 };
  private served = '';

  private get v1(): string {
    return /\/v1$/.test(this.base) ? this.base : `${this.base}/v1`;
  }

  private auth(): Record<string, string> {
    return this.s.apiKey ? { Authorization: `Bearer ${this.s.apiKey}` } : {};
  }

  protected async probe(): Promise<void> {
    const r = await this.http<unknown>({
      method: 'GET',
      url: `${this.v1}/models`,
      headers: this.auth(),
    });
    const body = Models.safeParse(r.body);
    if (!body.success)
      throw new AppError(
        ErrorCodes.ENGINE_UNAVAILABLE,
        `llm: ${this.v1}/models did not answer with a model list (is this an OpenAI-compatible server?)`,
        { engine: this.name },
      );
    const ids = body.data.data.map((m) => m.id);
    if (this.s.model && !ids.includes(this.s.model))
      throw new AppError(
        ErrorCodes.ENGINE_UNAVAILABLE,
        `llm: the server does not serve model ${JSON.stringify(this.s.model)} (it serves ${ids.join(', ') || 'none'})`,
        { engine: this.name },
      );
    const model = this.s.model ?? ids[0];
    if (!model)
      throw new AppError(ErrorCodes.ENGINE_UNAVAILABLE, 'llm: the server lists no model', {
        engine: this.name,
      });
    this.served = model;
  }

  supports(source: string, target: string): boolean {
    return (
      source !== target && this.s.languages.includes(source) && this.s.targets.includes(target)
    );
  }

  protected model(): string {
    return `${this.served} (${PROMPT_VERSION})`;
  }

  override info(source: string, target: string) {
    return { ...super.info(source, target), modelHash: this.s?.modelSha256 ?? null };
  }

  override async translate(
    requests: readonly TranslationRequest[],
    signal?: AbortSignal,
  ): Promise<TranslationOutcome[]> {
    const out = await super.translate(requests, signal);
    return out.map((o) =>
      o.ok
        ? { ...o, warnings: [...(o.warnings ?? []), 'LLM output: review before relying on it'] }
        : o,
    );
  }

  protected async requestBatch(
    texts: string[],
    source: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    return mapLimit(texts, 1, async (text) => {
      const r = await this.http<unknown>({
        method: 'POST',
        url: `${this.v1}/chat/completions`,
        headers: this.auth(),
        body: {
          model: this.served,
          messages: [
            { role: 'system', content: llmPrompt(source, target) },
            { role: 'user', content: text },
          ],
          temperature: 0,
          seed: this.s.seed,
          max_tokens: this.s.maxTokens,
          stream: false,
        },
        signal,
      });
      const body = Completion.safeParse(r.body);
      if (!body.success)
        throw new AppError(ErrorCodes.ENGINE_FAILED, 'llm answered in an unexpected shape', {
          engine: this.name,
        });
      const choice = body.data.choices[0]!;
      const content = (choice.message.content ?? '').trim();
      if (choice.finish_reason === 'length')
        throw new AppError(
          ErrorCodes.ENGINE_FAILED,
          `llm: the translation was cut off at ${this.s.maxTokens} tokens (translation.engines.llm.maxTokens)`,
          { engine: this.name },
        );
      if (!content)
        throw new AppError(ErrorCodes.ENGINE_FAILED, 'llm returned an empty translation', {
          engine: this.name,
        });
      if (body.data.model && body.data.model !== this.served) this.served = body.data.model;
      return content;
    });
  }
}

export const llmEngine: EngineDescriptor = {
  name: 'llm',
  description:
    'An OpenAI-compatible chat endpoint the force hosts (llama.cpp, vLLM, Ollama); off unless translation.engines.llm.url is set',
  network: true,
  create: (ctx) => new LlmTranslator(ctx),
};
