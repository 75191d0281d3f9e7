// What every HTTP engine shares: its settings (validated with zod; the API key comes from the
// config file or THREADLINE_TRANSLATION__ENGINES__<NAME>__API_KEY and is never logged), the gate
// that keeps it off unless configured and the network is allowed, and batching within a
// service's item and size limits.
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { networkDisabled, type EngineContext } from '../translator.js';
import type { RetryPolicy } from './http-json.js';

export const HttpEngineSettingsBase = z.object({
  enabled: z.boolean().default(true),
  /** Base URL of the service. */
  url: z.string().url().optional(),
  apiKey: z.string().min(1).optional(),
  /** Items per request (capped at the service's documented limit). */
  maxItems: z.coerce.number().int().min(1).optional(),
  /** Characters per request (capped at the service's documented limit). */
  maxChars: z.coerce.number().int().min(1).optional(),
  timeoutMs: z.coerce.number().int().min(100).default(60_000),
  maxRetries: z.coerce.number().int().min(0).max(20).default(4),
  retryBaseMs: z.coerce.number().int().min(1).default(500),
  maxRetryDelayMs: z.coerce.number().int().min(1).default(60_000),
  /** Concurrent requests (default 2). */
  concurrency: z.coerce.number().int().min(1).max(32).default(2),
  /** Cost for estimates (paid cloud services). */
  costPerMillionChars: z.object({ amount: z.number().min(0), currency: z.string() }).optional(),
  /** Throughput for estimates, characters per second. */
  charsPerSecond: z.coerce.number().min(1).optional(),
});

export type HttpEngineSettings = z.infer<typeof HttpEngineSettingsBase>;

/** Validate an engine's settings; errors name the field, never its value. */
export function parseSettings<S extends z.ZodTypeAny>(
  engine: string,
  schema: S,
  raw: Record<string, unknown>,
): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues
      .map((i) => `translation.engines.${engine}.${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new AppError(ErrorCodes.CONFIG_INVALID, `${engine} is misconfigured: ${issues}`, {
      engine,
    });
  }
  return r.data as z.infer<S>;
}

/** Throws unless the engine is configured (a URL) and the network is allowed. */
export function requireConfigured(
  engine: string,
  ctx: EngineContext,
  s: { url?: string; enabled: boolean; apiKey?: string },
  keyRequired = false,
): string {
  if (!s.enabled)
    throw new AppError(ErrorCodes.ENGINE_UNAVAILABLE, `${engine} is disabled in configuration`, {
      engine,
    });
  if (!s.url)
    throw new AppError(
      ErrorCodes.ENGINE_UNAVAILABLE,
      `${engine} is not configured (set translation.engines.${engine}.url)`,
      { engine },
    );
  if (!ctx.networkAllowed) throw networkDisabled(engine);
  if (keyRequired && !s.apiKey)
    throw new AppError(
      ErrorCodes.CONFIG_INVALID,
      `${engine} needs an API key (translation.engines.${engine}.apiKey or THREADLINE_TRANSLATION__ENGINES__${engine.toUpperCase()}__API_KEY)`,
      { engine },
    );
  return s.url.replace(/\/+$/, '');
}

export function retryPolicy(s: HttpEngineSettings): Partial<RetryPolicy> {
  return {
    maxRetries: s.maxRetries,
    baseDelayMs: s.retryBaseMs,
    maxDelayMs: s.maxRetryDelayMs,
    timeoutMs: s.timeoutMs,
  };
}

/**
 * Split items into request batches of at most `maxItems` items and `maxChars` characters
 * (`size` measures an item). An item larger than `maxChars` on its own goes alone, and the
 * caller reports it (it would be refused by the service).
 */
export function batchWithin<T>(
  items: readonly T[],
  maxItems: number,
  maxChars: number,
  size: (item: T) => number,
): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let chars = 0;
  for (const it of items) {
    const n = size(it);
    if (cur.length && (cur.length >= maxItems || chars + n > maxChars)) {
      out.push(cur);
      cur = [];
      chars = 0;
    }
    cur.push(it);
    chars += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Run `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}
