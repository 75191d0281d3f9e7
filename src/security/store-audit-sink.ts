// The tamper-evident audit log: an AuditSink that appends hash-chained entries to the store's
// audit_log table (append-only: triggers refuse UPDATE and DELETE), lists them with filters and
// paging, and verifies the whole chain. Appends are serialised in-process and take the database's
// write lock before reading the previous hash (BEGIN IMMEDIATE on SQLite, an advisory lock on
// PostgreSQL), so several processes sharing one store still build one chain.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Store } from '../store/store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { AuditLogTable, Database } from '../store/schema.js';
import { canonicalJson } from '../model/canonical-json.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { AuditEvent, AuditSink } from './audit-sink.js';
import {
  ChainVerifier,
  GENESIS_HASH,
  auditHash,
  type AuditEntry,
  type ChainReport,
} from './audit-chain.js';
import { systemClock, type Clock } from './clock.js';

export interface AuditFilter {
  caseId?: string;
  /** Only entries of these cases (need-to-know: a supervisor sees their cases' entries). */
  caseIds?: readonly string[];
  actor?: string;
  /** Exact action, or a prefix ending in `.` (`session.`). */
  action?: string;
  outcome?: string;
  from?: number;
  to?: number;
  /** Keyset paging: entries with seq below this (newest first) or above it (oldest first). */
  cursor?: number;
  order?: 'newest' | 'oldest';
  limit?: number;
}

export interface AuditRecord {
  seq: number;
  at: number;
  actor: string;
  action: string;
  caseId: string | null;
  objects: string[];
  purpose: string | null;
  outcome: string;
  details: Record<string, unknown>;
  origin: string | null;
  prevHash: string;
  hash: string;
}

const MAX_OBJECTS = 1000;

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    actor: r.actor,
    action: r.action,
    caseId: r.case_id,
    objects: r.objects,
    purpose: r.purpose,
    outcome: r.outcome,
    details: r.details,
    origin: r.origin,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function toAuditRecord(e: AuditEntry): AuditRecord {
  return {
    ...e,
    objects: JSON.parse(e.objects) as string[],
    details: JSON.parse(e.details) as Record<string, unknown>,
  };
}

export class StoreAuditSink implements AuditSink {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Appends one event to the chain; resolves once it is committed (fail closed on error). */
  record(event: AuditEvent): Promise<void> {
    return this.append(event).then(() => undefined);
  }

  append(event: AuditEvent): Promise<AuditEntry> {
    const run = this.queue.then(() => this.appendNow(event));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(event: AuditEvent): Promise<AuditEntry> {
    const objects = (event.objects ?? []).slice(0, MAX_OBJECTS).map(String);
    const details: Record<string, unknown> = { ...(event.details ?? {}) };
    if ((event.objects?.length ?? 0) > MAX_OBJECTS) details.objectsTotal = event.objects!.length;
    const base = {
      at: this.clock(),
      actor: event.actor,
      action: event.action,
      caseId: event.caseId ?? null,
      objects: canonicalJson(objects),
      purpose: event.purpose ?? null,
      outcome: event.outcome,
      details: canonicalJson(details),
      origin: event.origin ?? null,
    };
    if (this.store instanceof SqliteStore) return this.appendSqlite(this.store, base);
    return this.store.db.connection().execute(async (db) => {
      await sql`BEGIN`.execute(db);
      await sql`SELECT pg_advisory_xact_lock(7474030)`.execute(db);
      try {
        const last = await db
          .selectFrom('audit_log')
          .select(['seq', 'hash'])
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const unhashed = {
          ...base,
          seq: last ? Number(last.seq) + 1 : 1,
          prevHash: last?.hash ?? GENESIS_HASH,
        };
        const entry: AuditEntry = { ...unhashed, hash: auditHash(unhashed) };
        await db
          .insertInto('audit_log')
          .values({
            seq: entry.seq,
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            case_id: entry.caseId,
            objects: entry.objects,
            purpose: entry.purpose,
            outcome: entry.outcome,
            details: entry.details,
            origin: entry.origin,
            prev_hash: entry.prevHash,
            hash: entry.hash,
          })
          .execute();
        await sql`COMMIT`.execute(db);
        return entry;
      } catch (e) {
        await sql`ROLLBACK`.execute(db).catch(() => undefined);
        throw new AppError(
          ErrorCodes.STORE_ERROR,
          `audit entry could not be written: ${String((e as Error).message ?? e)}`,
          {},
          { cause: e },
        );
      }
    });
  }

  /**
   * SQLite: one synchronous IMMEDIATE transaction on the store's connection (nothing else in this
   * thread can interleave, and other processes wait on the write lock).
   */
  private appendSqlite(store: SqliteStore, base: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>) {
    const last = store.conn.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const insert = store.conn.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, case_id, objects, purpose, outcome, details,
         origin, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @caseId, @objects, @purpose, @outcome, @details,
         @origin, @prevHash, @hash)`,
    );
    const tx = store.conn.transaction(() => {
      const prev = last.get() as { seq: number; hash: string } | undefined;
      const unhashed = {
        ...base,
        seq: prev ? Number(prev.seq) + 1 : 1,
        prevHash: prev?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...unhashed, hash: auditHash(unhashed) };
      insert.run(entry);
      return entry;
    });
    try {
      return tx.immediate();
    } catch (e) {
      throw new AppError(
        ErrorCodes.STORE_ERROR,
        `audit entry could not be written: ${String((e as Error).message ?? e)}`,
        {},
        { cause: e },
      );
    }
  }

  /** Entries matching `f`, newest first by default, at most `limit` (default 100, max 1000). */
  async list(f: AuditFilter = {}): Promise<{ entries: AuditRecord[]; next: number | null }> {
    const limit = Math.min(Math.max(f.limit ?? 100, 1), 1000);
    const order = f.order ?? 'newest';
    let q = (this.store.db as Kysely<Database>).selectFrom('audit_log').selectAll();
    if (f.caseId) q = q.where('case_id', '=', f.caseId);
    if (f.caseIds) {
      if (!f.caseIds.length) return { entries: [], next: null };
      q = q.where('case_id', 'in', [...f.caseIds]);
    }
    if (f.actor) q = q.where('actor', '=', f.actor);
    if (f.action)
      q = f.action.endsWith('.')
        ? q.where('action', 'like', `${f.action.replace(/[%_\\]/g, '')}%`)
        : q.where('action', '=', f.action);
    if (f.outcome) q = q.where('outcome', '=', f.outcome);
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<', f.to);
    if (f.cursor !== undefined) q = q.where('seq', order === 'newest' ? '<' : '>', f.cursor);
    const rows = await q
      .orderBy('seq', order === 'newest' ? 'desc' : 'asc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit).map((r) => toAuditRecord(toEntry(r)));
    return { entries: page, next: rows.length > limit ? page[page.length - 1]!.seq : null };
  }

  /** Every entry in chain order, page by page (for export and verification). */
  async *entries(pageSize = 5000): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      for (const r of rows) yield toEntry(r);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /**
   * Verifies the whole chain in seq order. An edited entry fails its own hash; a deleted one leaves
   * a gap and a broken link; entries moved to other positions fail both (seq is hashed). Removing
   * the newest entries is only detectable against a checkpoint recorded earlier (`checkpoint`).
   */
  async verify(checkpoint?: { seq: number; hash: string }): Promise<ChainReport> {
    const v = new ChainVerifier({ checkpoint });
    for await (const e of this.entries()) v.push(e);
    return v.report();
  }
}
