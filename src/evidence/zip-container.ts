// Reads a zip (or .ufdr) without ever creating files from archive paths: entry names are metadata,
// checked for traversal and other tricks; inflated bytes, entry count and overlap are budgeted so a
// zip bomb fails cleanly; one bad entry is recorded and the rest are still read.
import yauzl from 'yauzl';
import { Transform, type Readable } from 'node:stream';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { CompanionKind, EvidenceFile } from './evidence-file.js';
import { sha256Stream } from './hash-file.js';
import type { ScratchSpace } from './scratch-space.js';

export interface ZipBudget {
  /** Most entries listed from one archive. */
  maxEntries: number;
  /** Most inflated bytes read from one archive in total (all reads, including hashing). */
  maxTotalBytes: number;
  /** Most inflated bytes of one entry. */
  maxEntryBytes: number;
  /** A compression ratio above this is flagged (not refused: SQLite files compress very well). */
  flagRatio: number;
}

export function defaultZipBudget(archiveBytes: number): ZipBudget {
  return {
    maxEntries: 2_000_000,
    maxTotalBytes: Math.max(1 << 30, archiveBytes * 200),
    maxEntryBytes: Math.max(1 << 30, archiveBytes * 200),
    flagRatio: 1000,
  };
}

export interface ZipEntryInfo {
  /** Name as stored (decoded for display). */
  rawName: string;
  /** Normalised path inside the archive (forward slashes, no leading slash, `..` resolved lexically). */
  path: string;
  isDirectory: boolean;
  compressedSize: number;
  size: number;
  anomalies: string[];
  /** Set when the entry must not be read (overlapping data, encrypted …). */
  refused?: string;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: false,
        validateEntrySizes: true,
        strictFileNames: false,
      },
      (err, zf) => (err || !zf ? reject(err ?? new Error('no zip')) : resolve(zf)),
    );
  });
}

/** Check an archive-supplied name; returns the normalised path and the anomalies found. */
export function checkEntryName(raw: string): { path: string; anomalies: string[] } {
  const anomalies: string[] = [];
  if (raw.includes('\u0000')) anomalies.push('nul-in-name');
  if (/^[a-zA-Z]:/.test(raw)) anomalies.push('drive-letter');
  if (raw.startsWith('/') || raw.startsWith('\\')) anomalies.push('absolute-path');
  if (raw.includes('\\')) anomalies.push('backslash');
  const parts = raw
    .replace(/\\/g, '/')
    .replace(/\u0000/g, '')
    .replace(/^[a-zA-Z]:/, '')
    .split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (!anomalies.includes('parent-traversal')) anomalies.push('parent-traversal');
      out.pop();
      continue;
    }
    out.push(p);
  }
  return { path: out.join('/'), anomalies };
}

/** Counts inflated bytes and stops the stream when a budget would be exceeded. */
class ByteBudget extends Transform {
  constructor(
    private readonly limit: number,
    private readonly onBytes: (n: number) => boolean,
    private readonly where: { file: string; record: string },
  ) {
    super();
  }
  private seen = 0;
  override _transform(
    chunk: Buffer,
    _enc: BufferEncoding,
    cb: (e?: Error | null, d?: Buffer) => void,
  ): void {
    this.seen += chunk.length;
    if (this.seen > this.limit || !this.onBytes(chunk.length)) {
      cb(
        new AppError(
          ErrorCodes.ZIP_BOMB,
          `inflated size exceeds the budget (${this.limit} bytes for this entry or the archive total)`,
          this.where,
        ),
      );
      return;
    }
    cb(null, chunk);
  }
}

export class ZipContainer {
  readonly entries: ZipEntryInfo[] = [];
  readonly anomalies: string[] = [];
  private readonly byPath = new Map<string, { info: ZipEntryInfo; entry: yauzl.Entry }>();
  private totalRead = 0;

  private constructor(
    private readonly zf: yauzl.ZipFile,
    readonly file: EvidenceFile,
    readonly budget: ZipBudget,
  ) {}

  /** Open and list an archive. Listing never reads entry data. */
  static async open(file: EvidenceFile, budget?: ZipBudget): Promise<ZipContainer> {
    const diskPath = await file.readablePath();
    let zf: yauzl.ZipFile;
    try {
      zf = await openZip(diskPath);
    } catch (e) {
      throw new AppError(
        ErrorCodes.ZIP_CORRUPT,
        `not a readable zip archive: ${(e as Error).message}`,
        { file: file.path },
        { cause: e },
      );
    }
    const c = new ZipContainer(zf, file, budget ?? defaultZipBudget(file.size));
    await c.list();
    return c;
  }

  private list(): Promise<void> {
    return new Promise((resolve, reject) => {
      const raw: Array<{ info: ZipEntryInfo; entry: yauzl.Entry }> = [];
      this.zf.on('entry', (entry: yauzl.Entry) => {
        if (raw.length >= this.budget.maxEntries) {
          this.anomalies.push('too-many-entries');
          this.zf.close();
          finish();
          return;
        }
        const nameBuf: Buffer =
          (entry as unknown as { fileNameRaw?: Buffer }).fileNameRaw ??
          Buffer.from(entry.fileName as unknown as Buffer);
        const utf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
        let rawName: string;
        const anomalies: string[] = [];
        try {
          rawName = new TextDecoder('utf-8', { fatal: true }).decode(nameBuf);
        } catch {
          rawName = nameBuf.toString('latin1');
          if (utf8) anomalies.push('invalid-utf8-name');
        }
        const checked = checkEntryName(rawName);
        anomalies.push(...checked.anomalies);
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (mode === 0o120000) anomalies.push('symlink');
        const isDirectory = rawName.endsWith('/') || rawName.endsWith('\\');
        const info: ZipEntryInfo = {
          rawName,
          path: checked.path,
          isDirectory,
          compressedSize: entry.compressedSize,
          size: entry.uncompressedSize,
          anomalies,
        };
        if (entry.isEncrypted()) info.refused = 'encrypted';
        else if (mode === 0o120000) info.refused = 'symlink';
        if (
          entry.compressedSize > 0 &&
          entry.uncompressedSize / entry.compressedSize > this.budget.flagRatio
        )
          anomalies.push('high-compression-ratio');
        raw.push({ info, entry });
        this.zf.readEntry();
      });
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.markOverlaps(raw);
        for (const r of raw) {
          if (!r.info.path && !r.info.isDirectory) r.info.anomalies.push('empty-name');
          const prior = this.byPath.get(r.info.path);
          if (prior && !r.info.isDirectory) {
            r.info.anomalies.push('duplicate-name');
            this.entries.push(r.info);
            continue;
          }
          this.byPath.set(r.info.path, r);
          this.entries.push(r.info);
        }
        resolve();
      };
      this.zf.on('end', finish);
      this.zf.on('error', (e: Error) => {
        if (raw.length === 0)
          reject(
            new AppError(ErrorCodes.ZIP_CORRUPT, `zip listing failed: ${e.message}`, {
              file: this.file.path,
            }),
          );
        else {
          this.anomalies.push(`listing-stopped: ${e.message}`);
          finish();
        }
      });
      this.zf.readEntry();
    });
  }

  /** Entries whose data ranges overlap (Fifield's non-recursive zip bomb) are refused. */
  private markOverlaps(raw: Array<{ info: ZipEntryInfo; entry: yauzl.Entry }>): void {
    const sorted = [...raw].sort(
      (a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader,
    );
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i]!;
      const b = sorted[i + 1]!;
      const aEnd =
        a.entry.relativeOffsetOfLocalHeader + 30 + a.entry.fileNameLength + a.entry.compressedSize;
      if (b.entry.relativeOffsetOfLocalHeader < aEnd) {
        for (const x of [a, b]) {
          if (!x.info.anomalies.includes('overlapping-entry'))
            x.info.anomalies.push('overlapping-entry');
          x.info.refused = 'overlapping-entry';
        }
      }
    }
    if (raw.some((r) => r.info.refused === 'overlapping-entry'))
      this.anomalies.push('overlapping-entries');
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  info(path: string): ZipEntryInfo | undefined {
    return this.byPath.get(path)?.info;
  }

  /** Read an entry's inflated bytes as a stream, within the budgets. */
  async openEntry(path: string): Promise<Readable> {
    const hit = this.byPath.get(path);
    const where = { file: this.file.path, record: path };
    if (!hit)
      throw new AppError(
        ErrorCodes.NOT_FOUND,
        `no entry ${JSON.stringify(path)} in archive`,
        where,
      );
    if (hit.info.refused)
      throw new AppError(ErrorCodes.ZIP_BOMB, `entry refused: ${hit.info.refused}`, where);
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zf.openReadStream(hit.entry, (err, s) =>
        err || !s
          ? reject(
              new AppError(
                ErrorCodes.ZIP_CORRUPT,
                `cannot read entry: ${err?.message ?? 'no stream'}`,
                where,
                { cause: err },
              ),
            )
          : resolve(s),
      ),
    );
    const guard = new ByteBudget(
      this.budget.maxEntryBytes,
      (n) => {
        this.totalRead += n;
        return this.totalRead <= this.budget.maxTotalBytes;
      },
      where,
    );
    stream.on('error', (e: Error) =>
      guard.destroy(
        e instanceof AppError
          ? e
          : new AppError(ErrorCodes.ZIP_CORRUPT, `entry data is corrupt: ${e.message}`, where, {
              cause: e,
            }),
      ),
    );
    return stream.pipe(guard);
  }

  async readEntry(path: string, maxBytes = 64 << 20): Promise<Buffer> {
    const s = await this.openEntry(path);
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of s) {
      n += (c as Buffer).length;
      if (n > maxBytes) {
        s.destroy();
        throw new AppError(ErrorCodes.FIELD_TOO_LARGE, `entry larger than ${maxBytes} bytes`, {
          file: this.file.path,
          record: path,
        });
      }
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /** Evidence files for every readable, non-directory entry, with SQLite companions attached. */
  files(scratch: ScratchSpace): ZipEntryFile[] {
    const out: ZipEntryFile[] = [];
    const seen = new Set<string>();
    for (const info of this.entries) {
      if (info.isDirectory) continue;
      if (seen.has(info.path) && !info.anomalies.includes('duplicate-name')) continue;
      seen.add(info.path);
      out.push(new ZipEntryFile(this, info, scratch));
    }
    attachCompanions(out);
    return out;
  }

  close(): void {
    this.zf.close();
  }
}

/** An entry of a zip as an evidence file. */
export class ZipEntryFile implements EvidenceFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly origin: string;
  readonly companions: Partial<Record<CompanionKind, EvidenceFile>> = {};
  readonly anomalies: string[];
  isCompanion = false;
  private hash: Promise<string> | null = null;
  private local: Promise<string> | null = null;

  constructor(
    readonly zip: ZipContainer,
    readonly info: ZipEntryInfo,
    private readonly scratch: ScratchSpace,
  ) {
    this.path = `${zip.file.path}!/${info.path}`;
    this.name = info.path.split('/').pop() ?? info.path;
    this.size = info.size;
    this.origin = zip.file.origin;
    this.anomalies = [...info.anomalies];
  }

  get container(): EvidenceFile {
    return this.zip.file;
  }

  sha256(): Promise<string> {
    this.hash ??= this.zip
      .openEntry(this.info.path)
      .then((s) => sha256Stream(s))
      .then((r) => r.sha256);
    return this.hash;
  }

  async head(bytes = 4096): Promise<Buffer> {
    const s = await this.zip.openEntry(this.info.path);
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of s) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= bytes) break;
    }
    s.destroy();
    return Buffer.concat(chunks).subarray(0, bytes);
  }

  open(): Promise<Readable> {
    return this.zip.openEntry(this.info.path);
  }

  readablePath(): Promise<string> {
    this.local ??= this.open().then((s) => this.scratch.writeStream(s, this.name));
    return this.local;
  }
}

const COMPANION_SUFFIX: Record<string, CompanionKind> = {
  '-wal': 'wal',
  '-shm': 'shm',
  '-journal': 'journal',
};

/** Attach `X-wal`, `X-shm`, `X-journal` to `X` when both are in the same folder. */
export function attachCompanions(files: Array<EvidenceFile & { isCompanion: boolean }>): void {
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const f of files) {
    for (const [suffix, kind] of Object.entries(COMPANION_SUFFIX)) {
      if (!f.path.endsWith(suffix)) continue;
      const main = byPath.get(f.path.slice(0, -suffix.length));
      if (main) {
        (main.companions as Record<string, EvidenceFile>)[kind] = f;
        f.isCompanion = true;
      }
    }
  }
}
