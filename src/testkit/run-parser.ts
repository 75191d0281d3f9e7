// Runs one parser on one file outside the store: the drafts it emits, and the warnings it records.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Draft } from '../model/entities.js';
import { DiskFile } from '../evidence/disk-file.js';
import { EvidenceDb } from '../evidence/evidence-sqlite.js';
import { ZipContainer } from '../evidence/zip-container.js';
import { ScratchSpace } from '../evidence/scratch-space.js';
import type { EvidenceFile } from '../evidence/evidence-file.js';
import { attachCompanions } from '../evidence/zip-container.js';
import { FileProbe } from '../ingest/probe.js';
import type { ParseContext, Parser, ParserOptions } from '../ingest/parser.js';

export interface ParserRun {
  drafts: Draft[];
  warnings: string[];
  bid: number;
}

/** Evidence files for a path and other files, with their companions (-wal, -shm, -journal next to each). */
export function evidenceFiles(path: string, extra: string[] = []): DiskFile[] {
  const files: DiskFile[] = [];
  const all = [path, ...extra].flatMap((p) => [p, `${p}-wal`, `${p}-shm`, `${p}-journal`]);
  for (const p of all) {
    try {
      const st = statSync(p);
      if (st.isFile() && !files.some((f) => f.diskPath === p))
        files.push(new DiskFile(p, basename(p), st.size, p));
    } catch {
      /* absent */
    }
  }
  attachCompanions(files);
  return files;
}

export async function bidOn(
  parser: Parser,
  file: EvidenceFile,
  scratch: ScratchSpace,
  options: ParserOptions = {},
): Promise<number> {
  let db: EvidenceDb | null = null;
  let zip: ZipContainer | null = null;
  try {
    const probe = new FileProbe(
      file,
      await file.head(4096),
      async () => (db ??= await EvidenceDb.open(file, scratch)),
      async () => (zip ??= await ZipContainer.open(file)),
      options,
    );
    return await parser.bid(probe);
  } finally {
    (db as EvidenceDb | null)?.close();
    (zip as ZipContainer | null)?.close();
  }
}

/** Parse `path` with `parser`; throws what the parser throws. Other files of the extraction may be given. */
export async function runParser(
  parser: Parser,
  path: string,
  opts: { region?: string; others?: string[]; options?: ParserOptions } = {},
): Promise<ParserRun> {
  const files = evidenceFiles(path, opts.others ?? []);
  const file = files[0]!;
  const scratch = new ScratchSpace();
  const drafts: Draft[] = [];
  const warnings: string[] = [];
  let db: EvidenceDb | null = null;
  let zip: ZipContainer | null = null;
  const others: EvidenceDb[] = [];
  try {
    const bid = await bidOn(parser, file, scratch, opts.options);
    const ctx: ParseContext = {
      file,
      region: opts.region ?? 'GB',
      emit: async (d) => {
        drafts.push(d);
      },
      warn: (code, message, record) =>
        warnings.push(`${code}${record ? ` @ ${record}` : ''}: ${message}`),
      openSqlite: async () => (db ??= await EvidenceDb.open(file, scratch)),
      openZip: async () => (zip ??= await ZipContainer.open(file)),
      findFiles: (pred) => files.filter(pred),
      openOtherSqlite: async (other) => {
        const o = await EvidenceDb.open(other, scratch);
        others.push(o);
        return o;
      },
      progress: () => undefined,
      signal: new AbortController().signal,
      options: opts.options ?? {},
    };
    await parser.parse(ctx);
    return { drafts, warnings, bid };
  } finally {
    (db as EvidenceDb | null)?.close();
    (zip as ZipContainer | null)?.close();
    for (const o of others) o.close();
    scratch.dispose();
  }
}

export function countKinds(drafts: readonly Draft[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of drafts) out[d.kind] = (out[d.kind] ?? 0) + 1;
  return out;
}
