// Liveness (/healthz: the process answers) and readiness (/readyz: the store answers, its schema has
// every migration this code expects, and the server is not shutting down). Neither touches case
// data nor needs a session.
import { sql } from 'kysely';
import type { RouteModule } from './route-module.js';
import { MIGRATIONS } from '../store/migrations/index.js';

export const healthRoutes: RouteModule = (server, { app, state }) => {
  server.get('/healthz', { config: { public: true } }, async () => ({
    status: 'ok',
    version: app.toolVersion,
    uptimeS: Math.round((Date.now() - state.startedAt) / 1000),
  }));

  server.get('/readyz', { config: { public: true } }, async (_req, reply) => {
    if (state.shuttingDown) return reply.code(503).send({ status: 'shutting-down' });
    const t0 = performance.now();
    let applied: Set<string>;
    try {
      const r = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(
        app.store.db,
      );
      applied = new Set(r.rows.map((x) => x.name));
    } catch {
      return reply.code(503).send({ status: 'store-unavailable' });
    }
    // another server may still be migrating a shared database
    const pending = MIGRATIONS.filter((m) => !applied.has(m.name)).map((m) => m.name);
    if (pending.length) return reply.code(503).send({ status: 'schema-behind', pending });
    return {
      status: 'ready',
      store: app.store.dialect,
      storeMs: Math.round((performance.now() - t0) * 10) / 10,
    };
  });
};
