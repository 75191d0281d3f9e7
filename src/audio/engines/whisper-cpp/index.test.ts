// The whisper engine (whisper.cpp's CLI) runs only when a model is configured for the test through
// THREADLINE_TEST_WHISPER_MODEL (+ _SHA256, and _BIN for the program); otherwise it skips with a
// message. The model hash check always runs: a wrong hash is refused before any use.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../model/errors.js';
import { decodeAudio, SAMPLE_RATE } from '../../decode-audio.js';
import { checkTranscriberContract } from '../../../testkit/transcriber-contract.js';
import { whisperCppEngine } from './index.js';

const model = process.env.THREADLINE_TEST_WHISPER_MODEL;
const sha256 = process.env.THREADLINE_TEST_WHISPER_SHA256;
const binary = process.env.THREADLINE_TEST_WHISPER_BIN ?? 'whisper-cli';
const clip =
  '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav';
const ready = model && sha256 && existsSync(model) && existsSync(clip);
if (!ready)
  console.warn(
    '[skip] whisper transcription: no model (set THREADLINE_TEST_WHISPER_MODEL and THREADLINE_TEST_WHISPER_SHA256 to a ggml model and its SHA-256)',
  );
const dir = mkdtempSync(join(tmpdir(), 'tl-whisper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('whisper engine', () => {
  it('is unavailable without a configured model, and refuses a model whose SHA-256 differs', async () => {
    const none = whisperCppEngine.create({ options: {}, networkAllowed: false });
    expect(await none.unavailable()).toMatch(/no whisper model configured/);
    const fake = join(dir, 'ggml-fake.bin');
    writeFileSync(fake, 'not a model');
    // `true` stands in for the program so the hash check is what refuses
    const bad = whisperCppEngine.create({
      options: { model: fake, sha256: '0'.repeat(64), binary: 'true' },
      networkAllowed: false,
    });
    const pcm = Buffer.alloc(SAMPLE_RATE * 2);
    await expect(
      bad.transcribe({ pcm, seconds: 1, sourceSha256: 'a'.repeat(64), pcmSha256: 'b'.repeat(64) }),
    ).rejects.toMatchObject({ code: ErrorCodes.MODEL_HASH_MISMATCH });
  });

  it.skipIf(!ready)(
    'transcribes a LibriVox clip with language and segment times',
    async () => {
      const e = whisperCppEngine.create({
        options: { model, sha256, binary },
        networkAllowed: false,
      });
      const a = await decodeAudio({ path: clip });
      await checkTranscriberContract(whisperCppEngine, e, a);
      const t = await e.transcribe(a);
      expect(t.language).toBe('en');
      expect(t.text.toLowerCase()).toContain('young man');
    },
    300_000,
  );
});
