// Identity resolution on the generated case family (through the real writers, runner and store):
// every planted identity group becomes one Person with its reasons, no Person joins two people,
// names never group anything, and analysts' merges and splits survive re-ingest and re-resolution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { generatedCaseStore, tempDir, type GeneratedCaseStore } from '../testkit/generated-case.js';
import { computeResolution, ensureResolved, resolvePersons } from './resolve-persons.js';
import { findPerson, listPersons } from './person-queries.js';
import { mergePersons, splitPerson } from './person-operations.js';
import { listDecisions } from './person-decisions.js';
import { ingest } from '../ingest/runner.js';
import { writeCanonicalExport } from '../report/canonical-export.js';
import { LOCAL_USER } from '../app/app-context.js';
import { isAppError } from '../model/errors.js';
import { androidContacts2Writer } from '../generator/writers/android-contacts2.js';
import { androidMmssmsWriter } from '../generator/writers/android-mmssms.js';
import type { GenDevice } from '../generator/device-data.js';
import { tempCase } from '../testkit/temp-store.js';

const LIVE = 'OP-KESTREL';
const analyst = { id: 'u-17', name: 'DC Morgan', roles: ['analyst'] };

describe('identity resolution on the generated case', () => {
  let g: GeneratedCaseStore;
  let caseId: string;
  const gtPersonOf = new Map<string, string>();

  beforeAll(async () => {
    g = await generatedCaseStore({ seed: 7 });
    caseId = g.cases.get(LIVE)!.id;
    for (const p of g.truth.persons) for (const i of p.identifiers) gtPersonOf.set(i.key, p.id);
    await resolvePersons(g.store, caseId, 0);
  }, 120_000);
  afterAll(async () => g?.cleanup());

  it('puts every planted identity group in one Person, with a reason for every link', async () => {
    const r = await computeResolution(g.store, caseId);
    const personOf = new Map<string, (typeof r.persons)[number]>();
    for (const p of r.persons) for (const i of p.identifiers) personOf.set(i.key, p);
    const groups = g.truth.identityGroups.filter((x) => x.caseRef === LIVE);
    let multi = 0;
    for (const grp of groups) {
      const ps = new Set(grp.keys.map((k) => personOf.get(k)?.id));
      expect([...ps], `${grp.personId}: ${grp.keys.join(', ')}`).toHaveLength(1);
      expect(ps.has(undefined)).toBe(false);
      if (grp.keys.length > 1) {
        multi++;
        for (const k of grp.keys) {
          const id = personOf.get(k)!.identifiers.find((i) => i.key === k)!;
          expect(id.reasons.length, k).toBeGreaterThan(0);
          expect(id.confidence).toBeGreaterThan(0.5);
        }
      }
    }
    expect(multi).toBeGreaterThanOrEqual(8);
    // the line holder: his personal number, both deal lines, both handsets he owns, WhatsApp ids
    const kyle = personOf.get('phone:+447700900100')!;
    const keys = kyle.identifiers.map((i) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'phone:+447700900101',
        'phone:+447700900102',
        'whatsapp:447700900100@s.whatsapp.net',
      ]),
    );
    expect(keys.filter((k) => k.startsWith('device:')).length).toBeGreaterThanOrEqual(2);
  });

  it('never joins two different people (no over-merge), and names are never a reason', async () => {
    const r = await computeResolution(g.store, caseId);
    for (const p of r.persons) {
      const owners = new Set(p.identifiers.map((i) => gtPersonOf.get(i.key) ?? `unknown ${i.key}`));
      expect([...owners], p.label).toHaveLength(1);
      for (const i of p.identifiers)
        for (const why of i.reasons)
          expect(why.reason).not.toMatch(/name|language|country|dialling/);
    }
    // two different people both saved as "Mo" (on two phones) stay two persons
    const moJ = r.persons.find((p) => p.identifiers.some((i) => i.key === 'phone:+447700900124'))!;
    const moZ = r.persons.find((p) => p.identifiers.some((i) => i.key === 'phone:+447700900195'))!;
    expect(moJ.id).not.toBe(moZ.id);
    const views = await listPersons(g.store, caseId);
    expect(views.find((v) => v.id === moJ.id)!.aliases.map((a) => a.name)).toEqual(['Mo']);
    expect(views.find((v) => v.id === moZ.id)!.aliases.map((a) => a.name)).toEqual(['Mo']);
  });

  it('shows how each owner saved a person, and derives device owners with their evidence', async () => {
    const kyle = await findPerson(g.store, caseId, '07700 900100');
    const devices = new Set(kyle.aliases.map((a) => a.deviceId));
    expect(devices.size).toBeGreaterThanOrEqual(2);
    expect(kyle.aliases.map((a) => a.name)).toEqual(
      expect.arrayContaining(['K 👑', 'Kyle Inglés']),
    );
    const jd = g.truth.cases[0]!.devices.find((d) => d.id === 'D04')!;
    const jayden = await findPerson(g.store, caseId, `device:${jd.storeDeviceId}`);
    expect(jayden.identifiers.map((i) => i.key)).toContain('phone:+447700900120');
    expect(jayden.devices.map((d) => d.id)).toEqual([jd.storeDeviceId]);
    expect(jayden.devices[0]!.evidence.length).toBeGreaterThan(0);
    expect(jayden.devices[0]!.confidence).toBeGreaterThanOrEqual(0.9);
    // the shared phone has no SIM records: its number comes from its messages on the controller's
    const sh = g.truth.cases[0]!.devices.find((d) => d.id === 'D07')!;
    const shared = await findPerson(g.store, caseId, `device:${sh.storeDeviceId}`);
    expect(shared.identifiers.map((i) => i.key)).toContain('phone:+447700900150');
    expect(shared.devices[0]!.evidence).toEqual([
      expect.objectContaining({ key: 'phone:+447700900150', reason: 'mirrored-messages' }),
    ]);
  });

  it('puts persons in the canonical export with keys and reasons, byte-identically', async () => {
    const run = async () => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const r = await writeCanonicalExport(g.store, caseId, out);
      out.end();
      return { r, text: Buffer.concat(chunks).toString('utf8') };
    };
    const a = await run();
    const b = await run();
    expect(b.text).toBe(a.text);
    const persons = a.text
      .split('\n')
      .filter((l) => l.startsWith('{"aliases"') || l.includes('"kind":"person"'))
      .map(
        (l) =>
          JSON.parse(l) as {
            kind: string;
            identifiers: Array<{ key: string; reasons: unknown[] }>;
          },
      )
      .filter((p) => p.kind === 'person');
    expect(persons.length).toBe(a.r.byKind.person);
    const kyle = persons.find((p) => p.identifiers.some((i) => i.key === 'phone:+447700900100'))!;
    expect(kyle.identifiers.length).toBeGreaterThanOrEqual(5);
    expect(kyle.identifiers.every((i) => i.reasons.length > 0)).toBe(true);
  });

  it('records merges and splits with who and why; they survive re-ingest and re-resolution', async () => {
    // an analyst decides the new deal line is not Kyle's (the card could be a relay)
    await expect(
      splitPerson(g.store, caseId, '07700 900100', ['07700 900102'], '  ', analyst),
    ).rejects.toSatisfy((e: unknown) => isAppError(e) && e.code === 'INVALID_ARGUMENT');
    expect(await listDecisions(g.store, caseId)).toHaveLength(0);
    const s = await splitPerson(
      g.store,
      caseId,
      '07700 900100',
      ['07700 900102'],
      'card on JD/1 may be a relay number',
      analyst,
    );
    expect(s.splitOff.identifiers.map((i) => i.key)).toEqual(['phone:+447700900102']);
    expect(s.person.identifiers.map((i) => i.key)).not.toContain('phone:+447700900102');
    expect(s.decision.actor).toEqual({ id: 'u-17', name: 'DC Morgan' });

    // an analyst merges the groomer and the adult he introduced (a test of the mechanism)
    const m = await mergePersons(
      g.store,
      caseId,
      ['07700 900160', 'phone:+447700900180'],
      'same voice on calls',
      analyst,
    );
    expect(m.person.origin).toBe('analyst');
    expect(m.person.identifiers.map((i) => i.key)).toEqual(
      expect.arrayContaining(['phone:+447700900160', 'phone:+447700900180']),
    );
    const why = m.person.identifiers
      .flatMap((i) => i.reasons)
      .find((r) => r.reason === 'analyst-merge')!;
    expect(why.decision).toMatchObject({ by: 'DC Morgan', why: 'same voice on calls' });

    // re-ingest the runner's phone from scratch (its items deleted and parsed again)
    const jd = g.truth.cases[0]!.devices.find((d) => d.id === 'D04')!;
    const writer = await g.store.openWriter();
    await writer.begin();
    const srcs = await g.store.db
      .selectFrom('sources')
      .select('id')
      .where('device_id', '=', jd.storeDeviceId)
      .execute();
    for (const src of srcs) await writer.deleteSourceItems(src.id);
    for (const src of srcs) await writer.deleteWhere('sources', 'id', src.id);
    await writer.commit();
    await writer.close();
    expect(await ensureResolved(g.store, caseId)).toBe(true);
    await ingest(g.store, {
      caseRef: LIVE,
      inputs: [join(g.caseDir, jd.dir)],
      deviceLabel: jd.label,
      toolVersion: 'test',
      scratchParent: join(g.dir, 'scratch'),
    });
    const again = await resolvePersons(g.store, caseId);
    const of = (k: string) => again.persons.find((p) => p.identifiers.some((i) => i.key === k))!;
    expect(of('phone:+447700900102').id).not.toBe(of('phone:+447700900100').id);
    expect(of('phone:+447700900160').id).toBe(of('phone:+447700900180').id);
    expect(
      again.blocked.some((b) => b.decisionId === s.decision.id && b.link.reason === 'contact-card'),
    ).toBe(true);
    expect(await ensureResolved(g.store, caseId)).toBe(false);

    // a later decision overrides an earlier one: split the two adults apart again
    const s2 = await splitPerson(
      g.store,
      caseId,
      '07700 900160',
      ['07700 900180', 'dazpike77@example.org'],
      'voices differ after all',
      analyst,
    );
    expect(s2.person.identifiers.map((i) => i.key)).toEqual(['phone:+447700900160']);
    expect(s2.splitOff.identifiers.map((i) => i.key).sort()).toEqual([
      'email:dazpike77@example.org',
      'phone:+447700900180',
    ]);
    // the card linking them is evidence again inside the split-off person
    expect(s2.splitOff.identifiers.flatMap((i) => i.reasons).map((r) => r.reason)).toContain(
      'contact-card',
    );
    const decisions = await listDecisions(g.store, caseId);
    expect(decisions.map((d) => [d.seq, d.kind])).toEqual([
      [1, 'split'],
      [2, 'merge'],
      [3, 'split'],
    ]);
  }, 60_000);
});

describe('identity evidence rules', () => {
  const phone = (n: number) => ({ key: `phone:+447700900${n}`, written: `07700 900${n}` });
  const device = (id: string, contacts: GenDevice['contacts']): GenDevice => ({
    id,
    label: id,
    exhibit: id,
    platform: 'android',
    formats: ['android-contacts2', 'android-mmssms'],
    ownerPersonId: id,
    owner: { msisdn: phone(id === 'A' ? 901 : 902) },
    region: 'GB',
    timezone: 'Europe/London',
    contacts,
    threads: [],
    messages: [],
    calls: [],
    locations: [],
  });

  it('a shared contact name links nothing; two identifiers on one card do', async () => {
    const t = await tempCase({ ref: 'NAMES-1' });
    const d = tempDir();
    try {
      const a = device('A', [
        { id: 1, name: 'Mo', entries: [{ ...phone(911), kind: 'phone' }] },
        {
          id: 2,
          name: 'Sam',
          entries: [
            { ...phone(921), kind: 'phone' },
            { key: 'email:sam@example.org', written: 'sam@example.org', kind: 'email' },
          ],
        },
      ]);
      const b = device('B', [{ id: 1, name: 'Mo', entries: [{ ...phone(912), kind: 'phone' }] }]);
      for (const dev of [a, b]) {
        const dir = join(d.dir, dev.id);
        await androidContacts2Writer.write(dir, dev);
        await androidMmssmsWriter.write(dir, dev);
        await ingest(t.store, {
          caseRef: 'NAMES-1',
          inputs: [dir],
          deviceLabel: dev.id,
          toolVersion: 'test',
        });
      }
      const r = await resolvePersons(t.store, t.kase.id);
      const of = (k: string) => r.persons.find((p) => p.identifiers.some((i) => i.key === k))!;
      expect(of('phone:+447700900911').id).not.toBe(of('phone:+447700900912').id);
      expect(of('phone:+447700900911').identifiers).toHaveLength(1);
      expect(of('phone:+447700900921').id).toBe(of('email:sam@example.org').id);
      expect(of('email:sam@example.org').identifiers[0]!.reasons[0]).toMatchObject({
        reason: 'contact-card',
      });
    } finally {
      d.cleanup();
      await t.cleanup();
    }
  });
});

void LOCAL_USER;
