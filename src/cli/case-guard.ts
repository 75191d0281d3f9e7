// The CLI's case-access check: the same policy as the HTTP seam (decide before looking the case
// up, so a refusal says nothing about which cases exist), and an audit entry for every access,
// refused or allowed.
import type { AppContext } from '../app/app-context.js';
import type { CaseAction } from '../security/case-access-policy.js';
import type { GlobalAction } from '../security/roles.js';
import { findCase, type CaseRecord } from '../store/queries/cases.js';
import { caseIdFor } from '../model/ids.js';
import { AppError, ErrorCodes } from '../model/errors.js';

export interface CaseGuardOptions {
  purpose?: string | null;
  details?: Record<string, unknown>;
  objects?: string[];
  /** false when the command records its own, more specific audit entry after the work. */
  record?: boolean;
}

/** Checks that the CLI's actor may perform `action` on case `ref`, audits it, returns the case. */
export async function openCase(
  app: AppContext,
  ref: string,
  action: CaseAction,
  opts: CaseGuardOptions = {},
): Promise<CaseRecord> {
  const caseId = ref.startsWith('case_') ? ref : caseIdFor(ref.trim());
  const event = {
    actor: app.actor.id,
    action,
    caseId,
    objects: opts.objects ?? [],
    purpose: opts.purpose ?? null,
    details: opts.details ?? {},
    origin: 'cli',
  };
  const decision = await app.access.decide(app.actor, caseId, action);
  if (!decision.allowed) {
    await app.audit.record({
      ...event,
      outcome: 'denied',
      details: { ...event.details, reason: decision.reason ?? 'refused by policy' },
    });
    throw new AppError(ErrorCodes.FORBIDDEN, `you do not have access to case ${ref} (${action})`);
  }
  const kase = await findCase(app.store, ref);
  if (!kase) {
    await app.audit.record({
      ...event,
      outcome: 'error',
      details: { ...event.details, reason: 'no such case' },
    });
    throw new AppError(ErrorCodes.NOT_FOUND, `no case ${ref}`, { caseRef: ref });
  }
  if (opts.record !== false)
    await app.audit.record({ ...event, caseId: kase.id, outcome: 'success' });
  return kase;
}

/** Checks an action that concerns no single case (creating cases, reading the audit log). */
export async function requireGlobal(
  app: AppContext,
  action: GlobalAction,
  details: Record<string, unknown> = {},
): Promise<void> {
  const decision = (await app.access.allowsGlobal?.(app.actor, action)) ?? {
    allowed: false,
    reason: 'policy has no global actions',
  };
  if (decision.allowed) return;
  await app.audit.record({
    actor: app.actor.id,
    action,
    outcome: 'denied',
    details: { ...details, reason: decision.reason ?? 'refused by policy' },
    origin: 'cli',
  });
  throw new AppError(ErrorCodes.FORBIDDEN, `you may not ${action}`);
}
