// `threadline verify <ref>`: re-hash every source of a case and check every item's provenance;
// exits 3 when anything fails (1 for other errors), so scripts and backups can rely on it.
import type { RegisterCommand } from '../command.js';
import { openCase } from '../case-guard.js';
import { verifyCase } from '../../ingest/verify-case.js';
import { printResult, table } from '../output.js';
import { progressBar } from '../progress-bar.js';

/** Exit status of a verification that found changed or missing evidence or broken provenance. */
export const VERIFY_FAILED_EXIT = 3;

export const registerVerify: RegisterCommand = (program, deps) => {
  program
    .command('verify <ref>')
    .description('re-hash every source of a case and check the provenance of every item')
    .option('--root <dir>', 'folder that now holds the inputs named at ingest (if moved)')
    .option('--max-issues <n>', 'broken-provenance rows listed (all are counted)', '200')
    .action(async (ref: string, o: { root?: string; maxIssues: string }, c) =>
      deps.withApp(c, async (app, g) => {
        // checking integrity reads the case: the same access as viewing it
        const kase = await openCase(app, ref, 'case.view', { record: false });
        const bar = progressBar('verify', 'sources');
        const r = await verifyCase(app.store, kase.id, {
          root: o.root,
          scratchParent: app.scratchDir,
          maxIssues: Math.max(0, Number.parseInt(o.maxIssues, 10) || 0),
          onProgress: (done, total, path) =>
            bar.update(done, total, { items: done, rate: 0, file: path.slice(-40) }),
        }).finally(() => bar.stop());
        await app.audit.record({
          actor: app.actor.id,
          action: 'case.verify',
          caseId: kase.id,
          outcome: 'success',
          details: { ok: r.ok, summary: r.summary },
          origin: 'cli',
        });
        printResult(g, { case: kase.ref, ...r }, () => {
          const lines = [
            table(
              r.sources.map((s) => [s.status, s.path, s.via, s.message ?? '']),
              ['STATUS', 'SOURCE', 'CHECKED', 'DETAIL'],
            ),
            `sources: ${Object.entries(r.summary)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
            `items checked: ${Object.entries(r.provenance.checked)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
          ];
          if (r.provenance.issues.length)
            lines.push(
              table(
                r.provenance.issues.map((i) => [i.table, i.row, i.problem, i.detail]),
                ['TABLE', 'ROW', 'PROBLEM', 'DETAIL'],
              ),
            );
          if (r.provenance.truncated) lines.push('(more broken rows; see the counts)');
          lines.push(
            r.ok
              ? `VERIFIED: ${kase.ref}: every source unchanged, every item traceable`
              : `FAILED: ${r.failures.map((f) => `${f.code} x${f.count} (${f.what})`).join('; ')}`,
          );
          return lines.join('\n');
        });
        if (!r.ok) process.exitCode = VERIFY_FAILED_EXIT;
      }),
    );
};
