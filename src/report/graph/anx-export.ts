// i2 Analyst's Notebook chart exchange (ANX XML, the Chart / ChartItemCollection structure of ANB 7
// and 8): one entity per node, one link per edge with arrows by direction, and attributes carrying
// the counts, first and last contact and provenance (devices, source SHA-256) of every link.
// validateAnx() checks a file against that structure (used by the tests and after writing).
import type { Store } from '../../store/store.js';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { isoUtc } from '../../model/timestamps.js';
import { xmlAttr } from './xml-text.js';
import { TextSink } from './text-sink.js';
import {
  deviceName,
  loadExportData,
  type GraphExportData,
  type GraphExportOptions,
} from './graph-export-data.js';
import { edgeId } from '../../graph/graph-service.js';
import type { GraphEdge, GraphNode } from '../../graph/graph-types.js';

/** ANB attribute classes used, with their ANB types. */
const ATTRIBUTE_CLASSES: Array<[string, 'AttText' | 'AttNumber']> = [
  ['Identifiers', 'AttText'],
  ['Saved names', 'AttText'],
  ['Owner of', 'AttText'],
  ['Degree', 'AttNumber'],
  ['Betweenness', 'AttNumber'],
  ['PageRank', 'AttNumber'],
  ['Community', 'AttNumber'],
  ['Messages', 'AttNumber'],
  ['Calls', 'AttNumber'],
  ['Call seconds', 'AttNumber'],
  ['First contact', 'AttText'],
  ['Last contact', 'AttText'],
  ['Apps', 'AttText'],
  ['Devices', 'AttText'],
  ['Source SHA-256', 'AttText'],
  ['Link id', 'AttText'],
];

const ENTITY_TYPES: Record<string, string> = {
  person: 'Person',
  phone: 'Phone',
  'phone-raw': 'Phone',
  email: 'Email Address',
  device: 'Mobile Phone',
};
const entityType = (n: GraphNode) => ENTITY_TYPES[n.type] ?? 'Account';

const LINK_TYPES: Record<GraphEdge['kind'], string> = {
  communication: 'Communication',
  contact: 'Saved Contact',
};

function arrow(e: GraphEdge): string {
  const out = e.messages.out + e.calls.out > 0;
  const back = e.messages.in + e.calls.in > 0;
  return out && back ? 'ArrowOnBoth' : out ? 'ArrowOnHead' : back ? 'ArrowOnTail' : 'ArrowNone';
}

function attrs(list: Array<[string, string | number | null | undefined]>): string {
  const items = list
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(
      ([k, v]) =>
        `        <Attribute AttributeClass="${xmlAttr(k)}" Value="${xmlAttr(String(v))}"/>\n`,
    )
    .join('');
  return items ? `      <AttributeCollection>\n${items}      </AttributeCollection>\n` : '';
}

/** Entity id in the chart: stable and free of characters ANB treats specially. */
function entityId(i: number): string {
  return `E${i + 1}`;
}

export async function exportAnx(
  store: Store,
  caseId: string,
  file: string,
  opts: GraphExportOptions = {},
) {
  const d = await loadExportData(store, caseId, opts);
  const out = new TextSink(file);
  await writeAnx(d, (s) => out.write(s));
  const bytes = await out.close();
  return { nodes: d.graph.nodes.length, edges: d.graph.edges.length, mode: d.graph.mode, bytes };
}

export async function writeAnx(
  d: GraphExportData,
  write: (s: string) => Promise<void> | void,
): Promise<void> {
  const g = d.graph;
  const types = [...new Set(g.nodes.map(entityType))].sort();
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Chart IdReferenceLinking="false" Rigorous="true">\n' +
      '  <AttributeClassCollection>\n' +
      ATTRIBUTE_CLASSES.map(
        ([n, t]) =>
          `    <AttributeClass Name="${n}" Type="${t}" ShowValue="false" Visible="true"/>\n`,
      ).join('') +
      '  </AttributeClassCollection>\n  <LinkTypeCollection>\n' +
      `    <LinkType Name="${LINK_TYPES.communication}" Colour="0"/>\n    <LinkType Name="${LINK_TYPES.contact}" Colour="8421504"/>\n` +
      '  </LinkTypeCollection>\n  <EntityTypeCollection>\n' +
      types
        .map((t) => `    <EntityType Name="${xmlAttr(t)}" IconFile="${xmlAttr(t)}"/>\n`)
        .join('') +
      '  </EntityTypeCollection>\n  <ChartItemCollection>\n',
  );
  // a grid, community by community, so the chart opens readable rather than stacked at 0,0
  const cols = Math.max(1, Math.ceil(Math.sqrt(g.nodes.length)));
  const order = g.nodes.map((_, i) => i);
  if (d.measures)
    order.sort(
      (a, b) =>
        d.measures![g.nodes[a]!.id]!.community - d.measures![g.nodes[b]!.id]!.community || a - b,
    );
  const pos = new Map<number, [number, number]>();
  order.forEach((i, k) => pos.set(i, [(k % cols) * 240, Math.floor(k / cols) * 200]));
  for (let i = 0; i < g.nodes.length; i++) {
    const n = g.nodes[i]!;
    const m = d.measures?.[n.id];
    const [x, y] = pos.get(i)!;
    await write(
      `    <ChartItem Label="${xmlAttr(n.label)}" Description="${xmlAttr(n.id)}" DateSet="false" XPosition="${x}">\n` +
        `      <End Y="${y}">\n        <Entity EntityId="${entityId(i)}" Identity="${xmlAttr(n.id)}">\n` +
        `          <Icon>\n            <IconStyle Type="${xmlAttr(entityType(n))}"/>\n          </Icon>\n        </Entity>\n      </End>\n` +
        attrs([
          ['Identifiers', n.identifiers.join('; ')],
          ['Saved names', n.names.map((x) => `${x.name} [${deviceName(d, x.device)}]`).join('; ')],
          ['Owner of', n.ownerOf.map((x) => deviceName(d, x)).join('; ')],
          ['Degree', m?.degree],
          ['Betweenness', m?.betweenness],
          ['PageRank', m?.pagerank],
          ['Community', m?.community],
        ]) +
        '    </ChartItem>\n',
    );
  }
  for (let e = 0; e < g.edges.length; e++) {
    const ed = g.edges[e]!;
    const messages = ed.messages.out + ed.messages.in + ed.messages.unknown;
    const calls = ed.calls.out + ed.calls.in + ed.calls.unknown;
    const label =
      ed.kind === 'contact'
        ? `saved as ${ed.savedAs.map((s) => s.name).join(', ')}`
        : `${messages} messages, ${calls} calls`;
    const first = isoUtc(ed.firstAt);
    await write(
      `    <ChartItem Label="${xmlAttr(label)}" Description="${xmlAttr(`${ed.source} – ${ed.target}`)}" DateSet="${first ? 'true' : 'false'}"${first ? ` DateTime="${first.slice(0, 19)}"` : ''}>\n` +
        `      <Link End1Id="${entityId(g.edgeSource[e]!)}" End2Id="${entityId(g.edgeTarget[e]!)}">\n` +
        `        <LinkStyle ArrowStyle="${arrow(ed)}" Type="${LINK_TYPES[ed.kind]}"/>\n      </Link>\n` +
        attrs([
          ['Messages', messages],
          ['Calls', calls],
          ['Call seconds', ed.callSeconds],
          ['First contact', first],
          ['Last contact', isoUtc(ed.lastAt)],
          ['Apps', ed.apps.join('; ')],
          ['Devices', ed.devices.map((x) => deviceName(d, x)).join('; ')],
          [
            'Source SHA-256',
            ed.sources.map((s) => d.provenance.sources.get(s)?.sha256 ?? s).join('; '),
          ],
          [
            'Saved names',
            ed.savedAs.map((s) => `${s.name} [${deviceName(d, s.device)}]`).join('; '),
          ],
          ['Link id', edgeId(g, ed)],
        ]) +
        '    </ChartItem>\n',
    );
  }
  await write('  </ChartItemCollection>\n</Chart>\n');
}

/**
 * Checks an ANX document against the structure Threadline writes (formats.md §4.2): a Chart root
 * with IdReferenceLinking and Rigorous, the collections, and chart items that are either an entity
 * (End/Entity with EntityId, Identity and an Icon/IconStyle of a declared EntityType) or a link
 * (Link with End1Id/End2Id naming entities, and a LinkStyle of a declared LinkType); attributes name
 * declared attribute classes, numbers are numbers. Returns the problems found (empty when valid).
 */
export function validateAnx(xml: string): string[] {
  const problems: string[] = [];
  const errors: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (e) {
    return [`not well-formed XML: ${(e as Error).message}`];
  }
  if (errors.length) return errors.map((e) => `not well-formed XML: ${e}`);
  const root = doc.documentElement;
  if (!root || root.tagName !== 'Chart') return ['root element must be Chart'];
  for (const a of ['IdReferenceLinking', 'Rigorous'])
    if (!/^(true|false)$/.test(root.getAttribute(a) ?? ''))
      problems.push(`Chart@${a} must be true or false`);
  const child = (el: Element, name: string): Element[] => {
    const out: Element[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling)
      if (c.nodeType === 1 && (c as Element).tagName === name) out.push(c as Element);
    return out;
  };
  const one = (el: Element, name: string, where: string) => {
    const c = child(el, name);
    if (c.length !== 1) problems.push(`${where}: expected one ${name}, found ${c.length}`);
    return c[0];
  };
  const acc = one(root, 'AttributeClassCollection', 'Chart');
  const ltc = one(root, 'LinkTypeCollection', 'Chart');
  const etc = one(root, 'EntityTypeCollection', 'Chart');
  const cic = one(root, 'ChartItemCollection', 'Chart');
  if (!acc || !ltc || !etc || !cic) return problems;
  const classes = new Map<string, string>();
  for (const c of child(acc, 'AttributeClass')) {
    const t = c.getAttribute('Type') ?? '';
    if (!['AttText', 'AttNumber', 'AttFlag', 'AttTime'].includes(t))
      problems.push(`AttributeClass ${c.getAttribute('Name')}: bad Type ${t}`);
    classes.set(c.getAttribute('Name') ?? '', t);
  }
  const linkTypes = new Set(child(ltc, 'LinkType').map((c) => c.getAttribute('Name') ?? ''));
  const entityTypes = new Set(child(etc, 'EntityType').map((c) => c.getAttribute('Name') ?? ''));
  const entityIds = new Set<string>();
  const links: Array<[string, string, number]> = [];
  child(cic, 'ChartItem').forEach((item, i) => {
    const where = `ChartItem ${i + 1}`;
    if (!item.hasAttribute('Label')) problems.push(`${where}: no Label`);
    if (!/^(true|false)$/.test(item.getAttribute('DateSet') ?? ''))
      problems.push(`${where}: DateSet must be true or false`);
    if (
      item.getAttribute('DateSet') === 'true' &&
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(item.getAttribute('DateTime') ?? '')
    )
      problems.push(`${where}: DateSet but no DateTime`);
    const ends = child(item, 'End');
    const lks = child(item, 'Link');
    if (ends.length + lks.length !== 1)
      problems.push(`${where}: must hold exactly one End or one Link`);
    for (const end of ends) {
      const ent = child(end, 'Entity')[0];
      if (!ent) {
        problems.push(`${where}: End without Entity`);
        continue;
      }
      const id = ent.getAttribute('EntityId') ?? '';
      if (!id || entityIds.has(id)) problems.push(`${where}: missing or duplicate EntityId ${id}`);
      entityIds.add(id);
      if (!ent.getAttribute('Identity')) problems.push(`${where}: Entity without Identity`);
      const style = child(child(ent, 'Icon')[0] ?? ent, 'IconStyle')[0];
      if (!style || !entityTypes.has(style.getAttribute('Type') ?? ''))
        problems.push(`${where}: IconStyle Type is not a declared EntityType`);
    }
    for (const l of lks) {
      links.push([l.getAttribute('End1Id') ?? '', l.getAttribute('End2Id') ?? '', i + 1]);
      const style = child(l, 'LinkStyle')[0];
      if (!style || !linkTypes.has(style.getAttribute('Type') ?? ''))
        problems.push(`${where}: LinkStyle Type is not a declared LinkType`);
      if (
        !['ArrowNone', 'ArrowOnHead', 'ArrowOnTail', 'ArrowOnBoth'].includes(
          style?.getAttribute('ArrowStyle') ?? '',
        )
      )
        problems.push(`${where}: bad ArrowStyle`);
    }
    for (const col of child(item, 'AttributeCollection'))
      for (const a of child(col, 'Attribute')) {
        const cls = a.getAttribute('AttributeClass') ?? '';
        const t = classes.get(cls);
        if (!t) problems.push(`${where}: attribute class ${cls} is not declared`);
        if (t === 'AttNumber' && !Number.isFinite(Number(a.getAttribute('Value'))))
          problems.push(`${where}: ${cls} must be a number`);
      }
  });
  for (const [a, b, i] of links)
    if (!entityIds.has(a) || !entityIds.has(b))
      problems.push(`ChartItem ${i}: link end ${entityIds.has(a) ? b : a} names no entity`);
  return problems;
}
