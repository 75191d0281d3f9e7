// The azure engine against a local server speaking Azure Translator v3's documented API. The
// server is a TEST DOUBLE: the real service is a cloud API this test cannot (and must not) reach.
// It checks the subscription key and region headers, the api-version/from/to query, the
// [{"Text"}] body and the 100-element / 50,000-character request limits, and answers errors in
// Azure's {error: {code, message}} shape (400035 = source language not valid).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatorContract } from '../../../testkit/translator-contract.js';
import {
  FakeTranslationService,
  fakeTranslate,
} from '../../../testkit/fake-translation-service.js';
import { ErrorCodes } from '../../../model/errors.js';
import { AzureTranslator } from './index.js';

const KEY = 'azure-secret-0000';

const svc = new FakeTranslationService((app) => {
  app.get('/languages', async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (q['api-version'] !== '3.0')
      return reply.code(400).send({
        error: { code: 400021, message: 'The API version parameter is missing or invalid.' },
      });
    return {
      translation: {
        en: { name: 'English' },
        es: { name: 'Spanish' },
        pl: { name: 'Polish' },
        'zh-Hans': { name: 'Chinese Simplified' },
      },
    };
  });
  app.post('/translate', async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (req.headers['ocp-apim-subscription-key'] !== KEY)
      return reply.code(401).send({
        error: {
          code: 401000,
          message: 'The request is not authorized because credentials are missing or invalid.',
        },
      });
    if (q['api-version'] !== '3.0')
      return reply.code(400).send({
        error: { code: 400021, message: 'The API version parameter is missing or invalid.' },
      });
    const body = req.body as Array<{ Text: string }>;
    if (!Array.isArray(body) || body.length > 100)
      return reply
        .code(400)
        .send({ error: { code: 400077, message: 'The maximum request size has been exceeded.' } });
    if (body.reduce((s, x) => s + x.Text.length, 0) > 50_000)
      return reply
        .code(400)
        .send({ error: { code: 400050, message: 'The input text is too long.' } });
    if (q.from === 'pl')
      return reply
        .code(400)
        .send({ error: { code: 400035, message: 'The source language is not valid.' } });
    return body.map((x) => ({ translations: [{ text: fakeTranslate(x.Text), to: q.to }] }));
  });
});

let url = '';
beforeAll(async () => {
  url = await svc.start();
});
afterAll(() => svc.stop());

const make = (settings: Record<string, unknown> = {}) =>
  new AzureTranslator({
    settings: { url, apiKey: KEY, region: 'uksouth', retryBaseMs: 5, ...settings },
    networkAllowed: true,
    dataDir: '/nonexistent',
  });

translatorContract('azure', {
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

describe('azure specifics', () => {
  it('sends the key, region, api-version, from and to, and at most 100 texts per request', async () => {
    const t = make();
    await t.open();
    const before = svc.calls('/translate').length;
    const reqs = Array.from({ length: 250 }, (_, i) => req(`m${i}`, `Hola ${i}`));
    const out = await t.translate(reqs);
    expect(out.every((o, i) => o.ok && o.text === `Hello ${i}`)).toBe(true);
    const calls = svc.calls('/translate').slice(before);
    expect(calls.map((c) => (c.body as unknown[]).length)).toEqual([100, 100, 50]);
    const c = calls[0]!;
    expect(c.headers['ocp-apim-subscription-region']).toBe('uksouth');
    expect(new URL(c.url, url).searchParams.get('from')).toBe('es');
    expect(new URL(c.url, url).searchParams.get('to')).toBe('en');
    expect((c.body as Array<{ Text: string }>)[0]).toEqual({ Text: 'Hola 0' });
    expect(t.info('es', 'en')).toMatchObject({ engine: 'azure', offline: false, modelHash: null });
  });

  it('keeps each request under 50,000 characters', async () => {
    const t = make();
    await t.open();
    const before = svc.calls('/translate').length;
    const out = await t.translate(
      Array.from({ length: 6 }, (_, i) => req(`b${i}`, 'a'.repeat(20_000))),
    );
    expect(out.every((o) => o.ok)).toBe(true);
    const sizes = svc
      .calls('/translate')
      .slice(before)
      .map((c) => (c.body as Array<{ Text: string }>).reduce((s, x) => s + x.Text.length, 0));
    expect(sizes).toEqual([40_000, 40_000, 40_000]);
  });

  it('maps Azure "source language not valid" (400035) to UNSUPPORTED_LANGUAGE_PAIR per item', async () => {
    const t = make();
    await t.open();
    expect(t.supports('pl', 'en')).toBe(true); // listed by /languages …
    const out = await t.translate([req('a', 'Cześć', 'pl'), req('b', 'Hola')]);
    expect(out.map((o) => (o.ok ? o.text : o.code))).toEqual([
      ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
      'Hello',
    ]);
  });

  it('refuses to start without a key, and a wrong key fails the engine without echoing it', async () => {
    await expect(make({ apiKey: undefined }).open()).rejects.toMatchObject({
      code: ErrorCodes.CONFIG_INVALID,
    });
    const t = make({ apiKey: 'bad-azure-key-999' });
    await t.open();
    const e = await t.translate([req('a', 'Hola')]).catch((x: Error) => x);
    expect(e).toMatchObject({ code: ErrorCodes.ENGINE_UNAVAILABLE });
    expect((e as Error).message).not.toContain('bad-azure-key-999');
  });
});
