// JSON over HTTP for the translation engines that call a service: per-attempt timeout, retry with
// exponential backoff (and jitter) on 429 and 5xx honouring Retry-After, and typed errors that
// never carry the API key (headers are not logged or echoed; URLs never hold keys).
import { AppError, ErrorCodes } from '../../model/errors.js';

export interface RetryPolicy {
  /** Attempts after the first (default 4). */
  maxRetries: number;
  /** First backoff in ms, doubled each retry (default 500). */
  baseDelayMs: number;
  /** Longest single wait, including a server's Retry-After (default 60 s). */
  maxDelayMs: number;
  /** Per-attempt timeout in ms (default 60 s). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  timeoutMs: 60_000,
};

export interface HttpJsonRequest {
  engine: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Called before each wait (tests, progress). */
  onRetry?: (e: { attempt: number; status: number | null; delayMs: number }) => void;
}

export interface HttpJsonResponse<T> {
  status: number;
  body: T;
  attempts: number;
}

/** An HTTP error response that was not retried (or retries ran out); `body` as parsed. */
export class HttpStatusError extends AppError {
  constructor(
    readonly engine: string,
    readonly status: number,
    readonly body: unknown,
    code: (typeof ErrorCodes)[keyof typeof ErrorCodes],
    message: string,
  ) {
    super(code, message, { engine, status });
  }
}

/** Retry-After as seconds or an HTTP date → ms (null when absent or unreadable). */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Where a request goes, without query string (which may hold a key in some APIs). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Short text of an error body for messages (service error texts, never request data). */
export function describeBody(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body.slice(0, 300);
  const b = body as Record<string, unknown>;
  const e = b.error;
  if (typeof e === 'string') return e.slice(0, 300);
  if (e && typeof e === 'object') {
    const m = (e as Record<string, unknown>).message;
    const c = (e as Record<string, unknown>).code;
    if (typeof m === 'string') return `${c !== undefined ? `${String(c)} ` : ''}${m}`.slice(0, 300);
  }
  if (typeof b.message === 'string') return b.message.slice(0, 300);
  if (typeof b.detail === 'string') return b.detail.slice(0, 300);
  return JSON.stringify(body).slice(0, 300);
}

export async function httpJson<T>(r: HttpJsonRequest): Promise<HttpJsonResponse<T>> {
  const policy = { ...DEFAULT_RETRY, ...r.retry };
  const f = r.fetch ?? fetch;
  const where = `${r.method} ${safeUrl(r.url)}`;
  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = r.signal ? AbortSignal.any([r.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await f(r.url, {
        method: r.method,
        headers: {
          accept: 'application/json',
          ...(r.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...r.headers,
        },
        body: r.body !== undefined ? JSON.stringify(r.body) : undefined,
        signal,
      });
    } catch (e) {
      if (r.signal?.aborted) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = timeout.aborted
        ? `no answer within ${policy.timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (e as Error).message);
      if (attempt < policy.maxRetries && timeout.aborted) {
        const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        r.onRetry?.({ attempt: attempt + 1, status: null, delayMs });
        await sleep(delayMs, r.signal);
        continue;
      }
      throw new AppError(
        ErrorCodes.ENGINE_UNAVAILABLE,
        `${r.engine} is unavailable: cannot reach ${where} (${why})`,
        { engine: r.engine },
        { cause: e },
      );
    }
    const text = await res.text();
    let body: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (res.ok) {
      if (typeof body === 'string' && text)
        throw new AppError(
          ErrorCodes.ENGINE_FAILED,
          `${r.engine}: ${where} answered ${res.status} with a body that is not JSON`,
          { engine: r.engine },
        );
      return { status: res.status, body: body as T, attempts: attempt + 1 };
    }
    if (retryable(res.status) && attempt < policy.maxRetries) {
      const backoff = policy.baseDelayMs * 2 ** attempt * (1 + Math.random() * 0.25);
      const delayMs = Math.min(
        policy.maxDelayMs,
        Math.max(retryAfterMs(res.headers.get('retry-after')) ?? 0, backoff),
      );
      r.onRetry?.({ attempt: attempt + 1, status: res.status, delayMs });
      await sleep(delayMs, r.signal);
      continue;
    }
    const detail = describeBody(body);
    const code =
      res.status === 401 || res.status === 403
        ? ErrorCodes.ENGINE_UNAVAILABLE
        : ErrorCodes.ENGINE_FAILED;
    const what =
      res.status === 401 || res.status === 403
        ? `refused the credentials (HTTP ${res.status}; check translation.engines.${r.engine}.apiKey)`
        : retryable(res.status)
          ? `HTTP ${res.status} after ${attempt + 1} attempts`
          : `HTTP ${res.status}`;
    throw new HttpStatusError(
      r.engine,
      res.status,
      body,
      code,
      `${r.engine}: ${where} ${what}${detail ? `: ${detail}` : ''}`,
    );
  }
}
