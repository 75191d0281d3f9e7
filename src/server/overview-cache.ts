// Case-wide aggregates (counts per device, languages found) cost a scan of every message; they are
// kept per case and recomputed only when the case's data changes (a new ingest, more messages).
import { sql } from 'kysely';
import type { Store } from '../store/store.js';

interface Entry<T> {
  fingerprint: string;
  value: Promise<T>;
}

export class CaseMemo {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly store: Store) {}

  /** A cheap token that changes whenever ingest (or a later writer) changes the case's data. */
  async fingerprint(caseId: string): Promise<string> {
    const r = await sql<{
      seq: number | null;
      ingests: number;
      last: number | null;
      lang: number | null;
    }>`
      SELECT (SELECT max(seq) FROM messages) AS seq,
             (SELECT count(*) FROM ingests WHERE case_id = ${caseId}) AS ingests,
             (SELECT max(finished_at) FROM ingests WHERE case_id = ${caseId}) AS last,
             (SELECT value FROM settings WHERE key = ${`case-data-version:${caseId}`}) AS lang`.execute(
      this.store.db,
    );
    const row = r.rows[0];
    return `${row?.seq ?? 0}:${row?.ingests ?? 0}:${row?.last ?? 0}:${row?.lang ?? ''}`;
  }

  /** The cached value for (case, name), recomputed when the fingerprint has changed. */
  async get<T>(caseId: string, name: string, compute: () => Promise<T>): Promise<T> {
    const key = `${caseId}\u0000${name}`;
    const fp = await this.fingerprint(caseId);
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === fp) return hit.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { fingerprint: fp, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
