// Need-to-know administration and the supervisors' audit view: a case's members (granted and
// revoked by a supervisor of the case or an administrator), and the audit log with filters and
// paging (administrators see all of it, supervisors the entries of their own cases). Every call
// goes through the case-access seam, so reading the audit log is itself audited.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam, limitParam, timeParam } from '../query-schemas.js';
import { grantMembership, listMembers, revokeMembership } from '../../security/case-members.js';
import { StoreAuditSink } from '../../security/store-audit-sink.js';
import { listCases } from '../../store/queries/cases.js';
import type { AuditSink } from '../../security/audit-sink.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

/** The seam records the request; the membership change needs no second entry. */
const recordedBySeam: AuditSink = { record: async () => undefined };

export const accessRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/members',
    { config: { access: { action: 'case.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const members = await listMembers(app.store, kase.id);
      caseAccessRequest(req).objects = members.map((m) => m.userId);
      return { members };
    },
  );

  api.post(
    '/cases/:caseId/members',
    { config: { access: { action: 'access.grant' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const body = parseInput(z.object({ user: idParam }).strict(), req.body, 'body');
      const user = await app.accounts?.findUser(body.user);
      if (!user) throw new AppError(ErrorCodes.NOT_FOUND, 'no such user');
      const changed = await grantMembership(
        app.store,
        recordedBySeam,
        kase.id,
        user.id,
        ctx.actor,
        {
          origin: req.ip,
          clock: app.clock,
        },
      );
      ctx.objects = [user.id];
      ctx.details = { grant: user.username, changed };
      return { granted: user.username, changed };
    },
  );

  api.delete(
    '/cases/:caseId/members/:userId',
    { config: { access: { action: 'access.grant' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const { userId } = parseInput(
        z.object({ caseId: idParam, userId: idParam }),
        req.params,
        'path',
      );
      const user = await app.accounts?.findUser(userId);
      if (!user) throw new AppError(ErrorCodes.NOT_FOUND, 'no such user');
      const changed = await revokeMembership(
        app.store,
        recordedBySeam,
        kase.id,
        user.id,
        ctx.actor,
        {
          origin: req.ip,
        },
      );
      ctx.objects = [user.id];
      ctx.details = { revoke: user.username, changed };
      return { revoked: user.username, changed };
    },
  );

  api.get('/audit', { config: { access: { action: 'audit.view' } } }, async (req) => {
    const ctx = caseAccessRequest(req);
    const q = parseInput(
      z
        .object({
          case: idParam.optional(),
          actor: idParam.optional(),
          action: z.string().max(100).optional(),
          outcome: z.enum(['success', 'denied', 'error']).optional(),
          from: timeParam.optional(),
          to: timeParam.optional(),
          cursor: z.coerce.number().int().min(1).optional(),
          order: z.enum(['newest', 'oldest']).optional(),
          limit: limitParam(500, 100),
        })
        .strict(),
      req.query,
      'query',
    );
    // administrators read all of it; supervisors only the entries of cases they are members of
    const admin = ctx.actor.id === 'local' || ctx.actor.roles.includes('administrator');
    const all = admin ? null : await listCases(app.store);
    const caseIds = all ? await ctx.visibleCases(all.map((c) => c.id)) : undefined;
    const caseId = q.case
      ? ((all ?? (await listCases(app.store))).find((c) => c.id === q.case || c.ref === q.case)
          ?.id ?? q.case)
      : undefined;
    const page = await new StoreAuditSink(app.store).list({
      caseId,
      caseIds,
      actor: q.actor,
      action: q.action,
      outcome: q.outcome,
      from: q.from,
      to: q.to,
      cursor: q.cursor,
      order: q.order,
      limit: q.limit,
    });
    ctx.details = {
      filter: { ...q },
      count: page.entries.length,
      scope: admin ? 'all' : 'own cases',
    };
    return page;
  });
};
