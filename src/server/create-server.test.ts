// The server's edges: security headers, no caching of evidence, typed errors without internals,
// request size limits, health and readiness (failing once shutdown begins), graceful stop, logs
// without case content, and the web UI served with its own routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkbenchCase, type WorkbenchCase } from '../testkit/workbench-case.js';
import { testApp } from '../testkit/test-app.js';
import { createServer } from './create-server.js';
import { serveWorkbench } from './serve.js';
import { statusFor } from './http-errors.js';

let wb: WorkbenchCase;
beforeAll(async () => {
  wb = await buildWorkbenchCase({ ref: 'OP-EDGE' });
});
afterAll(async () => wb?.cleanup());

function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

describe('server edges', () => {
  it('sends security headers, and no-store on every API response', async () => {
    const { server } = await createServer(testApp(wb.store, wb.dir), {
      log: { level: 'silent' },
      webRoot: null,
    });
    try {
      const r = await server.inject({ url: `/api/cases/${wb.kase.id}` });
      expect(r.statusCode).toBe(200);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['strict-transport-security']).toBeUndefined();
      const err = await server.inject({ url: '/api/cases/x/nothing-here' });
      expect(err.headers['cache-control']).toBe('no-store');
    } finally {
      await server.close();
    }
    const tls = await createServer(testApp(wb.store, wb.dir), {
      log: { level: 'silent' },
      webRoot: null,
      tls: true,
    });
    const r = await tls.server.inject({ url: '/healthz' });
    expect(String(r.headers['strict-transport-security'])).toContain('max-age=31536000');
    await tls.server.close();
  });

  it('maps errors to statuses with stable codes and never sends a stack trace', async () => {
    const { server } = await createServer(testApp(wb.store, wb.dir), {
      log: { level: 'silent' },
      webRoot: null,
      bodyLimitBytes: 2048,
    });
    try {
      const missing = await server.inject({ url: '/api/no-such-thing' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatchObject({
        code: 'NOT_FOUND',
        requestId: expect.any(String),
      });
      const url = `/api/cases/${wb.kase.id}/annotations`;
      const badJson = await server.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"targetId": ',
      });
      expect(badJson.statusCode).toBe(400);
      expect(badJson.json().error.code).toBe('INVALID_ARGUMENT');
      const huge = await server.inject({
        method: 'POST',
        url,
        payload: { targetId: 'x', targetKind: 'message', kind: 'note', value: 'a'.repeat(5000) },
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.code).toBe('FIELD_TOO_LARGE');
      const notJson = await server.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/xml' },
        payload: '<a/>',
      });
      expect(notJson.statusCode).toBe(415);
      for (const r of [missing, badJson, huge, notJson]) {
        expect(r.body).not.toMatch(/at .*\.(ts|js):\d+/);
        expect(r.body).not.toContain('stack');
      }
      expect(statusFor('FORBIDDEN')).toBe(403);
      expect(statusFor('PURPOSE_REQUIRED')).toBe(428);
      expect(statusFor('INTERNAL')).toBe(500);
    } finally {
      await server.close();
    }
  });

  it('reports health, readiness and stops gracefully (readiness fails first)', async () => {
    // an audit sink that holds the first request in flight until released
    let release!: () => void;
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (release = r));
    const app = testApp(wb.store, wb.dir);
    const record = app.audit.record.bind(app.audit);
    app.audit.record = async (e) => {
      entered();
      await gate;
      return record(e);
    };
    const running = await serveWorkbench(app, {
      host: '127.0.0.1',
      port: 0,
      log: { level: 'silent' },
      webRoot: null,
      signals: [],
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = await fetch(new URL('/healthz', running.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: 'test' });
    const ready = await fetch(new URL('/readyz', running.url));
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'sqlite' });
    // a request in flight when shutdown begins still completes
    const slow = fetch(new URL(`/api/cases/${wb.kase.id}/search?q=station`, running.url));
    await inFlight;
    const stopped = running.stop('test');
    expect(running.state.shuttingDown).toBe(true);
    const during = await running.server.inject({ url: '/readyz' });
    expect(during.statusCode).toBe(503);
    release();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { hits: unknown[] }).hits).toHaveLength(3);
    await stopped;
    await running.closed;
    await expect(fetch(new URL('/healthz', running.url))).rejects.toThrow();
  });

  it('logs requests without case content (no query strings, no message text)', async () => {
    const sink = logSink();
    const { server } = await createServer(testApp(wb.store, wb.dir), {
      log: { level: 'info', stream: sink.stream },
      webRoot: null,
    });
    try {
      const s = await server.inject({ url: `/api/cases/${wb.kase.id}/search?q=ZZCANARY` });
      expect(s.json().hits).toHaveLength(1);
      await server.inject({ url: `/api/cases/${wb.kase.id}/messages/${s.json().hits[0].id}` });
      await server.inject({
        method: 'POST',
        url: `/api/cases/${wb.kase.id}/watchlist`,
        payload: { kind: 'term', value: 'ZZCANARY' },
      });
      const all = sink.lines.join('');
      expect(sink.lines.length).toBeGreaterThanOrEqual(6);
      expect(all).not.toContain('ZZCANARY');
      expect(all).not.toContain('station');
      const entry = JSON.parse(sink.lines[0]!);
      expect(entry.req).toMatchObject({ method: 'GET', path: `/api/cases/${wb.kase.id}/search` });
    } finally {
      await server.close();
    }
  });

  it('serves the web UI and hands unknown page paths to it, but not unknown API paths', async () => {
    const web = join(wb.dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Threadline</title>');
    writeFileSync(join(web, 'assets', 'app-abc.js'), 'console.log(1)');
    const { server } = await createServer(testApp(wb.store, wb.dir), {
      log: { level: 'silent' },
      webRoot: web,
    });
    try {
      const page = await server.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Threadline</title>');
      const deep = await server.inject({
        url: '/cases/case_x/search',
        headers: { accept: 'text/html' },
      });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<title>Threadline</title>');
      const asset = await server.inject({ url: '/assets/app-abc.js' });
      expect(asset.headers['cache-control']).toContain('immutable');
      const api = await server.inject({ url: '/api/nothing', headers: { accept: 'text/html' } });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('NOT_FOUND');
    } finally {
      await server.close();
    }
  });
});
