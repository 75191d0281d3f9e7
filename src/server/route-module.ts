// What a group of API routes receives: the composed application and the server's shared state.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import type { ServerState } from './server-state.js';
import type { CaseMemo } from './overview-cache.js';
import type { SessionAuth } from './session-auth.js';

export interface RouteDeps {
  app: AppContext;
  state: ServerState;
  /** Per-case cache of aggregates that need a scan of every message. */
  memo: CaseMemo;
  /** Sign-in machinery in multi-user mode (null in embedded mode). */
  auth?: SessionAuth | null;
}

/** Registers a group of routes. Case-data routes declare `config: { access: { action } }`. */
export type RouteModule = (server: FastifyInstance, deps: RouteDeps) => void | Promise<void>;
