// Decodes any audio or video file (Opus, AMR, M4A, MP4, WAV …) to 16 kHz mono 16-bit PCM with
// Debian's ffmpeg, called without a shell, with a time limit and a duration limit, and hashes both.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { AppError, ErrorCodes } from '../model/errors.js';
import { sha256File } from '../evidence/hash-file.js';

export const SAMPLE_RATE = 16_000;

export interface DecodeOptions {
  /** ffmpeg executable (default `ffmpeg` on PATH). */
  ffmpeg?: string;
  /** Longest audio accepted, in seconds (default 3 hours). */
  maxSeconds?: number;
  /** Wall-clock limit for the decoder, in ms (default: 60 s plus the audio's length at 20×). */
  timeoutMs?: number;
  /** A name for errors (the evidence path or media id). */
  label?: string;
}

export interface DecodedAudio {
  /** Signed 16-bit little-endian mono samples at 16 kHz. */
  pcm: Buffer;
  seconds: number;
  /** SHA-256 of the input bytes (the evidence). */
  sourceSha256: string;
  /** SHA-256 of the decoded PCM (what the engine heard). */
  pcmSha256: string;
}

/** Decode audio bytes (or a file path) to 16 kHz mono PCM. */
export async function decodeAudio(
  input: Buffer | { path: string },
  opts: DecodeOptions = {},
): Promise<DecodedAudio> {
  const label = opts.label ?? ('path' in input ? input.path : 'audio');
  const maxSeconds = opts.maxSeconds ?? 3 * 3600;
  const maxBytes = Math.ceil(maxSeconds * SAMPLE_RATE * 2);
  if (Buffer.isBuffer(input) && input.length === 0)
    throw new AppError(ErrorCodes.AUDIO_EMPTY, 'the audio file is empty (0 bytes)', {
      file: label,
    });
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // never follow references out of the file (playlists, concat, network protocols)
    '-protocol_whitelist',
    Buffer.isBuffer(input) ? 'pipe' : 'file',
    '-i',
    Buffer.isBuffer(input) ? 'pipe:0' : `file:${input.path}`,
    '-map',
    '0:a:0',
    '-vn',
    '-ac',
    '1',
    '-ar',
    String(SAMPLE_RATE),
    '-t',
    String(maxSeconds + 1),
    '-f',
    's16le',
    'pipe:1',
  ];
  const child = spawn(opts.ffmpeg ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let size = 0;
  let stderr = '';
  const timeoutMs = opts.timeoutMs ?? 60_000 + maxSeconds * 50;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  child.stdout.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= maxBytes + SAMPLE_RATE * 2) chunks.push(c);
  });
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 4000) stderr += c.toString('utf8');
  });
  child.stdin.on('error', () => undefined); // ffmpeg may stop reading early on bad input
  if (Buffer.isBuffer(input)) child.stdin.end(input);
  else child.stdin.end();
  const status = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          e.code === 'ENOENT'
            ? new AppError(
                ErrorCodes.ENGINE_UNAVAILABLE,
                'ffmpeg is not installed (Debian package ffmpeg)',
                { file: label },
              )
            : e,
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    },
  );
  const sourceSha256 = Buffer.isBuffer(input)
    ? createHash('sha256').update(input).digest('hex')
    : null;
  if (status.signal === 'SIGKILL')
    throw new AppError(
      ErrorCodes.AUDIO_DECODE_FAILED,
      `decoding took longer than ${timeoutMs} ms`,
      {
        file: label,
      },
    );
  if (status.code !== 0)
    throw new AppError(
      ErrorCodes.AUDIO_DECODE_FAILED,
      `ffmpeg cannot decode this audio: ${firstLine(stderr) || `exit ${status.code}`}`,
      { file: label },
    );
  const pcm = Buffer.concat(chunks);
  if (size > maxBytes)
    throw new AppError(
      ErrorCodes.AUDIO_TOO_LONG,
      `the audio is longer than the ${maxSeconds} s limit for one item`,
      { file: label },
    );
  if (pcm.length < SAMPLE_RATE / 10)
    // under 50 ms of sound
    throw new AppError(ErrorCodes.AUDIO_EMPTY, 'the audio decodes to no sound', { file: label });
  const evenPcm = pcm.length % 2 ? pcm.subarray(0, pcm.length - 1) : pcm;
  return {
    pcm: evenPcm,
    seconds: evenPcm.length / 2 / SAMPLE_RATE,
    sourceSha256: sourceSha256 ?? (await sha256File((input as { path: string }).path)).sha256,
    pcmSha256: createHash('sha256').update(evenPcm).digest('hex'),
  };
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 300);
}

/** A RIFF/WAVE container around 16 kHz mono PCM (for engines that read WAV files). */
export function wavFile(pcm: Buffer): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}
