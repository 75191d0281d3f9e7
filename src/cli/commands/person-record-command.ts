// `threadline person-record set|list` and `threadline completeness`: offender record fields that
// people record (role, self-defined and officer-observed ethnicity, nationality, age, each with its
// source), and how complete they are per case and across cases (CSV for returns).
import { writeFileSync } from 'node:fs';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { openCase } from '../case-guard.js';
import {
  AGE_BANDS,
  PERSON_ROLES,
  RECORD_SOURCES,
  completenessCsv,
  completenessReport,
  listPersonRecords,
  recordPerson,
  type PersonRole,
} from '../../cases/person-record.js';
import { listCases } from '../../store/queries/cases.js';

interface SetOptions {
  role: PersonRole;
  personId?: string;
  sde?: string;
  sdeSource?: string;
  observed?: string;
  observedSource?: string;
  nationality?: string;
  nationalitySource?: string;
  dob?: string;
  ageBand?: string;
  ageSource?: string;
}

export const registerPersonRecord: RegisterCommand = (program, deps) => {
  const cmd = program
    .command('person-record')
    .description('offender record fields recorded by people (never inferred, never used by rules)');

  cmd
    .command('set <ref> <subject>')
    .description('record or update a person in a case')
    .requiredOption('--role <role>', PERSON_ROLES.join(' | '))
    .option('--person-id <id>', 'the resolved person (threadline persons) this is about')
    .option('--sde <code>', 'self-defined ethnicity, 18+1 code (W1 … O9, NS)')
    .option('--sde-source <source>', RECORD_SOURCES.join(' | '))
    .option('--observed <code>', 'officer-observed ethnicity, IC code (IC1 … IC6, IC9)')
    .option('--observed-source <source>', RECORD_SOURCES.join(' | '))
    .option('--nationality <cc>', 'ISO 3166-1 alpha-2 (XX: stateless or unknown)')
    .option('--nationality-source <source>', RECORD_SOURCES.join(' | '))
    .option('--dob <date>', 'date of birth YYYY-MM-DD')
    .option('--age-band <band>', AGE_BANDS.join(' | '))
    .option('--age-source <source>', RECORD_SOURCES.join(' | '))
    .action(async (ref: string, subject: string, o: SetOptions, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'person.decide', {
          details: { view: 'person-record' },
        });
        const r = await recordPerson(
          app.store,
          kase.id,
          {
            subject,
            role: o.role,
            personId: o.personId,
            selfDefinedEthnicity: o.sde,
            selfDefinedEthnicitySource: o.sdeSource as never,
            officerObservedEthnicity: o.observed,
            officerObservedEthnicitySource: o.observedSource as never,
            nationality: o.nationality,
            nationalitySource: o.nationalitySource as never,
            dateOfBirth: o.dob,
            ageBand: o.ageBand as never,
            ageSource: o.ageSource as never,
          },
          app.actor.id,
        );
        printResult(g, r, () => `recorded ${r.subject} (${r.role}) in ${kase.ref}: ${r.id}`);
      }),
    );

  cmd
    .command('list <ref>')
    .description('the people recorded in a case')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'case.view', { details: { view: 'person-records' } });
        const list = await listPersonRecords(app.store, kase.id);
        printResult(g, list, () =>
          list.length
            ? table(
                list.map((r) => [
                  r.subject,
                  r.role,
                  r.selfDefinedEthnicity ?? '',
                  r.officerObservedEthnicity ?? '',
                  r.nationality ?? '',
                  r.dateOfBirth ?? r.ageBand ?? '',
                ]),
                ['SUBJECT', 'ROLE', 'SDE', 'OBSERVED', 'NATIONALITY', 'AGE'],
              )
            : 'nobody recorded',
        );
      }),
    );

  program
    .command('completeness [refs...]')
    .description('how many suspects, victims and witnesses have each field recorded')
    .option('--csv <file>', 'write the report as CSV (for returns)')
    .action(async (refs: string[], o: { csv?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const cases = [];
        if (refs.length)
          for (const ref of refs)
            cases.push(
              await openCase(app, ref, 'case.view', { details: { view: 'completeness' } }),
            );
        else
          for (const k of await listCases(app.store)) {
            // across the store: only the cases this user may open (the others are left out)
            if (!(await app.access.decide(app.actor, k.id, 'case.view')).allowed) continue;
            cases.push(
              await openCase(app, k.ref, 'case.view', { details: { view: 'completeness' } }),
            );
          }
        const r = await completenessReport(app.store, cases);
        if (o.csv) writeFileSync(o.csv, completenessCsv(r), { flag: 'wx' });
        printResult(g, r, () =>
          table(
            [...r.cases, ...r.totals.map((t) => ({ ...t, caseRef: 'ALL' }))].map((x) => [
              x.caseRef,
              x.role,
              x.persons,
              x.recorded.selfDefinedEthnicity,
              x.recorded.officerObservedEthnicity,
              x.recorded.nationality,
              x.recorded.age,
            ]),
            ['CASE', 'ROLE', 'PERSONS', 'SDE', 'OBSERVED', 'NATIONALITY', 'AGE'],
          ),
        );
      }),
    );
};
