// CLI output: machine-readable JSON with --json, readable text otherwise; errors with stable codes.
import { isAppError } from '../model/errors.js';

export interface OutputOptions {
  json?: boolean;
}

export function printResult(opts: OutputOptions, json: unknown, text: () => string): void {
  if (opts.json)
    process.stdout.write(
      JSON.stringify(json, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) +
        '\n',
    );
  else process.stdout.write(text().replace(/\n?$/, '\n'));
}

/** A simple aligned table. */
export function table(
  rows: Array<Array<string | number | null | undefined>>,
  header?: string[],
): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const r of all)
    r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c ?? '').length)));
  const fmt = (r: Array<string | number | null | undefined>) =>
    r
      .map((c, i) => String(c ?? '').padEnd(i === r.length - 1 ? 0 : widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = all.map(fmt);
  if (header) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** Print an error and return the process exit code (2 for usage, 1 otherwise). */
export function reportError(e: unknown, opts: OutputOptions): number {
  if (isAppError(e)) {
    if (opts.json) process.stderr.write(JSON.stringify({ error: e.toJSON() }) + '\n');
    else process.stderr.write(`error: ${e.describe()}\n`);
    return e.code === 'INVALID_ARGUMENT' || e.code === 'CONFIG_INVALID' ? 2 : 1;
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (opts.json)
    process.stderr.write(JSON.stringify({ error: { code: 'INTERNAL', message: msg } }) + '\n');
  else process.stderr.write(`error: INTERNAL: ${msg}\n`);
  return 1;
}
