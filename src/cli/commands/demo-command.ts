// `threadline demo`: generate the synthetic case family, create the cases, ingest every device and
// run every registered demo step (src/app/demo-steps.ts), printing a summary.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { DEMO_STEPS, newDemoState, type DemoContext } from '../../app/demo-steps.js';
import { progressBar } from '../progress-bar.js';
import { parseCount } from './generate-command.js';

/** Debian pocketsphinx-testdata's LibriVox clips: real speech for the case's voice notes. */
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';

export const registerDemo: RegisterCommand = (program, deps) => {
  program
    .command('demo')
    .description(
      'generate a synthetic case family, ingest it and show what Threadline does with it',
    )
    .option('--seed <n>', 'random seed', '1')
    .option('--scale <n>', 'add a scale device with this many messages', '0')
    .option('--no-family', 'only the live case (no closed cases)')
    .option('--skip <step...>', `steps to skip (${DEMO_STEPS.map((s) => s.id).join(', ')})`)
    .action(async (o: { seed: string; scale: string; family: boolean; skip?: string[] }, c) =>
      deps.withApp(c, async (app, g) => {
        const t0 = Date.now();
        const quiet = !!g.json;
        const ctx: DemoContext = {
          app,
          options: {
            seed: parseCount('--seed', o.seed, 1),
            family: o.family,
            scale: parseCount('--scale', o.scale, 0),
            dir: join(app.dataDir, 'demo', 'case'),
            voiceSamples: existsSync(LIBRIVOX) ? LIBRIVOX : undefined,
            // in a terminal the demo ends with the workbench open; piped or --json it checks and stops
            serve: { keepRunning: !quiet && !!process.stdout.isTTY, open: true },
          },
          state: newDemoState(),
          results: {},
          log: (line) => {
            if (!quiet) process.stdout.write(line.replace(/\n?$/, '\n'));
          },
          progress: (label, unit) => progressBar(label, unit),
        };
        const timings: Record<string, number> = {};
        for (const step of DEMO_STEPS) {
          if (o.skip?.includes(step.id)) continue;
          const s0 = Date.now();
          ctx.log(`\n== ${step.title}`);
          await step.run(ctx);
          timings[step.id] = Date.now() - s0;
        }
        const elapsedMs = Date.now() - t0;
        if (quiet)
          process.stdout.write(
            JSON.stringify({ ...ctx.results, timings, elapsedMs }, null, 2) + '\n',
          );
        else ctx.log(`\ndemo finished in ${(elapsedMs / 1000).toFixed(1)} s`);
      }),
    );
};
