// The graph commands end to end through the real CLI: graph --json (nodes, edges, measures), the
// readable report, an ego network, path with evidence, common contacts, graph exports and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../testkit/run-cli.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createCase } from '../store/queries/cases.js';
import { writeComms, type CommItem } from '../graph/synthetic-comms.js';
import { validateAnx } from '../report/graph/anx-export.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const dir = mkdtempSync(join(tmpdir(), 'tl-graph-cli-'));
const data = join(dir, 'data');
const T0 = Date.UTC(2024, 4, 1);

beforeAll(async () => {
  const store = new SqliteStore({ file: join(data, 'threadline.db') });
  await store.migrate();
  const kase = await createCase(store, { ref: 'OP-NET', createdAt: 0 });
  // a hub (1) with spokes 2..5; 5 also reaches 6, 6 reaches 7
  const items: CommItem[] = [];
  for (const s of [2, 3, 4, 5])
    for (let i = 0; i < s; i++)
      items.push({
        kind: 'message',
        device: 'Hub phone',
        from: 'owner',
        to: [P(s)],
        at: T0 + (s * 10 + i) * 60_000,
      });
  items.push({
    kind: 'call',
    device: 'Spoke phone',
    from: 'owner',
    to: [P(6)],
    at: T0 + 3_600_000,
    durationS: 30,
  });
  items.push({
    kind: 'message',
    device: 'Spoke phone',
    from: P(1),
    to: ['owner'],
    at: T0 + 7_200_000,
  });
  items.push({
    kind: 'message',
    device: 'Spoke phone',
    from: P(6),
    to: [P(7)],
    at: T0 + 8_000_000,
    direction: 'unknown',
  });
  await writeComms(store, kase.id, {
    devices: [
      { label: 'Hub phone', exhibit: 'HP/1', owners: [P(1)] },
      { label: 'Spoke phone', exhibit: 'SP/1', owners: [P(5)] },
    ],
    items,
    contacts: [
      { device: 'Hub phone', name: 'Six', keys: [P(6)] },
      { device: 'Spoke phone', name: 'Mr Six', keys: [P(6)] },
    ],
  });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--data', data, ...args]);

describe('threadline graph / path / common', () => {
  it('graph --json gives nodes, edges and measures', () => {
    const r = cli('--json', 'graph', 'OP-NET');
    expect(r.status).toBe(0);
    const j = r.json<{
      nodes: Array<{ id: string; measures: { degree: number; betweenness: number } }>;
      edges: Array<{ source: string; target: string; kind: string; weight: number }>;
      analysis: {
        top: { betweenness: Array<{ id: string }> };
        methods: { betweenness: { method: string } };
      };
    }>();
    expect(j.nodes.map((n) => n.id)).toEqual(
      [2, 3, 4, 5, 6, 7].reduce((a, n) => [...a, P(n)], [P(1)]),
    );
    expect(j.nodes.find((n) => n.id === P(1))!.measures.degree).toBe(4);
    // 1–2 … 1–5, 5–6 (call, also saved on the spoke phone), 6–7, and the contact-only 1–6
    expect(j.edges).toHaveLength(7);
    expect(j.edges.find((e) => e.source === P(1) && e.target === P(5))!.weight).toBe(6);
    expect(j.analysis.methods.betweenness.method).toBe('exact');
    // hub 1 and 5 carry every route to the spokes and to 6, 7
    expect(
      j.analysis.top.betweenness
        .slice(0, 2)
        .map((x) => x.id)
        .sort(),
    ).toEqual([P(1), P(5)]);
  });

  it('prints a readable report with explanations, and an ego network', () => {
    const r = cli('graph', 'OP-NET', '--changes');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'OP-NET: 7 identifiers, 6 communication links, 1 contact-only links',
    );
    expect(r.stdout).toContain('lies on');
    expect(r.stdout).toContain('Line or handset swaps:');
    const ego = cli('--json', 'graph', 'OP-NET', '--around', '+447700900006', '--hops', '1').json<{
      nodes: Array<{ id: string; hop: number }>;
    }>();
    expect(ego.nodes.map((n) => [n.id, n.hop])).toEqual([
      [P(6), 0],
      [P(5), 1],
      [P(7), 1],
      [P(1), 1],
    ]);
  });

  it('path lists the chain with the evidence on each hop', () => {
    const r = cli('--json', 'path', 'OP-NET', '+447700900002', '+447700900007');
    expect(r.status).toBe(0);
    const j = r.json<{
      shortest: number;
      shortestPaths: string[][];
      hops: Record<string, { total: number; items: Array<{ kind: string }> }>;
    }>();
    expect(j.shortest).toBe(4);
    expect(j.shortestPaths).toEqual([[P(2), P(1), P(5), P(6), P(7)]]);
    expect(j.hops[`${P(5)}|${P(6)}`]!.items.map((i) => i.kind)).toEqual(['call']);
    expect(j.hops[`${P(1)}|${P(5)}`]!.total).toBe(6);
    const text = cli('path', 'OP-NET', '+447700900002', '+447700900007');
    expect(text.stdout).toContain('shortest chain 4 hop(s)');
    const missing = cli('--json', 'path', 'OP-NET', P(2), P(99));
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('NOT_FOUND');
  });

  it('common lists what both phones know and how each saved it', () => {
    const j = cli('--json', 'common', 'OP-NET', 'HP/1', 'SP/1').json<{
      common: Array<{
        key: string;
        a: { savedAs: string[] };
        b: { savedAs: string[]; calls: number };
      }>;
    }>();
    expect(j.common.map((c) => c.key)).toEqual([P(6)]);
    expect(j.common[0]!.a.savedAs).toEqual(['Six']);
    expect(j.common[0]!.b).toMatchObject({ savedAs: ['Mr Six'], calls: 1 });
    const bad = cli('--json', 'graph', 'OP-NET', '--from', 'yesterday');
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr).error.code).toBe('INVALID_ARGUMENT');
  });

  it('exports graphml, gexf, anx and i2csv', () => {
    for (const f of ['graphml', 'gexf', 'anx', 'i2csv']) {
      const out = join(dir, `net.${f}`);
      const r = cli('--json', 'export', 'OP-NET', '--format', f, '--out', out);
      expect(r.status).toBe(0);
      expect(r.json<{ format: string }>().format).toBe(f);
    }
    expect(readFileSync(join(dir, 'net.graphml'), 'utf8')).toContain(`<node id="${P(7)}">`);
    expect(validateAnx(readFileSync(join(dir, 'net.anx'), 'utf8'))).toEqual([]);
    expect(readFileSync(join(dir, 'net.i2csv'), 'utf8').trim().split('\r\n')).toHaveLength(
      // header, 14 messages from the hub, the call, 2 more messages, 2 saved contacts
      1 + 14 + 1 + 2 + 2,
    );
  });
});
