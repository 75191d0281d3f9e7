// `libretranslate`: a LibreTranslate server (self-hosted Argos Translate), off unless configured.
// API (LibreTranslate docs, https://docs.libretranslate.com/guides/api_usage/, and the server's
// libretranslate/app.py): `GET /languages` → [{code, name, targets}]; `POST /translate` JSON
// {q: string | string[], source, target, format: "text", api_key?} → {translatedText} (an array
// when q is an array). The server's own --batch-limit and --char-limit (per text) refuse larger
// requests with HTTP 400, so both are settings here (maxItems, maxChars).
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { EngineDescriptor } from '../../translator.js';
import { HttpEngineSettingsBase } from '../../http/http-engine-settings.js';
import { HttpTranslator } from '../../http/http-translator.js';

const Settings = HttpEngineSettingsBase.extend({
  maxItems: z.coerce.number().int().min(1).default(50),
  maxChars: z.coerce.number().int().min(1).default(10_000),
});

const Languages = z.array(
  z.object({
    code: z.string(),
    name: z.string().optional(),
    targets: z.array(z.string()).optional(),
  }),
);
const Translated = z.object({ translatedText: z.union([z.string(), z.array(z.string())]) });

export class LibreTranslateTranslator extends HttpTranslator<z.infer<typeof Settings>> {
  readonly name = 'libretranslate';
  protected readonly schema = Settings;
  protected readonly limits = { maxItems: 10_000, maxChars: 10_000_000 };
  private pairs = new Set<string>();

  protected async probe(): Promise<void> {
    const r = await this.http<unknown>({ method: 'GET', url: `${this.base}/languages` });
    const langs = Languages.safeParse(r.body);
    if (!langs.success)
      throw new AppError(
        ErrorCodes.ENGINE_UNAVAILABLE,
        `libretranslate: ${this.base}/languages did not answer with a language list (is this a LibreTranslate server?)`,
        { engine: this.name },
      );
    this.pairs.clear();
    const all = langs.data.map((l) => l.code);
    for (const l of langs.data)
      for (const t of l.targets ?? all) if (t !== l.code) this.pairs.add(`${l.code}>${t}`);
  }

  supports(source: string, target: string): boolean {
    return this.pairs.has(`${source}>${target}`);
  }

  protected model(): string {
    return `libretranslate ${new URL(this.base).host}`;
  }

  protected async requestBatch(
    texts: string[],
    source: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const r = await this.http<unknown>({
      method: 'POST',
      url: `${this.base}/translate`,
      body: {
        q: texts,
        source,
        target,
        format: 'text',
        ...(this.s.apiKey ? { api_key: this.s.apiKey } : {}),
      },
      signal,
    });
    const body = Translated.safeParse(r.body);
    if (!body.success || !Array.isArray(body.data.translatedText))
      throw new AppError(
        ErrorCodes.ENGINE_FAILED,
        'libretranslate answered without a translatedText array',
        { engine: this.name },
      );
    return body.data.translatedText;
  }
}

export const libretranslateEngine: EngineDescriptor = {
  name: 'libretranslate',
  description:
    'A LibreTranslate server (self-hosted; off unless translation.engines.libretranslate.url is set)',
  network: true,
  create: (ctx) => new LibreTranslateTranslator(ctx),
};
