// Graph exports read back with standard parsers: GraphML and GEXF with a W3C DOM parser (xmldom),
// graphology and xmllint when installed; ANX validated against its structure; i2 CSV rows; the
// canonical export's link objects with their evidence ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { parse as parseCsv } from 'csv-parse/sync';
import { tempCase, type TempStore } from '../../testkit/temp-store.js';
import type { CaseRecord } from '../../store/queries/cases.js';
import { writeComms } from '../../graph/synthetic-comms.js';
import { buildLinkGraph } from '../../graph/build-graph.js';
import { exportGraphml } from './graphml-export.js';
import { exportGexf } from './gexf-export.js';
import { exportAnx, validateAnx } from './anx-export.js';
import { exportI2Csv, I2_CSV_COLUMNS } from './i2-csv-export.js';
import { exportCanonicalToFile } from '../canonical-export.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const T0 = Date.UTC(2024, 2, 1, 9);
let t: TempStore & { kase: CaseRecord };
let srcs: Map<string, string>;

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-EXPORT' });
  ({ sources: srcs } = await writeComms(t.store, t.kase.id, {
    devices: [
      { label: 'Phone A', exhibit: 'AB/1', owners: [P(1)] },
      { label: 'Phone B', exhibit: 'AB/2', owners: [P(2)] },
    ],
    items: [
      { kind: 'message', device: 'Phone A', from: 'owner', to: [P(2)], at: T0, body: 'x' },
      { kind: 'message', device: 'Phone A', from: P(2), to: ['owner'], at: T0 + 60_000 },
      { kind: 'message', device: 'Phone B', from: 'owner', to: [P(1)], at: T0 + 60_000 },
      {
        kind: 'call',
        device: 'Phone A',
        from: 'owner',
        to: [P(3)],
        at: T0 + 120_000,
        durationS: 42,
      },
      {
        kind: 'message',
        device: 'Phone B',
        from: P(4),
        to: ['owner'],
        at: T0 + 180_000,
        app: 'whatsapp',
      },
    ],
    // a hostile name: markup, quotes, a control character and a formula
    contacts: [{ device: 'Phone A', name: '=HYPERLINK("x")<b>&"\u0001', keys: [P(5)] }],
  }));
});
afterAll(() => t.cleanup());

function dom(file: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (l, m) => void (l !== 'warning' && errors.push(m)),
  }).parseFromString(readFileSync(file, 'utf8'), 'text/xml');
  expect(errors).toEqual([]);
  return doc;
}

const elements = (
  root: { getElementsByTagName(n: string): { length: number; item(i: number): Element | null } },
  name: string,
) => {
  const list = root.getElementsByTagName(name);
  return Array.from({ length: list.length }, (_, i) => list.item(i)!);
};

function xmllint(file: string): number | null {
  const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  if (r.error) return null;
  return r.status;
}

describe('GraphML', () => {
  it('parses back with every node, edge and attribute', async () => {
    const file = join(t.dir, 'g.graphml');
    const r = await exportGraphml(t.store, t.kase.id, file);
    const g = await buildLinkGraph(t.store, t.kase.id);
    expect(r).toMatchObject({ nodes: g.order, edges: g.edges.length, mode: 'identifier' });
    const doc = dom(file);
    const root = doc.documentElement!;
    expect(root.namespaceURI).toBe('http://graphml.graphdrawing.org/xmlns');
    const keys = new Map(
      elements(root, 'key').map((k) => [k.getAttribute('id')!, k.getAttribute('attr.name')!]),
    );
    const nodes = elements(root, 'node');
    const edges = elements(root, 'edge');
    expect(nodes.map((n) => n.getAttribute('id')).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(edges).toHaveLength(g.edges.length);
    const attrsOf = (el: Element) =>
      Object.fromEntries(
        elements(el, 'data').map((d) => [keys.get(d.getAttribute('key')!)!, d.textContent]),
      );
    // the A–B edge: A→B once (on A), B→A twice (received on A, sent on B): both phones evidence it
    const ab = edges.find(
      (e) => e.getAttribute('source') === P(1) && e.getAttribute('target') === P(2),
    )!;
    const a = attrsOf(ab);
    expect(a).toMatchObject({
      kind: 'communication',
      weight: '3',
      messagesOut: '1',
      messagesIn: '2',
      callsOut: '0',
      firstContact: new Date(T0).toISOString(),
      apps: 'sms',
    });
    expect(a.devices!.split('; ').sort()).toEqual(['Phone A (AB/1)', 'Phone B (AB/2)']);
    expect(a.sourceIds!.split('; ').sort()).toEqual(
      [srcs.get('Phone A'), srcs.get('Phone B')].sort(),
    );
    expect(a.sourceSha256!.split('; ')).toHaveLength(2);
    // every edge carries provenance
    for (const e of edges) {
      const x = attrsOf(e);
      expect(x.deviceIds).toBeTruthy();
      expect(x.sourceSha256).toBeTruthy();
      expect(x.linkId).toMatch(/^lnk_[0-9a-f]{24}$/);
    }
    // node attributes: label, identifiers, measures
    const n1 = attrsOf(nodes.find((n) => n.getAttribute('id') === P(1))!);
    expect(n1).toMatchObject({
      kind: 'identifier',
      type: 'phone',
      degree: '2', // communication partners P2 and P3; the contact-only P5 is not counted
      ownerOf: 'Phone A (AB/1)',
    });
    expect(n1.identifiers).toContain(P(1));
    // the hostile contact name survives escaping intact (the control character becomes U+FFFD)
    const saved = edges.find((e) => e.getAttribute('target') === P(5))!;
    expect(attrsOf(saved).savedAs).toBe('=HYPERLINK("x")<b>&"\ufffd [saved on Phone A (AB/1)]');
    const lint = xmllint(file);
    if (lint === null) console.log('xmllint not installed: skipping the libxml2 check');
    else expect(lint).toBe(0);
  });
});

describe('GEXF', () => {
  it('parses back with nodes, weighted edges and attribute values', async () => {
    const file = join(t.dir, 'g.gexf');
    const r = await exportGexf(t.store, t.kase.id, file);
    const doc = dom(file);
    const root = doc.documentElement!;
    expect(root.getAttribute('version')).toBe('1.3');
    const nodes = elements(root, 'node');
    const edges = elements(root, 'edge');
    expect(nodes).toHaveLength(r.nodes);
    expect(edges).toHaveLength(r.edges);
    const titles = new Map(
      elements(
        elements(root, 'attributes').find((a) => a.getAttribute('class') === 'edge')!,
        'attribute',
      ).map((a) => [a.getAttribute('id')!, a.getAttribute('title')!]),
    );
    const ab = edges.find(
      (e) => e.getAttribute('source') === P(1) && e.getAttribute('target') === P(2),
    )!;
    expect(ab.getAttribute('weight')).toBe('3');
    const vals = Object.fromEntries(
      elements(ab, 'attvalue').map((v) => [
        titles.get(v.getAttribute('for')!)!,
        v.getAttribute('value'),
      ]),
    );
    expect(vals).toMatchObject({ messagesOut: '1', messagesIn: '2', kind: 'communication' });
    expect(vals.sourceSha256!.split('; ')).toHaveLength(2);
    const lint = xmllint(file);
    if (lint !== null) expect(lint).toBe(0);
  });
});

describe('ANX (i2 Analyst’s Notebook)', () => {
  it('validates against the chart structure, with provenance on every link', async () => {
    const file = join(t.dir, 'g.anx');
    const r = await exportAnx(t.store, t.kase.id, file);
    const xml = readFileSync(file, 'utf8');
    expect(validateAnx(xml)).toEqual([]);
    const doc = dom(file);
    const items = elements(doc.documentElement!, 'ChartItem');
    expect(items).toHaveLength(r.nodes + r.edges);
    const links = elements(doc.documentElement!, 'Link');
    expect(links).toHaveLength(r.edges);
    for (const l of links) {
      const item = l.parentNode as Element;
      const attrs = Object.fromEntries(
        elements(item, 'Attribute').map((a) => [
          a.getAttribute('AttributeClass'),
          a.getAttribute('Value'),
        ]),
      );
      expect(attrs['Devices']).toBeTruthy();
      expect(attrs['Source SHA-256']).toMatch(/^[0-9a-f]{64}/);
    }
    // A→B both ways: arrows on both ends; the call to P3 only one way
    const styles = elements(doc.documentElement!, 'LinkStyle').map((s) =>
      s.getAttribute('ArrowStyle'),
    );
    expect(styles).toContain('ArrowOnBoth');
    expect(styles).toContain('ArrowOnHead');
  });

  it('reports a broken chart: dangling link end, undeclared types, bad numbers, bad XML', () => {
    const good = `<?xml version="1.0"?><Chart IdReferenceLinking="false" Rigorous="true"><AttributeClassCollection><AttributeClass Name="Calls" Type="AttNumber"/></AttributeClassCollection><LinkTypeCollection><LinkType Name="Communication"/></LinkTypeCollection><EntityTypeCollection><EntityType Name="Phone"/></EntityTypeCollection><ChartItemCollection><ChartItem Label="a" DateSet="false"><End><Entity EntityId="E1" Identity="a"><Icon><IconStyle Type="Phone"/></Icon></Entity></End></ChartItem><ChartItem Label="l" DateSet="false"><Link End1Id="E1" End2Id="E1"><LinkStyle ArrowStyle="ArrowNone" Type="Communication"/></Link><AttributeCollection><Attribute AttributeClass="Calls" Value="3"/></AttributeCollection></ChartItem></ChartItemCollection></Chart>`;
    expect(validateAnx(good)).toEqual([]);
    expect(validateAnx(good.replace('End2Id="E1"', 'End2Id="E9"'))).toEqual([
      'ChartItem 2: link end E9 names no entity',
    ]);
    expect(
      validateAnx(good.replace('Type="Communication"/></Link>', 'Type="Rumour"/></Link>')),
    ).toEqual(['ChartItem 2: LinkStyle Type is not a declared LinkType']);
    expect(validateAnx(good.replace('Value="3"', 'Value="three"'))).toEqual([
      'ChartItem 2: Calls must be a number',
    ]);
    expect(
      validateAnx(good.replace('<IconStyle Type="Phone"/>', '<IconStyle Type="Car"/>')),
    ).toEqual(['ChartItem 1: IconStyle Type is not a declared EntityType']);
    expect(
      validateAnx(good.replace('<LinkTypeCollection>', '<LinkTypeCollection><Broken>'))[0],
    ).toMatch(/^not well-formed XML/);
  });
});

describe('i2 CSV import layout', () => {
  it('writes one row per communication and per saved contact, with provenance, formula-safe', async () => {
    const file = join(t.dir, 'g.csv');
    const r = await exportI2Csv(t.store, t.kase.id, file);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const rows = parseCsv(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...I2_CSV_COLUMNS]);
    expect(r.rows).toBe(6);
    expect(rows).toHaveLength(6);
    const call = rows.find((x) => x.LinkType === 'Call')!;
    expect(call).toMatchObject({
      Entity1Id: P(1),
      Entity2Id: P(3),
      Date: '2024-03-01',
      Time: '09:02:00',
      Direction: '1->2',
      DurationS: '42',
      Device: 'Phone A',
      Exhibit: 'AB/1',
      Locator: 'call:4',
    });
    expect(call.SourceSha256).toMatch(/^[0-9a-f]{64}$/);
    const saved = rows.find((x) => x.LinkType === 'Saved Contact')!;
    expect(saved.App).toBe('saved as =HYPERLINK("x")<b>&"\u0001');
    expect(saved.Entity2Label!.startsWith("'=")).toBe(true);
  });
});

describe('canonical export link objects', () => {
  it('lists every link with counts and the ids of its evidence, byte-identical twice', async () => {
    const f1 = join(t.dir, 'c1.jsonl');
    const f2 = join(t.dir, 'c2.jsonl');
    const r = await exportCanonicalToFile(t.store, t.kase.id, f1);
    await exportCanonicalToFile(t.store, t.kase.id, f2);
    expect(readFileSync(f1)).toEqual(readFileSync(f2));
    const g = await buildLinkGraph(t.store, t.kase.id);
    expect(r.byKind.link).toBe(g.edges.length);
    const links = readFileSync(f1, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.kind === 'link');
    const ab = links.find((l) => l.a === P(1) && l.b === P(2))!;
    expect(ab).toMatchObject({
      messages: { aToB: 1, bToA: 2, unknown: 0 },
      linkKind: 'communication',
      mode: 'identifier',
    });
    const msgIds = (
      await t.store.db
        .selectFrom('messages')
        .select('id')
        .where('counterpart', 'in', [P(1), P(2)])
        .execute()
    ).map((m) => m.id);
    expect(ab.evidence).toEqual(msgIds.sort());
    const contact = links.find((l) => l.b === P(5))!;
    expect(contact.linkKind).toBe('contact');
    expect((contact.evidence as string[])[0]).toMatch(/^con_/);
  });
});
