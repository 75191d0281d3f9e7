// The shape every HTTP engine shares: open = validate settings, refuse unless configured and the
// network is allowed, probe the service (languages, model); translate = group by pair, report
// unsupported pairs and over-long items per item, batch within the service's limits, send
// batches concurrently, and turn service errors into typed per-item errors — or throw when the
// service as a whole is unavailable so the router moves to the next engine.
import type { z } from 'zod';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type {
  EngineContext,
  EngineInfo,
  TranslationOutcome,
  TranslationRequest,
  Translator,
} from '../translator.js';
import { HttpStatusError, httpJson, type HttpJsonRequest } from './http-json.js';
import {
  batchWithin,
  mapLimit,
  parseSettings,
  requireConfigured,
  retryPolicy,
  type HttpEngineSettings,
} from './http-engine-settings.js';

export interface ServiceLimits {
  /** Most items the service takes in one request (documented). */
  maxItems: number;
  /** Most characters in one request (documented). */
  maxChars: number;
}

export abstract class HttpTranslator<S extends HttpEngineSettings> implements Translator {
  abstract readonly name: string;
  protected abstract readonly schema: z.ZodType<S>;
  /** The service's documented limits; settings may only lower them. */
  protected abstract readonly limits: ServiceLimits;
  protected readonly keyRequired: boolean = false;
  /** How the service measures request size (`maxChars` is in these units). */
  protected readonly sizeUnit: string = 'characters';
  protected s!: S;
  protected base = '';
  private opened = false;

  constructor(protected readonly ctx: EngineContext) {}

  /** Service-specific check after the settings are valid (list languages, find the model). */
  protected abstract probe(signal?: AbortSignal): Promise<void>;
  abstract supports(source: string, target: string): boolean;
  /** Model identity stored with each translation. */
  protected abstract model(source: string, target: string): string;
  /** Translate texts of one pair in one request; same length and order as `texts`. */
  protected abstract requestBatch(
    texts: string[],
    source: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<string[]>;
  /** Size of one text in the service's units (default: UTF-16 characters). */
  protected sizeOf(text: string): number {
    return text.length;
  }
  /** Whether a refused request means "this pair is not supported". */
  protected unsupportedError(e: HttpStatusError): boolean {
    return (
      e.status === 400 &&
      /not (supported|valid)|unsupported|invalid (source|target)/i.test(e.message)
    );
  }

  async open(): Promise<void> {
    if (this.opened) return;
    this.s = parseSettings(this.name, this.schema, this.ctx.settings);
    this.base = requireConfigured(this.name, this.ctx, this.s, this.keyRequired);
    await this.probe();
    this.opened = true;
  }

  protected get maxItems(): number {
    return Math.min(this.limits.maxItems, this.s.maxItems ?? Infinity);
  }

  protected get maxChars(): number {
    return Math.min(this.limits.maxChars, this.s.maxChars ?? Infinity);
  }

  protected http<T>(r: Omit<HttpJsonRequest, 'engine' | 'retry' | 'fetch'>) {
    return httpJson<T>({
      ...r,
      engine: this.name,
      retry: retryPolicy(this.s),
      fetch: this.ctx.fetch,
    });
  }

  info(source: string, target: string): EngineInfo {
    return {
      engine: this.name,
      model: this.opened ? this.model(source, target) : 'unopened',
      modelHash: null,
      offline: false,
      ...(this.s?.costPerMillionChars ? { costPerMillionChars: this.s.costPerMillionChars } : {}),
      ...(this.s?.charsPerSecond ? { charsPerSecond: this.s.charsPerSecond } : {}),
    };
  }

  async translate(
    requests: readonly TranslationRequest[],
    signal?: AbortSignal,
  ): Promise<TranslationOutcome[]> {
    if (!this.opened) await this.open();
    const results = new Map<string, TranslationOutcome>();
    const groups = new Map<string, TranslationRequest[]>();
    for (const r of requests) {
      if (!this.supports(r.source, r.target)) {
        results.set(r.id, {
          id: r.id,
          ok: false,
          code: ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
          message: `${this.name} cannot translate ${r.source} → ${r.target}`,
        });
      } else if (this.sizeOf(r.text) > this.maxChars) {
        results.set(r.id, {
          id: r.id,
          ok: false,
          code: ErrorCodes.FIELD_TOO_LARGE,
          message: `${this.name} takes at most ${this.maxChars.toLocaleString('en-GB')} ${this.sizeUnit} per request; this text has ${this.sizeOf(r.text).toLocaleString('en-GB')}`,
        });
      } else {
        const k = `${r.source}>${r.target}`;
        const g = groups.get(k) ?? [];
        g.push(r);
        groups.set(k, g);
      }
    }
    const batches = [...groups.values()].flatMap((g) =>
      batchWithin(g, this.maxItems, this.maxChars, (r) => this.sizeOf(r.text)),
    );
    let fatal: AppError | null = null;
    await mapLimit(batches, this.s.concurrency, async (batch) => {
      if (fatal) {
        for (const r of batch) results.set(r.id, this.failed(r, fatal));
        return;
      }
      const { source, target } = batch[0]!;
      try {
        const texts = await this.requestBatch(
          batch.map((r) => r.text),
          source,
          target,
          signal,
        );
        if (texts.length !== batch.length)
          throw new AppError(
            ErrorCodes.ENGINE_FAILED,
            `${this.name} returned ${texts.length} translations for ${batch.length} texts`,
            { engine: this.name },
          );
        const model = this.model(source, target);
        batch.forEach((r, i) => results.set(r.id, { id: r.id, ok: true, text: texts[i]!, model }));
      } catch (e) {
        if (signal?.aborted) throw e;
        if (e instanceof HttpStatusError && this.unsupportedError(e)) {
          for (const r of batch)
            results.set(r.id, {
              id: r.id,
              ok: false,
              code: ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
              message: e.message,
            });
          return;
        }
        const err =
          e instanceof AppError
            ? e
            : new AppError(ErrorCodes.ENGINE_FAILED, `${this.name}: ${(e as Error).message}`, {
                engine: this.name,
              });
        // the service as a whole is down or refuses us: stop and let the router fall back
        if (err.code === ErrorCodes.ENGINE_UNAVAILABLE) fatal = err;
        for (const r of batch) results.set(r.id, this.failed(r, err));
      }
    });
    if (fatal) throw fatal;
    return requests.map((r) => results.get(r.id)!);
  }

  private failed(r: TranslationRequest, e: AppError): TranslationOutcome {
    return { id: r.id, ok: false, code: e.code, message: e.message };
  }

  async close(): Promise<void> {
    this.opened = false;
  }
}
