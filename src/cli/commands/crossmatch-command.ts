// `threadline crossmatch [<case>]`: identifiers a case shares with other cases (where each appears),
// or with no case the clusters of cases linked by shared identifiers; `--rebuild` re-derives the index.
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { caseCrossmatch, crossmatchClusters, type CaseMatch } from '../../cases/crossmatch.js';
import {
  rebuildCrossmatchIndex,
  crossmatchIndexSize,
} from '../../store/queries/crossmatch-index.js';
import { openCase, requireGlobal } from '../case-guard.js';

function describeMatch(m: CaseMatch): string {
  if (m.access === 'restricted')
    return `a match exists in ${m.caseRef ?? 'a case you cannot see'}: contact ${m.contact}`;
  return m.occurrences
    .map(
      (o) =>
        `${m.caseRef} ${o.deviceLabel}${o.names.length ? ` as "${o.names.join('", "')}"` : ''}: ` +
        `${o.messages} messages, ${o.calls} calls [${o.roles.join(', ')}]` +
        (o.first ? ` ${o.first.slice(0, 10)} to ${o.last?.slice(0, 10) ?? '?'}` : ''),
    )
    .join('\n      ');
}

export const registerCrossmatch: RegisterCommand = (program, deps) => {
  program
    .command('crossmatch [ref]')
    .description(
      'identifiers a case shares with other cases; with no case, clusters of linked cases',
    )
    .option('--rebuild', 'rebuild the cross-case identifier index first (of the case, or all)')
    .action(async (ref: string | undefined, o: { rebuild?: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        if (o.rebuild) {
          // re-deriving the index reveals nothing but writes: a case's analyst, or an administrator
          const kase = ref
            ? await openCase(app, ref, 'analysis.run', { details: { view: 'crossmatch-rebuild' } })
            : null;
          if (!kase) await requireGlobal(app, 'user.admin', { view: 'crossmatch-rebuild' });
          const devices = await rebuildCrossmatchIndex(app.store, kase?.id);
          if (!g.json)
            process.stderr.write(
              `index rebuilt: ${devices} devices, ${await crossmatchIndexSize(app.store)} rows\n`,
            );
        }
        const access = { actor: app.actor, policy: app.access };
        if (ref) {
          await openCase(app, ref, 'identifier.view', { record: false });
          const r = await caseCrossmatch(app.store, ref, access);
          await app.audit.record({
            actor: app.actor.id,
            action: 'identifier.view',
            caseId: r.caseId,
            objects: [],
            outcome: 'success',
            details: { view: 'crossmatch', shared: r.shared.length },
            origin: 'cli',
          });
          printResult(g, r, () => {
            if (!r.shared.length) return `${r.caseRef}: no identifiers shared with other cases`;
            const lines = [`${r.caseRef}: ${r.shared.length} identifiers shared with other cases`];
            for (const s of r.shared) {
              lines.push(``, `${s.display} (${s.key})`);
              for (const h of s.here)
                lines.push(
                  `  here  ${h.deviceLabel}${h.names.length ? ` as "${h.names.join('", "')}"` : ''}: ${h.messages} messages, ${h.calls} calls [${h.roles.join(', ')}]`,
                );
              for (const m of s.elsewhere) lines.push(`  also  ${describeMatch(m)}`);
            }
            lines.push(
              '',
              table(
                r.cases.map((x) => [
                  x.caseRef ?? '(restricted)',
                  x.access,
                  x.status ?? '',
                  x.sharedIdentifiers,
                  x.contact ?? '',
                ]),
                ['CASE', 'ACCESS', 'STATUS', 'SHARED', 'CONTACT'],
              ),
            );
            return lines.join('\n');
          });
        } else {
          const clusters = await crossmatchClusters(app.store, access);
          await app.audit.record({
            actor: app.actor.id,
            action: 'identifier.view',
            caseId: null,
            outcome: 'success',
            details: { view: 'crossmatch-clusters', clusters: clusters.length },
            origin: 'cli',
          });
          printResult(g, clusters, () =>
            clusters.length
              ? clusters
                  .map(
                    (cl, i) =>
                      `cluster ${i + 1}: ${cl.cases.map((x) => x.caseRef ?? `(restricted: contact ${x.contact})`).join(', ')}\n` +
                      cl.identifiers
                        .map((k) => `  ${k.display}: ${k.cases.join(', ')}`)
                        .join('\n') +
                      (cl.restrictedIdentifiers
                        ? `\n  ${cl.restrictedIdentifiers} more only in cases you cannot open`
                        : ''),
                  )
                  .join('\n')
              : 'no cases share identifiers',
          );
        }
      }),
    );
};
