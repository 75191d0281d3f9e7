// A progress bar on stderr for long work (only when stderr is a terminal; silent in pipes and CI).
import cliProgress from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number, fields?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(
  label: string,
  unit = 'files',
  opts: { enabled?: boolean } = {},
): ProgressBar {
  const enabled = opts.enabled ?? (process.stderr.isTTY === true && !process.env.CI);
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {items} items | {rate}/s | {file}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, fields = {}) {
      if (!started) {
        bar.start(Math.max(total, 1), done, { items: 0, rate: 0, file: '', ...fields });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, fields);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
