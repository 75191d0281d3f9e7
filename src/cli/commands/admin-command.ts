// `threadline admin create-user|list-users|set-roles|enrol-totp`: accounts for multi-user mode.
// The first administrator is created by whoever holds the data folder (or database), when no
// account exists yet; after that only an administrator may manage accounts. Passwords are read
// from the terminal without echo, or one line of standard input — never from a flag.
import type { RegisterCommand } from '../command.js';
import { requireGlobal } from '../case-guard.js';
import { printResult, table } from '../output.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type { Actor } from '../../app/app-context.js';

/** Who creates the first administrator: the operator at the console, before any account exists. */
const BOOTSTRAP: Actor = { id: 'bootstrap', name: 'first administrator set-up', roles: [] };

export const registerAdmin: RegisterCommand = (program, deps) => {
  const cmd = program.command('admin').description('accounts for multi-user mode');

  cmd
    .command('create-user <username>')
    .description('create an account (the first one must be an administrator)')
    .requiredOption(
      '--role <role...>',
      'administrator | supervisor | investigator | analyst | linguist | reviewer',
    )
    .option('--name <display name>', 'name shown in the workbench and the audit')
    .action(async (username: string, o: { role: string[]; name?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const accounts = app.accounts;
        if (!accounts) throw new AppError(ErrorCodes.INTERNAL, 'accounts are not available');
        const first = (await accounts.countUsers()) === 0;
        let by = app.actor;
        if (first) {
          if (!o.role.includes('administrator'))
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              'the first account must be an administrator (--role administrator)',
            );
          by = app.actor.id === 'local' ? app.actor : BOOTSTRAP;
        } else await requireGlobal(app, 'user.admin', { command: 'admin create-user' });
        const password = await deps.readSecret(`password for ${username}: `);
        accounts.checkPassword(password);
        if (process.stdin.isTTY) {
          const again = await deps.readSecret('again: ');
          if (again !== password)
            throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'the passwords differ');
        }
        const u = await accounts.createUser(
          { username, displayName: o.name, roles: o.role, password },
          by,
        );
        printResult(g, u, () => `created ${u.username} (${u.id}) with roles ${u.roles.join(', ')}`);
      }),
    );

  cmd
    .command('list-users')
    .description('accounts, roles, second factor and lockout')
    .action(async (_o, c) =>
      deps.withApp(c, async (app, g) => {
        await requireGlobal(app, 'user.admin', { command: 'admin list-users' });
        const users = (await app.accounts?.listUsers()) ?? [];
        await app.audit.record({
          actor: app.actor.id,
          action: 'user.list',
          objects: users.map((u) => u.id),
          outcome: 'success',
          origin: 'cli',
        });
        printResult(g, users, () =>
          users.length
            ? table(
                users.map((u) => [
                  u.username,
                  u.displayName,
                  u.roles.join(','),
                  u.totpEnrolled ? 'yes' : 'no',
                  u.lockedUntil && u.lockedUntil > Date.now()
                    ? `until ${new Date(u.lockedUntil).toISOString()}`
                    : '',
                ]),
                ['USER', 'NAME', 'ROLES', 'TOTP', 'LOCKED'],
              )
            : 'no accounts',
        );
      }),
    );

  cmd
    .command('set-roles <username>')
    .description("replace an account's roles")
    .requiredOption('--role <role...>', 'the roles it should have')
    .action(async (username: string, o: { role: string[] }, c) =>
      deps.withApp(c, async (app, g) => {
        await requireGlobal(app, 'user.admin', { command: 'admin set-roles' });
        const u = await app.accounts!.setRoles(username, o.role, app.actor);
        printResult(g, u, () => `${u.username}: ${u.roles.join(', ')}`);
      }),
    );

  cmd
    .command('enrol-totp <username>')
    .description('give an account a TOTP second factor; prints the secret and otpauth:// URI once')
    .action(async (username: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const self = (await app.accounts!.findUser(username))?.id === app.actor.id;
        if (!self) await requireGlobal(app, 'user.admin', { command: 'admin enrol-totp' });
        const r = await app.accounts!.enrolTotp(username, app.actor);
        printResult(g, r, () => `secret: ${r.secret}\nuri:    ${r.uri}`);
      }),
    );
};
