// Who the workbench is talking to, and signing in and out. Embedded mode: the single local user,
// no sign-in. Multi-user mode: POST /session/login (password, then the authenticator code when
// enrolled) sets the session and CSRF cookies; POST /session/logout ends the session. Touches no
// case data; every sign-in and sign-out is audited by the account service.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { DEFAULT_MARKING } from '../../model/entities.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { actorOf } from '../../security/accounts.js';
import { parseInput } from '../parse-input.js';

const LoginBody = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    totp: z.string().max(10).optional(),
  })
  .strict();

export const sessionRoutes: RouteModule = (api, { app, auth }) => {
  api.get('/session', { config: { public: true } }, async (req) => {
    const s = req.session ?? null;
    const actor = auth ? (s ? actorOf(s.user) : null) : app.actor;
    return {
      actor: actor ? { id: actor.id, name: actor.name, roles: actor.roles } : null,
      authRequired: !!auth,
      mode: app.config.mode,
      version: app.toolVersion,
      defaultMarking: DEFAULT_MARKING,
      ...(s
        ? {
            csrfToken: s.csrfToken,
            idleExpiresAt: s.idleExpiresAt,
            absoluteExpiresAt: s.absoluteExpiresAt,
            mfa: s.user.totpEnrolled,
          }
        : {}),
    };
  });

  api.post('/session/login', { config: { public: true } }, async (req, reply) => {
    if (!auth || !app.accounts)
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        'sign-in is not used in embedded mode (the local user acts)',
      );
    const limited = auth.loginLimiter.hit(req.ip);
    if (limited.over) {
      reply.header('retry-after', String(Math.ceil(limited.retryAfterMs / 1000)));
      await app.audit.record({
        actor: 'anonymous',
        action: 'session.login',
        outcome: 'denied',
        details: { reason: 'rate limited' },
        origin: req.ip,
      });
      throw new AppError(ErrorCodes.RATE_LIMITED, 'too many sign-in attempts: wait a minute');
    }
    const body = parseInput(LoginBody, req.body, 'body');
    try {
      const s = await app.accounts.signIn({ ...body, origin: req.ip });
      auth.setCookies(reply, s);
      return {
        actor: actorOf(s.user),
        csrfToken: s.csrfToken,
        idleExpiresAt: s.idleExpiresAt,
        absoluteExpiresAt: s.absoluteExpiresAt,
      };
    } catch (e) {
      if (e instanceof AppError && e.code === 'LOCKED_OUT') {
        const ms = Number(e.details.retryAfterMs ?? 0);
        if (ms > 0) reply.header('retry-after', String(Math.ceil(ms / 1000)));
      }
      throw e;
    }
  });

  api.post('/session/logout', { config: { public: true } }, async (req, reply) => {
    if (auth && req.session) {
      await app.accounts?.signOut(req.session.token, req.ip);
      auth.clearCookies(reply);
    }
    return { signedOut: !!auth };
  });
};
