// The audit hash chain: each entry's hash is SHA-256 over a canonical serialisation of its fields
// and the previous entry's hash, so editing, deleting or reordering any entry breaks the chain
// from that point. Pure functions: the store-backed sink writes entries, `verifyAuditChain` checks.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** One stored entry, as its columns hold it (objects and details as canonical JSON text). */
export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  caseId: string | null;
  objects: string;
  purpose: string | null;
  outcome: string;
  details: string;
  origin: string | null;
  prevHash: string;
  hash: string;
}

/** The bytes an entry's hash covers: every field but the hash itself, keys sorted. */
export function auditCanonical(e: Omit<AuditEntry, 'hash'>): string {
  return canonicalJson({
    v: 1,
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    caseId: e.caseId,
    objects: e.objects,
    purpose: e.purpose,
    outcome: e.outcome,
    details: e.details,
    origin: e.origin,
    prevHash: e.prevHash,
  });
}

export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditCanonical(e), 'utf8').digest('hex');
}

export type ChainProblemKind = 'hash-mismatch' | 'broken-link' | 'missing' | 'out-of-order';

export interface ChainProblem {
  seq: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Entries checked. */
  count: number;
  /** Sequence number and hash of the last entry (record them off-host to detect truncation). */
  headSeq: number;
  headHash: string;
  problems: ChainProblem[];
}

/**
 * Checks entries in stored order (by seq) and accumulates problems; feed pages in order and call
 * `report()` at the end. Stops collecting after `maxProblems` (the first break is what matters).
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private prevSeq = 0;
  private count = 0;
  private checkpointSeen = false;
  readonly problems: ChainProblem[] = [];

  constructor(
    private readonly opts: {
      maxProblems?: number;
      /** A head recorded earlier (off-host): detects truncation of the log after it. */
      checkpoint?: { seq: number; hash: string };
    } = {},
  ) {}

  private add(p: ChainProblem) {
    if (this.problems.length < (this.opts.maxProblems ?? 100)) this.problems.push(p);
  }

  push(e: AuditEntry): void {
    this.count++;
    if (e.seq !== this.prevSeq + 1) {
      if (e.seq <= this.prevSeq)
        this.add({
          seq: e.seq,
          kind: 'out-of-order',
          message: `entry ${e.seq} after ${this.prevSeq}`,
        });
      else
        this.add({
          seq: e.seq,
          kind: 'missing',
          message: `entries ${this.prevSeq + 1}..${e.seq - 1} are missing`,
        });
    }
    if (e.prevHash !== this.prevHash)
      this.add({
        seq: e.seq,
        kind: 'broken-link',
        message: `entry ${e.seq} does not follow the entry before it (previous hash differs)`,
      });
    if (auditHash(e) !== e.hash)
      this.add({
        seq: e.seq,
        kind: 'hash-mismatch',
        message: `entry ${e.seq} was changed after it was written (hash differs)`,
      });
    const cp = this.opts.checkpoint;
    if (cp && e.seq === cp.seq) {
      this.checkpointSeen = true;
      if (e.hash !== cp.hash)
        this.add({
          seq: e.seq,
          kind: 'hash-mismatch',
          message: `entry ${e.seq} differs from the recorded checkpoint`,
        });
    }
    this.prevHash = e.hash;
    this.prevSeq = e.seq;
  }

  report(): ChainReport {
    const cp = this.opts.checkpoint;
    if (cp && !this.checkpointSeen)
      this.add({
        seq: cp.seq,
        kind: 'missing',
        message: `a checkpoint recorded entry ${cp.seq} but the log ends at ${this.prevSeq}`,
      });
    return {
      ok: this.problems.length === 0,
      count: this.count,
      headSeq: this.prevSeq,
      headHash: this.prevHash,
      problems: this.problems,
    };
  }
}

export function verifyAuditChain(entries: Iterable<AuditEntry>): ChainReport {
  const v = new ChainVerifier();
  for (const e of entries) v.push(e);
  return v.report();
}
