// One file of an extraction, wherever it lives (a folder on disk or an entry inside a zip/.ufdr),
// readable but never writable, with its companions (-wal, -shm, -journal) attached.
import type { Readable } from 'node:stream';
import type { ErrorCode } from '../model/errors.js';
import type { SourceStatus } from '../model/entities.js';

export type CompanionKind = 'wal' | 'shm' | 'journal';

export interface EvidenceFile {
  /** Path inside the extraction: relative to the input root; zip entries as `archive.zip!/a/b.db`. */
  readonly path: string;
  /** Base name. */
  readonly name: string;
  /** Size in bytes (for zip entries: the declared uncompressed size). */
  readonly size: number;
  /** The input the user named (a file, folder or archive on disk). */
  readonly origin: string;
  /** The archive this file was read from, if any. */
  readonly container: EvidenceFile | null;
  /** SQLite companions found next to the file. */
  readonly companions: Partial<Record<CompanionKind, EvidenceFile>>;
  /** Anomalies seen while listing (unsafe name, symlink, duplicate …). */
  readonly anomalies: readonly string[];
  /** True when this is a SQLite companion (it is hashed and listed, and parsed with its main file). */
  readonly isCompanion: boolean;
  /**
   * The file as the extraction stores it, when `path` is a logical path instead (an iTunes/Finder
   * backup's hashed file shown as `HomeDomain/Library/SMS/sms.db`). Its path is kept in provenance.
   */
  readonly stored?: EvidenceFile;
  /**
   * An outcome decided before any parser bids (an encrypted backup's files, a backup's Manifest.db
   * read as its index): recorded on the source as it is, and the file is not parsed.
   */
  preset?: {
    status: SourceStatus;
    code?: ErrorCode;
    message?: string;
    counts?: Record<string, number>;
  };
  sha256(): Promise<string>;
  /** The first `bytes` bytes (for format detection). */
  head(bytes?: number): Promise<Buffer>;
  /** A fresh read stream of the content. */
  open(): Promise<Readable>;
  /** A path on disk from which the content can be read: the original file (read only!) or a scratch copy. */
  readablePath(): Promise<string>;
}

export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');
export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
export const ZIP_EMPTY_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

export function isSqliteHead(head: Buffer): boolean {
  return head.length >= 16 && head.subarray(0, 16).equals(SQLITE_MAGIC);
}

export function isZipHead(head: Buffer): boolean {
  return (
    head.length >= 4 &&
    (head.subarray(0, 4).equals(ZIP_MAGIC) || head.subarray(0, 4).equals(ZIP_EMPTY_MAGIC))
  );
}
