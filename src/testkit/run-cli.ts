// Runs the `threadline` CLI in a child process (from TypeScript sources via tsx) for end-to-end tests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): CliRun {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts'), ...args],
    {
      cwd: opts.cwd ?? process.cwd(),
      env: { ...process.env, CI: '1', ...opts.env },
      input: opts.input,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json<T>() {
      return JSON.parse(r.stdout) as T;
    },
  };
}
