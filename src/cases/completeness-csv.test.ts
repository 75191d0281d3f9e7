// The completeness return CSV goes through the shared formula-safe writer: a formula-like cell is
// quote-prefixed and every row parses back with its numbers intact.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { completenessCsv } from './person-record.js';

describe('completenessCsv', () => {
  it('neutralises a formula-like cell and keeps the counts', () => {
    const recorded = {
      selfDefinedEthnicity: 1,
      officerObservedEthnicity: 0,
      nationality: 2,
      age: -1,
    };
    const csv = completenessCsv({
      cases: [
        { caseRef: '=HYPERLINK("http://example.org")', role: 'victim', persons: 2, recorded },
      ],
      totals: [{ role: 'victim', persons: 2, recorded }],
      distribution: [],
    });
    const rows = parse(csv) as string[][];
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual([
      '\'=HYPERLINK("http://example.org")',
      'victim',
      '2',
      '1',
      '0',
      '2',
      '-1',
    ]);
    expect(rows[2]![0]).toBe('ALL');
  });
});
