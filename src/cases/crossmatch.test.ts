// Cross-case matching on the generated case family: every planted shared identifier (written
// differently in each case) is found, no decoy or other identifier matches, and a user who cannot
// open the other case learns only that a match exists there and who to contact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../testkit/run-cli.js';
import { kestrelCase, type KestrelCase } from '../testkit/kestrel-case.js';
import type { Actor } from '../app/app-context.js';
import { LOCAL_USER } from '../app/app-context.js';
import { localAccessPolicy, type CaseAccessPolicy } from '../security/case-access-policy.js';
import { caseCrossmatch, crossmatchAlerts, crossmatchClusters } from './crossmatch.js';
import {
  matchKeyForInput,
  matchKeyOf,
  rebuildCrossmatchIndex,
  addCrossmatchWatch,
} from '../store/queries/crossmatch-index.js';
import { createCase, listCases, updateCase } from '../store/queries/cases.js';
import { ingest } from '../ingest/runner.js';
import { isAppError } from '../model/errors.js';

/** A policy for tests: each actor opens the cases listed, and may know of the `visible` ones. */
function memberPolicy(
  opens: Record<string, string[]>,
  visible: Record<string, string[]> = {},
): CaseAccessPolicy {
  return {
    async decide(actor, caseId) {
      return (opens[actor.id] ?? []).includes(caseId)
        ? { allowed: true }
        : { allowed: false, reason: 'not a member' };
    },
    async visibleCases(actor, ids) {
      const ok = new Set([...(opens[actor.id] ?? []), ...(visible[actor.id] ?? [])]);
      return ids.filter((id) => ok.has(id));
    },
  };
}

const alice: Actor = { id: 'alice', name: 'Alice', roles: ['analyst'] };
const bob: Actor = { id: 'bob', name: 'Bob', roles: ['analyst'] };
const local = { actor: LOCAL_USER, policy: localAccessPolicy };

let g: KestrelCase;
let titles: Record<string, string | null>;
let ids: Record<string, string>;
/** Planted shared keys that are in evidence in at least two cases: key → case refs. */
let expected: Map<string, Set<string>>;

beforeAll(async () => {
  g = await kestrelCase({ seed: 7, family: true });
  const cases = await listCases(g.store);
  ids = Object.fromEntries(cases.map((c) => [c.ref, c.id]));
  titles = Object.fromEntries(cases.map((c) => [c.ref, c.title]));
  await updateCase(g.store, ids['OP-HARRIER-2014']!, {
    owner: 'DC Ann Example',
    supervisor: 'DS Harriet Example, 01632 960001',
  });
  await updateCase(g.store, ids['OP-MERLIN-2018']!, { owner: 'DC Mel Example' });
  expected = new Map();
  for (const s of g.truth.sharedIdentifiers) {
    const refs = new Set(s.occurrences.filter((o) => o.inEvidence).map((o) => o.caseRef));
    if (refs.size > 1) expected.set(s.key, refs);
  }
}, 180_000);

afterAll(async () => {
  await g?.cleanup();
});

describe('match keys', () => {
  it('matches phones, equipment and accounts; a WhatsApp phone id matches as the phone', () => {
    expect(matchKeyOf('whatsapp:447700900160@s.whatsapp.net')).toEqual({
      matchKey: 'phone:+447700900160',
      type: 'phone',
    });
    expect(matchKeyOf('whatsapp:1234567@lid')?.matchKey).toBe('whatsapp:1234567@lid');
    expect(matchKeyOf('whatsapp:status@broadcast')).toBeNull();
    expect(matchKeyOf('phone-raw:123')).toBeNull();
    expect(matchKeyOf('sender:BANK')).toBeNull();
    expect(matchKeyOf('device:dev_1')).toBeNull();
    expect(matchKeyOf('imei:353201101234562')?.matchKey).toBe('imei:353201101234562');
  });

  it('reads identifiers as people type them', () => {
    expect(matchKeyForInput('(07700) 900-100')).toBe('phone:+447700900100');
    expect(matchKeyForInput('0044 7700 900180')).toBe('phone:+447700900180');
    expect(matchKeyForInput('353201101234562')).toBe('imei:353201101234562');
    expect(matchKeyForInput('D.Kola.Carwash@example.org')).toBe('email:d.kola.carwash@example.org');
    expect(matchKeyForInput('  ')).toBeNull();
  });
});

describe('crossmatch on the generated case family', () => {
  it('the ground truth plants shared identifiers in evidence in more than one case', () => {
    // the test would pass vacuously without them
    expect(expected.size).toBeGreaterThanOrEqual(3);
    expect([...expected.keys()].sort()).toEqual(
      expect.arrayContaining(['phone:+447700900160', 'phone:+447700900180', 'phone:+447700900100']),
    );
  });

  it('finds every planted shared identifier, and nothing else, across the store', async () => {
    const clusters = await crossmatchClusters(g.store, local);
    expect(clusters).toHaveLength(1);
    const c = clusters[0]!;
    expect(c.cases.map((x) => x.caseRef)).toEqual([
      'OP-HARRIER-2014',
      'OP-KESTREL',
      'OP-MERLIN-2018',
    ]);
    expect(c.restrictedIdentifiers).toBe(0);
    const found = new Map(c.identifiers.map((k) => [k.key, new Set(k.cases)]));
    expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, refs] of expected) expect(found.get(key)).toEqual(refs);
    // decoys one digit away never match what they resemble, nor anything else
    for (const d of g.truth.decoys) expect(found.has(d.key)).toBe(false);
  });

  it('lists, for a case, where each shared identifier appears here and elsewhere', async () => {
    const r = await caseCrossmatch(g.store, 'OP-KESTREL', local);
    const want = [...expected].filter(([, refs]) => refs.has('OP-KESTREL')).map(([k]) => k);
    expect(r.shared.map((s) => s.key)).toEqual(want.sort());
    const device = (caseRef: string, id: string) =>
      g.truth.cases.find((c) => c.ref === caseRef)!.devices.find((d) => d.id === id)!.storeDeviceId;
    for (const s of r.shared) {
      const truth = g.truth.sharedIdentifiers.find((x) => x.key === s.key)!;
      const inEv = truth.occurrences.filter((o) => o.inEvidence);
      // every device the ground truth wrote it on, in this case and in the others
      const hereWant = inEv
        .filter((o) => o.caseRef === 'OP-KESTREL')
        .map((o) => device(o.caseRef, o.device));
      expect(s.here.map((h) => h.deviceId)).toEqual(expect.arrayContaining(hereWant));
      for (const m of s.elsewhere) {
        expect(m.access).toBe('open');
        if (m.access !== 'open') continue;
        const otherWant = inEv
          .filter((o) => o.caseRef === m.caseRef)
          .map((o) => device(o.caseRef, o.device));
        expect(m.occurrences.map((o) => o.deviceId).sort()).toEqual([...new Set(otherWant)].sort());
      }
    }
    // Lee Hobbs's number: "Lee" on Amy's phone in 2014 (H01), owner of the Nokia (H02)
    const lee = r.shared.find((s) => s.key === 'phone:+447700900160')!;
    const harrier = lee.elsewhere[0]!;
    expect(harrier.access === 'open' && harrier.caseRef).toBe('OP-HARRIER-2014');
    if (harrier.access !== 'open') throw new Error('expected open');
    const h01 = harrier.occurrences.find((o) => o.deviceId === device('OP-HARRIER-2014', 'H01'))!;
    expect(h01.names).toContain('Lee');
    expect(h01.messages).toBeGreaterThan(0);
    expect(h01.first?.startsWith('2014')).toBe(true);
    expect(h01.last?.startsWith('2014')).toBe(true);
    const h02 = harrier.occurrences.find((o) => o.deviceId === device('OP-HARRIER-2014', 'H02'))!;
    expect(h02.roles).toContain('owner');
    expect(lee.here[0]!.names).toContain('Lee 💕');
    expect(r.cases.map((c) => [c.caseRef, c.access, c.sharedIdentifiers])).toEqual([
      ['OP-HARRIER-2014', 'open', 2],
      ['OP-MERLIN-2018', 'open', 1],
    ]);
  });

  it('a case with no shared identifiers elsewhere says so', async () => {
    const merlin = await caseCrossmatch(g.store, 'OP-MERLIN-2018', local);
    expect(merlin.shared.map((s) => s.key)).toEqual(['phone:+447700900100']);
    expect(merlin.cases.map((c) => c.caseRef)).toEqual(['OP-KESTREL']);
  });

  it('an actor who cannot open the other case learns only that a match exists, and who to contact', async () => {
    const policy = memberPolicy({ alice: [ids['OP-KESTREL']!] });
    const r = await caseCrossmatch(g.store, 'OP-KESTREL', { actor: alice, policy });
    expect(r.shared).toHaveLength(expected.size);
    for (const s of r.shared) {
      expect(s.here.length).toBeGreaterThan(0); // her own case: full detail
      for (const m of s.elsewhere) {
        expect(m).toEqual({
          access: 'restricted',
          caseRef: null,
          contact:
            s.key === 'phone:+447700900100' ? 'DC Mel Example' : 'DS Harriet Example, 01632 960001',
        });
      }
    }
    // nothing of the other cases' content or identity leaks into the answer
    const text = JSON.stringify(r);
    const otherCases = g.truth.cases.filter((c) => c.ref !== 'OP-KESTREL');
    for (const c of otherCases) {
      expect(text).not.toContain(c.ref);
      expect(text).not.toContain(ids[c.ref]!);
      for (const d of c.devices) {
        expect(text).not.toContain(d.storeDeviceId);
        expect(text).not.toContain(d.label);
      }
    }
    expect(text).not.toContain('Dazza'); // Darren Pike's name on the 2014 phone
    expect(text).not.toMatch(/"20(14|18)-/); // no dates from the closed cases

    // may know the case exists (visible) but not open it: the reference, still no content
    const policy2 = memberPolicy(
      { alice: [ids['OP-KESTREL']!] },
      { alice: [ids['OP-HARRIER-2014']!] },
    );
    const r2 = await caseCrossmatch(g.store, 'OP-KESTREL', { actor: alice, policy: policy2 });
    const lee = r2.shared.find((s) => s.key === 'phone:+447700900160')!;
    expect(lee.elsewhere).toEqual([
      {
        access: 'restricted',
        caseRef: 'OP-HARRIER-2014',
        contact: 'DS Harriet Example, 01632 960001',
      },
    ]);
    expect(r2.cases.map((c) => [c.caseRef, c.access, c.title, c.status])).toEqual([
      ['OP-HARRIER-2014', 'restricted', null, null],
      [null, 'restricted', null, null],
    ]);
  });

  it('refuses the crossmatch of a case the actor cannot open', async () => {
    const policy = memberPolicy({ bob: [ids['OP-HARRIER-2014']!] });
    const err = await caseCrossmatch(g.store, 'OP-KESTREL', { actor: bob, policy }).catch((e) => e);
    expect(isAppError(err) && err.code).toBe('FORBIDDEN');
  });

  it('clusters show only what the actor may open', async () => {
    const policy = memberPolicy({ bob: [ids['OP-HARRIER-2014']!] });
    const clusters = await crossmatchClusters(g.store, { actor: bob, policy });
    expect(clusters).toHaveLength(1);
    const c = clusters[0]!;
    expect(c.cases).toEqual([
      {
        access: 'open',
        caseRef: 'OP-HARRIER-2014',
        title: titles['OP-HARRIER-2014'],
        status: 'closed',
        contact: 'DS Harriet Example, 01632 960001',
      },
      { access: 'restricted', caseRef: null, title: null, status: null, contact: 'DC Mel Example' },
      {
        access: 'restricted',
        caseRef: null,
        title: null,
        status: null,
        contact: 'the supervisor of this case (no contact recorded)',
      },
    ]);
    // the identifiers in Harrier are shown; Kyle Marsh's number links only Kestrel and Merlin
    expect(c.identifiers).toEqual([
      { key: 'phone:+447700900160', display: '+447700900160', cases: ['OP-HARRIER-2014'] },
      { key: 'phone:+447700900180', display: '+447700900180', cases: ['OP-HARRIER-2014'] },
    ]);
    expect(c.restrictedIdentifiers).toBe(1);
    // an actor who opens none of the cases sees no cluster
    const none = await crossmatchClusters(g.store, { actor: alice, policy });
    expect(none).toEqual([]);
  });

  it('the index is rebuilt identically from the item tables', async () => {
    const dump = () =>
      g.store.db
        .selectFrom('crossmatch_index')
        .selectAll()
        .orderBy('match_key')
        .orderBy('case_id')
        .orderBy('device_id')
        .execute();
    const before = await dump();
    expect(before.length).toBeGreaterThan(100);
    const devices = await rebuildCrossmatchIndex(g.store);
    expect(devices).toBe(
      g.truth.cases.reduce((n, c) => n + c.devices.filter((d) => d.formats.length).length, 0),
    );
    expect(await dump()).toEqual(before);
  });

  it('an identifier watched across cases alerts when a new ingest holds it', async () => {
    // Harrier watches Kyle Marsh's number across cases, written as in the 2018 case
    const harrierWatch = await addCrossmatchWatch(g.store, ids['OP-HARRIER-2014']!, {
      value: '(07700) 900-100',
      createdBy: 'local',
    });
    expect(harrierWatch.key).toBe('phone:+447700900100');
    // Kestrel watches a number no new ingest holds
    await addCrossmatchWatch(g.store, ids['OP-KESTREL']!, {
      value: '07700 900999',
      createdBy: 'local',
    });
    const dup = await addCrossmatchWatch(g.store, ids['OP-HARRIER-2014']!, {
      value: '+447700900100',
      createdBy: 'local',
    }).catch((e: unknown) => e);
    expect(isAppError(dup) && dup.code).toBe('CONFLICT');
    const bad = await addCrossmatchWatch(g.store, ids['OP-HARRIER-2014']!, {
      value: 'VODAFONE',
      createdBy: 'local',
    }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.code).toBe('INVALID_ARGUMENT');
    expect(await crossmatchAlerts(g.store, 'OP-HARRIER-2014', local)).toEqual([]);

    // a new case ingests the 2018 operator records (they hold the number)
    const fresh = await createCase(g.store, {
      ref: 'OP-NEW-1',
      owner: 'DC New Example',
      createdAt: 0,
    });
    const m02 = g.truth.cases
      .find((c) => c.ref === 'OP-MERLIN-2018')!
      .devices.find((d) => d.id === 'M02')!;
    const run = () =>
      ingest(g.store, {
        caseRef: 'OP-NEW-1',
        inputs: [join(g.caseDir, m02.dir)],
        deviceLabel: 'NEW/1 operator records',
        timezone: 'Europe/London',
        toolVersion: 'test',
        scratchParent: join(g.dir, 'scratch'),
      });
    const res = await run();
    expect(res.crossmatch?.keys).toBeGreaterThan(0);
    expect(
      res.crossmatch?.alerts.map((a) => [a.caseId, a.watchId, a.matchKey, a.matchedCaseId]),
    ).toEqual([[ids['OP-HARRIER-2014'], harrierWatch.id, 'phone:+447700900100', fresh.id]]);
    // running the same ingest again raises nothing new
    expect((await run()).crossmatch?.alerts).toEqual([]);

    const open = await crossmatchAlerts(g.store, 'OP-HARRIER-2014', local);
    expect(open).toHaveLength(1);
    expect(open[0]!.matched.access).toBe('open');
    if (open[0]!.matched.access === 'open') {
      expect(open[0]!.matched.caseRef).toBe('OP-NEW-1');
      expect(open[0]!.matched.occurrences[0]!.deviceLabel).toBe('NEW/1 operator records');
      expect(
        open[0]!.matched.occurrences[0]!.calls + open[0]!.matched.occurrences[0]!.messages,
      ).toBeGreaterThan(0);
    }
    // a Harrier member who cannot open the new case: that a match exists, and who to contact
    const policy = memberPolicy({ bob: [ids['OP-HARRIER-2014']!] });
    const restricted = await crossmatchAlerts(g.store, 'OP-HARRIER-2014', { actor: bob, policy });
    expect(restricted.map((a) => [a.key, a.matched])).toEqual([
      ['phone:+447700900100', { access: 'restricted', caseRef: null, contact: 'DC New Example' }],
    ]);
    // Kestrel's watch raised nothing (the number is in no ingest)
    expect(await crossmatchAlerts(g.store, 'OP-KESTREL', local)).toEqual([]);
  });

  it('threadline crossmatch [<case>] --json on the command line', async () => {
    // the store file of this test (WAL checkpointed) is the CLI's data folder
    const data = join(g.dir, 'store');
    const { sql } = await import('kysely');
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(g.store.db);
    const one = runCli(['--data', data, '--json', 'crossmatch', 'OP-HARRIER-2014']);
    expect(one.stderr).toBe('');
    const r = one.json<{ shared: Array<{ key: string; elsewhere: Array<{ caseRef: string }> }> }>();
    expect(r.shared.map((s) => [s.key, s.elsewhere.map((e) => e.caseRef)])).toEqual([
      ['phone:+447700900160', ['OP-KESTREL']],
      ['phone:+447700900180', ['OP-KESTREL']],
    ]);
    const all = runCli(['--data', data, '--json', 'crossmatch', '--rebuild']);
    expect(all.status).toBe(0);
    const clusters = all.json<Array<{ cases: Array<{ caseRef: string }> }>>();
    expect(clusters.map((c) => c.cases.map((x) => x.caseRef))).toEqual([
      ['OP-HARRIER-2014', 'OP-KESTREL', 'OP-MERLIN-2018', 'OP-NEW-1'],
    ]);
  });
});
