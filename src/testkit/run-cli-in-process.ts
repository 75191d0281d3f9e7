// Runs `threadline` commands inside the test process (no child process start-up per command):
// stdout and stderr are captured and the exit code is read back. For fast CLI tests; runCli
// (a real child process) remains the end-to-end check.
import { buildProgram } from '../cli/main.js';
import type { CliRun } from './run-cli.js';

export async function runCliInProcess(
  args: string[],
  opts: { stdin?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const savedExit = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  let status: number;
  try {
    const program = buildProgram(opts.stdin !== undefined ? { stdin: opts.stdin } : {});
    program.exitOverride();
    try {
      await program.parseAsync(['node', 'threadline', ...args]);
      status = Number(process.exitCode ?? 0);
    } catch (e) {
      const code = (e as { exitCode?: number }).exitCode;
      status = typeof code === 'number' ? code : 1;
    }
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = savedExit;
  }
  return {
    status,
    stdout,
    stderr,
    json<T>() {
      return JSON.parse(stdout) as T;
    },
  };
}
