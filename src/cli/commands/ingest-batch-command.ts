// `threadline ingest-batch <folder>`: ingest many cases unattended from a folder-per-case layout
// (`<folder>/<case>/<device>/…`, optional `<case>/case.json`); rerun to continue after a stop.
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { openCase, requireGlobal } from '../case-guard.js';
import { ingestBatch } from '../../cases/batch-ingest.js';
import { CASE_STATUSES, type CaseStatus } from '../../store/queries/cases.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export const registerIngestBatch: RegisterCommand = (program, deps) => {
  program
    .command('ingest-batch <folder>')
    .description(
      'ingest every <case>/<device> folder under a folder; resumable (run again to continue)',
    )
    .option('--status <status>', `status of cases created (${CASE_STATUSES.join(', ')})`, 'closed')
    .option('--retry-failed', 'run the devices that failed before again')
    .action(async (folder: string, o: { status: CaseStatus; retryFailed?: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        if (!CASE_STATUSES.includes(o.status))
          throw new AppError(
            ErrorCodes.INVALID_ARGUMENT,
            `--status must be one of ${CASE_STATUSES.join(', ')}`,
          );
        const bar = progressBar('ingest-batch', 'devices');
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        const r = await ingestBatch(app.store, {
          root: folder,
          toolVersion: app.toolVersion,
          scratchParent: app.scratchDir,
          defaultStatus: o.status,
          retryFailed: o.retryFailed,
          region: app.config.region,
          batchRows: app.config.ingest.batchRows,
          signal: stop.signal,
          authorise: async (ref, exists) => {
            if (exists) await openCase(app, ref, 'ingest.run', { details: { batch: folder } });
            else await requireGlobal(app, 'case.create', { caseRef: ref, batch: folder });
          },
          onProgress: (p) =>
            bar.update(p.done, p.total, {
              items: p.items,
              rate: 0,
              file: `${p.caseRef}/${p.deviceDir}`.slice(-40),
            }),
        }).finally(() => {
          bar.stop();
          process.off('SIGINT', onSignal);
        });
        printResult(g, r, () =>
          [
            `${r.root}: ${r.cases.total} cases, ${r.devices.total} devices in ${(r.elapsedMs / 1000).toFixed(1)} s`,
            `devices: ${r.devices.ingested} ingested now, ${r.devices.alreadyDone} done before, ${r.devices.failed} failed, ${r.devices.pending} still to do`,
            r.cases.created.length ? `cases created: ${r.cases.created.join(', ')}` : '',
            `files: ${Object.entries(r.files)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
            `read: ${Object.entries(r.counts)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
            r.failures.length
              ? table(
                  r.failures.map((f) => [f.caseRef, f.deviceDir, f.code, f.message]),
                  ['CASE', 'DEVICE', 'ERROR', 'MESSAGE'],
                )
              : 'no failures',
            r.ignored.length ? `ignored (not case or device folders): ${r.ignored.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        if (r.devices.failed > 0 || r.devices.pending > 0) process.exitCode = 1;
      }),
    );
};
