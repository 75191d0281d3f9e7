// `threadline stats <ref>`: per device and artefact type, what was read (and by which parser), and
// which files were not supported or failed.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { caseStats } from '../../store/queries/stats.js';
import { printResult, table } from '../output.js';

export const registerStats: RegisterCommand = (program, deps) => {
  program
    .command('stats <ref>')
    .description('counts per device and artefact type, and files that failed or are not supported')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'case.view');
        const s = await caseStats(app.store, kase.id);
        printResult(g, s, () => {
          const out: string[] = [
            table(
              s.devices.map((d) => [
                d.label,
                d.exhibit ?? '',
                d.counts.messages,
                d.counts.calls,
                d.counts.contacts,
                d.counts.threads,
                d.counts.locations,
                d.counts.media,
                `${d.sources.parsed} ok / ${d.sources.partial} partial / ${d.sources.failed} failed / ${d.sources.unsupported} unsupported`,
              ]),
              [
                'DEVICE',
                'EXHIBIT',
                'MESSAGES',
                'CALLS',
                'CONTACTS',
                'THREADS',
                'LOCATIONS',
                'MEDIA',
                'FILES',
              ],
            ),
          ];
          for (const d of s.devices) {
            out.push(`\n${d.label}${d.exhibit ? `  [${d.exhibit}]` : ''}`);
            out.push(
              table(
                d.artefacts.map((a) => [
                  `  ${a.type}`,
                  a.read,
                  a.read
                    ? a.parsers.join(', ')
                    : a.failedFiles
                      ? `none read (${a.failedFiles} file(s) failed)`
                      : 'none found',
                ]),
              ),
            );
            for (const p of d.notSupported)
              out.push(`  not supported: ${p.path}${p.reason ? `  (${p.reason})` : ''}`);
            for (const p of d.problems.filter((x) => x.status !== 'unsupported'))
              out.push(
                `  ${p.status}: ${p.path}${p.code ? `  ${p.code}: ${p.message ?? ''}` : ''}`,
              );
          }
          out.push(`\n${s.identifiers} distinct identifiers`);
          return out.join('\n');
        });
      }),
    );
};
