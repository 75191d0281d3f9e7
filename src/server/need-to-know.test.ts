// Need-to-know in multi-user mode, route by route: every API route is walked as a signed-in
// outsider (no membership) and as a supervisor of ANOTHER case; every case route refuses both
// (403, the same for a case that does not exist, nothing about the case in the body), the case
// list shows only their own cases, the audit view is refused or scoped; a read-only reviewer
// member is refused every write route; every request leaves exactly one audit entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';
import { createServer } from './create-server.js';
import { ROLE_CASE_ACTIONS } from '../security/roles.js';
import { isGlobalAction, isWriteAction, type RouteRecord } from './case-access.js';
import {
  multiUserApp,
  signInOverHttp,
  type MultiUserApp,
  type SignedIn,
} from '../testkit/multi-user-app.js';

let t: TempStore & { kase: CaseRecord };
let other: CaseRecord;
let app: MultiUserApp;
let server: FastifyInstance;
let routes: RouteRecord[];

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-SEAM' });
  other = await createCase(t.store, { ref: 'OP-OTHER', createdAt: 0 });
  app = multiUserApp(t.store, t.dir);
  await app.addUser('outsider', ['investigator']);
  await app.addUser('elsewhere', ['supervisor'], [other.id]);
  await app.addUser('member', ['investigator'], [t.kase.id]);
  await app.addUser('rev', ['reviewer'], [t.kase.id]);
  await app.addUser('boss', ['supervisor'], [t.kase.id]);
  const s = await createServer(app, { log: { level: 'silent' }, webRoot: null });
  server = s.server;
  routes = s.seam.routes.filter((r) => r.access && r.method !== 'HEAD');
});
afterAll(async () => {
  await server.close();
  await t.cleanup();
});

function concrete(url: string, caseId: string): string {
  return url.replace(':caseId', caseId).replace(/:[A-Za-z]+/g, 'x_1');
}

async function call(r: RouteRecord, caseId: string, who: SignedIn) {
  return server.inject({
    method: r.method as 'GET',
    url: concrete(r.url, caseId),
    headers: who.headers,
    ...(r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH' ? { payload: {} } : {}),
  });
}

async function auditCount(): Promise<number> {
  return (await app.audit.verify()).count;
}

describe('need-to-know on every route', () => {
  it('has case routes, writes and the audit view to walk', () => {
    expect(routes.filter((r) => r.url.includes(':caseId')).length).toBeGreaterThan(15);
    expect(routes.some((r) => isWriteAction(r.access!.action))).toBe(true);
    expect(routes.some((r) => r.url === '/api/audit')).toBe(true);
  });

  for (const username of ['outsider', 'elsewhere']) {
    it(`refuses ${username} on every route of a case they are not a member of`, async () => {
      const who = await signInOverHttp(server, username);
      for (const r of routes) {
        const where = `${username} ${r.method} ${r.url}`;
        const before = await auditCount();
        const res = await call(r, t.kase.id, who);
        expect(await auditCount(), where).toBe(before + 1);
        const last = (await app.audit.list({ limit: 1 })).entries[0]!;
        expect(last.actor, where).toMatch(/^user_/);
        if (r.url.includes(':caseId')) {
          expect(res.statusCode, where).toBe(403);
          expect(res.json().error.code, where).toBe('FORBIDDEN');
          expect(res.body, where).not.toContain('OP-SEAM');
          expect(last, where).toMatchObject({ outcome: 'denied', caseId: t.kase.id });
          // a case that does not exist is refused the same way: no oracle
          const ghost = await call(r, 'case_doesnotexist', who);
          expect(ghost.statusCode, where).toBe(403);
          expect(ghost.body.replace(/"requestId":"[^"]*"/, '')).toBe(
            res.body.replace(/"requestId":"[^"]*"/, ''),
          );
          // and by reference rather than id
          expect((await call(r, 'OP-SEAM', who)).statusCode, where).toBe(403);
        } else if (r.url === '/api/cases') {
          expect(res.statusCode, where).toBe(200);
          const refs = (res.json().cases as CaseRecord[]).map((c) => c.ref);
          expect(refs, where).toEqual(username === 'elsewhere' ? ['OP-OTHER'] : []);
        } else if (r.url === '/api/crossmatch/clusters' || r.url === '/api/completeness') {
          // across cases: only the cases this user opens (none of OP-SEAM)
          expect(res.statusCode, where).toBe(200);
          expect(res.body, where).not.toContain('OP-SEAM');
          expect(res.json().cases, where).toEqual(
            r.url === '/api/completeness' && username === 'elsewhere' ? ['OP-OTHER'] : [],
          );
        } else if (r.url === '/api/audit') {
          if (username === 'outsider') {
            expect(res.statusCode, where).toBe(403);
          } else {
            // a supervisor sees the audit of their own case only
            expect(res.statusCode, where).toBe(200);
            const cases = new Set(
              (res.json().entries as Array<{ caseId: string | null }>).map((e) => e.caseId),
            );
            expect([...cases], where).toEqual([other.id]);
          }
        } else {
          expect.fail(`unexpected non-case route ${where} (${isGlobalAction(r.access!.action)})`);
        }
      }
    });
  }

  it('lets a member in, and refuses a read-only reviewer member every write', async () => {
    const member = await signInOverHttp(server, 'member');
    expect(
      (await server.inject({ url: `/api/cases/${t.kase.id}`, headers: member.headers })).statusCode,
    ).toBe(200);
    const rev = await signInOverHttp(server, 'rev');
    for (const r of routes.filter((x) => x.url.includes(':caseId'))) {
      const res = await call(r, t.kase.id, rev);
      const where = `reviewer ${r.method} ${r.url}`;
      // refused every write, and every disclosure (export.write: reviewers export nothing)
      if (
        isWriteAction(r.access!.action) ||
        !(ROLE_CASE_ACTIONS.reviewer as ReadonlySet<string>).has(r.access!.action)
      ) {
        expect(res.statusCode, where).toBe(403);
        expect(res.json().error.code, where).toBe('FORBIDDEN');
      } else expect([401, 403], where).not.toContain(res.statusCode);
    }
  });

  it('lets a supervisor of the case grant and revoke membership, audited', async () => {
    const boss = await signInOverHttp(server, 'boss');
    const grant = await server.inject({
      method: 'POST',
      url: `/api/cases/${t.kase.id}/members`,
      headers: boss.headers,
      payload: { user: 'outsider' },
    });
    expect(grant.statusCode).toBe(200);
    expect(grant.json()).toEqual({ granted: 'outsider', changed: true });
    const outsider = await signInOverHttp(server, 'outsider');
    expect(
      (await server.inject({ url: `/api/cases/${t.kase.id}`, headers: outsider.headers }))
        .statusCode,
    ).toBe(200);
    const members = await server.inject({
      url: `/api/cases/${t.kase.id}/members`,
      headers: boss.headers,
    });
    expect((members.json().members as Array<{ username: string }>).map((m) => m.username)).toEqual([
      'boss',
      'member',
      'outsider',
      'rev',
    ]);
    const outsiderId = (await app.accounts.findUser('outsider'))!.id;
    const revoke = await server.inject({
      method: 'DELETE',
      url: `/api/cases/${t.kase.id}/members/${outsiderId}`,
      headers: boss.headers,
    });
    expect(revoke.json()).toEqual({ revoked: 'outsider', changed: true });
    expect(
      (await server.inject({ url: `/api/cases/${t.kase.id}`, headers: outsider.headers }))
        .statusCode,
    ).toBe(403);
    // an investigator member may not grant
    const member = await signInOverHttp(server, 'member');
    const refused = await server.inject({
      method: 'POST',
      url: `/api/cases/${t.kase.id}/members`,
      headers: member.headers,
      payload: { user: 'outsider' },
    });
    expect(refused.statusCode).toBe(403);
    const log = await app.audit.list({ caseId: t.kase.id, action: 'access.grant', limit: 3 });
    expect(
      log.entries.map((e) => [e.outcome, e.details.grant ?? e.details.revoke ?? null]),
    ).toEqual([
      ['denied', null],
      ['success', 'outsider'],
      ['success', 'outsider'],
    ]);
    // the supervisors' audit view, itself audited
    const view = await server.inject({
      url: `/api/audit?case=OP-SEAM&action=access.&limit=3`,
      headers: boss.headers,
    });
    expect(view.statusCode).toBe(200);
    expect(view.json().entries.map((e: { seq: number }) => e.seq)).toEqual(
      log.entries.map((e) => e.seq),
    );
    expect(view.json().next).not.toBeNull(); // the walks above were refused grants too
    const seen = (await app.audit.list({ action: 'audit.view', limit: 1 })).entries[0]!;
    expect(seen).toMatchObject({ outcome: 'success', details: { count: 3, scope: 'own cases' } });
  });
});
