// `threadline worker`: pulls jobs (ingest, …) from the store's queue and runs them, on any machine
// that reaches the database and the evidence paths. Logs one JSON line per job event on stderr.
// SIGINT/SIGTERM: stop claiming, finish the running jobs, exit (a second signal aborts them; their
// leases then run out and other workers take them over).
import type { RegisterCommand } from '../command.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export const registerWorker: RegisterCommand = (program, deps) => {
  program
    .command('worker')
    .description('run queued jobs (ingest …) until stopped; run as many as you like, anywhere')
    .option('--concurrency <n>', 'jobs at the same time (default 1)', '1')
    .option(
      '--lease <ms>',
      'lease of a claimed job, renewed by heartbeats (default 30000)',
      '30000',
    )
    .option('--kinds <list>', 'comma-separated job kinds to take (default all)')
    .option('--drain', 'run what is queued, then exit')
    .action(async (o: { concurrency: string; lease: string; kinds?: string; drain?: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        const { JobQueue } = await import('../../jobs/job-queue.js');
        const { JobRunner } = await import('../../jobs/job-runner.js');
        const { JOB_HANDLERS } = await import('../../jobs/job-handlers.js');
        const concurrency = Number(o.concurrency);
        const leaseMs = Number(o.lease);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
          throw new AppError(ErrorCodes.INVALID_ARGUMENT, '--concurrency must be 1-64');
        if (!Number.isInteger(leaseMs) || leaseMs < 1000)
          throw new AppError(ErrorCodes.INVALID_ARGUMENT, '--lease must be at least 1000 ms');
        const kinds = o.kinds?.split(',').map((k) => k.trim());
        const handlers = JOB_HANDLERS.filter((h) => !kinds || kinds.includes(h.kind));
        if (handlers.length === 0)
          throw new AppError(ErrorCodes.INVALID_ARGUMENT, `no job kind among ${o.kinds}`);
        const log = (e: Record<string, unknown>) =>
          process.stderr.write(JSON.stringify({ time: Date.now(), ...e }) + '\n');
        const runner = new JobRunner({
          queue: new JobQueue(app.store, { leaseMs }),
          handlers,
          toolVersion: app.toolVersion,
          scratchDir: app.scratchDir,
          concurrency,
          onEvent: (e) =>
            log({
              event: e.type,
              job: e.job.id,
              kind: e.job.kind,
              case: e.job.caseId,
              ...('ms' in e ? { ms: e.ms } : {}),
              ...('error' in e ? { error: e.error } : {}),
            }),
        });
        log({
          event: 'worker-started',
          worker: runner.worker,
          store: app.store.dialect,
          kinds: handlers.map((h) => h.kind),
        });
        if (o.drain) {
          const n = await runner.drain();
          if (g.json) process.stdout.write(JSON.stringify({ ran: n }) + '\n');
          return;
        }
        runner.start();
        await new Promise<void>((resolve) => {
          let signalled = 0;
          const onSignal = (sig: NodeJS.Signals) => {
            signalled++;
            log({ event: signalled === 1 ? 'draining' : 'aborting', signal: sig });
            void runner.stop({ abort: signalled > 1 }).then(() => {
              process.off('SIGINT', onSignal);
              process.off('SIGTERM', onSignal);
              resolve();
            });
          };
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
        });
        log({ event: 'worker-stopped', worker: runner.worker });
      }),
    );
};
