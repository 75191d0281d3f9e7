// Runs an engine's program (no shell) with a time limit; its stdout on success, a typed error naming
// the engine otherwise (not installed, killed at the limit, or a non-zero exit with stderr's tail).
import { spawn } from 'node:child_process';
import { AppError, ErrorCodes } from '../../model/errors.js';

export function runEngineProcess(
  engine: string,
  bin: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
    c.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    c.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString('utf8')).slice(-4000);
    });
    c.on('error', (e) => {
      clearTimeout(timer);
      reject(new AppError(ErrorCodes.ENGINE_UNAVAILABLE, `${bin}: ${e.message}`, { engine }));
    });
    c.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal)
        reject(
          new AppError(ErrorCodes.ENGINE_FAILED, `${engine} stopped after ${timeoutMs} ms`, {
            engine,
          }),
        );
      else if (code !== 0)
        reject(
          new AppError(
            ErrorCodes.ENGINE_FAILED,
            `${engine} exited ${code}: ${err.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`,
            { engine },
          ),
        );
      else resolve(out);
    });
  });
}

/** Whether a program can be started at all (the engines' availability check). */
export function canRun(bin: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const c = spawn(bin, args, { stdio: 'ignore' });
    c.on('error', () => resolve(false));
    c.on('close', () => resolve(true));
  });
}
