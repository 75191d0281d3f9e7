// GraphML export (graphml.graphdrawing.org): nodes with their identifiers and measures, edges with
// counts by direction, times, apps and provenance (devices, source files and SHA-256). Opens in Gephi,
// yEd, Cytoscape, NetworkX and graphology.
import type { Store } from '../../store/store.js';
import { xmlAttr, xmlText } from './xml-text.js';
import { TextSink } from './text-sink.js';
import {
  edgeAttrs,
  loadExportData,
  nodeAttrs,
  type AttrDef,
  type GraphExportOptions,
} from './graph-export-data.js';
import { edgeId } from '../../graph/graph-service.js';

function keys<T>(prefix: string, domain: 'node' | 'edge', defs: AttrDef<T>[]): string {
  return defs
    .map(
      (a) =>
        `  <key id="${prefix}_${a.name}" for="${domain}" attr.name="${a.name}" attr.type="${a.type}"/>\n`,
    )
    .join('');
}

function data<T>(prefix: string, defs: AttrDef<T>[], x: T): string {
  let s = '';
  for (const a of defs) {
    const v = a.get(x);
    if (v === null || v === '') continue;
    s += `      <data key="${prefix}_${a.name}">${xmlText(String(v))}</data>\n`;
  }
  return s;
}

export async function exportGraphml(
  store: Store,
  caseId: string,
  file: string,
  opts: GraphExportOptions = {},
) {
  const d = await loadExportData(store, caseId, opts);
  const nd = nodeAttrs(d);
  const ed = edgeAttrs(d);
  const out = new TextSink(file);
  await out.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
      `  <desc>${xmlText(`${d.marking}: Threadline link graph of case ${d.caseRef} (${d.graph.mode} nodes)`)}</desc>\n` +
      keys('n', 'node', nd) +
      keys('e', 'edge', ed) +
      `  <graph id="${xmlAttr(d.caseRef)}" edgedefault="undirected">\n`,
  );
  for (const n of d.graph.nodes)
    await out.write(`    <node id="${xmlAttr(n.id)}">\n${data('n', nd, n)}    </node>\n`);
  for (const e of d.graph.edges)
    await out.write(
      `    <edge id="${edgeId(d.graph, e)}" source="${xmlAttr(e.source)}" target="${xmlAttr(e.target)}">\n${data('e', ed, e)}    </edge>\n`,
    );
  await out.write('  </graph>\n</graphml>\n');
  const bytes = await out.close();
  return { nodes: d.graph.nodes.length, edges: d.graph.edges.length, mode: d.graph.mode, bytes };
}
