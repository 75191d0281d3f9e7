// Batch ingest of many cases from a folder-per-case layout (`<root>/<case>/<device>/…`, an optional
// `<case>/case.json` with the case record and device labels), unattended, through a queue table so
// a killed run continues where it stopped; a summary of what was read and what failed.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { BatchQueueTable } from '../store/schema.js';
import {
  CASE_STATUSES,
  createCase,
  findCase,
  type CaseRecord,
  type CaseStatus,
} from '../store/queries/cases.js';
import { ingest, type IngestResult } from '../ingest/runner.js';
import { caseIdFor, hashParts } from '../model/ids.js';
import { AppError, ErrorCodes, toAppError } from '../model/errors.js';

/** `<case folder>/case.json`: the case record to create, and per device folder its label. */
export const CaseFolderSchema = z
  .object({
    ref: z.string().min(1).optional(),
    title: z.string().optional(),
    status: z.enum(CASE_STATUSES).optional(),
    crimeTypes: z.array(z.string()).optional(),
    marking: z.string().min(1).optional(),
    owner: z.string().optional(),
    supervisor: z.string().optional(),
    devices: z
      .record(
        z.string(),
        z
          .object({
            label: z.string().min(1).optional(),
            exhibit: z.string().optional(),
            timezone: z.string().optional(),
            region: z.string().length(2).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export type CaseFolder = z.infer<typeof CaseFolderSchema>;

export const CASE_FILE = 'case.json';

export interface BatchProgress {
  done: number;
  total: number;
  caseRef: string;
  deviceDir: string;
  /** Messages read so far in this run. */
  items: number;
}

export interface BatchIngestOptions {
  root: string;
  toolVersion: string;
  scratchParent?: string;
  /** Status of cases created without a case.json status (default `closed`: a batch of old cases). */
  defaultStatus?: CaseStatus;
  /** Run failed items again (default: they stay failed and are reported). */
  retryFailed?: boolean;
  region?: string;
  batchRows?: number;
  /**
   * Called before a case is created or ingested into; throw (FORBIDDEN) to refuse. The CLI checks
   * the case-access policy here.
   */
  authorise?: (caseRef: string, exists: boolean) => Promise<void>;
  onProgress?: (p: BatchProgress) => void;
  /** Called after each queue item (tests use it to interrupt a run). */
  afterItem?: (item: BatchItem) => void | Promise<void>;
  signal?: AbortSignal;
  now?: () => number;
}

export interface BatchItem {
  id: string;
  caseRef: string;
  caseDir: string;
  deviceDir: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  deviceId: string | null;
  files: Record<string, number>;
  counts: Record<string, number>;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface BatchSummary {
  batchId: string;
  root: string;
  cases: { total: number; created: string[] };
  devices: {
    total: number;
    /** Ingested by this run. */
    ingested: number;
    /** Done by an earlier run (skipped). */
    alreadyDone: number;
    failed: number;
    pending: number;
  };
  /** Files by status (parsed, partial, failed, unsupported, companion, container) over done items. */
  files: Record<string, number>;
  /** Items read (messages, calls, contacts …) over done items. */
  counts: Record<string, number>;
  failures: Array<{ caseRef: string; deviceDir: string; code: string; message: string }>;
  /** Files and folders in the layout that are not case or device folders. */
  ignored: string[];
  elapsedMs: number;
}

interface PlannedItem {
  caseRef: string;
  caseDir: string;
  deviceDir: string;
  error?: AppError;
}

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

function readCaseFolder(dir: string): CaseFolder {
  const file = join(dir, CASE_FILE);
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${CASE_FILE} is not valid JSON: ${(e as Error).message}`,
      { file },
    );
  }
  const r = CaseFolderSchema.safeParse(raw);
  if (!r.success)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${CASE_FILE} is not a case record: ${r.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
      { file },
    );
  return r.data;
}

/** The case and device folders of a batch layout, in a fixed order. */
export function planBatch(root: string): { items: PlannedItem[]; ignored: string[] } {
  const abs = resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory())
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `batch folder ${root} is not a folder`, {
      file: root,
    });
  const items: PlannedItem[] = [];
  const ignored: string[] = [];
  for (const caseName of readdirSync(abs).sort()) {
    const caseDir = join(abs, caseName);
    if (isHidden(caseName)) continue;
    if (!statSync(caseDir).isDirectory()) {
      ignored.push(caseName);
      continue;
    }
    let meta: CaseFolder;
    try {
      meta = readCaseFolder(caseDir);
    } catch (e) {
      items.push({ caseRef: caseName, caseDir: caseName, deviceDir: '', error: toAppError(e) });
      continue;
    }
    const caseRef = (meta.ref ?? caseName).trim();
    const devices: string[] = [];
    for (const d of readdirSync(caseDir).sort()) {
      if (isHidden(d) || d === CASE_FILE) continue;
      if (statSync(join(caseDir, d)).isDirectory()) devices.push(d);
      else ignored.push(join(caseName, d));
    }
    for (const d of Object.keys(meta.devices ?? {}))
      if (!devices.includes(d))
        items.push({
          caseRef,
          caseDir: caseName,
          deviceDir: d,
          error: new AppError(
            ErrorCodes.NOT_FOUND,
            `${CASE_FILE} names device folder ${d}, which is not there`,
            { file: join(caseDir, CASE_FILE) },
          ),
        });
    if (!devices.length)
      items.push({
        caseRef,
        caseDir: caseName,
        deviceDir: '',
        error: new AppError(ErrorCodes.NOT_FOUND, `case folder ${caseName} has no device folders`, {
          file: caseDir,
        }),
      });
    for (const d of devices) items.push({ caseRef, caseDir: caseName, deviceDir: d });
  }
  return { items, ignored };
}

function toItem(r: BatchQueueTable): BatchItem {
  return {
    id: r.id,
    caseRef: r.case_ref,
    caseDir: r.case_dir,
    deviceDir: r.device_dir,
    status: r.status as BatchItem['status'],
    attempts: Number(r.attempts),
    deviceId: r.device_id,
    files: JSON.parse(r.files) as Record<string, number>,
    counts: JSON.parse(r.counts) as Record<string, number>,
    errorCode: r.error_code,
    errorMessage: r.error_message,
  };
}

export function batchIdFor(root: string): string {
  return `batch_${hashParts([resolve(root)]).slice(0, 24)}`;
}

/** The queue of a batch folder, in order. */
export async function batchQueue(store: Store, root: string): Promise<BatchItem[]> {
  const rows = await store.db
    .selectFrom('batch_queue')
    .selectAll()
    .where('batch_id', '=', batchIdFor(root))
    .orderBy('seq')
    .execute();
  return rows.map(toItem);
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Ingest every device folder of every case folder under `root`, continuing an earlier run. */
export async function ingestBatch(store: Store, opts: BatchIngestOptions): Promise<BatchSummary> {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const root = resolve(opts.root);
  const batchId = batchIdFor(root);
  const { items: planned, ignored } = planBatch(root);

  // enqueue what is new; items left `running` by a killed run go back to pending (an ingest
  // commits a device in one transaction, so a killed one left nothing behind)
  const existing = new Map(
    (
      await store.db.selectFrom('batch_queue').selectAll().where('batch_id', '=', batchId).execute()
    ).map((r) => [r.id, r]),
  );
  let seq = existing.size;
  for (const p of planned) {
    const id = `bq_${hashParts([batchId, p.caseDir, p.deviceDir]).slice(0, 24)}`;
    const prior = existing.get(id);
    if (prior) {
      if (prior.status === 'running' || (opts.retryFailed && prior.status === 'failed'))
        await store.db
          .updateTable('batch_queue')
          .set({ status: 'pending' })
          .where('id', '=', id)
          .execute();
      continue;
    }
    await store.db
      .insertInto('batch_queue')
      .values({
        id,
        batch_id: batchId,
        case_id: p.error && !p.caseRef ? '' : caseIdFor(p.caseRef),
        case_ref: p.caseRef,
        case_dir: p.caseDir,
        device_dir: p.deviceDir,
        seq: seq++,
        status: p.error ? 'failed' : 'pending',
        attempts: 0,
        ingest_id: null,
        device_id: null,
        files: '{}',
        counts: '{}',
        error_code: p.error?.code ?? null,
        error_message: p.error ? `${p.error.message}` : null,
        started_at: null,
        finished_at: p.error ? now() : null,
      })
      .execute();
  }

  const queue = await batchQueue(store, root);
  const alreadyDone = queue.filter((q) => q.status === 'done').length;
  const todo = queue.filter((q) => q.status === 'pending');
  const created: string[] = [];
  const caseCache = new Map<string, CaseRecord>();
  let done = alreadyDone + queue.filter((q) => q.status === 'failed').length;
  let messages = 0;
  let ingested = 0;

  for (const item of todo) {
    if (opts.signal?.aborted) break;
    opts.onProgress?.({
      done,
      total: queue.length,
      caseRef: item.caseRef,
      deviceDir: item.deviceDir,
      items: messages,
    });
    await store.db
      .updateTable('batch_queue')
      .set({ status: 'running', attempts: item.attempts + 1, started_at: now() })
      .where('id', '=', item.id)
      .execute();
    let result: IngestResult | null = null;
    let failure: AppError | null = null;
    try {
      const meta = readCaseFolder(join(root, item.caseDir));
      let kase = caseCache.get(item.caseRef) ?? (await findCase(store, item.caseRef));
      await opts.authorise?.(item.caseRef, kase !== null);
      if (!kase) {
        kase = await createCase(store, {
          ref: item.caseRef,
          title: meta.title ?? null,
          status: meta.status ?? opts.defaultStatus ?? 'closed',
          crimeTypes: meta.crimeTypes,
          marking: meta.marking,
          owner: meta.owner,
          supervisor: meta.supervisor,
        });
        created.push(kase.ref);
      }
      caseCache.set(item.caseRef, kase);
      const dev = meta.devices?.[item.deviceDir] ?? {};
      result = await ingest(store, {
        caseRef: kase.ref,
        inputs: [join(root, item.caseDir, item.deviceDir)],
        deviceLabel: dev.label ?? item.deviceDir,
        exhibit: dev.exhibit ?? null,
        timezone: dev.timezone ?? null,
        region: dev.region ?? opts.region,
        toolVersion: opts.toolVersion,
        scratchParent: opts.scratchParent,
        batchRows: opts.batchRows,
        signal: opts.signal,
      });
    } catch (e) {
      failure = toAppError(e, ErrorCodes.INTERNAL, {
        file: join(item.caseDir, item.deviceDir),
      });
    }
    if (failure && opts.signal?.aborted) {
      // stopped on purpose: the device committed nothing, so it is simply still to do
      await store.db
        .updateTable('batch_queue')
        .set({ status: 'pending' })
        .where('id', '=', item.id)
        .execute();
      break;
    }
    const files: Record<string, number> = {};
    for (const s of result?.sources ?? []) files[s.status] = (files[s.status] ?? 0) + 1;
    await store.db
      .updateTable('batch_queue')
      .set({
        status: failure ? 'failed' : 'done',
        ingest_id: result?.ingestId ?? null,
        device_id: result?.deviceId ?? null,
        files: JSON.stringify(files),
        counts: JSON.stringify(result?.counts ?? {}),
        error_code: failure?.code ?? null,
        error_message: failure ? failure.message.slice(0, 2000) : null,
        finished_at: now(),
      })
      .where('id', '=', item.id)
      .execute();
    done++;
    if (result) {
      ingested++;
      messages += result.counts.messages ?? 0;
    }
    await opts.afterItem?.({ ...item, status: failure ? 'failed' : 'done' });
  }
  opts.onProgress?.({ done, total: queue.length, caseRef: '', deviceDir: '', items: messages });

  const final = await batchQueue(store, root);
  const files: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const q of final.filter((x) => x.status === 'done')) {
    add(files, q.files);
    add(counts, q.counts);
  }
  const failed = final.filter((q) => q.status === 'failed');
  return {
    batchId,
    root,
    cases: { total: new Set(final.map((q) => q.caseRef)).size, created },
    devices: {
      total: final.length,
      ingested,
      alreadyDone,
      failed: failed.length,
      pending: final.filter((q) => q.status === 'pending' || q.status === 'running').length,
    },
    files,
    counts,
    failures: failed.map((q) => ({
      caseRef: q.caseRef,
      deviceDir: q.deviceDir,
      code: q.errorCode ?? ErrorCodes.INTERNAL,
      message: q.errorMessage ?? '',
    })),
    ignored,
    elapsedMs: now() - t0,
  };
}
