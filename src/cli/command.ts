// What every CLI command receives: global options and a way to run with the composed application.
import type { Command } from 'commander';
import type { AppContext } from '../app/app-context.js';

export interface GlobalOptions {
  data?: string;
  config?: string;
  json?: boolean;
  /** Multi-user mode: the account to sign in as. */
  user?: string;
}

export interface CommandDeps extends CommandDepsSecrets {
  globals(cmd: Command): GlobalOptions;
  /** Open the app (config → store), run, and close it; errors are reported with stable codes. */
  withApp<T>(
    cmd: Command,
    fn: (app: AppContext, globals: GlobalOptions) => Promise<T>,
  ): Promise<T | undefined>;
}

export interface CommandDepsSecrets {
  /**
   * Reads a secret (a password, a one-time code): from a terminal without echo, else one line of
   * standard input. Never from a flag, so it stays out of shell history and process lists.
   */
  readSecret(prompt: string): Promise<string>;
}

export type RegisterCommand = (program: Command, deps: CommandDeps) => void;
