// One long-running Apertium pipeline for one language pair in null-flush mode: texts are written
// separated by NUL and come back in order, separated by NUL, so a process serves many batches
// without restarting (the pipeline takes about half a second to start).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AppError, ErrorCodes } from '../../../model/errors.js';

/** Characters with a meaning in the Apertium stream format; escaped on the way in. */
const RESERVED = /[\\^$/<>{}[\]@*#+~|]/g;
const ESCAPED = /\\([\\^$/<>{}[\]@*#+~|])/g;

export function escapeApertium(text: string): string {
  return text.replace(/\0/g, ' ').replace(RESERVED, (m) => `\\${m}`);
}

export function unescapeApertium(text: string): string {
  return text.replace(ESCAPED, '$1');
}

interface Pending {
  resolve(text: string): void;
  reject(e: Error): void;
}

export class ApertiumProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buffer = '';
  private stderr = '';
  private dead: Error | null = null;

  /** `pipeline` is the null-flush shell pipeline from `apertium-wblank-mode -z <mode>`. */
  constructor(
    pipeline: string,
    private readonly label: string,
  ) {
    // $1: -n = do not mark unknown words with '*'; $2: tagger option (none).
    this.child = spawn('bash', ['-c', pipeline, 'apertium', '-n', ''], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (d: string) => this.onData(d));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-2000);
    });
    this.child.on('exit', (code, sig) => this.fail(`exited (${code ?? sig})`));
    this.child.on('error', (e) => this.fail(e.message));
    this.child.stdin.on('error', (e) => this.fail(e.message));
  }

  get alive(): boolean {
    return this.dead === null;
  }

  get pending(): number {
    return this.queue.length;
  }

  private onData(d: string): void {
    this.buffer += d;
    let i: number;
    while ((i = this.buffer.indexOf('\0')) >= 0) {
      const out = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      const p = this.queue.shift();
      if (p) p.resolve(unescapeApertium(out).trim());
    }
  }

  private fail(why: string): void {
    if (this.dead) return;
    this.dead = new AppError(
      ErrorCodes.ENGINE_FAILED,
      `apertium ${this.label} ${why}${this.stderr ? `: ${this.stderr.trim().split('\n').pop()}` : ''}`,
      { engine: 'apertium' },
    );
    for (const p of this.queue.splice(0)) p.reject(this.dead);
  }

  translate(text: string): Promise<string> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ resolve, reject });
      // A blank before the flush: without one the pipeline drops a final full stop ("agregó." →
      // "added"); the output is trimmed.
      this.child.stdin.write(`${escapeApertium(text)} \0`);
    });
  }

  close(): void {
    if (!this.dead)
      this.dead = new AppError(ErrorCodes.ENGINE_FAILED, `apertium ${this.label} closed`);
    this.child.stdin.end();
    this.child.kill('SIGTERM');
  }
}
