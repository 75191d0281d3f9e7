// Across cases for the web: a case's identifiers shared with other cases, its cross-case watch
// alerts, the clusters of linked cases, and the offender-record completeness report. Every route
// goes through the case-access seam; what other cases hold is shown only as the policy allows.
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { caseCrossmatch, crossmatchAlerts, crossmatchClusters } from '../../cases/crossmatch.js';
import { completenessReport } from '../../cases/person-record.js';
import { listCases } from '../../store/queries/cases.js';

export const crossmatchRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/crossmatch',
    { config: { access: { action: 'identifier.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const r = await caseCrossmatch(app.store, kase.id, { actor: ctx.actor, policy: app.access });
      ctx.details = { view: 'crossmatch', shared: r.shared.length, cases: r.cases.length };
      return r;
    },
  );

  api.get(
    '/cases/:caseId/crossmatch/alerts',
    { config: { access: { action: 'identifier.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const alerts = await crossmatchAlerts(app.store, kase.id, {
        actor: ctx.actor,
        policy: app.access,
      });
      ctx.objects = alerts.map((a) => a.id);
      ctx.details = { view: 'crossmatch-alerts' };
      return { alerts };
    },
  );

  api.get(
    '/crossmatch/clusters',
    { config: { access: { action: 'identifier.view' } } },
    async (req) => {
      const ctx = caseAccessRequest(req);
      const clusters = await crossmatchClusters(app.store, {
        actor: ctx.actor,
        policy: app.access,
      });
      // the cases this actor opens that are linked to another case (the case list's badge)
      const cases = [
        ...new Set(
          clusters.flatMap((c) =>
            c.cases.filter((x) => x.access === 'open').map((x) => x.caseRef!),
          ),
        ),
      ].sort();
      ctx.details = { view: 'crossmatch-clusters', clusters: clusters.length };
      return { cases, clusters };
    },
  );

  api.get('/completeness', { config: { access: { action: 'case.view' } } }, async (req) => {
    const ctx = caseAccessRequest(req);
    const all = await listCases(app.store);
    const open = [];
    for (const c of all)
      if ((await app.access.decide(ctx.actor, c.id, 'case.view')).allowed) open.push(c);
    const report = await completenessReport(app.store, open);
    ctx.details = { view: 'completeness', cases: open.length };
    return { cases: open.map((c) => c.ref), report };
  });
};
