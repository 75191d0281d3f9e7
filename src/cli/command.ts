// What every CLI command receives: global options and a way to run with the composed application.
import type { Command } from 'commander';
import type { AppContext } from '../app/app-context.js';

export interface GlobalOptions {
  data?: string;
  config?: string;
  json?: boolean;
}

export interface CommandDeps {
  globals(cmd: Command): GlobalOptions;
  /** Open the app (config → store), run, and close it; errors are reported with stable codes. */
  withApp<T>(
    cmd: Command,
    fn: (app: AppContext, globals: GlobalOptions) => Promise<T>,
  ): Promise<T | undefined>;
}

export type RegisterCommand = (program: Command, deps: CommandDeps) => void;
