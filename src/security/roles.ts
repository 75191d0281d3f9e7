// Roles and what each may do: a role → allowed-actions matrix for case data (membership of the
// case is needed as well), and the few actions that concern no case (creating cases, reading the
// audit log, managing accounts). Anything not listed is refused.
import type { Actor } from '../app/app-context.js';
import type { CaseAction } from './case-access-policy.js';

export const ROLES = [
  'administrator',
  'supervisor',
  'investigator',
  'analyst',
  'linguist',
  'reviewer',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

/** Reading case data: every role that is a member of the case. */
const READ: readonly CaseAction[] = [
  'case.list',
  'case.view',
  'search.query',
  'thread.view',
  'message.view',
  'identifier.view',
  'graph.view',
  'timeline.view',
  'finding.view',
];

const INVESTIGATE: readonly CaseAction[] = [
  ...READ,
  'finding.review',
  'annotation.write',
  'watchlist.write',
  'search.save',
  'export.write',
  'case.update',
  'ingest.run',
  'translation.run',
  'glossary.write',
  'person.decide',
  'analysis.run',
];

/** What each role may do on a case it is a member of. */
export const ROLE_CASE_ACTIONS: Readonly<Record<Role, ReadonlySet<CaseAction>>> = {
  // runs the system: grants access to any case, but sees case data only as a member would
  administrator: new Set<CaseAction>(['case.list', 'access.grant']),
  supervisor: new Set<CaseAction>([...INVESTIGATE, 'translation.review', 'access.grant']),
  investigator: new Set<CaseAction>(INVESTIGATE),
  analyst: new Set<CaseAction>([
    ...READ,
    'finding.review',
    'annotation.write',
    'watchlist.write',
    'search.save',
    'export.write',
    'person.decide',
    'analysis.run',
  ]),
  linguist: new Set<CaseAction>([
    ...READ,
    'translation.review',
    'translation.run',
    'glossary.write',
    'annotation.write',
  ]),
  // read-only: sees what members see, changes nothing, exports nothing
  reviewer: new Set<CaseAction>(READ),
};

/** Actions that concern no single case. */
export const GLOBAL_ACTIONS = ['case.create', 'audit.view', 'user.admin'] as const;
export type GlobalAction = (typeof GLOBAL_ACTIONS)[number];

export const ROLE_GLOBAL_ACTIONS: Readonly<Record<Role, ReadonlySet<GlobalAction>>> = {
  administrator: new Set<GlobalAction>(['case.create', 'audit.view', 'user.admin']),
  supervisor: new Set<GlobalAction>(['case.create', 'audit.view']),
  investigator: new Set<GlobalAction>(['case.create']),
  analyst: new Set<GlobalAction>(),
  linguist: new Set<GlobalAction>(),
  reviewer: new Set<GlobalAction>(),
};

export function rolesAllowCase(actor: Actor, action: CaseAction): boolean {
  return actor.roles.some((r) => isRole(r) && ROLE_CASE_ACTIONS[r].has(action));
}

export function rolesAllowGlobal(actor: Actor, action: GlobalAction): boolean {
  return actor.roles.some((r) => isRole(r) && ROLE_GLOBAL_ACTIONS[r].has(action));
}
