// The audit seam: every view, search, export, decision and access change of case data is recorded
// through an AuditSink. The tamper-evident, hash-chained implementation lives in this folder.

export type AuditOutcome = 'success' | 'denied' | 'error';

export interface AuditEvent {
  /** Who acted (user id, or `local` in embedded mode). */
  actor: string;
  /** Verb-noun: `case.create`, `ingest.run`, `search.query`, `export.write`, `finding.review` … */
  action: string;
  caseId?: string | null;
  /** Ids of the objects touched (messages, findings, exports …). */
  objects?: string[];
  /** The stated reason, where the law asks for one (consultation and disclosure). */
  purpose?: string | null;
  outcome: AuditOutcome;
  /** Small, non-evidential details (a search query, an export format, a count). Never message content. */
  details?: Record<string, unknown>;
  /** Where the request came from (IP, `cli`). */
  origin?: string;
}

export interface AuditSink {
  record(event: AuditEvent): Promise<void>;
}

/** Collects events in memory (tests, and until a store-backed log is configured). */
export class MemoryAuditSink implements AuditSink {
  readonly events: Array<AuditEvent & { at: number }> = [];
  async record(event: AuditEvent): Promise<void> {
    this.events.push({ ...event, at: Date.now() });
  }
}
