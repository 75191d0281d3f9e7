// Cold-case re-review: the first review finds nothing new in a closed case; after a live case
// ingests a number the closed case held, the next review reports exactly that crossover (the old
// analysis could not have found it), prioritised, and a further review reports nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';
import { writeComms } from '../graph/synthetic-comms.js';
import { refreshCrossmatchDevice } from '../store/queries/crossmatch-index.js';
import { LOCAL_USER } from '../app/app-context.js';
import { localAccessPolicy } from '../security/case-access-policy.js';
import { coldReviewMarkdown, coldReviewQueue, reviewCold } from './cold-review.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const local = { actor: LOCAL_USER, policy: localAccessPolicy };
let t: TempStore;
let old: CaseRecord;

beforeAll(async () => {
  t = await tempStore();
  old = await createCase(t.store, { ref: 'OP-COLD-2013', status: 'closed', createdAt: 0 });
  await writeComms(t.store, old.id, {
    devices: [{ label: 'C1' }],
    items: [
      { kind: 'message', device: 'C1', from: 'owner', to: [P(60)], at: Date.UTC(2013, 1, 1) },
      { kind: 'message', device: 'C1', from: P(61), to: ['owner'], at: Date.UTC(2013, 1, 2) },
    ],
  });
});

afterAll(async () => {
  await t?.cleanup();
});

describe('cold-case re-review', () => {
  it('reports exactly what the re-run added', async () => {
    const first = await reviewCold(t.store, 'OP-COLD-2013', local, { now: Date.UTC(2026, 0, 1) });
    expect(first.previousReview).toBeNull();
    expect(first.newCrossovers).toEqual([]);
    expect(first.newFindings).toEqual([]);
    expect(first.priority).toBe(0);

    // new evidence the old analysis could not have found: a live case now holds P(60)
    const live = await createCase(t.store, {
      ref: 'OP-NOW',
      supervisor: 'DS Now Example',
      createdAt: 0,
    });
    const { devices } = await writeComms(t.store, live.id, {
      devices: [{ label: 'N1' }],
      items: [
        {
          kind: 'call',
          device: 'N1',
          from: P(60),
          to: ['owner'],
          at: Date.UTC(2026, 0, 5),
          durationS: 30,
        },
      ],
    });
    await refreshCrossmatchDevice(t.store, live.id, devices.get('N1')!);

    const second = await reviewCold(t.store, 'OP-COLD-2013', local, { now: Date.UTC(2026, 0, 10) });
    expect(second.previousReview).toBe('2026-01-01T00:00:00.000Z');
    expect(second.newCrossovers).toEqual([
      {
        key: P(60),
        display: '+447700900060',
        caseRef: 'OP-NOW',
        status: 'live',
        access: 'open',
        contact: 'DS Now Example',
      },
    ]);
    expect(second.priority).toBe(10 + second.newFindings.length);
    expect(coldReviewMarkdown(second)).toContain('+447700900060 now also in OP-NOW (live)');

    const third = await reviewCold(t.store, 'OP-COLD-2013', local, { now: Date.UTC(2026, 0, 11) });
    expect(third.newCrossovers).toEqual([]);
    expect(third.newFindings).toEqual([]);

    // an actor who cannot open the live case: that a match exists, and whom to contact
    await t.store.db
      .deleteFrom('cold_reviews')
      .where('reviewed_at', '>', Date.UTC(2026, 0, 2))
      .execute();
    const restricted = await reviewCold(
      t.store,
      'OP-COLD-2013',
      {
        actor: { id: 'rev', name: 'Reviewer', roles: [] },
        policy: {
          decide: async (_a, id) => ({ allowed: id === old.id }),
          visibleCases: async () => [],
        },
      },
      { now: Date.UTC(2026, 0, 12) },
    );
    expect(restricted.newCrossovers).toEqual([
      {
        key: P(60),
        display: '+447700900060',
        caseRef: null,
        status: null,
        access: 'restricted',
        contact: 'DS Now Example',
      },
    ]);

    const queue = await coldReviewQueue(t.store);
    expect(queue).toEqual([
      {
        caseRef: 'OP-COLD-2013',
        reviewedAt: '2026-01-12T00:00:00.000Z',
        priority: restricted.priority,
      },
    ]);
  });
});
