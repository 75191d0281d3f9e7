// Runs the workbench server until asked to stop: listens, reports its URL, and on SIGINT/SIGTERM
// fails readiness, finishes in-flight requests, then closes (forced after a grace period).
import type { AppContext } from '../app/app-context.js';
import { createServer, type ServerOptions, type ThreadlineServer } from './create-server.js';

export interface ServeOptions extends ServerOptions {
  host: string;
  port: number;
  /** Longest wait for in-flight requests on shutdown before closing anyway. */
  graceMs?: number;
  /** Signals that stop the server (default SIGINT and SIGTERM). */
  signals?: NodeJS.Signals[];
}

export interface RunningServer extends ThreadlineServer {
  url: string;
  /** Resolves once the server has stopped (after a signal or stop()). */
  closed: Promise<void>;
  stop(reason?: string): Promise<void>;
}

export async function serveWorkbench(app: AppContext, o: ServeOptions): Promise<RunningServer> {
  const built = await createServer(app, o);
  const { server, state } = built;
  const address = await server.listen({ host: o.host, port: o.port });
  const url = new URL(address);
  // a wildcard bind is reachable on loopback; print an address a browser can open
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let stopping: Promise<void> | null = null;
  const signals = o.signals ?? ['SIGINT', 'SIGTERM'];
  const onSignal = (sig: NodeJS.Signals) => void stop(sig);
  const stop = (reason = 'stop'): Promise<void> => {
    if (stopping) return stopping;
    state.shuttingDown = true;
    for (const s of signals) process.off(s, onSignal);
    server.log.info({ reason }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      server.log.warn('grace period over: closing open connections');
      server.server.closeAllConnections();
    }, o.graceMs ?? 10_000);
    force.unref();
    stopping = server.close().then(() => {
      clearTimeout(force);
      resolveClosed();
    });
    return stopping;
  };
  for (const s of signals) process.on(s, onSignal);
  return { ...built, url: url.toString(), closed, stop };
}
