// The graph export formats of `threadline export`: graphml, gexf (Gephi), anx and i2csv (i2
// Analyst's Notebook). Persons as nodes when the case has resolved persons, else identifiers.
import type { ExportFormat } from './export-command.js';
import { exportGraphml } from '../../report/graph/graphml-export.js';
import { exportGexf } from '../../report/graph/gexf-export.js';
import { exportAnx } from '../../report/graph/anx-export.js';
import { exportI2Csv } from '../../report/graph/i2-csv-export.js';

export const GRAPH_EXPORT_FORMATS: ExportFormat[] = [
  {
    name: 'graphml',
    description: 'GraphML link graph (Gephi, yEd, Cytoscape), provenance on every edge',
    run: async (app, caseId, out) => ({ ...(await exportGraphml(app.store, caseId, out)) }),
  },
  {
    name: 'gexf',
    description: 'GEXF 1.3 link graph (Gephi), provenance on every edge',
    run: async (app, caseId, out) => ({ ...(await exportGexf(app.store, caseId, out)) }),
  },
  {
    name: 'anx',
    description: "i2 Analyst's Notebook chart (ANX XML)",
    run: async (app, caseId, out) => ({ ...(await exportAnx(app.store, caseId, out)) }),
  },
  {
    name: 'i2csv',
    description: "i2 Analyst's Notebook CSV import layout: one row per communication",
    redacts: true,
    run: async (app, caseId, out, o) => ({
      ...(await exportI2Csv(app.store, caseId, out, {
        redact: o.redactor ? (s) => o.redactor!.string(s) : undefined,
      })),
    }),
  },
];
