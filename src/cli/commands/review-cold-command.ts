// `threadline review-cold [<case>]`: re-run cross-case matching and detection over a closed case and
// report what is new since it was last reviewed (JSON with --json, Markdown with --out); with no
// case, the queue of reviewed closed cases by priority.
import { writeFileSync } from 'node:fs';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { openCase } from '../case-guard.js';
import { coldReviewMarkdown, coldReviewQueue, reviewCold } from '../../cases/cold-review.js';

export const registerReviewCold: RegisterCommand = (program, deps) => {
  program
    .command('review-cold [ref]')
    .description("re-review a closed case: what today's re-run adds; no case: the review queue")
    .option('--out <file>', 'also write the report as Markdown')
    .option('--no-detect', 'do not re-run the detection rules')
    .action(async (ref: string | undefined, o: { out?: string; detect: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        if (!ref) {
          const q = await coldReviewQueue(app.store);
          printResult(g, q, () =>
            q.length
              ? table(
                  q.map((x) => [x.caseRef, x.priority, x.reviewedAt]),
                  ['CASE', 'PRIORITY', 'REVIEWED'],
                )
              : 'no closed case reviewed yet',
          );
          return;
        }
        const kase = await openCase(app, ref, 'analysis.run', { details: { view: 'review-cold' } });
        const r = await reviewCold(
          app.store,
          kase.ref,
          { actor: app.actor, policy: app.access },
          { detect: o.detect },
        );
        if (o.out) writeFileSync(o.out, coldReviewMarkdown(r), { flag: 'wx' });
        printResult(g, r, () => coldReviewMarkdown(r));
      }),
    );
};
