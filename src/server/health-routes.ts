// Liveness (/healthz: the process answers) and readiness (/readyz: the store answers and the
// server is not shutting down). Neither touches case data nor needs a session.
import { sql } from 'kysely';
import type { RouteModule } from './route-module.js';

export const healthRoutes: RouteModule = (server, { app, state }) => {
  server.get('/healthz', { config: { public: true } }, async () => ({
    status: 'ok',
    version: app.toolVersion,
    uptimeS: Math.round((Date.now() - state.startedAt) / 1000),
  }));

  server.get('/readyz', { config: { public: true } }, async (_req, reply) => {
    if (state.shuttingDown) return reply.code(503).send({ status: 'shutting-down' });
    const t0 = performance.now();
    try {
      await sql`SELECT 1`.execute(app.store.db);
    } catch {
      return reply.code(503).send({ status: 'store-unavailable' });
    }
    return {
      status: 'ready',
      store: app.store.dialect,
      storeMs: Math.round((performance.now() - t0) * 10) / 10,
    };
  });
};
