// `threadline case create|list|show|set`: cases with reference, title, marking, status.
import { requireGlobal } from '../case-guard.js';
import { grantMembership, listMembers, revokeMembership } from '../../security/case-members.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
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
    .command('grant <ref> <username>')
    .description('make an account a member of the case (supervisor of the case, or administrator)')
    .option('--purpose <text>', 'why (recorded in the audit)')
    .action(async (ref: string, username: string, o: { purpose?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'access.grant', { record: false });
        const user = await app.accounts?.findUser(username);
        if (!user) throw new AppError(ErrorCodes.NOT_FOUND, `no account ${username}`);
        const changed = await grantMembership(app.store, app.audit, kase.id, user.id, app.actor, {
          clock: app.clock,
          purpose: o.purpose,
        });
        printResult(g, { case: kase.ref, granted: user.username, changed }, () =>
          changed
            ? `${user.username} is now a member of ${kase.ref}`
            : `${user.username} was already a member of ${kase.ref}`,
        );
      }),
    );

  cmd
    .command('revoke <ref> <username>')
    .description("end an account's membership of the case")
    .option('--purpose <text>', 'why (recorded in the audit)')
    .action(async (ref: string, username: string, o: { purpose?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'access.grant', { record: false });
        const user = await app.accounts?.findUser(username);
        if (!user) throw new AppError(ErrorCodes.NOT_FOUND, `no account ${username}`);
        const changed = await revokeMembership(app.store, app.audit, kase.id, user.id, app.actor, {
          purpose: o.purpose,
        });
        printResult(g, { case: kase.ref, revoked: user.username, changed }, () =>
          changed
            ? `${user.username} is no longer a member of ${kase.ref}`
            : `${user.username} was not a member of ${kase.ref}`,
        );
      }),
    );

  cmd
    .command('members <ref>')
    .description('who may see the case')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'case.view');
        const members = await listMembers(app.store, kase.id);
        printResult(g, members, () =>
          members.length
            ? table(
                members.map((m) => [m.username, m.displayName, m.roles.join(','), m.grantedBy]),
                ['USER', 'NAME', 'ROLES', 'GRANTED BY'],
              )
            : `no members (${app.authRequired ? 'nobody may see it' : 'embedded mode: the local user'})`,
        );
      }),
    );

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
          if (app.authRequired) await requireGlobal(app, 'case.create', { ref });
          const rec = await createCase(app.store, {
            ref,
            title: o.title,
            marking: o.marking,
            status: o.status,
            crimeTypes: o.crimeType,
            owner: o.owner,
            supervisor: o.supervisor,
          });
          // multi-user mode: whoever creates a case is its first member
          if (app.authRequired)
            await grantMembership(app.store, app.audit, rec.id, app.actor.id, app.actor, {
              clock: app.clock,
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
