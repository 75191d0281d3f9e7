// `threadline watch add|list|remove|alerts`: identifiers a case watches across cases; an ingest into
// any other case that holds one raises an alert for the watching case.
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { openCase } from '../case-guard.js';
import {
  addCrossmatchWatch,
  listCrossmatchWatches,
  markCrossmatchAlertsSeen,
  removeCrossmatchWatch,
} from '../../store/queries/crossmatch-index.js';
import { crossmatchAlerts } from '../../cases/crossmatch.js';

export const registerWatch: RegisterCommand = (program, deps) => {
  const cmd = program
    .command('watch')
    .description('identifiers watched across cases, and the alerts they raise');

  cmd
    .command('add <ref> <identifier>')
    .description('alert this case when an ingest into another case holds the identifier')
    .option('--label <label>', 'why it is watched')
    .action(async (ref: string, value: string, o: { label?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'watchlist.write', {
          details: { view: 'crossmatch-watch' },
        });
        const w = await addCrossmatchWatch(app.store, kase.id, {
          value,
          label: o.label,
          createdBy: app.actor.id,
        });
        printResult(g, w, () => `${kase.ref} watches ${w.key} across cases (${w.id})`);
      }),
    );

  cmd
    .command('list <ref>')
    .description('identifiers a case watches across cases')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'identifier.view', {
          details: { view: 'crossmatch-watches' },
        });
        const list = await listCrossmatchWatches(app.store, kase.id);
        printResult(g, list, () =>
          list.length
            ? table(
                list.map((w) => [w.id, w.key, w.label ?? '']),
                ['ID', 'IDENTIFIER', 'LABEL'],
              )
            : 'nothing watched',
        );
      }),
    );

  cmd
    .command('remove <ref> <id>')
    .description('stop watching')
    .action(async (ref: string, id: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'watchlist.write', {
          details: { view: 'crossmatch-watch', removed: id },
        });
        await removeCrossmatchWatch(app.store, kase.id, id);
        printResult(g, { removed: id }, () => `removed ${id}`);
      }),
    );

  cmd
    .command('alerts <ref>')
    .description('watched identifiers that turned up in an ingest into another case')
    .option('--mark-seen', 'mark the alerts as seen')
    .action(async (ref: string, o: { markSeen?: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'identifier.view', { record: false });
        const alerts = await crossmatchAlerts(app.store, kase.ref, {
          actor: app.actor,
          policy: app.access,
        });
        if (o.markSeen) await markCrossmatchAlertsSeen(app.store, kase.id, app.actor.id);
        await app.audit.record({
          actor: app.actor.id,
          action: 'identifier.view',
          caseId: kase.id,
          objects: alerts.map((a) => a.id),
          outcome: 'success',
          details: { view: 'crossmatch-alerts' },
          origin: 'cli',
        });
        printResult(g, alerts, () =>
          alerts.length
            ? table(
                alerts.map((a) => [
                  a.createdAt,
                  a.display,
                  a.matched.access === 'open'
                    ? `${a.matched.caseRef} ${a.matched.occurrences.map((x) => x.deviceLabel).join(', ')}`
                    : `a match exists in ${a.matched.caseRef ?? 'a case you cannot see'}: contact ${a.matched.contact}`,
                  a.seen ? 'seen' : 'new',
                ]),
                ['WHEN', 'IDENTIFIER', 'WHERE', ''],
              )
            : 'no alerts',
        );
      }),
    );
};
