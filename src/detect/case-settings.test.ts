// Per-case lexicon terms and ages: validated, stored with who and when, read by the next analysis,
// and able to change what a rule finds (a local code word; a child's recorded age).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCase } from '../testkit/temp-store.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { addLexiconTerm, listAges, listLexiconTerms, setAge } from './case-settings.js';
import { loadCaseData } from './load-case-data.js';
import { evaluateRules } from './runner.js';
import { findRule } from './rules/index.js';
import { DAYMS, HR, ScenarioBuilder, T0, num } from './eval/scenario-builder.js';

const actor = { id: 'analyst' };

describe('case detection settings', () => {
  let t: { store: SqliteStore; kase: CaseRecord; cleanup(): Promise<void> };
  beforeEach(async () => {
    t = await tempCase();
  });
  afterEach(() => t.cleanup());

  it('validates and stores lexicon terms and ages, and the next analysis reads them', async () => {
    await expect(
      addLexiconTerm(
        t.store,
        t.kase.id,
        { crime: 'fraud', indicator: 'x', term: 'y', action: 'add' },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      addLexiconTerm(
        t.store,
        t.kase.id,
        { crime: 'county-lines', indicator: 'nope', term: 'y', action: 'add' },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { fields: ['indicator'] } });
    await expect(
      addLexiconTerm(
        t.store,
        t.kase.id,
        { crime: 'county-lines', indicator: 'instruction', term: '  ', action: 'add' },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await addLexiconTerm(
      t.store,
      t.kase.id,
      {
        crime: 'county-lines',
        indicator: 'instruction',
        term: 'buzz me after',
        action: 'add',
        note: 'local code',
      },
      actor,
      10,
    );
    await addLexiconTerm(
      t.store,
      t.kase.id,
      { crime: 'county-lines', indicator: 'slang', term: 'food', action: 'remove' },
      actor,
      11,
    );
    expect(
      (await listLexiconTerms(t.store, t.kase.id)).map((x) => [x.action, x.term, x.createdBy]),
    ).toEqual([
      ['add', 'buzz me after', 'analyst'],
      ['remove', 'food', 'analyst'],
    ]);
    await expect(
      setAge(t.store, t.kase.id, '07700 900170', 200, null, actor),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await setAge(t.store, t.kase.id, '07700 900170', 14, 'school record', actor);
    await setAge(t.store, t.kase.id, 'phone:+447700900170', 13, 'birth certificate', actor);
    expect(await listAges(t.store, t.kase.id)).toEqual([
      expect.objectContaining({ key: 'phone:+447700900170', years: 13, note: 'birth certificate' }),
    ]);
    const data = await loadCaseData(t.store, t.kase.id);
    expect(data.overrides).toEqual([
      { crime: 'county-lines', indicator: 'instruction', term: 'buzz me after', action: 'add' },
      { crime: 'county-lines', indicator: 'slang', term: 'food', action: 'remove' },
    ]);
    expect([...data.ages]).toEqual([['phone:+447700900170', 13]]);
  });

  it('a case term and a recorded age change what the rules find', () => {
    const b = new ScenarioBuilder();
    const kid = num(120);
    const boss = num(110);
    b.device('dev', kid);
    for (let i = 0; i < 4; i++)
      b.msg(
        'dev',
        boss,
        kid,
        T0 + i * DAYMS + 20 * HR,
        `the usual to ${9 + i} Mill Lane, buzz me after`,
      );
    b.msg('dev', boss, kid, T0 + 5 * DAYMS, 'u owe me 200 now');
    const rule = findRule('county-lines-runner-control')!;
    expect(evaluateRules(b.build(), [rule]).findings).toEqual([]);
    const withTerm = b.build({
      overrides: [
        { crime: 'county-lines', indicator: 'instruction', term: 'buzz me after', action: 'add' },
      ],
    });
    const f = evaluateRules(withTerm, [rule]).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.indicators.map((i) => i.id)).toEqual(['CL5-instructions', 'CL8-debt']);
    const withAge = b.build({ ...withTerm, ages: new Map([[kid, 15]]) });
    const g = evaluateRules(withAge, [rule]).findings[0]!;
    expect(g.indicators.find((i) => i.id === 'CL-child')!.detail).toBe(
      'age 15 recorded for the case',
    );
  });
});
