// scrypt password hashes: the default cost is the OWASP setting (N=2^17, r=8, p=1), hashes are
// salted, verification is exact, malformed or cheapened hashes are refused or flagged for re-hash.
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, parseHash, verifyPassword } from './password-hash.js';

describe('password hashing', () => {
  it('hashes with the default memory-hard cost and verifies', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(parseHash(h)).toMatchObject({ log2N: 17, r: 8, p: 1 });
    expect(parseHash(h)!.salt).toHaveLength(16);
    expect(await verifyPassword('correct horse battery staple', h)).toBe(true);
    expect(await verifyPassword('correct horse battery stable', h)).toBe(false);
    expect(needsRehash(h)).toBe(false);
  }, 30_000);

  it('salts every hash, refuses malformed ones, flags cheap ones', async () => {
    const cheap = { log2N: 10, r: 8, p: 1 };
    const a = await hashPassword('same password here', cheap);
    const b = await hashPassword('same password here', cheap);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(needsRehash(a)).toBe(true);
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(await verifyPassword('x', a.replace('$10$', '$30$'))).toBe(false);
  });
});
