// `threadline persons <case>`, `threadline person show|merge|split`, `threadline resolve <case>`:
// who is who, with the reason behind every grouping, and analysts' recorded merges and splits.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import type { AppContext } from '../../app/app-context.js';
import { printResult } from '../output.js';
import { ensureResolved, resolvePersons } from '../../identity/resolve-persons.js';
import { findPerson, listPersons, type PersonView } from '../../identity/person-queries.js';
import { mergePersons, splitPerson } from '../../identity/person-operations.js';

export function formatPerson(p: PersonView, detail = false): string {
  const lines = [`${p.id}  ${p.label}  (confidence ${p.confidence.toFixed(2)}, ${p.origin})`];
  for (const i of p.identifiers) {
    const why = i.reasons[0];
    lines.push(`  ${i.key}${why ? `  ← ${why.text}${why.with ? ` [with ${why.with}]` : ''}` : ''}`);
    if (detail)
      for (const r of i.reasons.slice(1)) lines.push(`      also: ${r.text} [with ${r.with}]`);
  }
  if (p.aliases.length)
    lines.push(
      `  saved as: ${[...new Set(p.aliases.map((a) => `"${a.name}" on ${a.device}`))].join('; ')}`,
    );
  for (const d of p.devices)
    lines.push(`  owns ${d.label} (confidence ${d.confidence.toFixed(2)})`);
  for (const d of p.decisions) lines.push(`  ${d.kind} by ${d.by}: ${d.why}`);
  return lines.join('\n');
}

async function audit(
  app: AppContext,
  action: string,
  caseId: string,
  objects: string[],
  purpose?: string,
) {
  await app.audit.record({
    actor: app.actor.id,
    action,
    caseId,
    objects,
    purpose: purpose ?? null,
    outcome: 'success',
    origin: 'cli',
  });
}

export const registerPersons: RegisterCommand = (program, deps) => {
  program
    .command('resolve <ref>')
    .description(
      'group identifiers into persons from the evidence (and recorded merges and splits)',
    )
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'analysis.run', { record: false });
        const r = await resolvePersons(app.store, kase.id);
        const grouped = r.persons.filter((p) => p.identifiers.length > 1).length;
        await audit(app, 'persons.resolve', kase.id, []);
        printResult(
          g,
          { persons: r.persons.length, grouped, owners: r.owners, blocked: r.blocked.length },
          () =>
            `${r.persons.length} persons (${grouped} grouping several identifiers); ` +
            `${r.owners.filter((o) => o.confidence > 0).length}/${r.owners.length} device owners identified` +
            (r.blocked.length ? `; ${r.blocked.length} links held apart by analysts' splits` : ''),
        );
      }),
    );

  program
    .command('persons <ref>')
    .description('persons of a case: identifiers, why they were grouped, aliases, devices owned')
    .option('--all', 'also persons with a single identifier and nothing else known')
    .action(async (ref: string, o: { all?: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'identifier.view', { record: false });
        await ensureResolved(app.store, kase.id);
        const persons = await listPersons(app.store, kase.id, { all: !!o.all });
        await audit(app, 'persons.list', kase.id, []);
        printResult(g, persons, () =>
          persons.length ? persons.map((p) => formatPerson(p)).join('\n\n') : 'no persons',
        );
      }),
    );

  const person = program.command('person').description('show, merge or split persons');
  person
    .command('show <ref> <person>')
    .description('one person by id or by any of its identifiers, with every reason')
    .action(async (ref: string, who: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'identifier.view', { record: false });
        await ensureResolved(app.store, kase.id);
        const p = await findPerson(app.store, kase.id, who);
        await audit(app, 'person.view', kase.id, [p.id]);
        printResult(g, p, () => formatPerson(p, true));
      }),
    );
  person
    .command('merge <ref> <persons...>')
    .description('merge persons (ids or identifiers) into one; recorded with who and why')
    .requiredOption('--reason <text>', 'why they are one person (recorded)')
    .action(async (ref: string, who: string[], o: { reason: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'person.decide', { record: false });
        const r = await mergePersons(app.store, kase.id, who, o.reason, app.actor);
        await audit(app, 'person.merge', kase.id, [r.person.id, r.decision.id], o.reason);
        printResult(g, r, () => `merged (${r.decision.id}):\n${formatPerson(r.person)}`);
      }),
    );
  person
    .command('split <ref> <person> <identifiers...>')
    .description('take identifiers out of a person into a new one; recorded with who and why')
    .requiredOption('--reason <text>', 'why they are not the same person (recorded)')
    .action(async (ref: string, who: string, keys: string[], o: { reason: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'person.decide', { record: false });
        const r = await splitPerson(app.store, kase.id, who, keys, o.reason, app.actor);
        await audit(
          app,
          'person.split',
          kase.id,
          [r.person.id, r.splitOff.id, r.decision.id],
          o.reason,
        );
        printResult(
          g,
          r,
          () =>
            `split (${r.decision.id}):\n${formatPerson(r.person)}\n\n${formatPerson(r.splitOff)}`,
        );
      }),
    );
};
