// The SQLite bulk writer run on a worker thread: inserts are pipelined (the caller does not wait for
// each batch), with bounded batches in flight; the first failure fails every later call and commit.
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type { BulkWriter, Row } from '../store.js';
import type { TableName } from '../schema.js';
import type { WriterOp, WriterReply, WriterRequest } from './sqlite-writer-worker.js';

const here = fileURLToPath(import.meta.url);
const isTs = here.endsWith('.ts');

export class SqliteThreadedWriter implements BulkWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WriterReply) => void }>();
  private inFlight: Array<Promise<WriterReply>> = [];
  private failure: AppError | null = null;
  private txn = false;

  constructor(
    file: string,
    private readonly maxInFlight = 4,
  ) {
    const entry = pathToFileURL(
      join(dirname(here), `sqlite-writer-worker.${isTs ? 'ts' : 'js'}`),
    ).href;
    // A tiny bootstrap: under TypeScript sources (tests) it registers tsx in the worker first.
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       (async () => {
         if (workerData.ts) (await import('tsx/esm/api')).register();
         await import(workerData.entry);
       })().catch((e) => { throw e; });`,
      { eval: true, workerData: { file, entry, ts: isTs } },
    );
    this.worker.on('message', (r: WriterReply) => {
      const p = this.pending.get(r.id);
      if (p) {
        this.pending.delete(r.id);
        p.resolve(r);
      }
    });
    this.worker.on('error', (e) => {
      this.failure ??= new AppError(
        ErrorCodes.STORE_ERROR,
        `store writer thread failed: ${e.message}`,
        {},
        { cause: e },
      );
      for (const [, p] of this.pending)
        p.resolve({ id: 0, ok: false, error: { message: e.message } });
      this.pending.clear();
    });
  }

  get inTransaction(): boolean {
    return this.txn;
  }

  private send(body: WriterOp): Promise<WriterReply> {
    const id = this.nextId++;
    const req: WriterRequest = { id, body };
    const p = new Promise<WriterReply>((resolve) => this.pending.set(id, { resolve }));
    this.worker.postMessage(req);
    return p.then((r) => {
      if (!r.ok && !this.failure) {
        this.failure = new AppError(
          ErrorCodes.STORE_ERROR,
          `store write failed (${body.op}): ${r.error?.message ?? 'unknown'}`,
          { sqliteCode: r.error?.code },
        );
      }
      if (r.inTransaction !== undefined) this.txn = r.inTransaction;
      return r;
    });
  }

  /** Wait for every pipelined write; throw the first failure. */
  private async drain(): Promise<void> {
    const all = this.inFlight;
    this.inFlight = [];
    await Promise.all(all);
    if (this.failure) throw this.failure;
  }

  private async call(body: WriterOp): Promise<number> {
    await this.drain();
    const r = await this.send(body);
    if (this.failure) throw this.failure;
    return r.result ?? 0;
  }

  async begin(): Promise<void> {
    await this.call({ op: 'begin' });
  }

  async commit(): Promise<void> {
    await this.call({ op: 'commit' });
  }

  async rollback(): Promise<void> {
    this.inFlight = [];
    const r = await this.send({ op: 'rollback' });
    if (!r.ok)
      throw new AppError(ErrorCodes.STORE_ERROR, `rollback failed: ${r.error?.message ?? ''}`);
  }

  /** Pipelined: returns once the batch is queued (the count is therefore not known: 0 is returned). */
  async insert(table: TableName, rows: readonly Row[]): Promise<number> {
    if (this.failure) throw this.failure;
    const first = rows[0];
    if (!first) return 0;
    const cols = Object.keys(first);
    const arrays = rows.map((r) => cols.map((c) => r[c]));
    // inserting a batch in key order keeps index page writes local
    const k = cols.indexOf('id');
    if (k >= 0) arrays.sort((a, b) => (String(a[k]) < String(b[k]) ? -1 : 1));
    this.inFlight.push(this.send({ op: 'insert', table, cols, rows: arrays }));
    if (this.inFlight.length >= this.maxInFlight) {
      await this.inFlight.shift();
      if (this.failure) throw this.failure;
    }
    return 0;
  }

  async upsert(
    table: TableName,
    rows: readonly Row[],
    conflictColumns: readonly string[],
  ): Promise<number> {
    const first = rows[0];
    if (!first) return 0;
    const cols = Object.keys(first);
    return this.call({
      op: 'upsert',
      table,
      cols,
      rows: rows.map((r) => cols.map((c) => r[c])),
      conflict: [...conflictColumns],
    });
  }

  async deleteWhere(table: TableName, column: string, value: string): Promise<number> {
    return this.call({ op: 'deleteWhere', table, column, value });
  }

  async deleteSourceItems(sourceId: string): Promise<number> {
    return this.call({ op: 'deleteSourceItems', sourceId });
  }

  async close(): Promise<void> {
    try {
      await Promise.allSettled(this.inFlight);
      this.inFlight = [];
      await this.send({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }
}
