// `threadline ingest <ref> <path...>`: read a device's extraction into the case (format auto-detected).
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { ingest } from '../../ingest/runner.js';
import { printResult, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { profileDirOf } from './csv-profile-command.js';

export const registerIngest: RegisterCommand = (program, deps) => {
  program
    .command('ingest <ref> <paths...>')
    .description(
      'ingest files, folders, .zip or .ufdr of one device into a case; format auto-detected',
    )
    .option('--device-label <label>', 'device label (default: first input name)')
    .option('--exhibit <ref>', 'exhibit reference, e.g. JS/1')
    .option('--region <cc>', 'ISO region for national phone numbers on this device')
    .option('--timezone <tz>', 'device time zone (IANA), if known')
    .option('--csv-profile <name>', 'column-mapping profile for CSV and call data record files')
    .action(
      async (
        ref: string,
        paths: string[],
        o: {
          deviceLabel?: string;
          exhibit?: string;
          region?: string;
          timezone?: string;
          csvProfile?: string;
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          await openCase(app, ref, 'ingest.run', {
            details: { inputs: paths.length, deviceLabel: o.deviceLabel, exhibit: o.exhibit },
          });
          const bar = progressBar('ingest');
          let lastItems = 0;
          const r = await ingest(app.store, {
            caseRef: ref,
            inputs: paths,
            deviceLabel: o.deviceLabel,
            exhibit: o.exhibit ?? null,
            region: o.region ?? app.config.region,
            timezone: o.timezone ?? null,
            toolVersion: app.toolVersion,
            scratchParent: app.scratchDir,
            batchRows: app.config.ingest.batchRows,
            parserOptions: {
              profileDir: profileDirOf(app.dataDir),
              ...(o.csvProfile ? { csvProfile: o.csvProfile } : {}),
            },
            onProgress: (p) => {
              lastItems = p.items;
              bar.update(p.filesDone, p.filesTotal, {
                items: p.items,
                rate: p.elapsedMs > 0 ? Math.round((p.items / p.elapsedMs) * 1000) : 0,
                file: (p.file ?? '').slice(-40),
              });
            },
          }).finally(() => bar.stop());
          void lastItems;
          printResult(g, r, () => {
            const lines = [
              `ingested device ${r.deviceId} into ${ref} in ${(r.elapsedMs / 1000).toFixed(1)} s`,
              table(
                r.sources.map((s) => [
                  s.path,
                  s.status + (s.unchanged ? ' (unchanged)' : ''),
                  s.parser ?? '',
                  Object.entries(s.counts)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(' '),
                  s.errorCode ? `${s.errorCode}: ${s.errorMessage ?? ''}` : '',
                ]),
                ['FILE', 'STATUS', 'PARSER', 'ITEMS', 'ERROR'],
              ),
              `totals: ${
                Object.entries(r.counts)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ') || 'nothing read'
              }`,
            ];
            return lines.join('\n');
          });
        }),
    );
};
