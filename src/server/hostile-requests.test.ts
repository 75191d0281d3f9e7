// Hostile requests at the HTTP edge: an unexpected internal error is a 500 with a request id and no
// stack, message or file path; oversized bodies (declared or streamed without a length) get 413;
// prototype-pollution keys and absurdly nested JSON are refused as bad requests, not crashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { testApp } from '../testkit/test-app.js';
import { createServer } from './create-server.js';

let t: TempStore & { kase: CaseRecord };
beforeAll(async () => {
  t = await tempCase({ ref: 'OP-HOSTILE' });
});
afterAll(async () => t?.cleanup());

const LEAKS = [/at .*\.(ts|js):\d+/, /stack/i, /TypeError/, /secret internals/, /\/work\//];

describe('hostile requests', () => {
  it('an unexpected error is a 500 INTERNAL with a request id, no stack or internals; it is logged', async () => {
    const logged: string[] = [];
    const stream = new Writable({
      write(chunk, _e, cb) {
        logged.push(String(chunk));
        cb();
      },
    });
    const app = testApp(t.store, t.dir, {
      access: {
        async decide() {
          throw new TypeError('secret internals at /work/src/x.ts:12 SELECT body FROM messages');
        },
        async visibleCases() {
          return [];
        },
      },
    });
    const { server } = await createServer(app, { log: { level: 'error', stream }, webRoot: null });
    try {
      const r = await server.inject({ url: `/api/cases/${t.kase.id}` });
      expect(r.statusCode).toBe(500);
      expect(r.json()).toEqual({
        error: { code: 'INTERNAL', message: 'internal error', requestId: expect.any(String) },
      });
      for (const leak of LEAKS) expect(r.body).not.toMatch(leak);
      // the operator can find it by request id
      const id = r.json<{ error: { requestId: string } }>().error.requestId;
      expect(logged.join('')).toContain(id);
    } finally {
      await server.close();
    }
  });

  it('refuses oversized bodies with 413 whether declared or streamed without a length', async () => {
    const { server } = await createServer(testApp(t.store, t.dir), {
      log: { level: 'silent' },
      webRoot: null,
      bodyLimitBytes: 4096,
    });
    const url = `/api/cases/${t.kase.id}/annotations`;
    try {
      const declared = await server.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ value: 'x'.repeat(10_000) }),
      });
      expect(declared.statusCode).toBe(413);
      expect(declared.json().error.code).toBe('FIELD_TOO_LARGE');
      const streamed = await server.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        payload: Readable.from(
          (function* () {
            yield '{"value":"';
            for (let i = 0; i < 100; i++) yield 'y'.repeat(1000);
            yield '"}';
          })(),
        ),
      });
      expect(streamed.statusCode).toBe(413);
      expect(streamed.json().error.code).toBe('FIELD_TOO_LARGE');
      for (const r of [declared, streamed])
        for (const leak of LEAKS) expect(r.body).not.toMatch(leak);
    } finally {
      await server.close();
    }
  });

  it('refuses __proto__ keys and deeply nested JSON as bad requests', async () => {
    const { server } = await createServer(testApp(t.store, t.dir), {
      log: { level: 'silent' },
      webRoot: null,
    });
    const url = `/api/cases/${t.kase.id}/annotations`;
    try {
      const proto = await server.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload:
          '{"__proto__":{"isAdmin":true},"targetId":"m","targetKind":"message","kind":"note","value":"x"}',
      });
      expect(proto.statusCode).toBe(400);
      expect(proto.json().error.code).toBe('INVALID_ARGUMENT');
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      const deep = await server.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '['.repeat(200_000) + ']'.repeat(200_000),
      });
      expect(deep.statusCode).toBeGreaterThanOrEqual(400);
      expect(deep.statusCode).toBeLessThan(500);
      for (const r of [proto, deep]) for (const leak of LEAKS) expect(r.body).not.toMatch(leak);
    } finally {
      await server.close();
    }
  });
});
