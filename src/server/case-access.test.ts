// The case-access seam: every registered route is either public (no case data) or behind the seam
// with its audit hook; outsiders and the unauthenticated are refused on every case route with
// exactly one audit record per call; a failed audit write withholds the response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import { testApp } from '../testkit/test-app.js';
import { createServer } from './create-server.js';
import { installCaseAccess, isGlobalAction } from './case-access.js';
import type { CaseAccessPolicy } from '../security/case-access-policy.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { MemoryAuditSink, type AuditSink } from '../security/audit-sink.js';

/** The only API routes allowed to skip the seam: they carry no case data. */
const PUBLIC_API_ROUTES = ['/api/session', '/api/session/login', '/api/session/logout'];

const denyAll: CaseAccessPolicy = {
  decide: async () => ({ allowed: false, reason: 'not a member' }),
  visibleCases: async () => [],
};

let t: TempStore & { kase: CaseRecord };
beforeAll(async () => {
  t = await tempCase({ ref: 'OP-SEAM' });
});
afterAll(async () => t.cleanup());

/** A concrete URL for a route pattern (`:caseId` → the case, other parameters → a dummy id). */
function concrete(url: string, caseId: string): string {
  return url.replace(':caseId', caseId).replace(/:[A-Za-z]+/g, 'x_1');
}

describe('case-access seam', () => {
  it('puts every case-data route behind the seam and lets only known routes be public', async () => {
    const app = testApp(t.store, t.dir);
    const { server, seam } = await createServer(app, { log: { level: 'silent' }, webRoot: null });
    try {
      const api = seam.routes.filter((r) => r.url.startsWith('/api'));
      expect(api.length).toBeGreaterThan(10);
      for (const r of api) {
        const where = `${r.method} ${r.url}`;
        if (r.public) {
          expect(PUBLIC_API_ROUTES, where).toContain(r.url);
          expect(r.url, where).not.toContain(':caseId');
          continue;
        }
        expect(r.access, where).not.toBeNull();
        expect(r.preHandlers[0], where).toBe(seam.preHandler);
        expect(r.onSends, where).toContain(seam.onSend);
      }
      // every route with a case in its path is a case-data route
      for (const r of seam.routes.filter((x) => x.url.includes(':caseId')))
        expect(r.access, r.url).not.toBeNull();
      // the non-API routes are the health checks (and the web UI's files when built)
      expect(
        seam.routes.filter((r) => !r.url.startsWith('/api')).map((r) => `${r.method} ${r.url}`),
      ).toEqual(expect.arrayContaining(['GET /healthz', 'GET /readyz']));
    } finally {
      await server.close();
    }
  });

  it('refuses at registration a route that would skip the seam', async () => {
    const audit = new MemoryAuditSink();
    const opts = {
      store: t.store,
      policy: denyAll,
      audit,
      resolveActor: async () => null,
    };
    const a = Fastify();
    installCaseAccess(a, opts);
    expect(() => a.get('/api/cases/:caseId/leak', async () => ({ secret: 1 }))).toThrow(
      /no config.access/,
    );
    const b = Fastify();
    installCaseAccess(b, opts);
    expect(() => b.get('/api/anything', async () => ({}))).toThrow(/must declare config.access/);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses an outsider on every case route, recording each refusal once', async () => {
    const app = testApp(t.store, t.dir, { access: denyAll });
    const { server, seam } = await createServer(app, { log: { level: 'silent' }, webRoot: null });
    try {
      const routes = seam.routes.filter((r) => r.access && r.method !== 'HEAD');
      expect(routes.length).toBeGreaterThan(10);
      for (const r of routes) {
        const before = app.audit.events.length;
        const res = await server.inject({
          method: r.method as 'GET',
          url: concrete(r.url, t.kase.id),
          ...(r.method === 'POST' ? { payload: {} } : {}),
        });
        const where = `${r.method} ${r.url}`;
        const events = app.audit.events.slice(before);
        expect(events, where).toHaveLength(1);
        if (r.url.includes(':caseId')) {
          expect(res.statusCode, where).toBe(403);
          expect(res.json().error.code, where).toBe('FORBIDDEN');
          expect(res.body, where).not.toContain('OP-SEAM');
          expect(events[0]).toMatchObject({
            actor: 'local',
            action: r.access!.action,
            caseId: t.kase.id,
            outcome: 'denied',
          });
        } else if (isGlobalAction(r.access!.action)) {
          // an action on no single case (the audit view): refused by the policy
          expect(res.statusCode, where).toBe(403);
          expect(events[0]).toMatchObject({ action: r.access!.action, outcome: 'denied' });
        } else {
          // across cases: the outsider sees none of them
          expect(res.statusCode, where).toBe(200);
          expect(res.json().cases, where).toEqual([]);
        }
      }
      // the same refusal for a case that does not exist: no oracle for which cases exist
      const ghost = await server.inject({ url: '/api/cases/case_doesnotexist' });
      expect(ghost.statusCode).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('refuses every case route without a signed-in actor (401), and records it', async () => {
    const app = testApp(t.store, t.dir);
    const { server, seam } = await createServer(app, {
      log: { level: 'silent' },
      webRoot: null,
      resolveActor: async () => null,
    });
    try {
      for (const r of seam.routes.filter((x) => x.access && x.method === 'GET')) {
        const before = app.audit.events.length;
        const res = await server.inject({ url: concrete(r.url, t.kase.id) });
        expect(res.statusCode, r.url).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
        expect(app.audit.events.slice(before)).toMatchObject([
          { actor: 'anonymous', outcome: 'denied' },
        ]);
      }
    } finally {
      await server.close();
    }
  });

  it('accepts a case reference in place of its id, and audits the view', async () => {
    const app = testApp(t.store, t.dir);
    const { server } = await createServer(app, { log: { level: 'silent' }, webRoot: null });
    try {
      const res = await server.inject({
        url: '/api/cases/OP-SEAM',
        headers: { 'x-threadline-purpose': encodeURIComponent('review for charging decision') },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().case.id).toBe(t.kase.id);
      expect(app.audit.events.at(-1)).toMatchObject({
        actor: 'local',
        action: 'case.view',
        caseId: t.kase.id,
        outcome: 'success',
        purpose: 'review for charging decision',
      });
      const missing = await server.inject({ url: '/api/cases/NO-SUCH-CASE' });
      expect(missing.statusCode).toBe(404);
      expect(app.audit.events.at(-1)).toMatchObject({ outcome: 'error', action: 'case.view' });
    } finally {
      await server.close();
    }
  });

  it('withholds the response when the audit cannot be written (fail closed)', async () => {
    const broken: AuditSink = {
      record: async () => {
        throw new Error('disk full');
      },
    };
    const app = testApp(t.store, t.dir, { audit: broken as MemoryAuditSink });
    const { server } = await createServer(app, { log: { level: 'silent' }, webRoot: null });
    try {
      const res = await server.inject({ url: `/api/cases/${t.kase.id}` });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('INTERNAL');
      expect(res.body).not.toContain('OP-SEAM');
    } finally {
      await server.close();
    }
  });
});
