// The openai-http engine against a LOCAL test double that speaks the documented
// /v1/audio/transcriptions API (multipart upload, verbose_json): the real endpoint is a service the
// force hosts, which CI cannot reach. Checks the upload, retries on 429, the network switch and an
// unreachable endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { SAMPLE_RATE, type DecodedAudio } from '../../decode-audio.js';
import { checkTranscriberContract } from '../../../testkit/transcriber-contract.js';
import { openAiHttpEngine } from './index.js';

let server: Server;
let url: string;
const seen: Array<{
  model: string;
  format: string;
  wavRate: number;
  bytes: number;
  auth: string | undefined;
}> = [];
let failNext = 0;

function audio(seconds: number): DecodedAudio {
  const pcm = Buffer.alloc(Math.round(seconds * SAMPLE_RATE) * 2);
  return { pcm, seconds, sourceSha256: 'a'.repeat(64), pcmSha256: 'b'.repeat(64) };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.url !== '/v1/audio/transcriptions' || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        if (failNext > 0) {
          failNext--;
          res.writeHead(429, { 'retry-after': '0' }).end('slow down');
          return;
        }
        const form = await new Request('http://local/', {
          method: 'POST',
          body: Buffer.concat(chunks),
          headers: { 'content-type': req.headers['content-type'] ?? '' },
        }).formData();
        const file = form.get('file') as File;
        const wav = Buffer.from(await file.arrayBuffer());
        seen.push({
          model: String(form.get('model')),
          format: String(form.get('response_format')),
          wavRate: wav.readUInt32LE(24),
          bytes: wav.length,
          auth: req.headers.authorization,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            task: 'transcribe',
            language: 'polish',
            duration: (wav.length - 44) / 2 / SAMPLE_RATE,
            text: ' Cześć, gdzie jesteś? Jutro o ósmej.',
            segments: [
              { id: 0, start: 0, end: 1.2, text: ' Cześć, gdzie jesteś?', avg_logprob: -0.2 },
              { id: 1, start: 1.2, end: 1.9, text: ' Jutro o ósmej.', avg_logprob: -0.5 },
            ],
          }),
        );
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('openai-http transcription engine (local test double)', () => {
  it('meets the transcriber contract and uploads 16 kHz WAV with verbose_json', async () => {
    const e = openAiHttpEngine.create({
      options: { url, model: 'whisper-large-v3', apiKey: 'k-test' },
      networkAllowed: true,
    });
    await checkTranscriberContract(openAiHttpEngine, e, audio(2));
    const t = await e.transcribe(audio(2));
    expect(t.language).toBe('pl');
    expect(t.text).toBe('Cześć, gdzie jesteś? Jutro o ósmej.');
    expect(t.segments[0]).toEqual({
      start: 0,
      end: 1.2,
      text: 'Cześć, gdzie jesteś?',
      confidence: 0.819,
    });
    expect(t.model).toBe('whisper-large-v3');
    expect(seen.at(-1)).toEqual({
      model: 'whisper-large-v3',
      format: 'verbose_json',
      wavRate: 16_000,
      bytes: 44 + 2 * 2 * SAMPLE_RATE,
      auth: 'Bearer k-test',
    });
  });

  it('retries after 429 honouring Retry-After', async () => {
    failNext = 2;
    const e = openAiHttpEngine.create({ options: { url, retries: 3 }, networkAllowed: true });
    const before = seen.length;
    const t = await e.transcribe(audio(1));
    expect(t.segments).toHaveLength(2);
    expect(seen.length).toBe(before + 1);
    expect(failNext).toBe(0);
  });

  it('is off unless configured and the network allowed; an unreachable endpoint is a typed error', async () => {
    const none = openAiHttpEngine.create({ options: {}, networkAllowed: true });
    expect(await none.unavailable()).toMatch(/no endpoint configured/);
    const off = openAiHttpEngine.create({ options: { url }, networkAllowed: false });
    expect(await off.unavailable()).toMatch(/network use is off/);
    await expect(off.transcribe(audio(1))).rejects.toMatchObject({
      code: ErrorCodes.NETWORK_DISABLED,
    });
    const dead = openAiHttpEngine.create({
      options: { url: 'http://127.0.0.1:9', retries: 1, timeoutMs: 2000 },
      networkAllowed: true,
    });
    const err = await dead.transcribe(audio(1)).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCodes.ENGINE_UNAVAILABLE);
    expect((err as AppError).message).not.toContain('k-test');
  });
});
