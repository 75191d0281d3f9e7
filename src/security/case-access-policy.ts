// The case-access seam: who may do what on which case. Every server route and CLI command that
// touches case data asks a CaseAccessPolicy, and records the outcome through the AuditSink. The
// embedded mode's policy lets its single local user do everything (still audited); the security
// module replaces it with roles and per-case membership, deny by default.
import type { Actor } from '../app/app-context.js';

/**
 * What an actor does with case data. Consultation (`*.view`, `search.query`) and disclosure
 * (`export.write`) are the DPA 2018 s.62 categories that need a stated purpose.
 */
export const CASE_ACTIONS = [
  'case.list',
  'case.view',
  'search.query',
  'thread.view',
  'message.view',
  'identifier.view',
  'graph.view',
  'timeline.view',
  'finding.view',
  'finding.review',
  'annotation.write',
  'translation.review',
  'watchlist.write',
  'search.save',
  'export.write',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Actions that change case data (the rest only read it). */
export const WRITE_ACTIONS: ReadonlySet<CaseAction> = new Set([
  'finding.review',
  'annotation.write',
  'translation.review',
  'watchlist.write',
  'search.save',
]);

export interface AccessDecision {
  allowed: boolean;
  /** Why not (recorded in the audit, shown to the user as a generic refusal). */
  reason?: string;
}

export interface CaseAccessPolicy {
  /** May `actor` perform `action` on case `caseId`? Called on every case-data request. */
  decide(actor: Actor, caseId: string, action: CaseAction): Promise<AccessDecision>;
  /** The subset of `caseIds` the actor may know exist (case lists, cross-case results). */
  visibleCases(actor: Actor, caseIds: readonly string[]): Promise<string[]>;
}

/** Embedded mode: one local user on their own machine may do everything; every access is audited. */
export const localAccessPolicy: CaseAccessPolicy = {
  async decide(actor) {
    return actor.id === 'local' ? { allowed: true } : { allowed: false, reason: 'not a member' };
  },
  async visibleCases(actor, caseIds) {
    return actor.id === 'local' ? [...caseIds] : [];
  },
};
