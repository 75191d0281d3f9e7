// The canonical export: one JSON object per line, keys sorted, no wall-clock fields, so the same
// inputs, version and configuration always give byte-identical output.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { canonicalJson } from '../model/canonical-json.js';
import type { Store } from '../store/store.js';
import { EXPORT_SECTIONS, type ExportContext } from './export-sections.js';

export interface CanonicalExportResult {
  lines: number;
  byKind: Record<string, number>;
}

export interface CanonicalExportOptions {
  /** Applied to every object before it is written (victim redaction). */
  transform?: (row: Record<string, unknown>) => Record<string, unknown>;
}

export async function writeCanonicalExport(
  store: Store,
  caseId: string,
  out: Writable,
  opts: CanonicalExportOptions = {},
): Promise<CanonicalExportResult> {
  const sources = new Map<string, { sha256: string; path: string }>();
  for (const s of await store.db
    .selectFrom('sources')
    .select(['id', 'sha256', 'path'])
    .where('case_id', '=', caseId)
    .execute()) {
    sources.set(s.id, { sha256: s.sha256, path: s.path });
  }
  const ctx: ExportContext = { store, caseId, sources };
  const byKind: Record<string, number> = {};
  let lines = 0;
  for (const section of EXPORT_SECTIONS) {
    for await (const row of section.rows(ctx)) {
      const obj = opts.transform ? opts.transform(row) : row;
      const line = canonicalJson({ kind: section.kind, ...obj }) + '\n';
      if (!out.write(line)) await once(out, 'drain');
      byKind[section.kind] = (byKind[section.kind] ?? 0) + 1;
      lines++;
    }
  }
  return { lines, byKind };
}

export async function exportCanonicalToFile(
  store: Store,
  caseId: string,
  file: string,
  opts: CanonicalExportOptions = {},
): Promise<CanonicalExportResult> {
  const out = createWriteStream(file, { flags: 'w', mode: 0o600 });
  const r = await writeCanonicalExport(store, caseId, out, opts);
  out.end();
  await once(out, 'finish');
  return r;
}
