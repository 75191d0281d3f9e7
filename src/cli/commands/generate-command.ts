// `threadline generate <dir>`: write the seeded synthetic case (and its ground truth) in real formats.
import type { RegisterCommand } from '../command.js';
import { generateCase } from '../../generator/generate-case.js';
import { printResult, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { reportError } from '../output.js';

export function parseCount(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${name} must be a whole number ≥ 0, got ${JSON.stringify(v)}`,
    );
  return n;
}

export const registerGenerate: RegisterCommand = (program, deps) => {
  program
    .command('generate <dir>')
    .description(
      'write a seeded synthetic multi-device case in real formats, with its ground truth',
    )
    .option('--seed <n>', 'random seed (same seed: byte-identical files)', '1')
    .option('--family', 'also write the closed cases of 2014 and 2018 that share identifiers')
    .option('--scale <n>', 'add scale devices holding this many messages in total', '0')
    .option('--scale-devices <n>', 'spread the scale messages over this many devices', '1')
    .action(
      async (
        dir: string,
        o: { seed: string; family?: boolean; scale: string; scaleDevices: string },
        c,
      ) => {
        const g = deps.globals(c);
        try {
          const seed = parseCount('--seed', o.seed, 1);
          const scale = parseCount('--scale', o.scale, 0);
          const scaleDevices = Math.max(1, parseCount('--scale-devices', o.scaleDevices, 1));
          const bar = progressBar('generate', 'devices');
          const r = await generateCase(dir, {
            seed,
            family: !!o.family,
            scale,
            scaleDevices,
            onProgress: (p) => bar.update(p.done, p.total, { items: 0, rate: 0, file: p.step }),
          }).finally(() => bar.stop());
          const t = r.truth;
          printResult(
            g,
            {
              dir: r.dir,
              seed: t.seed,
              elapsedMs: r.elapsedMs,
              cases: t.cases.map((x) => ({
                ref: x.ref,
                devices: x.devices.map((d) => ({
                  id: d.id,
                  label: d.label,
                  dir: d.dir,
                  counts: d.counts,
                })),
              })),
              formatsSkipped: t.formatsSkipped,
            },
            () =>
              [
                `generated ${t.cases.length} case(s) in ${r.dir} in ${(r.elapsedMs / 1000).toFixed(1)} s (seed ${t.seed})`,
                table(
                  t.cases.flatMap((x) =>
                    x.devices.map((d) => [
                      x.ref,
                      d.dir,
                      d.label,
                      d.formats.map((f) => f.writer).join(', ') || '(no writer yet)',
                      Object.entries(d.counts)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(' '),
                    ]),
                  ),
                  ['CASE', 'FOLDER', 'LABEL', 'WRITERS', 'COUNTS'],
                ),
                t.formatsSkipped.length
                  ? `not registered yet: ${[...new Set(t.formatsSkipped.map((s) => s.format))].sort().join(', ')}`
                  : '',
                `ground truth: ${r.dir}/ground-truth.json`,
                `ingest a device with: threadline ingest <case> <folder> --device-label "<label>"`,
              ].join('\n'),
          );
        } catch (e) {
          process.exitCode = reportError(e, g);
        }
      },
    );
};
