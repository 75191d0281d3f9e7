// Per-case membership (need-to-know): who may see a case, granted and revoked by a supervisor of
// the case or an administrator, every change audited; and the CaseAccessPolicy of multi-user mode:
// deny by default, allow when the actor is a member AND one of their roles allows the action.
import type { Store } from '../store/store.js';
import type { Actor } from '../app/app-context.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { AuditSink } from './audit-sink.js';
import type { AccessDecision, CaseAccessPolicy, CaseAction } from './case-access-policy.js';
import { rolesAllowCase, rolesAllowGlobal, type GlobalAction } from './roles.js';
import { systemClock, type Clock } from './clock.js';

export interface CaseMember {
  caseId: string;
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  grantedBy: string;
  grantedAt: number;
}

export async function isMember(store: Store, caseId: string, userId: string): Promise<boolean> {
  const r = await store.db
    .selectFrom('case_members')
    .select('user_id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!r;
}

export async function listMembers(store: Store, caseId: string): Promise<CaseMember[]> {
  const rows = await store.db
    .selectFrom('case_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.case_id',
      'm.user_id',
      'u.username',
      'u.display_name',
      'u.roles',
      'm.granted_by',
      'm.granted_at',
    ])
    .where('m.case_id', '=', caseId)
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    roles: JSON.parse(r.roles) as string[],
    grantedBy: r.granted_by,
    grantedAt: Number(r.granted_at),
  }));
}

/** Grants `userId` membership of `caseId` (idempotent). The caller has checked `access.grant`. */
export async function grantMembership(
  store: Store,
  audit: AuditSink,
  caseId: string,
  userId: string,
  by: Actor,
  opts: { origin?: string; clock?: Clock; purpose?: string | null } = {},
): Promise<boolean> {
  const user = await store.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new AppError(ErrorCodes.NOT_FOUND, 'no such user');
  const had = await isMember(store, caseId, userId);
  if (!had)
    await store.db
      .insertInto('case_members')
      .values({
        case_id: caseId,
        user_id: userId,
        granted_by: by.id,
        granted_at: (opts.clock ?? systemClock)(),
      })
      .execute();
  await audit.record({
    actor: by.id,
    action: 'access.grant',
    caseId,
    objects: [userId],
    purpose: opts.purpose ?? null,
    outcome: 'success',
    details: { changed: !had },
    origin: opts.origin ?? 'cli',
  });
  return !had;
}

export async function revokeMembership(
  store: Store,
  audit: AuditSink,
  caseId: string,
  userId: string,
  by: Actor,
  opts: { origin?: string; purpose?: string | null } = {},
): Promise<boolean> {
  const had = await isMember(store, caseId, userId);
  if (had)
    await store.db
      .deleteFrom('case_members')
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .execute();
  await audit.record({
    actor: by.id,
    action: 'access.revoke',
    caseId,
    objects: [userId],
    purpose: opts.purpose ?? null,
    outcome: 'success',
    details: { changed: had },
    origin: opts.origin ?? 'cli',
  });
  return had;
}

/**
 * Multi-user policy. A case action is allowed when one of the actor's roles allows it AND the
 * actor is a member of the case; an administrator may grant access to any case without being a
 * member, but reads case data only as a member. Everything else is refused.
 */
export class MembershipPolicy implements CaseAccessPolicy {
  constructor(private readonly store: Store) {}

  async decide(actor: Actor, caseId: string, action: CaseAction): Promise<AccessDecision> {
    if (!rolesAllowCase(actor, action))
      return { allowed: false, reason: `no role of ${actor.id} allows ${action}` };
    if (action === 'access.grant' && actor.roles.includes('administrator'))
      return { allowed: true };
    if (!(await isMember(this.store, caseId, actor.id)))
      return { allowed: false, reason: 'not a member' };
    return { allowed: true };
  }

  async visibleCases(actor: Actor, caseIds: readonly string[]): Promise<string[]> {
    if (actor.roles.includes('administrator')) return [...caseIds];
    if (!caseIds.length) return [];
    const rows = await this.store.db
      .selectFrom('case_members')
      .select('case_id')
      .where('user_id', '=', actor.id)
      .execute();
    const mine = new Set(rows.map((r) => r.case_id));
    return caseIds.filter((id) => mine.has(id));
  }

  async allowsGlobal(actor: Actor, action: GlobalAction): Promise<AccessDecision> {
    return rolesAllowGlobal(actor, action)
      ? { allowed: true }
      : { allowed: false, reason: `no role of ${actor.id} allows ${action}` };
  }
}
