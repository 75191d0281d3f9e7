// Building the link graph from a real SQLite store: counts by direction, owners' numbers, group
// messages, unknown senders, contact-only edges, filters, person mode, paths with the evidence on each
// hop, common contacts, change over time and line swaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { writeComms, type CommItem } from './synthetic-comms.js';
import { buildLinkGraph } from './build-graph.js';
import { GraphService } from './graph-service.js';
import { findLineSwaps } from './change-over-time.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const T0 = Date.UTC(2024, 0, 10, 12);
const H = 3_600_000;

let t: TempStore & { kase: CaseRecord };
let dev: Map<string, string>;
let src: Map<string, string>;

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-GRAPH' });
  const items: CommItem[] = [
    ...[0, 1, 2].map((i) => ({
      kind: 'message' as const,
      device: 'D1',
      from: 'owner',
      to: [P(2)],
      at: T0 + i * H,
    })),
    ...[3, 4].map((i) => ({
      kind: 'message' as const,
      device: 'D1',
      from: P(2),
      to: ['owner'],
      at: T0 + i * H,
    })),
    { kind: 'call', device: 'D1', from: 'owner', to: [P(3)], at: T0 + 5 * H, durationS: 120 },
    { kind: 'message', device: 'D1', from: P(4), to: ['owner'], at: T0 + 6 * H, app: 'whatsapp' },
    { kind: 'message', device: 'D1', from: 'owner', to: [P(2), P(3)], at: T0 + 7 * H },
    ...[8, 9].map((i) => ({
      kind: 'message' as const,
      device: 'D2',
      from: 'owner',
      to: [P(1)],
      at: T0 + i * H,
    })),
    { kind: 'message', device: 'D2', from: 'owner', to: [P(3)], at: T0 + 10 * H },
    {
      kind: 'message',
      device: 'D2',
      from: null,
      to: [P(6)],
      at: T0 + 11 * H,
      direction: 'unknown',
    },
    { kind: 'message', device: 'D3', from: 'owner', to: [P(1)], at: T0 + 12 * H },
  ];
  ({ devices: dev, sources: src } = await writeComms(t.store, t.kase.id, {
    devices: [
      { label: 'D1', exhibit: 'JS/1', owners: [P(1)] },
      { label: 'D2', exhibit: 'JS/2', owners: [P(2)] },
      { label: 'D3' },
    ],
    items,
    contacts: [
      { device: 'D1', name: 'Gaz', keys: [P(5)] },
      { device: 'D1', name: 'Bro', keys: [P(2)] },
      { device: 'D2', name: 'Big man', keys: [P(3)] },
    ],
    persons: [{ id: 'per_a', label: 'Person A', keys: [P(3), P(4)] }],
  }));
});
afterAll(() => t.cleanup());

const edgeOf = (g: Awaited<ReturnType<typeof buildLinkGraph>>, a: string, b: string) =>
  g.edges.find((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a));

describe('buildLinkGraph (identifier mode)', () => {
  it('merges both phones’ records of a conversation into one edge with counts by direction', async () => {
    const g = await buildLinkGraph(t.store, t.kase.id);
    const e = edgeOf(g, P(1), P(2))!;
    // D1: 3 sent + 1 group message to P2 (P1→P2), 2 received (P2→P1); D2: 2 sent to P1 (P2→P1)
    expect(e.kind).toBe('communication');
    expect(e.source).toBe(P(1));
    expect(e.messages).toEqual({ out: 4, in: 4, unknown: 0 });
    expect(e.weight).toBe(8);
    expect(e.devices).toEqual([dev.get('D1'), dev.get('D2')].sort());
    expect(e.sources).toEqual([src.get('D1'), src.get('D2')].sort());
    expect(e.firstAt).toBe(T0);
    expect(e.lastAt).toBe(T0 + 9 * H);
    expect(e.savedAs.map((s) => [s.name, s.device])).toEqual([['Bro', dev.get('D1')]]);
  });

  it('counts calls with their duration, apps, the group message and the unknown sender', async () => {
    const g = await buildLinkGraph(t.store, t.kase.id);
    const e13 = edgeOf(g, P(1), P(3))!;
    expect(e13.calls).toEqual({ out: 1, in: 0, unknown: 0 });
    expect(e13.messages).toEqual({ out: 1, in: 0, unknown: 0 });
    expect(e13.callSeconds).toBe(120);
    expect(e13.apps).toEqual(['phone', 'sms']);
    expect(edgeOf(g, P(1), P(4))!.apps).toEqual(['whatsapp']);
    expect(edgeOf(g, P(1), P(4))!.messages).toEqual({ out: 0, in: 1, unknown: 0 });
    expect(edgeOf(g, P(2), P(6))!.messages).toEqual({ out: 0, in: 0, unknown: 1 });
    // a seized phone without a recorded number stays its own node
    const d3 = `device:${dev.get('D3')}`;
    expect(edgeOf(g, d3, P(1))!.weight).toBe(1);
    expect(g.nodes.find((n) => n.id === d3)!.label).toBe('owner of D3');
  });

  it('adds contact-only edges as a separate kind, with the name each phone saved', async () => {
    const g = await buildLinkGraph(t.store, t.kase.id);
    const c = edgeOf(g, P(1), P(5))!;
    expect(c.kind).toBe('contact');
    expect(c.weight).toBe(0);
    expect(c.savedAs.map((s) => s.name)).toEqual(['Gaz']);
    const comm = g.edges.filter((e) => e.kind === 'communication').length;
    // 1–2, 1–3 (call and group message), 1–4, 2–3, 2–6, D3–1; plus the contact-only 1–5
    expect(comm).toBe(6);
    expect(g.edges.length).toBe(7);
    // every edge carries evidence: devices and sources
    for (const e of g.edges) {
      expect(e.devices.length).toBeGreaterThan(0);
      expect(e.sources.length).toBeGreaterThan(0);
    }
    // the owner node stands for its number and its device
    const n1 = g.nodes.find((n) => n.id === P(1))!;
    expect(n1.ownerOf).toEqual([dev.get('D1')]);
    expect(n1.identifiers).toEqual([`device:${dev.get('D1')}`, P(1)]);
    expect(g.nodes.find((n) => n.id === P(2))!.label).toBe('Bro (+447700900002)');
  });

  it('filters by time window, app, device, direction and minimum weight', async () => {
    const noC = { includeContacts: false };
    const w = await buildLinkGraph(t.store, t.kase.id, {
      ...noC,
      from: T0 + 5 * H,
      to: T0 + 8 * H,
    });
    expect(w.edges.map((e) => [e.source, e.target, e.weight])).toEqual([
      [P(1), P(2), 1],
      [P(1), P(3), 2],
      [P(1), P(4), 1],
    ]);
    const wa = await buildLinkGraph(t.store, t.kase.id, { ...noC, apps: ['whatsapp'] });
    expect(wa.edges.map((e) => [e.source, e.target])).toEqual([[P(1), P(4)]]);
    const d2 = await buildLinkGraph(t.store, t.kase.id, { ...noC, devices: [dev.get('D2')!] });
    expect(d2.edges.map((e) => [e.source, e.target, e.weight])).toEqual([
      [P(1), P(2), 2],
      [P(2), P(3), 1],
      [P(2), P(6), 1],
    ]);
    const inc = await buildLinkGraph(t.store, t.kase.id, { ...noC, direction: 'incoming' });
    expect(inc.edges.map((e) => [e.source, e.target, e.weight])).toEqual([
      [P(1), P(2), 2],
      [P(1), P(4), 1],
    ]);
    const heavy = await buildLinkGraph(t.store, t.kase.id, { minWeight: 3 });
    expect(heavy.edges.map((e) => [e.source, e.target, e.kind])).toEqual([
      [P(1), P(2), 'communication'],
      [P(1), P(5), 'contact'],
      [P(2), P(3), 'contact'],
    ]);
    expect(heavy.buildStats.belowMinWeight).toBe(5);
  });
});

describe('person mode', () => {
  it('merges a person’s identifiers into one node and sums their edges', async () => {
    const g = await buildLinkGraph(t.store, t.kase.id, { mode: 'person', includeContacts: false });
    const a = g.nodes.find((n) => n.id === 'per_a')!;
    expect(a.kind).toBe('person');
    expect(a.label).toBe('Person A');
    expect(a.identifiers).toEqual([P(3), P(4)]);
    const e = edgeOf(g, P(1), 'per_a')!;
    // P1→P3 call + group message, P4→P1 WhatsApp message
    // 'per_a' sorts before 'phone:…', so per_a is the source: P4→P1 WhatsApp is out; P1's group
    // message to P3 and call to P3 are in
    expect(e.source).toBe('per_a');
    expect(e.messages).toEqual({ out: 1, in: 1, unknown: 0 });
    expect(e.calls).toEqual({ out: 0, in: 1, unknown: 0 });
    expect(e.weight).toBe(3);
    expect(g.nodes.some((n) => n.id === P(3) || n.id === P(4))).toBe(false);
  });
});

describe('GraphService', () => {
  it('returns paths with the messages and calls on each hop', async () => {
    const s = new GraphService(t.store);
    const r = await s.paths(t.kase.id, '+447700900004', P(6));
    expect(r.shortest).toBe(3);
    expect(r.shortestPaths).toEqual([[P(4), P(1), P(2), P(6)]]);
    const hop12 = r.hops[`${P(1)}|${P(2)}`]!;
    expect(hop12.total).toBe(8);
    expect(hop12.items).toHaveLength(8);
    expect(hop12.items.filter((i) => i.device === dev.get('D2'))).toHaveLength(2);
    expect(hop12.items[0]!.at).toBe(new Date(T0 + 9 * H).toISOString());
    expect(hop12.edge.weight).toBe(8);
    const hop26 = r.hops[`${P(2)}|${P(6)}`]!;
    expect(hop26.items.map((i) => [i.kind, i.directionKnown, i.locator])).toEqual([
      ['message', false, 'message:12'],
    ]);
    const hop14 = r.hops[`${P(1)}|${P(4)}`]!;
    expect(hop14.items.map((i) => i.app)).toEqual(['whatsapp']);
    expect(r.nodes[P(2)]!.label).toBe('Bro (+447700900002)');
  });

  it('lists short paths beyond the shortest up to the hop limit', async () => {
    const s = new GraphService(t.store);
    // P2 to P3: direct (D2), and P2–P1–P3 (2 hops)
    const r = await s.paths(t.kase.id, P(2), P(3), { maxHops: 2 });
    expect(r.shortest).toBe(1);
    expect(r.shortPaths).toEqual([
      [P(2), P(3)],
      [P(2), P(1), P(3)],
    ]);
  });

  it('refuses unknown nodes with NOT_FOUND', async () => {
    const s = new GraphService(t.store);
    await expect(s.paths(t.kase.id, P(1), P(999))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives an ego network of n hops', async () => {
    const s = new GraphService(t.store);
    const one = await s.neighbourhood(t.kase.id, P(4), { hops: 1 });
    expect(one.nodes.map((n) => [n.id, n.hop])).toEqual([
      [P(4), 0],
      [P(1), 1],
    ]);
    const two = await s.neighbourhood(t.kase.id, P(4), { hops: 2 });
    expect(two.nodes.map((n) => n.id).sort()).toEqual(
      [P(1), P(2), P(3), P(4), P(5), `device:${dev.get('D3')}`].sort(),
    );
    expect(two.edges.every((e) => two.nodes.some((n) => n.id === e.source))).toBe(true);
  });

  it('finds the common contacts of two phones with how each saved them', async () => {
    const s = new GraphService(t.store);
    const r = await s.common(t.kase.id, 'JS/1', 'D2');
    expect(r.common.map((c) => c.key)).toEqual([P(3)]);
    const c = r.common[0]!;
    expect(c.a).toMatchObject({ messages: 1, calls: 1, contactEntries: 0, savedAs: [] });
    expect(c.b).toMatchObject({ messages: 1, calls: 0, contactEntries: 1, savedAs: ['Big man'] });
    expect(r.direct.map((d) => [d.key, d.ownerOf])).toEqual([
      [P(1), 'a'],
      [P(2), 'b'],
    ]);
    await expect(s.common(t.kase.id, 'D1', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('caches a built graph until the case data changes', async () => {
    const s = new GraphService(t.store);
    const a = await s.linkGraph(t.kase.id);
    expect(await s.linkGraph(t.kase.id)).toBe(a);
    await t.store.db
      .insertInto('person_identifiers')
      .values({ case_id: t.kase.id, person_id: 'per_a', key: P(6), reasons: '[]', confidence: 1 })
      .execute();
    expect(await s.linkGraph(t.kase.id)).not.toBe(a);
    await t.store.db.deleteFrom('person_identifiers').where('key', '=', P(6)).execute();
  });
});

describe('change over time', () => {
  let s2: TempStore & { kase: CaseRecord };
  const D = 86_400_000;
  const JAN = Date.UTC(2024, 0, 1);
  beforeAll(async () => {
    s2 = await tempCase({ ref: 'OP-SWAP' });
    const items: CommItem[] = [];
    const msg = (from: string, to: string, at: number): CommItem => ({
      kind: 'message',
      device: 'CDR',
      from,
      to: [to],
      at,
    });
    // old number 10 talks with 20, 21, 22, 23 in January, then falls silent
    for (const w of [20, 21, 22, 23])
      for (let d = 0; d < 25; d += 5) items.push(msg(P(w), P(10), JAN + (d + (w % 3)) * D));
    // from 3 February, 20, 21 and 22 talk with a new number 11
    for (const w of [20, 21, 22])
      for (let d = 33; d < 60; d += 5) items.push(msg(P(11), P(w), JAN + d * D));
    // 23 goes on with 30; 12 is new in February but shares only 20
    for (let d = 33; d < 60; d += 5)
      items.push(msg(P(23), P(30), JAN + d * D), msg(P(12), P(20), JAN + d * D + 1000));
    // 40 talks with 41, 42, 43 in January and stops, with no successor
    for (const w of [41, 42, 43]) items.push(msg(P(40), P(w), JAN + 3 * D));
    await writeComms(s2.store, s2.kase.id, { devices: [{ label: 'CDR' }], items });
  });
  afterAll(() => s2.cleanup());

  it('reports the line swap with the contacts that moved, and nothing else', async () => {
    const g = await buildLinkGraph(s2.store, s2.kase.id, { includeContacts: false });
    const swaps = findLineSwaps(g);
    expect(swaps).toHaveLength(1);
    const sw = swaps[0]!;
    expect(sw.old.id).toBe(P(10));
    expect(sw.new.id).toBe(P(11));
    expect(sw.shared.map((x) => x.id)).toEqual([P(20), P(21), P(22)]);
    expect(sw.overlap).toBeCloseTo(3 / 4, 12);
    expect(sw.between).toBe(0);
    expect(sw.gapDays).toBeGreaterThan(0);
    expect(sw.explanation).toContain('3 of the 4 contacts');
  });

  it('reports who went silent, who appeared and who rose between two periods', async () => {
    const s = new GraphService(s2.store);
    const c = await s.changes(s2.kase.id, { split: JAN + 31 * D });
    expect(c.disappeared.map((x) => x.id)).toEqual([P(10), P(40), P(41), P(42), P(43)]);
    expect(c.appeared.map((x) => x.id)).toEqual([P(11), P(12), P(30)]);
    expect(c.disappeared[0]!.before).toEqual({ contacts: 4, weight: 20 });
    // 20: 5 before, 6 with 11 + 6 with 12 after (+7); 21, 22, 23: 5 before, 6 after (+1)
    expect(c.rose.map((x) => x.id)).toEqual([P(20), P(21), P(22), P(23)]);
    expect(c.rose[0]!.after).toEqual({ contacts: 2, weight: 12 });
    expect(c.swaps.map((x) => [x.old.id, x.new.id])).toEqual([[P(10), P(11)]]);
  });
});
