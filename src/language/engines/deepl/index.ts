// `deepl`: the DeepL API v2 (a cloud service: text leaves the machine), off unless configured
// with a key. API (DeepL developer docs, https://developers.deepl.com/api-reference/translate,
// /languages, and "Usage and limits" https://developers.deepl.com/docs/resources/usage-limits):
// `POST /v2/translate`, header `Authorization: DeepL-Auth-Key <key>`, JSON {text: string[],
// source_lang: "ES", target_lang: "EN-GB"} → {translations: [{detected_source_language, text}]};
// up to 50 texts per request and 128 KiB per request; `GET /v2/languages?type=source|target` →
// [{language, name}]. Free-plan keys end in ":fx" and use api-free.deepl.com. 429 and 5xx are
// retried with backoff; 456 means the quota is used up (the engine stops, the router moves on).
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { EngineDescriptor } from '../../translator.js';
import { HttpEngineSettingsBase } from '../../http/http-engine-settings.js';
import { HttpStatusError } from '../../http/http-json.js';
import { HttpTranslator } from '../../http/http-translator.js';

const Settings = HttpEngineSettingsBase.extend({
  /** English variant for target `en` (DeepL has EN-GB and EN-US). */
  englishVariant: z.enum(['EN-GB', 'EN-US']).default('EN-GB'),
  maxItems: z.coerce.number().int().min(1).default(50),
});

const Languages = z.array(z.object({ language: z.string(), name: z.string().optional() }));
const Translated = z.object({
  translations: z.array(
    z.object({ text: z.string(), detected_source_language: z.string().optional() }),
  ),
});

/** 128 KiB request limit less room for the JSON around the texts. */
const MAX_REQUEST_BYTES = 128 * 1024 - 2048;

export class DeeplTranslator extends HttpTranslator<z.infer<typeof Settings>> {
  readonly name = 'deepl';
  protected readonly schema = Settings;
  protected readonly limits = { maxItems: 50, maxChars: MAX_REQUEST_BYTES };
  protected override readonly keyRequired = true;
  protected override readonly sizeUnit = 'bytes of JSON';
  private sources = new Set<string>();
  private targets = new Set<string>();

  constructor(ctx: ConstructorParameters<typeof HttpTranslator>[0]) {
    // the endpoint follows the key's plan unless a URL is given
    const key = typeof ctx.settings.apiKey === 'string' ? ctx.settings.apiKey : '';
    super({
      ...ctx,
      settings: {
        url: key.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com',
        ...ctx.settings,
      },
    });
  }

  protected override sizeOf(text: string): number {
    return Buffer.byteLength(JSON.stringify(text), 'utf8') + 1;
  }

  private auth(): Record<string, string> {
    return { Authorization: `DeepL-Auth-Key ${this.s.apiKey!}` };
  }

  private sourceCode(tag: string): string | null {
    if (tag.includes('-')) return null; // script or region variants (ur-Latn, ar-Latn) are not DeepL languages
    const c = tag.toUpperCase();
    return this.sources.has(c) ? c : null;
  }

  private targetCode(tag: string): string | null {
    const c = tag === 'en' ? this.s.englishVariant : tag === 'pt' ? 'PT-PT' : tag.toUpperCase();
    return this.targets.has(c) ? c : null;
  }

  protected async probe(): Promise<void> {
    const get = async (type: string) => {
      const r = await this.http<unknown>({
        method: 'GET',
        url: `${this.base}/v2/languages?type=${type}`,
        headers: this.auth(),
      });
      const body = Languages.safeParse(r.body);
      if (!body.success)
        throw new AppError(
          ErrorCodes.ENGINE_UNAVAILABLE,
          `deepl: ${this.base}/v2/languages did not answer with a language list`,
          { engine: this.name },
        );
      return new Set(body.data.map((l) => l.language.toUpperCase()));
    };
    this.sources = await get('source');
    this.targets = await get('target');
  }

  supports(source: string, target: string): boolean {
    return (
      source !== target && this.sourceCode(source) !== null && this.targetCode(target) !== null
    );
  }

  protected model(_source: string, target: string): string {
    return `deepl v2 (target ${this.targetCode(target) ?? target})`;
  }

  protected async requestBatch(
    texts: string[],
    source: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    let r;
    try {
      r = await this.http<unknown>({
        method: 'POST',
        url: `${this.base}/v2/translate`,
        headers: this.auth(),
        body: {
          text: texts,
          source_lang: this.sourceCode(source)!,
          target_lang: this.targetCode(target)!,
        },
        signal,
      });
    } catch (e) {
      if (e instanceof HttpStatusError && e.status === 456)
        throw new AppError(
          ErrorCodes.ENGINE_UNAVAILABLE,
          'deepl: the character quota is used up (HTTP 456)',
          { engine: this.name },
        );
      throw e;
    }
    const body = Translated.safeParse(r.body);
    if (!body.success)
      throw new AppError(ErrorCodes.ENGINE_FAILED, 'deepl answered in an unexpected shape', {
        engine: this.name,
      });
    return body.data.translations.map((t) => t.text);
  }
}

export const deeplEngine: EngineDescriptor = {
  name: 'deepl',
  description:
    'DeepL API v2 (cloud: text leaves the machine; off unless translation.engines.deepl.apiKey is set)',
  network: true,
  create: (ctx) => new DeeplTranslator(ctx),
};
