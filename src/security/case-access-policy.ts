// The case-access seam: who may do what on which case. Every server route and CLI command that
// touches case data asks a CaseAccessPolicy, and records the outcome through the AuditSink. The
// embedded mode's policy lets its single local user do everything (still audited); the security
// module replaces it with roles and per-case membership, deny by default.
import type { Actor } from '../app/app-context.js';
import type { GlobalAction } from './roles.js';

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
  // changes made from the command line (and later the API)
  'case.update',
  'ingest.run',
  'translation.run',
  'glossary.write',
  'person.decide',
  'analysis.run',
  /** Grant or revoke case membership. */
  'access.grant',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Actions that change case data (the rest only read it). */
export const WRITE_ACTIONS: ReadonlySet<CaseAction> = new Set([
  'finding.review',
  'annotation.write',
  'translation.review',
  'watchlist.write',
  'search.save',
  'case.update',
  'ingest.run',
  'translation.run',
  'glossary.write',
  'person.decide',
  'analysis.run',
  'access.grant',
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
  /** May `actor` perform an action that concerns no single case? Missing means no. */
  allowsGlobal?(actor: Actor, action: GlobalAction): Promise<AccessDecision>;
}

/** Embedded mode: one local user on their own machine may do everything; every access is audited. */
export const localAccessPolicy: CaseAccessPolicy = {
  async decide(actor) {
    return actor.id === 'local' ? { allowed: true } : { allowed: false, reason: 'not a member' };
  },
  async visibleCases(actor, caseIds) {
    return actor.id === 'local' ? [...caseIds] : [];
  },
  async allowsGlobal(actor) {
    return actor.id === 'local'
      ? { allowed: true }
      : { allowed: false, reason: 'not the local user' };
  },
};
