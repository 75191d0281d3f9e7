// The cross-case API on a real SQLite store: a case's shared identifiers with where they appear,
// the same answer reduced to "a match exists, contact …" for an actor who cannot open the other
// case, clusters and completeness limited to the cases the actor opens, each request audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../../testkit/temp-store.js';
import { createCase, type CaseRecord } from '../../store/queries/cases.js';
import { writeComms } from '../../graph/synthetic-comms.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import type { CaseAccessPolicy } from '../../security/case-access-policy.js';
import { recordPerson } from '../../cases/person-record.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const T0 = Date.UTC(2024, 0, 10, 12);

let t: TempStore;
let live: CaseRecord;
let old: CaseRecord;

beforeAll(async () => {
  t = await tempStore();
  live = await createCase(t.store, { ref: 'OP-LIVE', createdAt: 0 });
  old = await createCase(t.store, {
    ref: 'OP-OLD-2015',
    status: 'closed',
    supervisor: 'DS Example, 01632 960002',
    createdAt: 0,
  });
  // P(50) is in both cases (a different device each); P(51) and P(52) in one each
  await writeComms(t.store, live.id, {
    devices: [{ label: 'L1', exhibit: 'LV/1' }],
    items: [
      { kind: 'message', device: 'L1', from: 'owner', to: [P(50)], at: T0 },
      { kind: 'call', device: 'L1', from: P(51), to: ['owner'], at: T0, durationS: 10 },
    ],
  });
  await writeComms(t.store, old.id, {
    devices: [{ label: 'O1', exhibit: 'OLD/1' }],
    items: [
      { kind: 'message', device: 'O1', from: P(50), to: ['owner'], at: Date.UTC(2015, 2, 1) },
      { kind: 'message', device: 'O1', from: 'owner', to: [P(52)], at: Date.UTC(2015, 2, 2) },
    ],
  });
  await recordPerson(
    t.store,
    old.id,
    { subject: 'Old Suspect', role: 'suspect', nationality: 'GB', nationalitySource: 'passport' },
    'dc',
  );
});

afterAll(async () => {
  await t?.cleanup();
});

/** The local user opens only OP-LIVE and knows of no other case. */
const liveOnly: CaseAccessPolicy = {
  async decide(_a, caseId) {
    return caseId === live.id ? { allowed: true } : { allowed: false, reason: 'not a member' };
  },
  async visibleCases(_a, ids) {
    return ids.filter((id) => id === live.id);
  },
};

describe('crossmatch API', () => {
  it('shows where a shared identifier appears in a case the actor opens', async () => {
    const app = testApp(t.store, t.dir);
    const { server } = await createServer(app, { log: { level: 'silent' }, webRoot: null });
    try {
      const res = await server.inject({ url: '/api/cases/OP-LIVE/crossmatch' });
      expect(res.statusCode).toBe(200);
      const r = res.json();
      expect(r.shared.map((s: { key: string }) => s.key)).toEqual([P(50)]);
      expect(r.shared[0].elsewhere).toMatchObject([
        {
          access: 'open',
          caseRef: 'OP-OLD-2015',
          occurrences: [
            { deviceLabel: 'O1', exhibit: 'OLD/1', messages: 1, first: '2015-03-01T00:00:00.000Z' },
          ],
        },
      ]);
      expect(app.audit.events.at(-1)).toMatchObject({
        action: 'identifier.view',
        caseId: live.id,
        outcome: 'success',
        details: { view: 'crossmatch', shared: 1 },
      });
      const clusters = (await server.inject({ url: '/api/crossmatch/clusters' })).json();
      expect(clusters.cases).toEqual(['OP-LIVE', 'OP-OLD-2015']);
      expect(clusters.clusters[0].identifiers).toEqual([
        { key: P(50), display: '+447700900050', cases: ['OP-LIVE', 'OP-OLD-2015'] },
      ]);
      const comp = (await server.inject({ url: '/api/completeness' })).json();
      expect(comp.cases).toEqual(['OP-LIVE', 'OP-OLD-2015']);
      expect(comp.report.totals).toEqual([
        {
          role: 'suspect',
          persons: 1,
          recorded: {
            selfDefinedEthnicity: 0,
            officerObservedEthnicity: 0,
            nationality: 1,
            age: 0,
          },
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('tells an actor who cannot open the other case only that a match exists and who to contact', async () => {
    const app = testApp(t.store, t.dir, { access: liveOnly });
    const { server } = await createServer(app, { log: { level: 'silent' }, webRoot: null });
    try {
      const res = await server.inject({ url: '/api/cases/OP-LIVE/crossmatch' });
      expect(res.statusCode).toBe(200);
      expect(res.json().shared[0].elsewhere).toEqual([
        { access: 'restricted', caseRef: null, contact: 'DS Example, 01632 960002' },
      ]);
      expect(res.body).not.toContain('OP-OLD-2015');
      expect(res.body).not.toContain('OLD/1');
      expect(res.body).not.toContain('2015-');
      // the other case itself is refused
      const other = await server.inject({ url: '/api/cases/OP-OLD-2015/crossmatch' });
      expect(other.statusCode).toBe(403);
      const clusters = (await server.inject({ url: '/api/crossmatch/clusters' })).json();
      expect(clusters.cases).toEqual(['OP-LIVE']);
      expect(clusters.clusters[0].cases).toEqual([
        {
          access: 'open',
          caseRef: 'OP-LIVE',
          title: null,
          status: 'live',
          contact: 'the supervisor of this case (no contact recorded)',
        },
        {
          access: 'restricted',
          caseRef: null,
          title: null,
          status: null,
          contact: 'DS Example, 01632 960002',
        },
      ]);
      // completeness only over the cases this actor opens
      const comp = (await server.inject({ url: '/api/completeness' })).json();
      expect(comp.cases).toEqual(['OP-LIVE']);
      expect(comp.report.totals).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
