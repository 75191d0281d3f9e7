// Talks to the JSON API: same-origin requests, typed errors with the server's stable codes, and
// the analyst's stated purpose sent with every request (recorded in the audit). Nothing is kept in
// browser storage: the purpose lives in memory for this page only.
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let purpose = '';

/** The reason for viewing this case, sent as `x-threadline-purpose` with each request. */
export function setPurpose(text: string): void {
  purpose = text.trim();
}

export function currentPurpose(): string {
  return purpose;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (purpose) headers['x-threadline-purpose'] = encodeURIComponent(purpose);
  if (body !== undefined) headers['content-type'] = 'application/json';
  // multi-user mode: state-changing requests carry the session's CSRF token (double submit)
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = /(?:^|;\s*)tl_csrf=([^;]+)/.exec(document.cookie)?.[1];
    if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'the Threadline server cannot be reached');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', `unexpected response (${res.status})`);
  }
  if (!res.ok) {
    const e = (json as ApiErrorBody | null)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'HTTP_' + res.status,
      e?.message ?? res.statusText,
      e?.details?.fields ?? [],
    );
  }
  return json as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body: unknown = {}) => request<T>('POST', url, body),
  del: <T>(url: string) => request<T>('DELETE', url),
};

/** Query-string from an object, skipping empty values and repeating arrays. */
export function qs(
  params: Record<string, string | number | boolean | null | undefined | string[]>,
): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) for (const x of v) u.append(k, x);
    else u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function caseUrl(caseId: string, path = ''): string {
  return `/api/cases/${encodeURIComponent(caseId)}${path}`;
}
