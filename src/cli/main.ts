#!/usr/bin/env node
// The `threadline` command line: a composition root (reads configuration and environment, builds
// the app, runs one command).
import { Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { openApp, type AppContext } from '../app/app-context.js';
import { actorOf } from '../security/accounts.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { toolVersion } from '../app/tool-version.js';
import type { CommandDeps, GlobalOptions } from './command.js';
import { COMMANDS } from './commands/index.js';
import { reportError } from './output.js';
import { readSecretFromTerminal } from './read-secret.js';

export interface ProgramOptions {
  /** Standard input for secrets (tests); default: the process's terminal or stdin. */
  stdin?: string;
}

export function buildProgram(opts: ProgramOptions = {}): Command {
  const stdinLines = opts.stdin !== undefined ? opts.stdin.split(/\r?\n/) : null;
  const program = new Command('threadline')
    .description('Threadline: ingest, translate, link and review seized-phone evidence, offline')
    .version(toolVersion())
    .option('--data <dir>', 'data folder (default ./.threadline, or THREADLINE_DATA_DIR)')
    .option('--config <file>', 'configuration file (JSON)')
    .option('--json', 'machine-readable JSON output')
    .option(
      '--user <username>',
      'sign in as this account (multi-user mode; password and code are asked for, never flags)',
    )
    .showHelpAfterError();

  const deps: CommandDeps = {
    readSecret: (prompt) =>
      stdinLines ? Promise.resolve(stdinLines.shift() ?? '') : readSecretFromTerminal(prompt),
    globals: (cmd) => cmd.optsWithGlobals() as GlobalOptions,
    async withApp(cmd, fn) {
      const g = cmd.optsWithGlobals() as GlobalOptions;
      try {
        const config = loadConfig({
          file: g.config,
          env: process.env,
          flags: g.data ? { dataDir: g.data } : {},
        });
        const app = await openApp(config);
        let session: string | null = null;
        try {
          if (g.user) session = await signInCli(app, g.user, deps.readSecret);
          return await fn(app, g);
        } finally {
          if (session) await app.accounts?.signOut(session, 'cli');
          await app.close();
        }
      } catch (e) {
        process.exitCode = reportError(e, g);
        return undefined;
      }
    },
  };
  for (const register of COMMANDS) register(program, deps);
  return program;
}

/**
 * Multi-user mode: the CLI acts as a signed-in account (same lockout, second factor and audit as
 * the browser); the one-command session ends when the command does. Embedded mode refuses --user.
 */
async function signInCli(
  app: AppContext,
  username: string,
  readSecret: CommandDeps['readSecret'],
): Promise<string> {
  if (!app.authRequired || !app.accounts)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      '--user is for multi-user mode (auth.required or mode server); embedded mode acts as the local user',
    );
  const password = await readSecret(`password for ${username}: `);
  const user = await app.accounts.findUser(username);
  const totp = user?.totpEnrolled ? await readSecret('authenticator code: ') : undefined;
  const s = await app.accounts.signIn({ username, password, totp, origin: 'cli' });
  app.actor = actorOf(s.user);
  return s.token;
}

export async function runCli(argv: string[] = process.argv): Promise<void> {
  await buildProgram()
    .parseAsync(argv)
    .catch((e: unknown) => {
      process.exitCode = reportError(e, {});
    });
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) void runCli();
