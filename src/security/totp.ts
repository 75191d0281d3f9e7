// TOTP second factor (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits, 30-second steps, one
// step of clock drift either side; a code is accepted once (the step used is remembered). Secrets
// are 20 random bytes shown as RFC 4648 base32 in an otpauth:// URI for authenticator apps.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) throw new Error('invalid base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export interface TotpOptions {
  digits?: number;
  stepSeconds?: number;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
}

/** HOTP value for a counter (RFC 4226 §5.3 dynamic truncation). */
export function hotp(secret: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const off = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[off]! & 0x7f) << 24) | (mac[off + 1]! << 16) | (mac[off + 2]! << 8) | mac[off + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export function totpStep(atMs: number, stepSeconds = 30): number {
  return Math.floor(atMs / 1000 / stepSeconds);
}

export function totp(secret: Buffer, atMs: number, o: TotpOptions = {}): string {
  return hotp(secret, totpStep(atMs, o.stepSeconds), o.digits ?? 6, o.algorithm ?? 'sha1');
}

/**
 * Checks `code` at time `atMs` within ±`window` steps; returns the matching step, or null. Steps at
 * or before `lastStep` are refused (a code is good once).
 */
export function verifyTotp(
  secret: Buffer,
  code: string,
  atMs: number,
  opts: TotpOptions & { window?: number; lastStep?: number | null } = {},
): number | null {
  const digits = opts.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const now = totpStep(atMs, opts.stepSeconds);
  const w = opts.window ?? 1;
  for (let s = now - w; s <= now + w; s++) {
    if (opts.lastStep !== undefined && opts.lastStep !== null && s <= opts.lastStep) continue;
    const want = Buffer.from(hotp(secret, s, digits, opts.algorithm ?? 'sha1'));
    if (timingSafeEqual(want, Buffer.from(code))) return s;
  }
  return null;
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The enrolment URI authenticator apps read (Key Uri Format). */
export function totpUri(secretB32: string, account: string, issuer = 'Threadline'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretB32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
