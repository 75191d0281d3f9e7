// Bad audio through the decoder: corrupt, zero-length, mislabelled, unsupported and over-long
// input each give a typed error naming the file; real Opus, AMR-style and M4A encodings decode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../model/errors.js';
import { decodeAudio, SAMPLE_RATE, wavFile } from './decode-audio.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
if (!hasFfmpeg) console.warn('[skip] audio decoding tests: Debian package ffmpeg is not installed');
const dir = mkdtempSync(join(tmpdir(), 'tl-audio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 440 Hz tone of `seconds` as 16 kHz PCM in a WAV. */
function tone(seconds: number): Buffer {
  const n = Math.round(seconds * SAMPLE_RATE);
  const pcm = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++)
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE)), i * 2);
  return wavFile(pcm);
}

/** Encode a WAV with ffmpeg into another container/codec. */
function encode(wav: Buffer, name: string, args: string[]): Buffer {
  const src = join(dir, `${name}.src.wav`);
  const out = join(dir, name);
  require_ok(spawnSync('sh', ['-c', `cat > '${src}'`], { input: wav }).status);
  require_ok(
    spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', src, ...args, out], { stdio: 'ignore' })
      .status,
  );
  return readFileSync(out);
}
function require_ok(status: number | null) {
  if (status !== 0) throw new Error('fixture encoding failed');
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).details.file).toBe('exhibit/voice.opus');
    return (e as AppError).code;
  }
}

describe.skipIf(!hasFfmpeg)('decodeAudio', () => {
  it('decodes Opus, M4A (AAC) and WAV to 16 kHz mono with the length kept and hashes recorded', async () => {
    const wav = tone(2);
    for (const [name, args] of [
      ['t.opus', ['-c:a', 'libopus', '-b:a', '24k']],
      ['t.m4a', ['-c:a', 'aac', '-b:a', '48k']],
      ['t.ogg', ['-c:a', 'libvorbis']],
    ] as const) {
      const bytes = encode(wav, name, [...args]);
      const a = await decodeAudio(bytes, { label: name });
      expect(a.seconds, name).toBeGreaterThan(1.9);
      expect(a.seconds, name).toBeLessThan(2.2);
      expect(a.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(a.pcmSha256).not.toBe(a.sourceSha256);
    }
    const same = await decodeAudio(wav);
    expect(same.pcm.equals(wav.subarray(44))).toBe(true);
  }, 60_000);

  it('refuses bad input with a typed error naming the file', async () => {
    const label = 'exhibit/voice.opus';
    expect(await codeOf(decodeAudio(Buffer.alloc(0), { label }))).toBe(ErrorCodes.AUDIO_EMPTY);
    // corrupt: random bytes; mislabelled: a JPEG header called .opus; truncated header only
    const rnd = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
    expect(await codeOf(decodeAudio(rnd, { label }))).toBe(ErrorCodes.AUDIO_DECODE_FAILED);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), rnd]);
    expect(await codeOf(decodeAudio(jpeg, { label }))).toBe(ErrorCodes.AUDIO_DECODE_FAILED);
    expect(await codeOf(decodeAudio(tone(1).subarray(0, 44), { label }))).toBe(
      ErrorCodes.AUDIO_EMPTY,
    );
    // over the length limit (the hour-long case, scaled: a 4 s file against a 2 s limit)
    expect(await codeOf(decodeAudio(tone(4), { label, maxSeconds: 2 }))).toBe(
      ErrorCodes.AUDIO_TOO_LONG,
    );
    // a text file is not audio
    expect(
      await codeOf(decodeAudio(Buffer.from('hello, not audio at all\n'.repeat(50)), { label })),
    ).toBe(ErrorCodes.AUDIO_DECODE_FAILED);
  }, 60_000);

  it('never follows references out of the file (an HLS playlist naming a URL)', async () => {
    const m3u8 = Buffer.from(
      '#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n',
    );
    expect(
      await codeOf(decodeAudio(m3u8, { label: 'exhibit/voice.opus', timeoutMs: 20_000 })),
    ).toBe(ErrorCodes.AUDIO_DECODE_FAILED);
  }, 30_000);
});
