// Builds the probe a parser bids on: head bytes, magic checks, and lazily the SQLite table list or
// the zip entry list, each computed once per file.
import type { EvidenceFile } from '../evidence/evidence-file.js';
import { extensionOf, isSqliteHead, isZipHead } from '../evidence/evidence-file.js';
import type { EvidenceDb } from '../evidence/evidence-sqlite.js';
import type { ZipContainer } from '../evidence/zip-container.js';
import type { ParserOptions, Probe } from './parser.js';

export class FileProbe implements Probe {
  readonly ext: string;
  readonly isSqlite: boolean;
  readonly isZip: boolean;
  private tables: Promise<Set<string>> | null = null;
  private entries: Promise<string[]> | null = null;

  constructor(
    readonly file: EvidenceFile,
    readonly head: Buffer,
    private readonly openDb: () => Promise<EvidenceDb>,
    private readonly openZip: () => Promise<ZipContainer>,
    readonly options: ParserOptions = {},
  ) {
    this.ext = extensionOf(file.name);
    this.isSqlite = isSqliteHead(head);
    this.isZip = isZipHead(head);
  }

  sqliteTables(): Promise<Set<string>> {
    if (!this.isSqlite) return Promise.resolve(new Set());
    this.tables ??= this.openDb()
      .then((db) => db.tables())
      .catch(() => new Set<string>());
    return this.tables;
  }

  zipEntries(): Promise<string[]> {
    if (!this.isZip) return Promise.resolve([]);
    this.entries ??= this.openZip()
      .then((z) => z.entries.map((e) => e.path))
      .catch(() => []);
    return this.entries;
  }
}
