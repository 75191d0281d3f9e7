// Registered input formats (one folder each). Order breaks ties between equal bids.
import type { Parser } from '../parser.js';
import { androidMmssmsParser } from './android-mmssms/index.js';

export const FORMAT_PARSERS: readonly Parser[] = [androidMmssmsParser];
