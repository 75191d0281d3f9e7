// `threadline serve [--port 7474] [--host 127.0.0.1]`: the workbench in the browser and its API,
// until Ctrl+C (graceful shutdown: in-flight requests finish first).
import type { RegisterCommand } from '../command.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export const registerServe: RegisterCommand = (program, deps) => {
  program
    .command('serve')
    .description('serve the workbench in the browser (and the JSON API under /api)')
    .option('--port <n>', 'port to listen on (default 7474, or THREADLINE_PORT)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1: this machine only)')
    .option('--open', 'open the workbench in the default browser')
    .option('--log-level <level>', 'fatal | error | warn | info | debug | silent')
    .action(async (o: { port?: string; host?: string; open?: boolean; logLevel?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const port = o.port !== undefined ? Number(o.port) : app.config.server.port;
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new AppError(ErrorCodes.INVALID_ARGUMENT, `--port must be 0-65535, not ${o.port}`);
        const level = (o.logLevel ?? app.config.log.level) as typeof app.config.log.level;
        // loaded on use, so other commands start without the HTTP stack
        const { serveWorkbench } = await import('../../server/serve.js');
        const { openBrowser } = await import('../../server/open-browser.js');
        const running = await serveWorkbench(app, {
          host: o.host ?? app.config.server.host,
          port,
          trustProxy: app.config.server.trustProxy,
          tls: app.config.server.secureCookies,
          log: { level },
        });
        if (g.json) process.stdout.write(JSON.stringify({ url: running.url }) + '\n');
        else
          process.stderr.write(
            `Threadline workbench: ${running.url}  (data: ${app.dataDir}; Ctrl+C to stop)\n`,
          );
        if (o.open) openBrowser(running.url);
        await running.closed;
      }),
    );
};
