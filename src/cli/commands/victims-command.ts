// `threadline victims <ref>`, `threadline victim add|remove <ref> …`: mark identifiers (or every
// identifier of a resolved person) as a victim's, so exports can redact them (`export --redact victims`).
import type { RegisterCommand } from '../command.js';
import { openCase } from '../case-guard.js';
import { flagVictims, listVictimFlags, unflagVictims } from '../../store/queries/victims.js';
import { printResult, table } from '../output.js';

export const registerVictims: RegisterCommand = (program, deps) => {
  program
    .command('victims <ref>')
    .description("identifiers flagged as a victim's (redacted by export --redact victims)")
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'case.view', { record: false });
        const flags = await listVictimFlags(app.store, kase.id);
        await app.audit.record({
          actor: app.actor.id,
          action: 'victims.list',
          caseId: kase.id,
          outcome: 'success',
          origin: 'cli',
        });
        printResult(g, flags, () =>
          flags.length
            ? table(
                flags.map((f) => [f.key, f.personId ?? '', f.flaggedBy, f.note ?? '']),
                ['IDENTIFIER', 'PERSON', 'FLAGGED BY', 'NOTE'],
              )
            : 'no identifiers flagged as a victim’s',
        );
      }),
    );

  const victim = program.command('victim').description("flag or unflag a victim's identifiers");
  victim
    .command('add <ref> [keys...]')
    .description('flag identifier keys (or --person: all of a person’s identifiers) as a victim’s')
    .option('--person <id>', 'a resolved person: flag every one of its identifiers')
    .option('--note <text>', 'why (recorded with the flag)')
    .action(async (ref: string, keys: string[], o: { person?: string; note?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'person.decide', { record: false });
        const flagged = await flagVictims(app.store, kase.id, {
          keys,
          personId: o.person,
          note: o.note ?? null,
          by: app.actor.id,
        });
        await app.audit.record({
          actor: app.actor.id,
          action: 'victims.flag',
          caseId: kase.id,
          objects: flagged,
          purpose: o.note ?? null,
          outcome: 'success',
          origin: 'cli',
        });
        printResult(g, { flagged }, () => `flagged as a victim's: ${flagged.join(', ')}`);
      }),
    );
  victim
    .command('remove <ref> <keys...>')
    .description('remove victim flags')
    .action(async (ref: string, keys: string[], _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'person.decide', { record: false });
        const removed = await unflagVictims(app.store, kase.id, keys);
        await app.audit.record({
          actor: app.actor.id,
          action: 'victims.unflag',
          caseId: kase.id,
          objects: keys,
          outcome: 'success',
          origin: 'cli',
        });
        printResult(g, { removed }, () => `${removed} flag(s) removed`);
      }),
    );
};
