// The demo's `analyse` step: for each case, the link graph's measures, communities, brokers,
// separate networks and line swaps, summarised for the reader, then every detection rule (findings
// are indicators for review, listed with their scores).
import type { DemoStep } from '../app/demo-steps.js';
import { GraphService } from './graph-service.js';
import { defaultMode } from '../report/graph/graph-export-data.js';
import { runDetection } from '../detect/runner.js';
import { FINDING_NOTICE } from '../detect/findings-store.js';

export const analyseGraphStep: DemoStep = {
  id: 'analyse',
  title: 'Analyse the network (who talks to whom, go-betweens, groups, line swaps)',
  async run(ctx) {
    const svc = new GraphService(ctx.app.store);
    const results: Record<string, unknown> = {};
    for (const c of ctx.state.cases) {
      const mode = await defaultMode(ctx.app.store, c.id);
      const a = await svc.analysis(c.id, { mode }, { top: 3 });
      const ch = await svc.changes(c.id, { top: 3 });
      results[c.ref] = {
        mode,
        summary: a.summary,
        betweenness: a.methods.betweenness,
        communities: a.methods.communities,
        topBetweenness: a.top.betweenness.map((r) => r.id),
        networks: a.networks.map((n) => ({
          size: n.size,
          goBetweens: n.goBetweens.map((x) => x.id),
        })),
        brokers: a.brokers.slice(0, 3).map((b) => b.id),
        swaps: ch.swaps.map((s) => ({ old: s.old.id, new: s.new.id, shared: s.shared.length })),
      };
      ctx.log(
        `${c.ref}: ${a.summary.nodes} nodes, ${a.summary.communicationEdges} communication links, ${a.methods.communities.count} communities, ${a.networks.length} separate network(s)`,
      );
      for (const r of a.top.betweenness) ctx.log(`  ${r.explanation}`);
      for (const n of a.networks.slice(1, 4))
        if (n.goBetweens[0]) ctx.log(`  ${n.goBetweens[0].explanation}`);
      for (const s of ch.swaps) ctx.log(`  ${s.explanation}`);
      const bar = ctx.progress(`detect ${c.ref}`, 'steps');
      const d = await runDetection(ctx.app.store, c.id, {
        onProgress: (step, done, total) =>
          bar.update(Math.min(done, total), Math.max(total, 1), { items: 0, rate: 0, file: step }),
      }).finally(() => bar.stop());
      (results[c.ref] as Record<string, unknown>).detection = {
        findings: d.findings.map((f) => ({ id: f.id, rule: f.ruleId, score: f.score })),
        saved: d.saved,
      };
      ctx.log(`  ${d.findings.length} finding(s) to review (${FINDING_NOTICE.toLowerCase()})`);
      for (const f of d.findings)
        ctx.log(`    ${f.score.toFixed(1).padStart(5)}  ${f.ruleId}: ${f.title}`);
    }
    ctx.results.analyse = results;
    const live = ctx.state.cases[0]?.ref;
    if (live)
      ctx.log(
        [
          'try:',
          `  threadline --data ${ctx.app.dataDir} graph ${live} --changes`,
          `  threadline --data ${ctx.app.dataDir} findings ${live} --status new`,
          `  threadline --data ${ctx.app.dataDir} export ${live} --format anx --out ${live}.anx`,
        ].join('\n'),
      );
  },
};
