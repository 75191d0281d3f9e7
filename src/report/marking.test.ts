// Protective marking: a case's marking (default OFFICIAL-SENSITIVE) heads the canonical export (its
// first line is the case with its marking) and is written into the GraphML and GEXF exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { createCase } from '../store/queries/cases.js';
import { exportCanonicalToFile } from './canonical-export.js';
import { exportGraphml } from './graph/graphml-export.js';
import { exportGexf } from './graph/gexf-export.js';

let t: TempStore;
beforeAll(async () => {
  t = await tempStore();
});
afterAll(async () => t.cleanup());

describe('protective marking in exports', () => {
  it('defaults to OFFICIAL-SENSITIVE and heads the canonical export', async () => {
    const kase = await createCase(t.store, { ref: 'OP-MARK', createdAt: 0 });
    expect(kase.marking).toBe('OFFICIAL-SENSITIVE');
    const out = join(t.dir, 'mark.jsonl');
    await exportCanonicalToFile(t.store, kase.id, out);
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ kind: 'case', ref: 'OP-MARK', marking: 'OFFICIAL-SENSITIVE' });
  });

  it('writes the case marking into GraphML and GEXF', async () => {
    const kase = await createCase(t.store, {
      ref: 'OP-MARK-2',
      marking: 'SECRET',
      createdAt: 0,
    });
    const gml = join(t.dir, 'g.graphml');
    await exportGraphml(t.store, kase.id, gml);
    expect(readFileSync(gml, 'utf8')).toContain(
      '<desc>SECRET: Threadline link graph of case OP-MARK-2',
    );
    const gexf = join(t.dir, 'g.gexf');
    await exportGexf(t.store, kase.id, gexf);
    const x = readFileSync(gexf, 'utf8');
    expect(x).toContain('<keywords>SECRET</keywords>');
    expect(x).toContain('<description>SECRET: link graph of case OP-MARK-2');
  });
});
