// The router with HTTP engines: off unless configured, an unsupported pair falls back to the next
// engine, an unreachable or misconfigured engine is skipped with a clear per-item error and the
// rest carries on, and an engine that goes down mid-job is not asked again. The two services are
// TEST DOUBLES (local Fastify servers speaking the LibreTranslate and Azure v3 APIs): the real
// services are at network boundaries CI cannot reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeTranslationService,
  closedPortUrl,
  fakeTranslate,
} from '../testkit/fake-translation-service.js';
import { ErrorCodes } from '../model/errors.js';
import { createRouter, defaultChain, type TranslationSettings } from './engine-setup.js';

let libreDown = false;
const libre = new FakeTranslationService((app) => {
  app.get('/languages', async () => [
    { code: 'es', name: 'Spanish', targets: ['en'] },
    { code: 'en', name: 'English', targets: ['es'] },
  ]);
  app.post('/translate', async (req, reply) => {
    if (libreDown) return reply.code(403).send({ error: 'Invalid API key' });
    const b = req.body as { q: string[] };
    return { translatedText: b.q.map(fakeTranslate) };
  });
});
const azure = new FakeTranslationService((app) => {
  app.get('/languages', async () => ({ translation: { en: {}, es: {}, pl: {} } }));
  app.post('/translate', async (req) =>
    (req.body as Array<{ Text: string }>).map((x) => ({
      translations: [{ text: `[pl] ${x.Text}`, to: 'en' }],
    })),
  );
});

beforeAll(async () => {
  await libre.start();
  await azure.start();
});
afterAll(async () => {
  await libre.stop();
  await azure.stop();
});

function settings(engines: TranslationSettings['engines']): TranslationSettings {
  return { engines, routes: {}, target: 'en', workers: 1 };
}
const fast = { retryBaseMs: 5, maxRetries: 1 };
const items = [
  { id: 'es1', text: 'Hola amigo', source: 'es', target: 'en' },
  { id: 'pl1', text: 'Cześć', source: 'pl', target: 'en' },
  { id: 'es2', text: 'Tengo una idea', source: 'es', target: 'en' },
];

describe('HTTP engines in the router', () => {
  it('are in the default chain only when configured', () => {
    expect(defaultChain(settings({}))).not.toContain('libretranslate');
    expect(defaultChain(settings({ libretranslate: { url: 'http://x' } }))).toContain(
      'libretranslate',
    );
    expect(
      defaultChain(settings({ libretranslate: { url: 'http://x', enabled: false } })),
    ).not.toContain('libretranslate');
  });

  it('falls back to the next engine for a pair the first lacks', async () => {
    const router = createRouter({
      settings: {
        ...settings({
          libretranslate: { url: libre.url, ...fast },
          azure: { url: azure.url, apiKey: 'k', ...fast },
        }),
        routes: { '*>en': ['libretranslate', 'azure'] },
      },
      networkAllowed: true,
      dataDir: '/nonexistent',
    });
    const out = await router.translate(items);
    await router.close();
    expect(out.map((o) => (o.ok ? [o.id, o.engine, o.text] : [o.id, o.code]))).toEqual([
      ['es1', 'libretranslate', 'Hello friend'],
      ['pl1', 'azure', '[pl] Cześć'],
      ['es2', 'libretranslate', 'I have a idea'],
    ]);
  });

  it('skips an unreachable engine with its reason and carries on with the next', async () => {
    const dead = await closedPortUrl();
    const router = createRouter({
      settings: {
        ...settings({
          libretranslate: { url: dead, ...fast },
          azure: { url: azure.url, apiKey: 'k', ...fast },
        }),
        routes: { '*>en': ['libretranslate', 'azure'] },
      },
      networkAllowed: true,
      dataDir: '/nonexistent',
    });
    const out = await router.translate(items);
    expect(out.every((o) => o.ok && o.engine === 'azure')).toBe(true);
    expect(router.engineStates().libretranslate).toMatch(
      /^ENGINE_UNAVAILABLE: libretranslate is unavailable: cannot reach GET http:\/\/127\.0\.0\.1:\d+\/languages/,
    );
    await router.close();
  });

  it('gives each item a clear error when the only engine is misconfigured or the network is off', async () => {
    const mis = createRouter({
      settings: { ...settings({ deepl: { url: 'not a url' } }), routes: { '*': ['deepl'] } },
      networkAllowed: true,
      dataDir: '/nonexistent',
    });
    const a = await mis.translate(items);
    expect(a.map((o) => !o.ok && o.code)).toEqual(Array(3).fill(ErrorCodes.CONFIG_INVALID));
    expect(!a[0]!.ok && a[0]!.message).toMatch(/translation\.engines\.deepl\.url/);
    expect(!a[0]!.ok && a[0]!.tried).toEqual(['deepl']);

    const off = createRouter({
      settings: {
        ...settings({ libretranslate: { url: libre.url } }),
        routes: { '*': ['libretranslate'] },
      },
      networkAllowed: false,
      dataDir: '/nonexistent',
    });
    const n = libre.attempts.length;
    const b = await off.translate(items);
    expect(b.map((o) => !o.ok && o.code)).toEqual(Array(3).fill(ErrorCodes.NETWORK_DISABLED));
    expect(libre.attempts.length).toBe(n);
  });

  it('stops asking an engine that goes down mid-job; the rest goes to the fallback', async () => {
    const router = createRouter({
      settings: {
        ...settings({
          libretranslate: { url: libre.url, ...fast },
          azure: { url: azure.url, apiKey: 'k', ...fast },
        }),
        routes: { 'es>en': ['libretranslate', 'azure'] },
        batchSize: 2,
      },
      networkAllowed: true,
      dataDir: '/nonexistent',
    });
    const first = await router.translate([items[0]!]);
    expect(first[0]!.ok && first[0]!.engine).toBe('libretranslate');
    libreDown = true;
    try {
      const n = libre.calls('/translate').length;
      const batch = Array.from({ length: 6 }, (_, i) => ({
        id: `x${i}`,
        text: `Hola ${i}`,
        source: 'es',
        target: 'en',
      }));
      const out = await router.translate(batch);
      expect(out.every((o) => o.ok && o.engine === 'azure')).toBe(true);
      // one refused request, then the engine is skipped for the other batches and later calls
      expect(libre.calls('/translate').length - n).toBe(1);
      await router.translate([{ id: 'y', text: 'Hola', source: 'es', target: 'en' }]);
      expect(libre.calls('/translate').length - n).toBe(1);
      expect(router.engineStates().libretranslate).toMatch(/refused the credentials/);
    } finally {
      libreDown = false;
      await router.close();
    }
  });
});
