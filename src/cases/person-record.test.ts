// Offender record: fields recorded by people with their sources, validated against the 18+1 and IC
// code lists, a completeness report that matches what was recorded (and its CSV), and the
// guard-rail: detection never reads these fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';
import {
  SELF_DEFINED_ETHNICITY,
  completenessCsv,
  completenessReport,
  listPersonRecords,
  recordPerson,
} from './person-record.js';
import { isAppError } from '../model/errors.js';
import { loadCaseData } from '../detect/load-case-data.js';
import { buildRuleContext } from '../detect/case-data.js';

let t: TempStore;
let a: CaseRecord;
let b: CaseRecord;

beforeAll(async () => {
  t = await tempStore();
  a = await createCase(t.store, { ref: 'OP-A', createdAt: 0 });
  b = await createCase(t.store, { ref: 'OP-B', status: 'closed', createdAt: 0 });
});

afterAll(async () => {
  await t?.cleanup();
});

const err = (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => e);

describe('offender record', () => {
  it('has the 18 self-defined ethnicity codes plus not stated', () => {
    expect(Object.keys(SELF_DEFINED_ETHNICITY)).toHaveLength(19);
    expect(Object.keys(SELF_DEFINED_ETHNICITY).filter((c) => c !== 'NS')).toHaveLength(18);
  });

  it('records fields with their sources, updates only what is given, refuses values without a source', async () => {
    const r = await recordPerson(
      t.store,
      a.id,
      {
        subject: 'Suspect One',
        role: 'suspect',
        selfDefinedEthnicity: 'w1',
        selfDefinedEthnicitySource: 'self-declared',
        nationality: 'gb',
        nationalitySource: 'passport',
      },
      'dc.example',
      1000,
    );
    expect([r.selfDefinedEthnicity, r.nationality, r.officerObservedEthnicity]).toEqual([
      'W1',
      'GB',
      null,
    ]);
    const r2 = await recordPerson(
      t.store,
      a.id,
      {
        subject: 'Suspect One',
        role: 'suspect',
        officerObservedEthnicity: 'IC1',
        officerObservedEthnicitySource: 'officer',
        ageBand: '25-34',
        ageSource: 'police-record',
      },
      'dc.example',
      2000,
    );
    expect(r2.id).toBe(r.id);
    expect([
      r2.selfDefinedEthnicity,
      r2.nationality,
      r2.officerObservedEthnicity,
      r2.ageBand,
    ]).toEqual(['W1', 'GB', 'IC1', '25-34']);
    // a value with no source, a code outside the lists, a bad date: refused, nothing changed
    for (const bad of [
      { subject: 'X', role: 'suspect', nationality: 'AL' },
      {
        subject: 'X',
        role: 'suspect',
        selfDefinedEthnicity: 'Z7',
        selfDefinedEthnicitySource: 'self-declared',
      },
      {
        subject: 'X',
        role: 'suspect',
        officerObservedEthnicity: 'W1',
        officerObservedEthnicitySource: 'officer',
      },
      { subject: 'X', role: 'suspect', dateOfBirth: '1990-13-45', ageSource: 'passport' },
      { subject: 'X', role: 'offender' },
      { subject: 'X', role: 'suspect', inferredFrom: 'name' },
    ] as const) {
      const e = await err(recordPerson(t.store, a.id, bad as never, 'dc.example'));
      expect(isAppError(e) && e.code).toBe('INVALID_ARGUMENT');
    }
    expect((await listPersonRecords(t.store, a.id)).map((x) => x.subject)).toEqual(['Suspect One']);
  });

  it('the completeness report matches the recorded fields, per case and across cases, and as CSV', async () => {
    await recordPerson(t.store, a.id, { subject: 'Suspect Two', role: 'suspect' }, 'dc');
    await recordPerson(
      t.store,
      a.id,
      {
        subject: 'Suspect Three',
        role: 'suspect',
        selfDefinedEthnicity: 'NS',
        selfDefinedEthnicitySource: 'self-declared',
        dateOfBirth: '1991-04-02',
        ageSource: 'identity-document',
      },
      'dc',
    );
    await recordPerson(
      t.store,
      a.id,
      { subject: 'Victim One', role: 'victim', ageBand: '13-15', ageSource: 'officer' },
      'dc',
    );
    await recordPerson(
      t.store,
      b.id,
      {
        subject: 'Old Suspect',
        role: 'suspect',
        selfDefinedEthnicity: 'A2',
        selfDefinedEthnicitySource: 'self-declared',
        nationality: 'GB',
        nationalitySource: 'police-record',
      },
      'dc',
    );
    const r = await completenessReport(t.store, [a, b]);
    expect(r.cases).toEqual([
      {
        caseRef: 'OP-A',
        role: 'suspect',
        persons: 3,
        recorded: { selfDefinedEthnicity: 2, officerObservedEthnicity: 1, nationality: 1, age: 2 },
      },
      {
        caseRef: 'OP-A',
        role: 'victim',
        persons: 1,
        recorded: { selfDefinedEthnicity: 0, officerObservedEthnicity: 0, nationality: 0, age: 1 },
      },
      {
        caseRef: 'OP-B',
        role: 'suspect',
        persons: 1,
        recorded: { selfDefinedEthnicity: 1, officerObservedEthnicity: 0, nationality: 1, age: 0 },
      },
    ]);
    expect(r.totals[0]).toEqual({
      role: 'suspect',
      persons: 4,
      recorded: { selfDefinedEthnicity: 3, officerObservedEthnicity: 1, nationality: 2, age: 2 },
    });
    expect(
      r.distribution.filter((d) => d.role === 'suspect' && d.field === 'selfDefinedEthnicity'),
    ).toEqual([
      { role: 'suspect', field: 'selfDefinedEthnicity', value: 'A2', count: 1 },
      { role: 'suspect', field: 'selfDefinedEthnicity', value: 'NS', count: 1 },
      { role: 'suspect', field: 'selfDefinedEthnicity', value: 'W1', count: 1 },
      { role: 'suspect', field: 'selfDefinedEthnicity', value: 'not recorded', count: 1 },
    ]);
    // only the cases asked about
    expect((await completenessReport(t.store, [b])).totals.map((x) => x.persons)).toEqual([1]);
    expect(completenessCsv(r).split('\r\n')).toEqual([
      'case,role,persons,self_defined_ethnicity_recorded,officer_observed_ethnicity_recorded,nationality_recorded,age_recorded',
      'OP-A,suspect,3,2,1,1,2',
      'OP-A,victim,1,0,0,0,1',
      'OP-B,suspect,1,1,0,1,0',
      'ALL,suspect,4,3,1,2,2',
      'ALL,victim,1,0,0,0,1',
      '',
    ]);
  });
});

describe('guard-rail: detection cannot read the offender record', () => {
  it('no detection source reads the person_records table or this module', () => {
    const dir = fileURLToPath(new URL('../detect', import.meta.url));
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.ts') && !n.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/person_records|person-record|PersonRecord/);
    }
  });

  it('the rule context built from a case with recorded fields holds none of them, and reading them throws', async () => {
    await recordPerson(
      t.store,
      a.id,
      {
        subject: 'Guardrail Subject Quillon',
        role: 'suspect',
        selfDefinedEthnicity: 'B2',
        selfDefinedEthnicitySource: 'self-declared',
        nationality: 'AL',
        nationalitySource: 'passport',
      },
      'dc',
    );
    const data = await loadCaseData(t.store, a.id);
    const built = buildRuleContext(data);
    const json = JSON.stringify(built.ctx, (_k, v: unknown) =>
      v instanceof Map ? [...v] : v instanceof Set ? [...v] : v,
    );
    expect(json).not.toContain('Quillon');
    expect(json).not.toMatch(/ethnicity|nationality|selfDefined|officerObserved/i);
    const ctx = built.ctx as unknown as Record<string, unknown>;
    for (const field of ['nationality', 'ethnicity', 'selfDefinedEthnicity', 'observedEthnicity']) {
      let thrown: unknown = null;
      try {
        void ctx[field];
      } catch (e) {
        thrown = e;
      }
      expect(isAppError(thrown) && thrown.code, field).toBe('RULE_FORBIDDEN_DATA');
    }
  });
});
