// GEXF 1.3 export (Gephi's native format): the same nodes, edges and attributes as GraphML, with the
// edge weight Gephi uses for layouts and measures.
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
import { toolVersion } from '../../app/tool-version.js';

const GEXF_TYPE = {
  string: 'string',
  int: 'integer',
  double: 'double',
  boolean: 'boolean',
} as const;

function attributes<T>(cls: 'node' | 'edge', defs: AttrDef<T>[]): string {
  return (
    `    <attributes class="${cls}" mode="static">\n` +
    defs
      .map((a, i) => `      <attribute id="${i}" title="${a.name}" type="${GEXF_TYPE[a.type]}"/>\n`)
      .join('') +
    '    </attributes>\n'
  );
}

function values<T>(defs: AttrDef<T>[], x: T): string {
  let s = '';
  defs.forEach((a, i) => {
    const v = a.get(x);
    if (v === null || v === '') return;
    s += `          <attvalue for="${i}" value="${xmlAttr(String(v))}"/>\n`;
  });
  return s ? `        <attvalues>\n${s}        </attvalues>\n` : '';
}

export async function exportGexf(
  store: Store,
  caseId: string,
  file: string,
  opts: GraphExportOptions = {},
) {
  const d = await loadExportData(store, caseId, opts);
  const nd = nodeAttrs(d).filter((a) => a.name !== 'label');
  const ed = edgeAttrs(d).filter((a) => a.name !== 'weight');
  const out = new TextSink(file);
  await out.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n' +
      `  <meta>\n    <creator>Threadline ${xmlText(toolVersion())}</creator>\n` +
      `    <keywords>${xmlText(d.marking)}</keywords>\n` +
      `    <description>${xmlText(`${d.marking}: link graph of case ${d.caseRef} (${d.graph.mode} nodes)`)}</description>\n  </meta>\n` +
      '  <graph defaultedgetype="undirected" mode="static">\n' +
      attributes('node', nd) +
      attributes('edge', ed) +
      '    <nodes>\n',
  );
  for (const n of d.graph.nodes)
    await out.write(
      `      <node id="${xmlAttr(n.id)}" label="${xmlAttr(n.label)}">\n${values(nd, n)}      </node>\n`,
    );
  await out.write('    </nodes>\n    <edges>\n');
  for (const e of d.graph.edges)
    await out.write(
      `      <edge id="${edgeId(d.graph, e)}" source="${xmlAttr(e.source)}" target="${xmlAttr(e.target)}" weight="${e.kind === 'contact' ? 0.5 : e.weight}" label="${e.kind}">\n${values(ed, e)}      </edge>\n`,
    );
  await out.write('    </edges>\n  </graph>\n</gexf>\n');
  const bytes = await out.close();
  return { nodes: d.graph.nodes.length, edges: d.graph.edges.length, mode: d.graph.mode, bytes };
}
