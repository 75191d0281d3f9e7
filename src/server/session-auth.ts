// Sign-in for the HTTP API in multi-user mode: the session cookie (HttpOnly, SameSite=Strict,
// Secure behind TLS) is resolved once per request; state-changing requests must carry the
// session's CSRF token in `x-csrf-token` (the SPA reads it from the `tl_csrf` cookie: double
// submit, checked against the server-side session); per-address rate limits on the API and,
// tighter, on sign-in. Embedded mode (the single local user) uses none of this.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../app/app-context.js';
import { actorOf, type AccountService, type SessionInfo } from '../security/accounts.js';
import { AppError, ErrorCodes, isAppError } from '../model/errors.js';
import type { ActorResolver } from './case-access.js';

export const SESSION_COOKIE = 'tl_session';
export const CSRF_COOKIE = 'tl_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type RequestSession = Omit<SessionInfo, 'token'> & { token: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session (multi-user mode), resolved once per request. */
    session: RequestSession | null;
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        out[k] = v;
      }
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
  httpOnly: boolean;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    'SameSite=Strict',
    ...(o.httpOnly ? ['HttpOnly'] : []),
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Fixed-window counter per key (an address, or an address and a route). */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number,
  ) {}

  /** Counts one hit; returns ms until the window resets when over the limit, else 0. */
  hit(key: string): { over: boolean; first: boolean; retryAfterMs: number } {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.prune(now);
    }
    w.count++;
    const over = w.count > this.limit;
    return { over, first: w.count === this.limit + 1, retryAfterMs: w.start + this.windowMs - now };
  }

  private prune(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

export interface SessionAuth {
  resolveActor: ActorResolver;
  /** Sets the session and CSRF cookies after sign-in. */
  setCookies(reply: FastifyReply, s: SessionInfo): void;
  clearCookies(reply: FastifyReply): void;
  loginLimiter: RateLimiter;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Installs session resolution, CSRF checks and rate limits (multi-user mode). */
export function installSessionAuth(
  server: FastifyInstance,
  app: AppContext,
  accounts: AccountService,
  opts: { secureCookies: boolean },
): SessionAuth {
  const clock = app.clock ?? Date.now;
  const apiLimiter = new RateLimiter(app.config.auth.requestsPerMinute, 60_000, clock);
  const loginLimiter = new RateLimiter(app.config.auth.loginsPerMinute, 60_000, clock);
  server.decorateRequest('session', null);

  server.addHook('onRequest', async (req, reply) => {
    const url = req.url;
    if (!(url === '/api' || url.startsWith('/api/'))) return;
    const limited = apiLimiter.hit(req.ip);
    if (limited.over) {
      reply.header('retry-after', String(Math.ceil(limited.retryAfterMs / 1000)));
      if (limited.first)
        await app.audit.record({
          actor: 'anonymous',
          action: 'api.rate-limit',
          outcome: 'denied',
          details: { limit: app.config.auth.requestsPerMinute, path: url.split('?')[0] },
          origin: req.ip,
        });
      throw new AppError(ErrorCodes.RATE_LIMITED, 'too many requests: slow down');
    }
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (token) {
      try {
        const s = await accounts.resumeSession(token, req.ip);
        if (s) req.session = { ...s, token };
      } catch (e) {
        if (!isAppError(e) || e.code !== 'SESSION_EXPIRED') throw e;
        reply.header('set-cookie', expiredCookies(opts.secureCookies));
      }
    }
    if (STATE_CHANGING.has(req.method) && req.session) {
      const sent = req.headers[CSRF_HEADER];
      const value = Array.isArray(sent) ? sent[0] : sent;
      if (!value || value !== req.session.csrfToken) {
        await app.audit.record({
          actor: req.session.user.id,
          action: 'api.csrf',
          outcome: 'denied',
          details: { method: req.method, path: url.split('?')[0] },
          origin: req.ip,
        });
        throw new AppError(ErrorCodes.CSRF, 'missing or wrong CSRF token (header x-csrf-token)');
      }
    }
  });

  const expiredCookies = (secure: boolean) => [
    serializeCookie(SESSION_COOKIE, '', { secure, httpOnly: true, maxAgeSeconds: 0 }),
    serializeCookie(CSRF_COOKIE, '', { secure, httpOnly: false, maxAgeSeconds: 0 }),
  ];

  return {
    loginLimiter,
    resolveActor: async (req: FastifyRequest): Promise<Actor | null> =>
      req.session ? actorOf(req.session.user) : null,
    setCookies(reply, s) {
      const maxAge = (s.absoluteExpiresAt - s.createdAt) / 1000;
      reply.header('set-cookie', [
        serializeCookie(SESSION_COOKIE, s.token, {
          secure: opts.secureCookies,
          httpOnly: true,
          maxAgeSeconds: maxAge,
        }),
        serializeCookie(CSRF_COOKIE, s.csrfToken, {
          secure: opts.secureCookies,
          httpOnly: false,
          maxAgeSeconds: maxAge,
        }),
      ]);
    },
    clearCookies(reply) {
      reply.header('set-cookie', expiredCookies(opts.secureCookies));
    },
  };
}
