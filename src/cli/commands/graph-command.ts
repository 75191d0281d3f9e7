// `threadline graph <ref>`: the link graph of a case with its measures, communities, brokers and
// changes over time (--json: nodes, edges, measures); `--around NODE --hops N` for an ego network.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { GraphService } from '../../graph/graph-service.js';
import { addGraphFilterOptions, buildOptions, int, type GraphFlags } from './graph-options.js';
import { isoUtc } from '../../model/timestamps.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

interface Flags extends GraphFlags {
  seed?: string;
  top?: string;
  around?: string;
  hops?: string;
  split?: string;
  changes?: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.1 ? 0 : 1)}%`;

export const registerGraph: RegisterCommand = (program, deps) => {
  addGraphFilterOptions(
    program
      .command('graph <ref>')
      .description(
        'who talks to whom: the link graph, its measures, communities, brokers and changes',
      ),
  )
    .option('--seed <n>', 'seed of the randomised measures (communities, sampled betweenness)')
    .option('--top <n>', 'entries in each ranking', '10')
    .option('--around <node>', 'only the ego network of this node (id, identifier key or number)')
    .option('--hops <n>', 'hops of the ego network', '1')
    .option('--changes', 'also compare two periods and look for line or handset swaps')
    .option('--split <time>', 'start of the second period for --changes (default: midpoint)')
    .action(async (ref: string, o: Flags, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'graph.view', { record: false });
        const opts = buildOptions(o);
        const svc = new GraphService(app.store);
        const seed = int('seed', o.seed, 0, 2 ** 31 - 1);
        const top = int('top', o.top, 1, 1000) ?? 10;
        await app.audit.record({
          actor: app.actor.id,
          action: 'graph.view',
          caseId: kase.id,
          outcome: 'success',
          details: { mode: opts.mode, around: o.around ?? null, changes: !!o.changes },
          origin: 'cli',
        });
        if (o.around) {
          const ego = await svc.neighbourhood(
            kase.id,
            o.around,
            { hops: int('hops', o.hops, 1, 6) ?? 1 },
            opts,
          );
          printResult(g, ego, () =>
            [
              `ego network of ${ego.center}, ${o.hops ?? 1} hop(s): ${ego.nodes.length} nodes, ${ego.edges.length} links${ego.omitted ? ` (${ego.omitted} more not shown)` : ''}`,
              table(
                ego.edges.map((e) => [
                  e.source,
                  e.target,
                  e.kind,
                  e.messages.out + e.messages.in + e.messages.unknown,
                  e.calls.out + e.calls.in + e.calls.unknown,
                  isoUtc(e.lastAt)?.slice(0, 10),
                ]),
                ['A', 'B', 'KIND', 'MESSAGES', 'CALLS', 'LAST'],
              ),
            ].join('\n'),
          );
          return;
        }
        const graph = await svc.graph(kase.id, opts, true, { seed, top });
        const a = await svc.analysis(kase.id, opts, { seed, top });
        let changes = null;
        if (o.changes) {
          const split = o.split === undefined ? undefined : Date.parse(o.split);
          if (split !== undefined && !Number.isFinite(split))
            throw new AppError(ErrorCodes.INVALID_ARGUMENT, '--split must be an ISO-8601 time');
          changes = await svc.changes(kase.id, { ...opts, split, top });
        }
        const { measures: _m, timings: _t, ...analysis } = a;
        printResult(g, { ...graph, analysis, changes }, () => {
          const out: string[] = [];
          const s = a.summary;
          out.push(
            `${kase.ref}: ${s.nodes} ${opts.mode === 'person' ? 'persons and identifiers' : 'identifiers'}, ${s.communicationEdges} communication links, ${s.contactEdges} contact-only links`,
          );
          const b = a.methods.betweenness;
          out.push(
            `betweenness ${b.method}${b.errorBound ? ` (${b.samples} sampled paths, ±${pct(b.errorBound.epsilon)} at ${pct(b.errorBound.confidence)} confidence)` : ''}; ${a.methods.communities.count} communities (Louvain, seed ${a.methods.communities.seed}, modularity ${a.methods.communities.modularity.toFixed(3)})`,
          );
          const section = (title: string, key: keyof typeof a.top) => {
            out.push(`\n${title}: ${a.explanations[key === 'core' ? 'core' : key]}`);
            for (const r of a.top[key])
              out.push(`  ${String(r.rank).padStart(2)}. ${r.explanation}`);
          };
          section('Most contacts', 'degree');
          section('Most messages and calls', 'weightedDegree');
          section('Go-betweens (betweenness)', 'betweenness');
          section('PageRank', 'pagerank');
          section('Centre of the network (k-core)', 'core');
          out.push(`\nCommunities: ${a.explanations.community}`);
          for (const cm of a.communities.slice(0, top))
            out.push(
              `  ${cm.id}: ${cm.size} members; most active ${cm.leading
                .slice(0, 5)
                .map((l) => l.label)
                .join(', ')}`,
            );
          out.push('\nBrokers between communities:');
          if (!a.brokers.length) out.push('  none');
          for (const br of a.brokers.slice(0, top)) out.push(`  ${br.explanation}`);
          if (changes) {
            const when = isoUtc(changes.after.from)!.slice(0, 10);
            out.push(`\nChange over time (split ${when}):`);
            for (const [t, list] of [
              ['rose', changes.rose],
              ['went silent', changes.disappeared],
              ['appeared', changes.appeared],
            ] as const)
              out.push(
                `  ${t}: ${
                  list.length
                    ? list
                        .slice(0, top)
                        .map((x) => x.label)
                        .join(', ')
                    : 'none'
                }`,
              );
            out.push('Line or handset swaps:');
            if (!changes.swaps.length) out.push('  none found');
            for (const sw of changes.swaps) {
              out.push(`  ${sw.explanation}`);
              out.push(`    shared: ${sw.shared.map((x) => x.label).join(', ')}`);
            }
          }
          return out.join('\n');
        });
      }),
    );
};
