// Builds the HTTP server from the composed application: JSON API under /api behind the case-access
// seam, security headers, request limits, typed errors, structured logs without case content, and
// the built web UI. No environment is read here: the `serve` command passes options.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../app/app-context.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { installCaseAccess, type ActorResolver, type CaseAccessSeam } from './case-access.js';
import { errorHandler } from './http-errors.js';
import { loggerOptions, pathOnly, type LogOptions } from './log-options.js';
import { healthRoutes } from './health-routes.js';
import { API_ROUTES } from './routes/index.js';
import type { ServerState } from './server-state.js';
import { CaseMemo } from './overview-cache.js';
import { installSessionAuth } from './session-auth.js';

export interface ServerOptions {
  log?: LogOptions;
  /** Folder of the built web UI (default: the package's web/dist); null serves the API only. */
  webRoot?: string | null;
  /** Largest accepted request body (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Who is asking (default: the app's actor, the embedded mode's single local user). */
  resolveActor?: ActorResolver;
  /** Honour X-Forwarded-* from a reverse proxy. */
  trustProxy?: boolean;
  /** Served over TLS (directly or by a proxy): send HSTS and upgrade insecure requests. */
  tls?: boolean;
}

export interface ThreadlineServer {
  server: FastifyInstance;
  state: ServerState;
  seam: CaseAccessSeam;
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function createServer(
  app: AppContext,
  opts: ServerOptions = {},
): Promise<ThreadlineServer> {
  const server = Fastify({
    logger: loggerOptions(opts.log ?? { level: 'info' }),
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    requestTimeout: 120_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
  });
  const state: ServerState = { startedAt: Date.now(), shuttingDown: false };
  server.addHook('preClose', async () => {
    state.shuttingDown = true;
  });

  server.setErrorHandler(errorHandler);
  await server.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        // the graph layout runs in a worker built from a blob URL
        'worker-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(opts.tls ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: opts.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // evidence must not linger in browser or proxy caches (reliability S10)
  server.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') || req.url === '/api') {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
    return payload;
  });

  // multi-user mode: session cookies, CSRF tokens and rate limits; embedded: the local user
  const auth =
    app.authRequired && app.accounts
      ? installSessionAuth(server, app, app.accounts, {
          secureCookies: app.config.server.secureCookies || (opts.tls ?? false),
        })
      : null;

  const seam = installCaseAccess(server, {
    store: app.store,
    policy: app.access,
    audit: app.audit,
    resolveActor: opts.resolveActor ?? auth?.resolveActor ?? (async () => app.actor),
  });

  const deps = { app, state, memo: new CaseMemo(app.store), auth };
  await healthRoutes(server, deps);
  await server.register(
    async (api) => {
      api.setNotFoundHandler((req) => {
        throw new AppError(ErrorCodes.NOT_FOUND, `no API route ${req.method} ${pathOnly(req.url)}`);
      });
      for (const routes of API_ROUTES) await routes(api, deps);
    },
    { prefix: '/api' },
  );

  const webRoot = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  if (webRoot && existsSync(webRoot)) {
    await server.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: ['index.html'],
      setHeaders(reply, path) {
        // hashed assets may be cached; the page itself is always revalidated
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // the UI routes its own paths: any other GET that wants HTML gets the page
    server.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html'))
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      throw new AppError(ErrorCodes.NOT_FOUND, `no route ${req.method} ${pathOnly(req.url)}`);
    });
  } else {
    server.setNotFoundHandler((req) => {
      throw new AppError(
        ErrorCodes.NOT_FOUND,
        `no route ${req.method} ${pathOnly(req.url)}${webRoot ? ' (web UI not built: npm run build)' : ''}`,
      );
    });
  }
  await server.ready();
  return { server, state, seam };
}
