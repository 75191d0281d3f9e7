// The network view's API on a real SQLite store with known communications: nodes with measures and
// communities, filters (time, min weight, contacts, node cap), a node's profile, the evidence
// behind an edge with its conversations, paths, common contacts, errors and the audit record.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON responses are checked by value */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { tempCase, type TempStore } from '../../testkit/temp-store.js';
import type { CaseRecord } from '../../store/queries/cases.js';
import { writeComms, type CommItem } from '../../graph/synthetic-comms.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import type { MemoryAuditSink } from '../../security/audit-sink.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const T0 = Date.UTC(2024, 0, 10, 12);
const H = 3_600_000;

let t: TempStore & { kase: CaseRecord };
let dev: Map<string, string>;
let server: FastifyInstance;
let audit: MemoryAuditSink;
let base: string;

const msg = (device: string, from: string | null, to: string, h: number): CommItem => ({
  kind: 'message',
  device,
  from,
  to: [to],
  at: T0 + h * H,
});

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-NET' });
  const items: CommItem[] = [
    // D1's owner (P1) and P2: 4 messages; P1 and P3: one call; P2 and P3 only on D2
    msg('D1', 'owner', P(2), 0),
    msg('D1', 'owner', P(2), 1),
    msg('D1', P(2), 'owner', 2),
    msg('D1', P(2), 'owner', 30),
    { kind: 'call', device: 'D1', from: 'owner', to: [P(3)], at: T0 + 3 * H, durationS: 60 },
    msg('D2', 'owner', P(3), 4),
    msg('D2', 'owner', P(3), 5),
    msg('D2', P(4), 'owner', 6),
  ];
  ({ devices: dev } = await writeComms(t.store, t.kase.id, {
    devices: [
      { label: 'D1', exhibit: 'JS/1', owners: [P(1)] },
      { label: 'D2', exhibit: 'JS/2', owners: [P(2)] },
    ],
    items,
    contacts: [
      { device: 'D1', name: 'Gaz', keys: [P(5)] },
      { device: 'D2', name: 'Gaz G', keys: [P(5)] },
    ],
  }));
  // messages of D1 belong to one conversation (writeComms leaves threads empty)
  await sql`UPDATE messages SET thread_id = 'thr_d1' WHERE device_id = ${dev.get('D1')!}`.execute(
    t.store.db,
  );
  const app = testApp(t.store, t.dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
  base = `/api/cases/${t.kase.id}/graph`;
});
afterAll(async () => {
  await server?.close();
  await t?.cleanup();
});

async function get(url: string, status = 200): Promise<any> {
  const r = await server.inject({ url });
  if (r.statusCode !== status) throw new Error(`${url} → ${r.statusCode} ${r.body}`);
  return r.json();
}

describe('GET /graph', () => {
  it('serves every node with measures and communities, and edges with weights', async () => {
    const r = await get(base);
    expect(r.mode).toBe('identifier');
    expect(r.nodes.map((n: any) => n.id).sort()).toEqual([P(1), P(2), P(3), P(4), P(5)]);
    const p1 = r.nodes.find((n: any) => n.id === P(1));
    expect(p1).toMatchObject({ owner: true, degree: 2, weightedDegree: 5 });
    expect(typeof p1.community).toBe('number');
    const w = (a: string, b: string) =>
      r.edges.find(
        (e: any) => (e.source === a && e.target === b) || (e.source === b && e.target === a),
      );
    expect(w(P(1), P(2))).toMatchObject({ kind: 'communication', weight: 4 });
    expect(w(P(1), P(3))).toMatchObject({ kind: 'communication', weight: 1 });
    expect(w(P(2), P(3))).toMatchObject({ weight: 2 });
    expect(w(P(1), P(5))).toMatchObject({ kind: 'contact', weight: 0 });
    expect(r.summary).toMatchObject({ nodes: 5, shownNodes: 5, truncated: false });
    expect(r.explanations.betweenness).toMatch(/shortest chain/);
    expect(r.communities.length).toBeGreaterThan(0);
    const ev = audit.events.at(-1)!;
    expect(ev).toMatchObject({ action: 'graph.view', caseId: t.kase.id, outcome: 'success' });
  });

  it('filters by time window, minimum weight and contact links, and caps the node count', async () => {
    const early = await get(`${base}?to=${new Date(T0 + 10 * H).toISOString()}&contacts=0`);
    const e12 = early.edges.find((e: any) => e.source === P(1) && e.target === P(2));
    expect(e12.weight).toBe(3);
    expect(early.nodes.map((n: any) => n.id)).not.toContain(P(5));
    const heavy = await get(`${base}?minWeight=2&contacts=0`);
    expect(heavy.edges.map((e: any) => e.weight).sort()).toEqual([2, 4]);
    const capped = await get(`${base}?limit=2`);
    expect(capped.nodes.map((n: any) => n.id).sort()).toEqual([P(1), P(2)]);
    expect(capped.edges).toHaveLength(1);
    expect(capped.summary).toMatchObject({ nodes: 5, shownNodes: 2, truncated: true });
    const bad = await get(`${base}?from=2024-02-01&to=2024-01-01`, 400);
    expect(bad.error.code).toBe('INVALID_ARGUMENT');
    expect((await get(`${base}?mode=group`, 400)).error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('node, edge, path and common contacts', () => {
  it('profiles a node with its measures, ranks, owned devices and neighbours', async () => {
    const r = await get(`${base}/node?id=${encodeURIComponent(P(1))}`);
    expect(r.node.id).toBe(P(1));
    expect(r.devices.map((d: any) => d.label)).toEqual(['D1']);
    expect(r.measures.weightedDegree).toBe(5);
    expect(r.ranks.weightedDegree).toBe(2); // P2 (7) is busier
    expect(r.neighbours.map((n: any) => [n.id, n.messages, n.calls])).toEqual([
      [P(2), 4, 0],
      [P(3), 0, 1],
      [P(5), 0, 0],
    ]);
    expect(audit.events.at(-1)!.objects).toEqual([P(1)]);
    expect((await get(`${base}/node?id=phone:%2B447700900999`, 404)).error.code).toBe('NOT_FOUND');
  });

  it('lists the messages and calls behind an edge with their conversation', async () => {
    const r = await get(`${base}/edge?a=${encodeURIComponent(P(2))}&b=${encodeURIComponent(P(1))}`);
    expect(r.total).toBe(4);
    expect(r.items).toHaveLength(4);
    expect(r.items.every((i: any) => i.kind === 'message' && i.thread === 'thr_d1')).toBe(true);
    // newest first
    expect(r.items[0].at).toBe(new Date(T0 + 30 * H).toISOString());
    expect(r.labels[P(1)]).toBeTruthy();
    expect(r.labels[`device:${dev.get('D1')}`]).toBe(r.labels[P(1)]);
    const ev = audit.events.at(-1)!;
    expect(ev.objects).toEqual([r.edge.id, ...r.items.map((i: any) => i.id)]);
    const call = await get(
      `${base}/edge?a=${encodeURIComponent(P(1))}&b=${encodeURIComponent(P(3))}`,
    );
    expect(call.items).toEqual([
      expect.objectContaining({ kind: 'call', durationS: 60, thread: null, preview: null }),
    ]);
  });

  it('finds the path between two nodes with the evidence of each hop', async () => {
    const r = await get(
      `${base}/path?from=${encodeURIComponent(P(4))}&to=${encodeURIComponent(P(1))}`,
    );
    expect(r.shortest).toBe(2);
    expect(r.shortestPaths).toEqual([[P(4), P(2), P(1)]]);
    const hop = r.hops[[P(1), P(2)].sort().join('|')];
    expect(hop.total).toBe(4);
    expect(hop.items[0].thread).toBe('thr_d1');
    const none = await get(
      `${base}/path?from=${encodeURIComponent(P(4))}&to=${encodeURIComponent(P(5))}&contacts=1`,
    );
    expect(none.shortest).toBeNull();
  });

  it('gives the common contacts of two devices', async () => {
    const r = await get(`${base}/common?a=${dev.get('D1')}&b=${dev.get('D2')}`);
    expect(r.common.map((c: any) => c.key)).toEqual(expect.arrayContaining([P(3), P(5)]));
    const p5 = r.common.find((c: any) => c.key === P(5));
    expect(p5.a.savedAs).toEqual(['Gaz']);
    expect(p5.b.savedAs).toEqual(['Gaz G']);
    expect(
      (await get(`${base}/common?a=${dev.get('D1')}&b=${dev.get('D1')}`, 400)).error.code,
    ).toBe('INVALID_ARGUMENT');
  });
});
