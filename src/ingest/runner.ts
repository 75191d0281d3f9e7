// The ingest runner: walks the inputs, lets every parser bid on each file, streams the winner's
// drafts into the store in batches, records each file's status, and commits one extraction in one
// transaction (so a killed ingest leaves nothing, and running it again gives the same result).
import { resolve } from 'node:path';
import { AppError, ErrorCodes, toAppError, type ErrorCode } from '../model/errors.js';
import { makeId } from '../model/ids.js';
import { IdentifierNormaliser } from '../model/identifiers.js';
import type { ArtefactType, Draft, SourceStatus } from '../model/entities.js';
import { canonicalJson } from '../model/canonical-json.js';
import type { EvidenceFile } from '../evidence/evidence-file.js';
import { DiskFile } from '../evidence/disk-file.js';
import { EvidenceDb } from '../evidence/evidence-sqlite.js';
import { ZipContainer, type ZipBudget } from '../evidence/zip-container.js';
import { ScratchSpace } from '../evidence/scratch-space.js';
import type { Store, Row } from '../store/store.js';
import { requireCase } from '../store/queries/cases.js';
import type { Parser, ParseContext, ParserOptions } from './parser.js';
import { parserTag } from './parser.js';
import { PARSERS } from './registry.js';
import { FileProbe } from './probe.js';
import { FLUSH_ORDER, RowBuffer, RowBuilder } from './row-builder.js';
import { walkInputs } from './walker.js';
import { presentIosBackups } from './ios-backup.js';
import type { ProgressListener } from './progress.js';
import { maintainCrossmatch, type CrossmatchAlert } from '../store/queries/crossmatch-index.js';

export interface IngestOptions {
  caseRef: string;
  inputs: readonly string[];
  /** Device label; defaults to the first input's base name. */
  deviceLabel?: string;
  exhibit?: string | null;
  /** Region for national phone numbers (default GB). */
  region?: string;
  timezone?: string | null;
  toolVersion: string;
  /** Parent folder of the scratch space (working copies). */
  scratchParent?: string;
  parsers?: readonly Parser[];
  /** Rows buffered before a batched write. */
  batchRows?: number;
  /** Minimum bid for a parser to take a file. */
  minBid?: number;
  /** Deepest archive nesting expanded. */
  maxArchiveDepth?: number;
  zipBudget?: (archiveBytes: number) => ZipBudget;
  onProgress?: ProgressListener;
  /** Called after each file is done (tests use it to interrupt an ingest). */
  afterFile?: (path: string, index: number) => void | Promise<void>;
  signal?: AbortSignal;
  /** Options for the parsers they concern (CSV profile, profile folder); timezone defaults to the device's. */
  parserOptions?: ParserOptions;
}

export interface SourceSummary {
  id: string;
  path: string;
  sha256: string;
  status: SourceStatus;
  parser: string | null;
  counts: Record<string, number>;
  errorCode: ErrorCode | null;
  errorMessage: string | null;
  anomalies: string[];
  /** True when the file was already ingested with the same parser version and was skipped. */
  unchanged: boolean;
}

export interface IngestResult {
  ingestId: string;
  caseId: string;
  deviceId: string;
  sources: SourceSummary[];
  counts: Record<string, number>;
  elapsedMs: number;
  /** The device's identifiers in the cross-case index, and watch alerts this ingest raised. */
  crossmatch?: { keys: number; alerts: CrossmatchAlert[] };
}

interface QueueItem {
  file: EvidenceFile;
  depth: number;
}

const ITEM_KINDS: Record<Draft['kind'], ArtefactType> = {
  message: 'messages',
  call: 'calls',
  contact: 'contacts',
  thread: 'threads',
  location: 'locations',
  media: 'media',
  'device-info': 'device-info',
  'identifier-link': 'accounts',
};

export async function ingest(store: Store, opts: IngestOptions): Promise<IngestResult> {
  const t0 = Date.now();
  const c = await requireCase(store, opts.caseRef);
  const parsers = opts.parsers ?? PARSERS;
  const minBid = opts.minBid ?? 10;
  const maxDepth = opts.maxArchiveDepth ?? 3;
  const batchRows = opts.batchRows ?? 5000;
  const region = (opts.region ?? 'GB').toUpperCase();
  const parserOptions: ParserOptions = {
    ...(opts.timezone ? { timezone: opts.timezone } : {}),
    ...opts.parserOptions,
  };
  if (opts.inputs.length === 0)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'no input paths given');

  opts.onProgress?.({ phase: 'listing', filesDone: 0, filesTotal: 0, items: 0, elapsedMs: 0 });
  const walked = await walkInputs(opts.inputs);
  const label = (opts.deviceLabel ?? walked.files[0]?.path.split('/')[0] ?? opts.inputs[0]!).trim();
  const deviceId = makeId('device', [c.id, label]);
  const ingestId = makeId('ingest', [
    c.id,
    deviceId,
    ...[...opts.inputs].map((i) => i.replace(/\/+$/, '')).sort(),
  ]);

  const scratch = new ScratchSpace(opts.scratchParent);
  const writer = await store.openWriter();
  const buffer = new RowBuffer();
  const normaliser = new IdentifierNormaliser(region);
  const builder = new RowBuilder(
    c.id,
    deviceId,
    normaliser,
    buffer,
    { id: '', sha256: '', path: '' },
    '',
  );
  const summaries: SourceSummary[] = [];
  const totals: Record<string, number> = {};
  const queue: QueueItem[] = [];
  const openArchives: ZipContainer[] = [];
  /** Files another source read through itself (a report's extracted files) → why. */
  const claimed = new Map<EvidenceFile, string>();
  const processed = new Set<EvidenceFile>();
  let items = 0;

  const flush = async () => {
    if (buffer.size === 0) return;
    for (const table of FLUSH_ORDER) {
      const rows = buffer.tables.get(table);
      if (rows?.length) await writer.insert(table, rows);
    }
    buffer.clear();
  };

  const progress = (
    phase: 'hashing' | 'parsing' | 'verifying' | 'committing' | 'done',
    index: number,
    file?: string,
  ) =>
    opts.onProgress?.({
      phase,
      file,
      filesDone: index,
      filesTotal: queue.length,
      items,
      elapsedMs: Date.now() - t0,
    });

  let result: IngestResult;
  try {
    // an iTunes/Finder backup's hashed files are presented under their logical paths
    queue.push(
      ...(await presentIosBackups(walked.files, scratch)).map((file) => ({ file, depth: 0 })),
    );
    // files that claim others of their extraction (a bare report.xml) are read first (stable)
    const first = (f: EvidenceFile) => parsers.some((p) => p.readsFirst?.(f) ?? false);
    queue.sort((a, b) => Number(first(b.file)) - Number(first(a.file)));
    await writer.begin();
    await writer.insert('devices', [
      {
        id: deviceId,
        case_id: c.id,
        label,
        exhibit: opts.exhibit ?? null,
        region,
        timezone: opts.timezone ?? null,
        model: null,
        os: null,
        name: null,
        facts: '{}',
      },
    ]);

    for (let index = 0; index < queue.length; index++) {
      if (opts.signal?.aborted) throw new AppError(ErrorCodes.JOB_FAILED, 'ingest cancelled');
      const { file, depth } = queue[index]!;
      progress('hashing', index, file.path);
      const summary = await processFile(file, depth);
      processed.add(file);
      summaries.push(summary);
      for (const [k, v] of Object.entries(summary.counts)) totals[k] = (totals[k] ?? 0) + v;
      progress('parsing', index + 1, file.path);
      await opts.afterFile?.(file.path, index);
    }
    await flush();

    for (const s of walked.skipped) {
      summaries.push({
        id: makeId('source', [c.id, deviceId, s.path, 'skipped']),
        path: s.path,
        sha256: '',
        status: 'unsupported',
        parser: null,
        counts: {},
        errorCode: ErrorCodes.SOURCE_UNREADABLE,
        errorMessage: s.reason,
        anomalies: [],
        unchanged: false,
      });
    }

    // The source must be exactly as it was when we hashed it.
    progress('verifying', queue.length);
    for (const { file: f } of queue) {
      const file = f.stored ?? f;
      if (!(file instanceof DiskFile)) continue;
      const before = await file.sha256();
      const after = await file.rehash();
      if (before !== after) {
        throw new AppError(
          ErrorCodes.SOURCE_CHANGED,
          `source changed during ingest: SHA-256 was ${before}, now ${after}`,
          { file: file.path },
        );
      }
    }

    const f = builder.deviceFacts;
    // Sources skipped as unchanged yield no facts this time: keep what an earlier ingest read, so
    // ingesting the same extraction again leaves the device (and the canonical export) as it was.
    const earlier = await store.db
      .selectFrom('devices')
      .select(['timezone', 'model', 'os', 'name', 'facts'])
      .where('id', '=', deviceId)
      .executeTakeFirst();
    const earlierFacts = earlier ? (JSON.parse(earlier.facts) as Record<string, unknown>) : {};
    await writer.upsert(
      'devices',
      [
        {
          id: deviceId,
          case_id: c.id,
          label,
          exhibit: opts.exhibit ?? null,
          region,
          timezone: opts.timezone ?? f.timezone ?? earlier?.timezone ?? null,
          model: f.model ?? earlier?.model ?? null,
          os: f.os ?? earlier?.os ?? null,
          name: f.name ?? earlier?.name ?? null,
          facts: canonicalJson({ ...earlierFacts, ...f.facts }),
        },
      ],
      ['id'],
    );
    const elapsedMs = Date.now() - t0;
    await writer.upsert(
      'ingests',
      [
        {
          id: ingestId,
          case_id: c.id,
          device_id: deviceId,
          status: 'committed',
          inputs: JSON.stringify(opts.inputs),
          tool_version: opts.toolVersion,
          started_at: t0,
          finished_at: Date.now(),
          counts: canonicalJson(totals),
          error: null,
        },
      ],
      ['id'],
    );
    progress('committing', queue.length);
    await writer.commit();
    progress('done', queue.length);
    result = { ingestId, caseId: c.id, deviceId, sources: summaries, counts: totals, elapsedMs };
  } catch (e) {
    await writer.rollback();
    throw toAppError(e, ErrorCodes.INTERNAL);
  } finally {
    for (const z of openArchives) z.close();
    await writer.close();
    scratch.dispose();
  }
  // the evidence is committed; the cross-case index is derived from it and can be rebuilt
  result.crossmatch = await maintainCrossmatch(store, c.id, deviceId, ingestId);
  return result;

  async function writeSource(
    s: SourceSummary,
    file: EvidenceFile,
    artefacts: readonly string[],
  ): Promise<void> {
    const row: Row = {
      id: s.id,
      case_id: c.id,
      device_id: deviceId,
      ingest_id: ingestId,
      sha256: s.sha256,
      path: file.path,
      // absolute, so `threadline verify` finds the evidence again from any working folder
      origin: resolve(file.origin),
      container_id: file.container ? sourceIdOf(file.container) : null,
      stored_path: file.stored?.path ?? null,
      size: file.size,
      status: s.status,
      parser: s.parser,
      artefacts: JSON.stringify(artefacts),
      error_code: s.errorCode,
      error_message: s.errorMessage,
      counts: canonicalJson(s.counts),
      flags: JSON.stringify([...new Set(s.anomalies)].sort()),
    };
    await writer.upsert('sources', [row], ['id']);
    await flush();
  }

  function sourceIdOf(file: EvidenceFile): string {
    return (
      (file as EvidenceFile & { _sourceId?: string })._sourceId ??
      makeId('source', [c.id, deviceId, file.path])
    );
  }

  async function processFile(file: EvidenceFile, depth: number): Promise<SourceSummary> {
    const summary: SourceSummary = {
      id: '',
      path: file.path,
      sha256: '',
      status: 'pending',
      parser: null,
      counts: {},
      errorCode: null,
      errorMessage: null,
      anomalies: [...file.anomalies],
      unchanged: false,
    };
    try {
      summary.sha256 = await file.sha256();
    } catch (e) {
      const err = toAppError(e, ErrorCodes.SOURCE_UNREADABLE, { file: file.path });
      summary.id = makeId('source', [c.id, deviceId, file.path, 'unreadable']);
      summary.sha256 = 'unreadable';
      summary.status = 'failed';
      summary.errorCode = err.code;
      summary.errorMessage = err.message;
      (file as EvidenceFile & { _sourceId?: string })._sourceId = summary.id;
      await writeSource(summary, file, []);
      return summary;
    }
    summary.id = makeId('source', [c.id, deviceId, file.path, summary.sha256]);
    (file as EvidenceFile & { _sourceId?: string })._sourceId = summary.id;

    if (file.isCompanion) {
      summary.status = 'companion';
      await writeSource(summary, file, []);
      return summary;
    }
    const claim = claimed.get(file);
    const earlier = claim
      ? null
      : await store.db
          .selectFrom('sources')
          .select(['status', 'flags'])
          .where('id', '=', summary.id)
          .executeTakeFirst();
    // claimed now, or by an earlier ingest of the same file whose claiming source is unchanged
    const claimNote =
      claim ??
      (earlier?.status === 'companion'
        ? (JSON.parse(earlier.flags) as string[]).find((f) => f.startsWith('read through '))
        : undefined);
    if (claimNote) {
      summary.status = 'companion';
      summary.anomalies.push(claim ? `read through ${claim}` : claimNote);
      summary.unchanged = !claim;
      await writeSource(summary, file, []);
      return summary;
    }
    if (file.preset) {
      summary.status = file.preset.status;
      summary.errorCode = file.preset.code ?? null;
      summary.errorMessage = file.preset.message ?? null;
      summary.counts = { ...(file.preset.counts ?? {}) };
      await writeSource(summary, file, []);
      return summary;
    }

    let db: EvidenceDb | null = null;
    let zip: ZipContainer | null = null;
    const others: EvidenceDb[] = [];
    const openDb = async () => (db ??= await EvidenceDb.open(file, scratch));
    const openZip = async () => {
      if (!zip) {
        zip = await ZipContainer.open(file, opts.zipBudget?.(file.size));
        openArchives.push(zip);
      }
      return zip;
    };
    try {
      const head = await file.head(4096);
      const probe = new FileProbe(file, head, openDb, openZip, parserOptions);
      let best: Parser | null = null;
      let bestScore = 0;
      for (const p of parsers) {
        let score = 0;
        try {
          score = await p.bid(probe);
        } catch {
          score = 0;
        }
        if (score > bestScore) {
          best = p;
          bestScore = score;
        }
      }

      if (!best || bestScore < minBid) {
        if (probe.isZip) return await expandArchive(file, depth, summary, openZip);
        summary.status = 'unsupported';
        summary.errorCode = ErrorCodes.UNSUPPORTED_FORMAT;
        summary.errorMessage = probe.isSqlite
          ? `no parser recognises this SQLite database (tables: ${[...(await probe.sqliteTables())].slice(0, 12).join(', ')})`
          : 'no parser recognises this file';
        await writeSource(summary, file, []);
        return summary;
      }

      const tag = parserTag(best);
      summary.parser = tag;
      const prior = await store.db
        .selectFrom('sources')
        .select(['parser', 'status', 'counts'])
        .where('id', '=', summary.id)
        .executeTakeFirst();
      if (prior && prior.parser === tag) {
        summary.status = prior.status as SourceStatus;
        summary.counts = JSON.parse(prior.counts) as Record<string, number>;
        summary.unchanged = true;
        return summary;
      }
      if (prior) await writer.deleteSourceItems(summary.id);

      summary.status = 'pending';
      await writeSource(summary, file, best.artefacts);
      builder.setSource({ id: summary.id, sha256: summary.sha256, path: file.path }, tag);
      const ctx: ParseContext = {
        file,
        region,
        emit: async (d: Draft) => {
          builder.add(d);
          if (buffer.size >= batchRows) {
            items += buffer.tables.get('messages')?.length ?? 0;
            await flush();
          }
        },
        warn: (code, message, record) => {
          summary.anomalies.push(
            `${code}${record ? ` @ ${record}` : ''}: ${message}`.slice(0, 500),
          );
        },
        openSqlite: openDb,
        openZip,
        findFiles: (pred) => queue.map((q) => q.file).filter(pred),
        claim: (other, note) => {
          if (other !== file && !processed.has(other) && !other.isCompanion)
            claimed.set(other, `${file.path} (${tag}): ${note}`);
        },
        openOtherSqlite: async (other) => {
          const o = await EvidenceDb.open(other, scratch);
          others.push(o);
          return o;
        },
        progress: () => undefined,
        signal: opts.signal ?? new AbortController().signal,
        options: parserOptions,
      };
      try {
        await best.parse(ctx);
        summary.status = 'parsed';
      } catch (e) {
        const err = toAppError(e, ErrorCodes.PARSE_ERROR, { file: file.path });
        const emitted = Object.values(builder.counts).reduce((a, b) => a + b, 0);
        summary.status =
          emitted > 0
            ? 'partial'
            : err.code === ErrorCodes.UNSUPPORTED_FORMAT
              ? 'unsupported'
              : 'failed';
        summary.errorCode = err.code;
        summary.errorMessage = err.message.slice(0, 2000);
        if (err.details.record) summary.errorMessage += ` (record ${String(err.details.record)})`;
      }
      if (db) summary.anomalies.push(...(db as EvidenceDb).anomalies);
      summary.counts = Object.fromEntries(
        Object.entries(builder.counts).map(([k, v]) => [ITEM_KINDS[k as Draft['kind']] ?? k, v]),
      );
      items += buffer.tables.get('messages')?.length ?? 0;
      builder.flushActivity();
      await writeSource(summary, file, best.artefacts);
      return summary;
    } catch (e) {
      const err = toAppError(e, ErrorCodes.PARSE_ERROR, { file: file.path });
      summary.status = 'failed';
      summary.errorCode = err.code;
      summary.errorMessage = err.message.slice(0, 2000);
      await writeSource(summary, file, []);
      return summary;
    } finally {
      if (db) (db as EvidenceDb).close();
      for (const o of others) o.close();
    }
  }

  async function expandArchive(
    file: EvidenceFile,
    depth: number,
    summary: SourceSummary,
    openZip: () => Promise<ZipContainer>,
  ): Promise<SourceSummary> {
    if (depth >= maxDepth) {
      summary.status = 'failed';
      summary.errorCode = ErrorCodes.ZIP_NESTING;
      summary.errorMessage = `archive nested deeper than ${maxDepth} levels is not expanded`;
      await writeSource(summary, file, []);
      return summary;
    }
    const zip = await openZip();
    const entries = await presentIosBackups(zip.files(scratch), scratch);
    summary.status = 'container';
    summary.anomalies.push(...zip.anomalies);
    summary.counts = { entries: entries.length };
    await writeSource(summary, file, []);
    queue.push(...entries.map((f) => ({ file: f, depth: depth + 1 })));
    return summary;
  }
}
