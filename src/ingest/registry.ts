// The one list of input-format parsers, in bidding order for ties. A new format is a folder under
// formats/ exporting one Parser object, and one line in formats/index.ts.
import type { Parser } from './parser.js';
import { FORMAT_PARSERS } from './formats/index.js';

export const PARSERS: readonly Parser[] = FORMAT_PARSERS;

export function findParser(id: string): Parser | undefined {
  return PARSERS.find((p) => p.id === id);
}
