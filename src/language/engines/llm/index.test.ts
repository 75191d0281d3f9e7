// The llm engine against a local server speaking the OpenAI-compatible API that llama.cpp's
// llama-server, vLLM and Ollama serve. The server is a TEST DOUBLE: no model runs in CI and the
// engine is for a force's own server. It lists models, checks the bearer key, answers
// /v1/chat/completions in the documented shape (translating the user message with a word list),
// and can answer a cut-off (finish_reason "length") or empty completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatorContract } from '../../../testkit/translator-contract.js';
import {
  FakeTranslationService,
  fakeTranslate,
} from '../../../testkit/fake-translation-service.js';
import { ErrorCodes } from '../../../model/errors.js';
import { LlmTranslator, PROMPT_VERSION } from './index.js';

const KEY = 'sk-local-llm';
let mode: 'ok' | 'cut' | 'empty' = 'ok';

const svc = new FakeTranslationService((app) => {
  app.get('/v1/models', async (req, reply) => {
    if (req.headers.authorization !== `Bearer ${KEY}`)
      return reply
        .code(401)
        .send({ error: { message: 'Invalid API Key', type: 'invalid_request_error' } });
    return { object: 'list', data: [{ id: 'aya-expanse-8b-q4', object: 'model' }] };
  });
  app.post('/v1/chat/completions', async (req, reply) => {
    if (req.headers.authorization !== `Bearer ${KEY}`)
      return reply.code(401).send({ error: { message: 'Invalid API Key' } });
    const b = req.body as { model: string; messages: Array<{ role: string; content: string }> };
    const user = b.messages.find((m) => m.role === 'user')!.content;
    const content = mode === 'empty' ? '' : fakeTranslate(user);
    return {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: b.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content },
          finish_reason: mode === 'cut' ? 'length' : 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
  });
});

let url = '';
beforeAll(async () => {
  url = await svc.start();
});
afterAll(() => svc.stop());

const make = (settings: Record<string, unknown> = {}) =>
  new LlmTranslator({
    settings: { url, apiKey: KEY, languages: ['es', 'ur-Latn'], retryBaseMs: 5, ...settings },
    networkAllowed: true,
    dataDir: '/nonexistent',
  });

translatorContract('llm', {
  make: () => make(),
  pair: { source: 'es', target: 'en' },
  unsupported: { source: 'pl', target: 'en' },
  samples: [
    { text: 'Tengo una idea diferente.', expect: 'idea' },
    { text: 'Este coche es rápido.', expect: 'car' },
    { text: '¿Cuántos años tiene tu tío?', expect: 'uncle' },
  ],
});

const req = (id: string, text: string, source = 'es') => ({ id, text, source, target: 'en' });

describe('llm specifics', () => {
  it('asks deterministically with a versioned prompt and records the served model', async () => {
    const t = make();
    await t.open();
    const before = svc.calls('/v1/chat/completions').length;
    const [o] = await t.translate([req('a', 'Hola amigo')]);
    expect(o).toMatchObject({
      ok: true,
      text: 'Hello friend',
      model: `aya-expanse-8b-q4 (${PROMPT_VERSION})`,
    });
    expect(o!.ok && o!.warnings).toEqual(['LLM output: review before relying on it']);
    const call = svc.calls('/v1/chat/completions').slice(before)[0]!;
    expect(call.body).toMatchObject({
      model: 'aya-expanse-8b-q4',
      temperature: 0,
      seed: 42,
      stream: false,
    });
    const sys = (call.body as { messages: Array<{ role: string; content: string }> }).messages[0]!;
    expect(sys.role).toBe('system');
    expect(sys.content).toMatch(/from Spanish into English/);
    expect(t.info('es', 'en').modelHash).toBeNull();
    const h = make({ modelSha256: 'a'.repeat(64) });
    await h.open();
    expect(h.info('es', 'en').modelHash).toBe('a'.repeat(64));
  });

  it('treats cut-off or empty output as a per-item error (the router falls back)', async () => {
    const t = make();
    await t.open();
    mode = 'cut';
    const [a] = await t.translate([req('a', 'Hola')]);
    mode = 'empty';
    const [b] = await t.translate([req('b', 'Hola')]);
    mode = 'ok';
    expect(a).toMatchObject({
      ok: false,
      code: ErrorCodes.ENGINE_FAILED,
      message: expect.stringMatching(/cut off/),
    });
    expect(b).toMatchObject({
      ok: false,
      code: ErrorCodes.ENGINE_FAILED,
      message: expect.stringMatching(/empty/),
    });
  });

  it('refuses a model the server does not serve, and a missing key', async () => {
    await expect(make({ model: 'gpt-9' }).open()).rejects.toMatchObject({
      code: ErrorCodes.ENGINE_UNAVAILABLE,
      message: expect.stringMatching(
        /does not serve model "gpt-9" \(it serves aya-expanse-8b-q4\)/,
      ),
    });
    await expect(make({ apiKey: undefined }).open()).rejects.toMatchObject({
      code: ErrorCodes.ENGINE_UNAVAILABLE,
    });
  });
});
