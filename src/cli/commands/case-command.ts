// `threadline case create|list|show|set`: cases with reference, title, marking, status.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import {
  createCase,
  listCases,
  requireCase,
  updateCase,
  CASE_STATUSES,
  type CaseStatus,
} from '../../store/queries/cases.js';
import { printResult, table } from '../output.js';
import { DEFAULT_MARKING } from '../../model/entities.js';

export const registerCase: RegisterCommand = (program, deps) => {
  const cmd = program.command('case').description('create and list cases');

  cmd
    .command('create <ref>')
    .description('create a case')
    .option('--title <title>', 'case title')
    .option('--marking <marking>', 'protective marking', DEFAULT_MARKING)
    .option('--status <status>', `status: ${CASE_STATUSES.join(', ')}`, 'live')
    .option(
      '--crime-type <type...>',
      'crime types (county-lines, cse, modern-slavery, sextortion …)',
    )
    .option('--owner <who>', 'officer in charge (name and how to reach them)')
    .option('--supervisor <who>', 'supervisor: who other cases contact about a crossover')
    .action(
      async (
        ref: string,
        o: {
          title?: string;
          marking: string;
          status: CaseStatus;
          crimeType?: string[];
          owner?: string;
          supervisor?: string;
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const rec = await createCase(app.store, {
            ref,
            title: o.title,
            marking: o.marking,
            status: o.status,
            crimeTypes: o.crimeType,
            owner: o.owner,
            supervisor: o.supervisor,
          });
          await app.audit.record({
            actor: app.actor.id,
            action: 'case.create',
            caseId: rec.id,
            outcome: 'success',
            details: { ref: rec.ref, marking: rec.marking, status: rec.status },
            origin: 'cli',
          });
          printResult(g, rec, () => `created case ${rec.ref} (${rec.id}) [${rec.marking}]`);
        }),
    );

  cmd
    .command('list')
    .description('list cases')
    .action(async (_o, c) =>
      deps.withApp(c, async (app, g) => {
        const all = await listCases(app.store);
        const visible = new Set(
          await app.access.visibleCases(
            app.actor,
            all.map((x) => x.id),
          ),
        );
        const cases = all.filter((x) => visible.has(x.id));
        await app.audit.record({
          actor: app.actor.id,
          action: 'case.list',
          objects: cases.map((x) => x.id),
          outcome: 'success',
          origin: 'cli',
        });
        printResult(g, cases, () =>
          cases.length
            ? table(
                cases.map((x) => [x.ref, x.status, x.marking, x.title ?? '']),
                ['REF', 'STATUS', 'MARKING', 'TITLE'],
              )
            : 'no cases',
        );
      }),
    );

  cmd
    .command('show <ref>')
    .description('show a case')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const rec = await openCase(app, ref, 'case.view');
        printResult(g, rec, () =>
          table(
            Object.entries(rec).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(', ') : String(v ?? ''),
            ]),
          ),
        );
      }),
    );

  cmd
    .command('set <ref>')
    .description('change title, marking, status, crime types, owner or supervisor')
    .option('--title <title>')
    .option('--marking <marking>')
    .option('--status <status>')
    .option('--crime-type <type...>')
    .option('--owner <who>')
    .option('--supervisor <who>')
    .action(
      async (
        ref: string,
        o: {
          title?: string;
          marking?: string;
          status?: CaseStatus;
          crimeType?: string[];
          owner?: string;
          supervisor?: string;
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const rec = await openCase(app, ref, 'case.update', {
            details: { title: o.title, marking: o.marking, status: o.status },
          });
          await updateCase(app.store, rec.id, {
            title: o.title,
            marking: o.marking,
            status: o.status,
            crimeTypes: o.crimeType,
            owner: o.owner,
            supervisor: o.supervisor,
          });
          const after = await requireCase(app.store, ref);
          printResult(g, after, () => `updated case ${after.ref}`);
        }),
    );
};
