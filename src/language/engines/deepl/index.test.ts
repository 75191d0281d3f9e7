// The deepl engine against a local server speaking DeepL API v2. The server is a TEST DOUBLE: the
// real service is a cloud API this test cannot (and must not) reach. It checks the
// "DeepL-Auth-Key" header, the {text[], source_lang, target_lang} body and the 50-text limit,
// lists languages as /v2/languages does, and can answer 429 (retried) and 456 (quota used up).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatorContract } from '../../../testkit/translator-contract.js';
import {
  FakeTranslationService,
  fakeTranslate,
} from '../../../testkit/fake-translation-service.js';
import { ErrorCodes } from '../../../model/errors.js';
import { DeeplTranslator } from './index.js';

const KEY = 'deepl-secret:fx';

const svc = new FakeTranslationService((app) => {
  app.get('/v2/languages', async (req, reply) => {
    if (req.headers.authorization !== `DeepL-Auth-Key ${KEY}`)
      return reply.code(403).send({ message: 'Wrong endpoint or key' });
    const type = (req.query as Record<string, string>).type;
    return type === 'target'
      ? [
          { language: 'EN-GB', name: 'English (British)' },
          { language: 'EN-US', name: 'English (American)' },
          { language: 'ES', name: 'Spanish' },
        ]
      : [
          { language: 'EN', name: 'English' },
          { language: 'ES', name: 'Spanish' },
          { language: 'PL', name: 'Polish' },
        ];
  });
  app.post('/v2/translate', async (req, reply) => {
    if (req.headers.authorization !== `DeepL-Auth-Key ${KEY}`)
      return reply.code(403).send({ message: 'Wrong endpoint or key' });
    const b = req.body as { text?: string[]; source_lang?: string; target_lang?: string };
    if (!Array.isArray(b.text) || b.text.length > 50)
      return reply.code(413).send({ message: 'Request Entity Too Large' });
    if (!['EN-GB', 'EN-US', 'ES'].includes(b.target_lang ?? ''))
      return reply.code(400).send({ message: "Value for 'target_lang' not supported." });
    return {
      translations: b.text.map((t) => ({
        detected_source_language: b.source_lang ?? 'ES',
        text: fakeTranslate(t),
      })),
    };
  });
});

let url = '';
beforeAll(async () => {
  url = await svc.start();
});
afterAll(() => svc.stop());

const make = (settings: Record<string, unknown> = {}) =>
  new DeeplTranslator({
    settings: { url, apiKey: KEY, retryBaseMs: 5, ...settings },
    networkAllowed: true,
    dataDir: '/nonexistent',
  });

translatorContract('deepl', {
  make: () => make(),
  pair: { source: 'es', target: 'en' },
  unsupported: { source: 'ur', target: 'en' },
  samples: [
    { text: 'Tengo una idea diferente.', expect: 'idea' },
    { text: 'Este coche es rápido.', expect: 'car' },
    { text: '¿Cuántos años tiene tu tío?', expect: 'uncle' },
  ],
});

const req = (id: string, text: string, source = 'es') => ({ id, text, source, target: 'en' });

describe('deepl specifics', () => {
  it('sends at most 50 texts per request with EN-GB as the English target', async () => {
    const t = make();
    await t.open();
    const before = svc.calls('/v2/translate').length;
    const out = await t.translate(Array.from({ length: 120 }, (_, i) => req(`m${i}`, `Hola ${i}`)));
    expect(out.every((o, i) => o.ok && o.text === `Hello ${i}`)).toBe(true);
    const calls = svc.calls('/v2/translate').slice(before);
    expect(calls.map((c) => (c.body as { text: string[] }).text.length)).toEqual([50, 50, 20]);
    expect(calls[0]!.body).toMatchObject({ source_lang: 'ES', target_lang: 'EN-GB' });
    expect(out[0]!.ok && out[0]!.model).toBe('deepl v2 (target EN-GB)');
    expect(t.supports('ur-Latn', 'en')).toBe(false);
  });

  it('keeps each request under 128 KiB', async () => {
    const t = make();
    await t.open();
    const before = svc.calls('/v2/translate').length;
    // 10 texts of 20,000 two-byte characters (40 KB each in UTF-8)
    const out = await t.translate(
      Array.from({ length: 10 }, (_, i) => req(`b${i}`, 'ñ'.repeat(20_000))),
    );
    expect(out.every((o) => o.ok)).toBe(true);
    for (const c of svc.calls('/v2/translate').slice(before))
      expect(Buffer.byteLength(JSON.stringify(c.body))).toBeLessThanOrEqual(128 * 1024);
    expect(svc.calls('/v2/translate').length - before).toBe(4);
  });

  it('retries 429, and stops the engine when the quota is used up (456)', async () => {
    const t = make();
    await t.open();
    svc.failNext({ status: 429, body: { message: 'Too many requests' } });
    const [a] = await t.translate([req('a', 'Hola')]);
    expect(a!.ok && a!.text).toBe('Hello');
    svc.failNext({ status: 456, body: { message: 'Quota exceeded' } });
    await expect(t.translate([req('b', 'Hola')])).rejects.toMatchObject({
      code: ErrorCodes.ENGINE_UNAVAILABLE,
      message: expect.stringMatching(/quota is used up/),
    });
  });

  it('picks the free endpoint for ":fx" keys when no URL is given', () => {
    const t = new DeeplTranslator({
      settings: { apiKey: 'abc:fx' },
      networkAllowed: true,
      dataDir: '/x',
    });
    expect((t as unknown as { ctx: { settings: { url: string } } }).ctx.settings.url).toBe(
      'https://api-free.deepl.com',
    );
    const p = new DeeplTranslator({
      settings: { apiKey: 'abc' },
      networkAllowed: true,
      dataDir: '/x',
    });
    expect((p as unknown as { ctx: { settings: { url: string } } }).ctx.settings.url).toBe(
      'https://api.deepl.com',
    );
  });
});
