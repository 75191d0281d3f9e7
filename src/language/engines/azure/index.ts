// `azure`: Microsoft Azure AI Translator, Text Translation v3.0 (a cloud service: text leaves the
// machine), off unless configured with a key. API (Microsoft Learn, "Translator v3.0 translate",
// https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/translate,
// and "Service limits", https://learn.microsoft.com/azure/ai-services/translator/service-limits):
// `POST {endpoint}/translate?api-version=3.0&from=es&to=en`, headers Ocp-Apim-Subscription-Key
// (+ Ocp-Apim-Subscription-Region for regional resources), body [{"Text": "..."}] →
// [{translations: [{text, to}]}]; `GET {endpoint}/languages?api-version=3.0&scope=translation`
// → {translation: {<code>: {name, nativeName, dir}}} (no key needed). Limits: 50,000 characters
// per request; the array limit was 100 elements (now documented as 1,000): we send at most 100
// by default. Errors are {error: {code, message}}; 400035/400036 = source/target not valid.
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { EngineDescriptor } from '../../translator.js';
import { HttpEngineSettingsBase } from '../../http/http-engine-settings.js';
import type { HttpStatusError } from '../../http/http-json.js';
import { HttpTranslator } from '../../http/http-translator.js';

const Settings = HttpEngineSettingsBase.extend({
  url: z.string().url().default('https://api.cognitive.microsofttranslator.com'),
  /** Azure region of a regional or multi-service resource (Ocp-Apim-Subscription-Region). */
  region: z.string().optional(),
  /** Custom Translator category id (default: the general model). */
  category: z.string().optional(),
  maxItems: z.coerce.number().int().min(1).default(100),
  maxChars: z.coerce.number().int().min(1).default(50_000),
});

const Languages = z.object({ translation: z.record(z.string(), z.unknown()) });
const Translated = z.array(
  z.object({ translations: z.array(z.object({ text: z.string(), to: z.string().optional() })) }),
);

/** Our BCP-47 tags → Azure's codes where they differ. */
const AZURE_CODES: Record<string, string> = { zh: 'zh-Hans' };

export class AzureTranslator extends HttpTranslator<z.infer<typeof Settings>> {
  readonly name = 'azure';
  protected readonly schema = Settings;
  protected readonly limits = { maxItems: 1000, maxChars: 50_000 };
  protected override readonly keyRequired = true;
  private codes = new Set<string>();

  private code(tag: string): string | null {
    const c = AZURE_CODES[tag] ?? tag;
    return this.codes.has(c) ? c : null;
  }

  protected async probe(): Promise<void> {
    const r = await this.http<unknown>({
      method: 'GET',
      url: `${this.base}/languages?api-version=3.0&scope=translation`,
    });
    const body = Languages.safeParse(r.body);
    if (!body.success)
      throw new AppError(
        ErrorCodes.ENGINE_UNAVAILABLE,
        `azure: ${this.base}/languages did not answer with a language list (is this a Translator v3 endpoint?)`,
        { engine: this.name },
      );
    this.codes = new Set(Object.keys(body.data.translation));
  }

  supports(source: string, target: string): boolean {
    return source !== target && this.code(source) !== null && this.code(target) !== null;
  }

  protected model(): string {
    return `azure translator v3.0 (${this.s.category ? `category ${this.s.category}` : 'general'})`;
  }

  protected override unsupportedError(e: HttpStatusError): boolean {
    const code = (e.body as { error?: { code?: number } } | null)?.error?.code;
    return e.status === 400 && (code === 400035 || code === 400036);
  }

  protected async requestBatch(
    texts: string[],
    source: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const q = new URLSearchParams({
      'api-version': '3.0',
      from: this.code(source)!,
      to: this.code(target)!,
      textType: 'plain',
    });
    if (this.s.category) q.set('category', this.s.category);
    const r = await this.http<unknown>({
      method: 'POST',
      url: `${this.base}/translate?${q}`,
      headers: {
        'Ocp-Apim-Subscription-Key': this.s.apiKey!,
        ...(this.s.region ? { 'Ocp-Apim-Subscription-Region': this.s.region } : {}),
      },
      body: texts.map((Text) => ({ Text })),
      signal,
    });
    const body = Translated.safeParse(r.body);
    if (!body.success)
      throw new AppError(ErrorCodes.ENGINE_FAILED, 'azure answered in an unexpected shape', {
        engine: this.name,
      });
    return body.data.map((x) => x.translations[0]?.text ?? '');
  }
}

export const azureEngine: EngineDescriptor = {
  name: 'azure',
  description:
    'Azure AI Translator v3 (cloud: text leaves the machine; off unless translation.engines.azure.apiKey is set)',
  network: true,
  create: (ctx) => new AzureTranslator(ctx),
};
