// Multi-user mode over HTTP: sign-in sets HttpOnly SameSite=Strict cookies; case data needs a
// session; state-changing requests need the CSRF token; failures lock the account; sign-in and the
// API are rate-limited per address; sessions end after 30 minutes idle; TOTP is required once
// enrolled; security headers are on every response; every step is in the audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { createServer } from './create-server.js';
import {
  multiUserApp,
  signInOverHttp,
  TEST_PASSWORD,
  type MultiUserApp,
} from '../testkit/multi-user-app.js';
import { LOCAL_USER } from '../app/app-context.js';
import { base32Decode, totp } from '../security/totp.js';
import { parseCookies, serializeCookie } from './session-auth.js';

let t: TempStore & { kase: CaseRecord };
let app: MultiUserApp;
let server: FastifyInstance;

beforeAll(async () => {
  t = await tempCase({ ref: 'OP-AUTH' });
  app = multiUserApp(t.store, t.dir, { loginsPerMinute: 20, requestsPerMinute: 400 });
  await app.addUser('ivy', ['investigator'], [t.kase.id]);
  await app.addUser('lou', ['investigator'], [t.kase.id]);
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
});
afterAll(async () => {
  await server.close();
  await t.cleanup();
});

const login = (username: string, password = TEST_PASSWORD, code?: string) =>
  server.inject({
    method: 'POST',
    url: '/api/session/login',
    remoteAddress: `198.51.100.${username.length}`,
    payload: { username, password, ...(code ? { totp: code } : {}) },
  });

describe('sign-in over HTTP', () => {
  it('reports nobody signed in, and refuses case data without a session', async () => {
    const s = await server.inject({ url: '/api/session' });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ actor: null, authRequired: true });
    const c = await server.inject({ url: `/api/cases/${t.kase.id}` });
    expect(c.statusCode).toBe(401);
    expect(c.json().error.code).toBe('UNAUTHENTICATED');
    const list = await server.inject({ url: '/api/cases' });
    expect(list.statusCode).toBe(401);
  });

  it('signs in with secure cookie attributes and security headers', async () => {
    const res = await login('ivy');
    expect(res.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('tl_session='))!;
    const csrf = cookies.find((c) => c.startsWith('tl_csrf='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; Max-Age=43200/);
    expect(csrf).not.toMatch(/HttpOnly/); // the page reads it to send it back
    expect(csrf).toContain(`tl_csrf=${res.json().csrfToken}`);
    expect(res.json().actor).toMatchObject({ name: 'ivy', roles: ['investigator'] });
    // headers from helmet and the API's no-store
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    // Secure is added behind TLS
    expect(serializeCookie('a', 'b', { secure: true, httpOnly: true, maxAgeSeconds: 5 })).toBe(
      'a=b; Path=/; Max-Age=5; SameSite=Strict; HttpOnly; Secure',
    );
    expect(parseCookies('a=1; tl_session=x%3Dy; a=2')).toEqual({ a: '1', tl_session: 'x=y' });
  });

  it('serves case data to a signed-in member, and needs the CSRF token to change it', async () => {
    const who = await signInOverHttp(server, 'ivy');
    const view = await server.inject({
      url: `/api/cases/${t.kase.id}`,
      headers: { cookie: who.cookie },
    });
    expect(view.statusCode).toBe(200);
    expect(
      (await server.inject({ url: '/api/session', headers: { cookie: who.cookie } })).json(),
    ).toMatchObject({
      actor: { name: 'ivy' },
      csrfToken: who.csrf,
    });
    const body = { name: 'handover', query: { q: 'meet' } };
    const noToken = await server.inject({
      method: 'POST',
      url: `/api/cases/${t.kase.id}/saved-searches`,
      headers: { cookie: who.cookie },
      payload: body,
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF');
    const wrong = await server.inject({
      method: 'POST',
      url: `/api/cases/${t.kase.id}/saved-searches`,
      headers: { cookie: who.cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload: body,
    });
    expect(wrong.json().error.code).toBe('CSRF');
    const ok = await server.inject({
      method: 'POST',
      url: `/api/cases/${t.kase.id}/saved-searches`,
      headers: who.headers,
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    const csrfAudit = await app.audit.list({ action: 'api.csrf' });
    expect(csrfAudit.entries).toHaveLength(2);
    const write = (await app.audit.list({ action: 'search.save' })).entries[0]!;
    expect(write).toMatchObject({ outcome: 'success', caseId: t.kase.id });
    expect(write.actor).toMatch(/^user_/);
  });

  it('signs out: the cookie no longer works', async () => {
    const who = await signInOverHttp(server, 'ivy');
    const out = await server.inject({
      method: 'POST',
      url: '/api/session/logout',
      headers: who.headers,
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('tl_session=; Path=/; Max-Age=0');
    const after = await server.inject({
      url: `/api/cases/${t.kase.id}`,
      headers: { cookie: who.cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it('locks the account after 5 failures for 10 minutes (429 with Retry-After)', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await login('lou', 'not the password!');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHENTICATED');
    }
    const locked = await login('lou');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('LOCKED_OUT');
    expect(Number(locked.headers['retry-after'])).toBe(600);
    app.clock.advance(10 * 60_000 + 1000);
    expect((await login('lou')).statusCode).toBe(200);
  });

  it('ends a session after 30 minutes idle, and audits it', async () => {
    const who = await signInOverHttp(server, 'ivy');
    app.clock.advance(29 * 60_000);
    expect(
      (await server.inject({ url: '/api/cases', headers: { cookie: who.cookie } })).statusCode,
    ).toBe(200);
    app.clock.advance(31 * 60_000);
    const res = await server.inject({ url: '/api/cases', headers: { cookie: who.cookie } });
    expect(res.statusCode).toBe(401);
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    const expired = (await app.audit.list({ action: 'session.expired' })).entries[0]!;
    expect(expired.details).toEqual({ reason: 'idle limit' });
  });

  it('requires the authenticator code once enrolled', async () => {
    await app.addUser('tess', ['linguist'], [t.kase.id]);
    const { secret } = await app.accounts.enrolTotp('tess', LOCAL_USER);
    const noCode = await login('tess');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('MFA_REQUIRED');
    const good = await login('tess', TEST_PASSWORD, totp(base32Decode(secret), app.clock()));
    expect(good.statusCode).toBe(200);
    const again = await login('tess', TEST_PASSWORD, totp(base32Decode(secret), app.clock()));
    expect(again.statusCode).toBe(401);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    app.clock.advance(60_000);
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await server.inject({
        method: 'POST',
        url: '/api/session/login',
        remoteAddress: '203.0.113.9',
        payload: { username: `nobody${i}`, password: 'whatever it is' },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20)).toEqual([429, 429]);
    expect(
      (await app.audit.list({ action: 'session.login', limit: 1 })).entries[0]!.details,
    ).toEqual({
      reason: 'rate limited',
    });
  });

  it('leaves an intact audit chain behind', async () => {
    const r = await app.audit.verify();
    expect(r.ok).toBe(true);
    expect(r.count).toBeGreaterThan(40);
  });
});
