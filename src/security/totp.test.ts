// TOTP against the RFC 6238 Appendix B and RFC 4226 Appendix D test vectors, the drift window,
// one-time use, and base32 round trips.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Decode, base32Encode, hotp, totp, verifyTotp, totpUri } from './totp.js';

const SHA1_KEY = Buffer.from('12345678901234567890', 'ascii');
const SHA256_KEY = Buffer.from('12345678901234567890123456789012', 'ascii');

describe('TOTP', () => {
  it('matches RFC 4226 Appendix D HOTP values', () => {
    const want = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583'];
    want.forEach((w, i) => expect(hotp(SHA1_KEY, i)).toBe(w));
  });

  it('matches RFC 6238 Appendix B (8 digits, SHA-1 and SHA-256)', () => {
    const cases: Array<[number, string, string]> = [
      [59, '94287082', '46119246'],
      [1111111109, '07081804', '68084774'],
      [1111111111, '14050471', '67062674'],
      [1234567890, '89005924', '91819424'],
      [2000000000, '69279037', '90698825'],
      [20000000000, '65353130', '77737706'],
    ];
    for (const [t, sha1, sha256] of cases) {
      expect(totp(SHA1_KEY, t * 1000, { digits: 8 })).toBe(sha1);
      expect(totp(SHA256_KEY, t * 1000, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    }
  });

  it('accepts one step of drift either side, not two, and each step only once', () => {
    const at = 1_800_000_000_000;
    const now = totp(SHA1_KEY, at);
    expect(verifyTotp(SHA1_KEY, now, at)).toBe(Math.floor(at / 30_000));
    expect(verifyTotp(SHA1_KEY, totp(SHA1_KEY, at - 30_000), at)).not.toBeNull();
    expect(verifyTotp(SHA1_KEY, totp(SHA1_KEY, at + 30_000), at)).not.toBeNull();
    expect(verifyTotp(SHA1_KEY, totp(SHA1_KEY, at - 60_000), at)).toBeNull();
    expect(verifyTotp(SHA1_KEY, totp(SHA1_KEY, at + 90_000), at)).toBeNull();
    const step = verifyTotp(SHA1_KEY, now, at)!;
    expect(verifyTotp(SHA1_KEY, now, at, { lastStep: step })).toBeNull();
    expect(verifyTotp(SHA1_KEY, '12345', at)).toBeNull();
    expect(verifyTotp(SHA1_KEY, '12345a', at)).toBeNull();
  });

  it('round-trips base32 (RFC 4648 vectors and arbitrary bytes)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(base32Decode(base32Encode(b)).equals(Buffer.from(b))).toBe(true);
      }),
    );
    expect(totpUri('MZXW6YTBOI', 'alice')).toBe(
      'otpauth://totp/Threadline%3Aalice?secret=MZXW6YTBOI&issuer=Threadline&algorithm=SHA1&digits=6&period=30',
    );
  });
});
