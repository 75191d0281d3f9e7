// `threadline path <ref> <a> <b>`: shortest and short chains of contact between two people, with the
// messages and calls that evidence each hop.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult } from '../output.js';
import { GraphService } from '../../graph/graph-service.js';
import { addGraphFilterOptions, buildOptions, int, type GraphFlags } from './graph-options.js';

export const registerPath: RegisterCommand = (program, deps) => {
  addGraphFilterOptions(
    program
      .command('path <ref> <a> <b>')
      .description(
        'chains of contact between two people or numbers, with the evidence on each hop',
      ),
  )
    .option('--max-hops <n>', 'also list paths up to this many hops (default: shortest + 1)')
    .option('--max-paths <n>', 'most paths listed', '20')
    .option('--evidence <n>', 'messages and calls listed per hop', '5')
    .action(
      async (
        ref: string,
        a: string,
        b: string,
        o: GraphFlags & { maxHops?: string; maxPaths?: string; evidence?: string },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const kase = await openCase(app, ref, 'graph.view', { record: false });
          const svc = new GraphService(app.store);
          const r = await svc.paths(
            kase.id,
            a,
            b,
            {
              maxHops: int('max-hops', o.maxHops, 1, 12),
              maxPaths: int('max-paths', o.maxPaths, 1, 1000),
              evidencePerHop: int('evidence', o.evidence, 0, 1000),
            },
            buildOptions(o),
          );
          await app.audit.record({
            actor: app.actor.id,
            action: 'graph.path',
            caseId: kase.id,
            objects: [r.from, r.to],
            outcome: 'success',
            origin: 'cli',
          });
          printResult(g, r, () => {
            if (r.shortest === null) return `no chain of contact between ${r.from} and ${r.to}`;
            const label = (id: string) => r.nodes[id]?.label ?? id;
            const out = [
              `${label(r.from)} → ${label(r.to)}: shortest chain ${r.shortest} hop(s); ${r.shortestPaths.length} shortest, ${r.shortPaths.length} within ${r.maxHops} hops${r.truncated ? ' (more not listed)' : ''}`,
            ];
            r.shortPaths.forEach((p, i) => {
              out.push(`\n${i + 1}. ${p.map(label).join(' — ')}`);
              for (let k = 1; k < p.length; k++) {
                const [x, y] = [p[k - 1]!, p[k]!].sort();
                const h = r.hops[`${x}|${y}`]!;
                const e = h.edge;
                out.push(
                  `   ${label(p[k - 1]!)} — ${label(p[k]!)}: ${e.messages.out + e.messages.in + e.messages.unknown} messages, ${e.calls.out + e.calls.in + e.calls.unknown} calls (${e.apps.join(', ')}), ${h.total} records`,
                );
                for (const it of h.items)
                  out.push(
                    `     ${it.at ?? 'no time'}  ${it.kind} ${it.app}  ${it.from} → ${it.to}${it.durationS !== null ? ` ${it.durationS}s` : ''}  [${it.id} ${it.locator}]`,
                  );
              }
            });
            return out.join('\n');
          });
        }),
    );
};
