// The contract every input format implements: bid on a file, then stream drafts from it.
import type { ArtefactType, Draft } from '../model/entities.js';
import type { ErrorCode } from '../model/errors.js';
import type { EvidenceFile } from '../evidence/evidence-file.js';
import type { EvidenceDb } from '../evidence/evidence-sqlite.js';
import type { ZipContainer } from '../evidence/zip-container.js';

/** Options the examiner gives for one ingest, read by the parsers they concern. */
export interface ParserOptions {
  /** Name of the column-mapping profile for CSV and call-data-record files (`--csv-profile`). */
  csvProfile?: string;
  /** Folder of the user's saved mapping profiles (in the data folder). */
  profileDir?: string;
  /** The device's time zone (IANA), for times a file gives without one (`--timezone`). */
  timezone?: string;
}

/** What a parser may look at when bidding. Lazy parts are computed once and shared by all bidders. */
export interface Probe {
  readonly file: EvidenceFile;
  /** Lower-case extension without the dot. */
  readonly ext: string;
  /** The first 4 KiB. */
  readonly head: Buffer;
  readonly isSqlite: boolean;
  readonly isZip: boolean;
  /** Table names of a SQLite file (WAL applied), or an empty set. */
  sqliteTables(): Promise<Set<string>>;
  /** Normalised entry paths of a zip, or an empty array. */
  zipEntries(): Promise<string[]>;
  /** The ingest's parser options (absent in older callers: treat as empty). */
  readonly options?: ParserOptions;
}

export interface ParseContext {
  readonly file: EvidenceFile;
  /** ISO region for national phone numbers on this device. */
  readonly region: string;
  /** Emit one draft; the runner normalises, batches and stores it. Await it: it flushes batches. */
  emit(draft: Draft): Promise<void>;
  /** Record a non-fatal problem with one record (kept on the source and shown in stats). */
  warn(code: ErrorCode, message: string, record?: string): void;
  /** Open this SQLite file as a hardened scratch copy (shared with the probe). */
  openSqlite(): Promise<EvidenceDb>;
  /** Open this file as an archive (for container formats such as .ufdr). */
  openZip(): Promise<ZipContainer>;
  /** Other files of the same extraction, by path (for formats spread over several files). */
  findFiles(predicate: (f: EvidenceFile) => boolean): EvidenceFile[];
  /**
   * Open another SQLite file of the same extraction (one `findFiles` returned) as a hardened
   * scratch copy with its -wal and -journal; the runner closes it when this parse ends.
   */
  openOtherSqlite?(file: EvidenceFile): Promise<EvidenceDb>;
  /**
   * Mark another file of the extraction as read through this one (an extracted file a report
   * lists): the runner records it as a companion of this source and does not parse it again, so
   * the same messages are not counted twice. Absent in older callers.
   */
  claim?(file: EvidenceFile, note: string): void;
  /** Report progress in bytes read (for the progress bar on large single files). */
  progress(bytesRead: number): void;
  readonly signal: AbortSignal;
  /** The ingest's parser options (absent in older callers: treat as empty). */
  readonly options?: ParserOptions;
}

export interface Parser {
  /** Stable id, kebab-case: `android-mmssms`. */
  readonly id: string;
  /** Semantic version; bump when output changes (re-ingest then re-parses the source). */
  readonly version: string;
  readonly label: string;
  /** What it reads, for `stats` and the catalogue. */
  readonly artefacts: readonly ArtefactType[];
  /** True for formats that are archives read as a whole (the runner does not expand them). */
  readonly container?: boolean;
  /**
   * A score from 0 (not mine) to 100 (certainly mine). The highest bid parses the file.
   * Must not throw for any input: unreadable files bid 0.
   */
  bid(probe: Probe): Promise<number> | number;
  /**
   * Files this parser must read before the rest of their extraction because it claims other files
   * of it (a bare report.xml): a cheap check by name, no reading.
   */
  readsFirst?(file: EvidenceFile): boolean;
  parse(ctx: ParseContext): Promise<void>;
}

export function parserTag(p: Pick<Parser, 'id' | 'version'>): string {
  return `${p.id}@${p.version}`;
}
