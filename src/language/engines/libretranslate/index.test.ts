// The libretranslate engine against a local server speaking LibreTranslate's API. The server is a
// TEST DOUBLE: a real LibreTranslate needs Argos models this machine does not have, and the engine
// is for a force's own server, unreachable from CI. It enforces the real server's --batch-limit and
// --char-limit the way libretranslate/app.py does (HTTP 400), checks the api_key, and can fail on
// purpose (429 with Retry-After, 503) to test retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatorContract } from '../../../testkit/translator-contract.js';
import {
  FakeTranslationService,
  closedPortUrl,
  fakeTranslate,
} from '../../../testkit/fake-translation-service.js';
import { ErrorCodes } from '../../../model/errors.js';
import { LibreTranslateTranslator } from './index.js';

const KEY = 'lt-secret-key-123';
const BATCH_LIMIT = 3;
const CHAR_LIMIT = 500;

const svc = new FakeTranslationService((app) => {
  app.get('/languages', async () => [
    { code: 'en', name: 'English', targets: ['es'] },
    { code: 'es', name: 'Spanish', targets: ['en'] },
    { code: 'fr', name: 'French', targets: ['es'] },
  ]);
  app.post('/translate', async (req, reply) => {
    const b = req.body as { q?: unknown; source?: string; target?: string; api_key?: string };
    if (b.api_key !== KEY) return reply.code(403).send({ error: 'Invalid API key' });
    if (!b.q) return reply.code(400).send({ error: 'Invalid request: missing q parameter' });
    const q = Array.isArray(b.q) ? (b.q as string[]) : [String(b.q)];
    if (Array.isArray(b.q) && q.length > BATCH_LIMIT)
      return reply.code(400).send({
        error: `Invalid request: request (${q.length}) exceeds text limit (${BATCH_LIMIT})`,
      });
    for (const t of q)
      if (t.length > CHAR_LIMIT)
        return reply.code(400).send({
          error: `Invalid request: request (${t.length}) exceeds text limit (${CHAR_LIMIT})`,
        });
    if (b.source !== 'es' || b.target !== 'en')
      return reply.code(400).send({ error: `${b.source} is not supported` });
    const out = q.map(fakeTranslate);
    return { translatedText: Array.isArray(b.q) ? out : out[0] };
  });
});

let url = '';
beforeAll(async () => {
  url = await svc.start();
});
afterAll(() => svc.stop());

const make = (settings: Record<string, unknown> = {}, networkAllowed = true) =>
  new LibreTranslateTranslator({
    settings: {
      url,
      apiKey: KEY,
      maxItems: BATCH_LIMIT,
      maxChars: CHAR_LIMIT,
      retryBaseMs: 5,
      ...settings,
    },
    networkAllowed,
    dataDir: '/nonexistent',
  });

translatorContract('libretranslate', {
  make: () => make(),
  pair: { source: 'es', target: 'en' },
  unsupported: { source: 'pl', target: 'en' },
  samples: [
    { text: 'Tengo una idea diferente.', expect: 'idea' },
    { text: 'Este coche es rápido.', expect: 'car' },
    { text: '¿Cuántos años tiene tu tío?', expect: 'uncle' },
  ],
});

const es = (id: string, text: string) => ({ id, text, source: 'es', target: 'en' });

describe('libretranslate specifics', () => {
  it('sends q as an array within the batch limit, with the key in the body', async () => {
    const t = make();
    await t.open();
    const before = svc.calls('/translate').length;
    const reqs = Array.from({ length: 7 }, (_, i) => es(`m${i}`, `Hola amigo ${i}`));
    const out = await t.translate(reqs);
    expect(out.map((o) => (o.ok ? o.text : o.code))).toEqual(
      reqs.map((_, i) => `Hello friend ${i}`),
    );
    const calls = svc.calls('/translate').slice(before);
    expect(calls.map((c) => (c.body as { q: string[] }).q.length)).toEqual([3, 3, 1]);
    expect(calls.every((c) => (c.body as { api_key: string }).api_key === KEY)).toBe(true);
    expect((calls[0]!.body as { format: string }).format).toBe('text');
    expect(out[0]!.ok && out[0]!.model).toBe(`libretranslate ${new URL(url).host}`);
  });

  it('reports a text over the server char limit per item; the rest are translated', async () => {
    const t = make();
    await t.open();
    const out = await t.translate([es('a', 'Hola'), es('b', 'x'.repeat(501)), es('c', 'amigo')]);
    expect(out.map((o) => (o.ok ? o.text : o.code))).toEqual([
      'Hello',
      ErrorCodes.FIELD_TOO_LARGE,
      'friend',
    ]);
  });

  it('retries a 429, waiting as long as Retry-After says', async () => {
    const t = make();
    await t.open();
    const n = svc.attempts.length;
    svc.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'Slowdown' } });
    const t0 = Date.now();
    const [o] = await t.translate([es('a', 'Hola amigo')]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(o!.ok && o!.text).toBe('Hello friend');
    expect(svc.attempts.slice(n)).toEqual(['POST /translate', 'POST /translate']);
  });

  it('gives up on repeated 5xx with a per-item ENGINE_FAILED, without throwing', async () => {
    const t = make({ maxRetries: 2 });
    await t.open();
    const n = svc.attempts.length;
    svc.failNext({ status: 503 }, { status: 503 }, { status: 503 });
    const out = await t.translate([es('a', 'Hola'), es('b', 'amigo')]);
    expect(out.map((o) => !o.ok && o.code)).toEqual([
      ErrorCodes.ENGINE_FAILED,
      ErrorCodes.ENGINE_FAILED,
    ]);
    expect(!out[0]!.ok && out[0]!.message).toMatch(/HTTP 503 after 3 attempts/);
    expect(svc.attempts.length - n).toBe(3);
    // the next call works again
    const [ok] = await t.translate([es('c', 'Hola')]);
    expect(ok!.ok).toBe(true);
  });

  it('is off unless configured and the network is allowed (no request is made)', async () => {
    const n = svc.attempts.length;
    await expect(make({ url: undefined }).open()).rejects.toMatchObject({
      code: ErrorCodes.ENGINE_UNAVAILABLE,
      message: expect.stringMatching(/not configured.*translation\.engines\.libretranslate\.url/),
    });
    await expect(make({}, false).open()).rejects.toMatchObject({
      code: ErrorCodes.NETWORK_DISABLED,
    });
    await expect(make({ maxItems: 'lots' }).open()).rejects.toMatchObject({
      code: ErrorCodes.CONFIG_INVALID,
      message: expect.stringMatching(/translation\.engines\.libretranslate\.maxItems/),
    });
    expect(svc.attempts.length).toBe(n);
  });

  it('names an unreachable server; a refused key never appears in the error', async () => {
    const dead = await closedPortUrl();
    await expect(make({ url: dead }).open()).rejects.toMatchObject({
      code: ErrorCodes.ENGINE_UNAVAILABLE,
      message: expect.stringMatching(/cannot reach GET http:\/\/127\.0\.0\.1:\d+\/languages/),
    });
    const t = make({ apiKey: 'wrong-key-456' });
    await t.open();
    const err = await t.translate([es('a', 'Hola')]).catch((e: Error) => e);
    expect(err).toMatchObject({ code: ErrorCodes.ENGINE_UNAVAILABLE });
    expect((err as Error).message).toMatch(/refused the credentials \(HTTP 403/);
    expect((err as Error).message).not.toContain('wrong-key-456');
  });
});
