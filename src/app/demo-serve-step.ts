// The demo's last step: serve the workbench on the demo's data and open it in the browser. In a
// terminal it keeps serving until Ctrl+C; otherwise (--json, piped output, tests) it starts the
// server, checks it is ready and serves the live case, and stops.
import type { DemoStep } from './demo-steps.js';
import type { RunningServer } from '../server/serve.js';

export interface DemoServeOptions {
  /** Keep serving until interrupted (interactive terminals). */
  keepRunning: boolean;
  /** Open the default browser at the workbench (needs a desktop). */
  open: boolean;
  port?: number;
  host?: string;
}

async function listen(ctx: Parameters<DemoStep['run']>[0], port: number, host: string) {
  // loaded on use, so the CLI starts without the HTTP stack
  const { serveWorkbench } = await import('../server/serve.js');
  const opts = { host, log: { level: 'warn' as const }, tls: ctx.app.config.server.secureCookies };
  try {
    return await serveWorkbench(ctx.app, { ...opts, port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    ctx.log(`port ${port} is in use: serving on a free port instead`);
    return serveWorkbench(ctx.app, { ...opts, port: 0 });
  }
}

export const serveStep: DemoStep = {
  id: 'serve',
  title: 'Open the workbench',
  async run(ctx) {
    const o: DemoServeOptions = ctx.options.serve ?? { keepRunning: false, open: false };
    const running: RunningServer = await listen(
      ctx,
      o.port ?? ctx.app.config.server.port,
      o.host ?? ctx.app.config.server.host,
    );
    const live = ctx.state.cases[0];
    const url = live ? new URL(`/cases/${live.id}`, running.url).toString() : running.url;
    const ready = await fetch(new URL('/readyz', running.url)).then((r) => r.status);
    ctx.results.serve = { url, ready: ready === 200, keptRunning: o.keepRunning };
    if (!o.keepRunning) {
      await running.stop('demo finished');
      ctx.log(
        `workbench checked at ${url} (run "threadline --data ${ctx.app.dataDir} serve" to open it)`,
      );
      return;
    }
    ctx.log(`\nThreadline workbench: ${url}\n(Ctrl+C to stop)`);
    const { hasDesktop, openBrowser } = await import('../server/open-browser.js');
    if (o.open && hasDesktop(process.env)) openBrowser(url);
    await running.closed;
  },
};
