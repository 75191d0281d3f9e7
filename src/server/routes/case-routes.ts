// Cases: the list an actor may see, and a case's overview (devices and what was read from each,
// counts, languages found, translation and review progress, recent and running work).
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { listCases } from '../../store/queries/cases.js';
import { caseStats } from '../../store/queries/stats.js';
import { parseInput } from '../parse-input.js';
import { idParam } from '../query-schemas.js';
import { findingCounts } from '../../detect/findings-store.js';

export const caseRoutes: RouteModule = (api, { app, memo }) => {
  api.get('/cases', { config: { access: { action: 'case.list' } } }, async (req) => {
    const ctx = caseAccessRequest(req);
    const all = await listCases(app.store);
    const visible = new Set(await ctx.visibleCases(all.map((c) => c.id)));
    const cases = all.filter((c) => visible.has(c.id));
    ctx.objects = cases.map((c) => c.id);
    const devices = await app.store.db
      .selectFrom('devices')
      .select(['case_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('case_id')
      .execute();
    const perCase = new Map(devices.map((d) => [d.case_id, Number(d.n)]));
    return {
      cases: cases.map((c) => ({ ...c, devices: perCase.get(c.id) ?? 0 })),
    };
  });

  api.get('/cases/:caseId', { config: { access: { action: 'case.view' } } }, async (req) => {
    const kase = requestCase(req);
    const stats = await memo.get(kase.id, 'stats', () => caseStats(app.store, kase.id));
    const ingests = await app.store.db
      .selectFrom('ingests as i')
      .innerJoin('devices as d', 'd.id', 'i.device_id')
      .select([
        'i.id',
        'i.device_id',
        'd.label',
        'i.status',
        'i.tool_version',
        'i.started_at',
        'i.finished_at',
        'i.counts',
        'i.error',
      ])
      .where('i.case_id', '=', kase.id)
      .orderBy('i.started_at', 'desc')
      .execute();
    const devices = await app.store.db
      .selectFrom('devices')
      .select(['id', 'label', 'exhibit', 'model', 'os', 'name', 'timezone', 'region'])
      .where('case_id', '=', kase.id)
      .orderBy('label')
      .execute();
    const owners = await app.store.db
      .selectFrom('device_identifiers')
      .select(['device_id', 'key', 'role'])
      .distinct()
      .where('case_id', '=', kase.id)
      .orderBy('device_id')
      .orderBy('role')
      .orderBy('key')
      .execute();
    const apps = await app.store.db
      .selectFrom('threads')
      .select('app')
      .distinct()
      .where('case_id', '=', kase.id)
      .orderBy('app')
      .execute();
    return {
      case: kase,
      apps: apps.map((a) => a.app),
      devices: devices.map((d) => ({
        ...d,
        identifiers: owners
          .filter((o) => o.device_id === d.id)
          .map((o) => ({ key: o.key, role: o.role })),
        stats: stats.devices.find((s) => s.deviceId === d.id) ?? null,
      })),
      totals: stats.totals,
      identifiers: stats.identifiers,
      ingests: ingests.map((i) => ({
        id: i.id,
        deviceId: i.device_id,
        deviceLabel: i.label,
        status: i.status,
        toolVersion: i.tool_version,
        startedAt: Number(i.started_at),
        finishedAt: i.finished_at === null ? null : Number(i.finished_at),
        counts: JSON.parse(i.counts) as Record<string, number>,
        error: i.error,
      })),
      // filled in as the language, detection and jobs modules land
      translation: {
        available: false as const,
        hint: 'no translations yet: run threadline translate',
      },
      findings: await findingCounts(app.store, kase.id),
      jobs: { available: false as const, running: [] as unknown[] },
    };
  });

  api.get(
    '/cases/:caseId/sources',
    { config: { access: { action: 'case.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(
        z.object({ device: idParam.optional(), status: z.string().max(20).optional() }),
        req.query,
        'query',
      );
      let sel = app.store.db
        .selectFrom('sources')
        .select([
          'id',
          'device_id',
          'path',
          'sha256',
          'size',
          'status',
          'parser',
          'origin',
          'container_id',
          'artefacts',
          'error_code',
          'error_message',
          'counts',
          'flags',
        ])
        .where('case_id', '=', kase.id);
      if (q.device) sel = sel.where('device_id', '=', q.device);
      if (q.status) sel = sel.where('status', '=', q.status);
      const rows = await sel.orderBy('device_id').orderBy('path').limit(5000).execute();
      return {
        sources: rows.map((r) => ({
          id: r.id,
          deviceId: r.device_id,
          path: r.path,
          sha256: r.sha256,
          size: Number(r.size),
          status: r.status,
          parser: r.parser,
          origin: r.origin,
          containerId: r.container_id,
          artefacts: JSON.parse(r.artefacts) as string[],
          errorCode: r.error_code,
          errorMessage: r.error_message,
          counts: JSON.parse(r.counts) as Record<string, number>,
          flags: JSON.parse(r.flags) as string[],
        })),
        truncated: rows.length === 5000,
      };
    },
  );

  api.get(
    '/cases/:caseId/languages',
    { config: { access: { action: 'case.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const languages = await memo.get(kase.id, 'languages', async () => {
        const rows = await app.store.db
          .selectFrom('messages')
          .select(['language', (eb) => eb.fn.countAll<number>().as('n')])
          .where('case_id', '=', kase.id)
          .groupBy('language')
          .execute();
        return rows
          .map((r) => ({ language: r.language, messages: Number(r.n) }))
          .sort(
            (a, b) =>
              b.messages - a.messages || String(a.language).localeCompare(String(b.language)),
          );
      });
      return {
        languages,
        identified: languages.some((l) => l.language !== null),
        hint: languages.some((l) => l.language !== null)
          ? null
          : 'languages not identified yet: run threadline translate',
      };
    },
  );
};
