// A file of an iTunes/Finder backup presented under its logical iOS path (`HomeDomain/Library/SMS/
// sms.db`) while its bytes stay where the backup stores them (`3d/3d0d7e…`): every read goes to the
// stored file, which is hashed, verified and recorded in provenance as the file's stored path.
import type { Readable } from 'node:stream';
import type { CompanionKind, EvidenceFile } from './evidence-file.js';

export class BackupEntryFile implements EvidenceFile {
  readonly name: string;
  readonly companions: Partial<Record<CompanionKind, EvidenceFile>> = {};
  readonly anomalies: string[];
  isCompanion = false;

  constructor(
    /** The hashed file as the backup stores it. */
    readonly stored: EvidenceFile,
    /** `<backup folder>/<domain>/<relativePath>`. */
    readonly path: string,
    /** The backup's `Files.domain` and `Files.relativePath`, and its fileID. */
    readonly logical: { domain: string; relativePath: string; fileID: string },
  ) {
    this.name = logical.relativePath.split('/').pop() || logical.fileID;
    this.anomalies = [...stored.anomalies];
  }

  get size(): number {
    return this.stored.size;
  }

  get origin(): string {
    return this.stored.origin;
  }

  get container(): EvidenceFile | null {
    return this.stored.container;
  }

  sha256(): Promise<string> {
    return this.stored.sha256();
  }

  head(bytes?: number): Promise<Buffer> {
    return this.stored.head(bytes);
  }

  open(): Promise<Readable> {
    return this.stored.open();
  }

  readablePath(): Promise<string> {
    return this.stored.readablePath();
  }
}
