#!/usr/bin/env node
// The `threadline` command line: a composition root (reads configuration and environment, builds
// the app, runs one command).
import { Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { openApp } from '../app/app-context.js';
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
        try {
          return await fn(app, g);
        } finally {
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

export async function runCli(argv: string[] = process.argv): Promise<void> {
  await buildProgram()
    .parseAsync(argv)
    .catch((e: unknown) => {
      process.exitCode = reportError(e, {});
    });
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) void runCli();
