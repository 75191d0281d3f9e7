// Accounts and sign-in with a controllable clock: lockout after 5 failures for 10 minutes, the
// TOTP second factor with computed codes (each good once), 30-minute idle and 12-hour absolute
// session limits, and an audit entry for each sign-in, refusal, lockout and expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { StoreAuditSink } from './store-audit-sink.js';
import { AccountService } from './accounts.js';
import { manualClock } from './clock.js';
import { base32Decode, totp } from './totp.js';
import { LOCAL_USER } from '../app/app-context.js';
import { AppError } from '../model/errors.js';

const MIN = 60_000;
const PASSWORD = 'correct horse battery staple';
let t: TempStore;
let audit: StoreAuditSink;
let clock: ReturnType<typeof manualClock>;
let accounts: AccountService;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

beforeEach(async () => {
  t = await tempStore();
  clock = manualClock(Date.UTC(2026, 10, 2, 8));
  audit = new StoreAuditSink(t.store, clock);
  // a cheap scrypt cost keeps the test fast; the default cost is tested in password-hash.test.ts
  accounts = new AccountService(t.store, audit, clock, { scrypt: { log2N: 10, r: 8, p: 1 } });
  await accounts.createUser(
    {
      username: 'Alice',
      displayName: 'DC Alice Example',
      roles: ['investigator'],
      password: PASSWORD,
    },
    LOCAL_USER,
  );
});
afterEach(async () => t.cleanup());

const signIn = (password = PASSWORD, totpCode?: string) =>
  accounts.signIn({ username: 'alice', password, totp: totpCode, origin: '192.0.2.7' });

describe('accounts', () => {
  it('validates new accounts', async () => {
    expect(
      await code(
        accounts.createUser({ username: 'bob', roles: ['analyst'], password: 'short' }, LOCAL_USER),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await code(
        accounts.createUser(
          { username: 'bob', roles: ['superuser'], password: PASSWORD },
          LOCAL_USER,
        ),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await code(
        accounts.createUser(
          { username: 'ALICE', roles: ['analyst'], password: PASSWORD },
          LOCAL_USER,
        ),
      ),
    ).toBe('CONFLICT');
    const row = await t.store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
    expect(await accounts.countUsers()).toBe(1);
  });

  it('signs in, resumes and ends a session, storing only the token hash', async () => {
    const s = await signIn();
    expect(s.user).toMatchObject({ username: 'alice', roles: ['investigator'] });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.store.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toBe(s.token);
    expect((await accounts.resumeSession(s.token))?.user.id).toBe(s.user.id);
    expect(await accounts.resumeSession('not-a-token')).toBeNull();
    expect(await accounts.signOut(s.token)).toBe(true);
    expect(await accounts.resumeSession(s.token)).toBeNull();
    const log = (await audit.list({ action: 'session.', order: 'oldest' })).entries;
    expect(log.map((e) => [e.action, e.outcome])).toEqual([
      ['session.login', 'success'],
      ['session.logout', 'success'],
    ]);
    expect(log[0]).toMatchObject({ actor: s.user.id, origin: '192.0.2.7' });
  });

  it('refuses an unknown user with the same error as a wrong password', async () => {
    expect(await code(accounts.signIn({ username: 'nobody', password: PASSWORD }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await code(signIn('wrong password!!'))).toBe('UNAUTHENTICATED');
  });

  it('locks the account for 10 minutes after 5 failures in a row', async () => {
    // four failures, then success: the count starts again
    for (let i = 0; i < 4; i++)
      expect(await code(signIn('wrong password!!'))).toBe('UNAUTHENTICATED');
    expect(await code(signIn())).toBe('OK');
    for (let i = 0; i < 4; i++)
      expect(await code(signIn('wrong password!!'))).toBe('UNAUTHENTICATED');
    expect(await code(signIn())).toBe('OK');
    // five in a row lock it: even the right password is refused
    for (let i = 0; i < 5; i++)
      expect(await code(signIn('wrong password!!'))).toBe('UNAUTHENTICATED');
    expect(await code(signIn())).toBe('LOCKED_OUT');
    clock.advance(10 * MIN - 1000);
    expect(await code(signIn())).toBe('LOCKED_OUT');
    clock.advance(2000);
    expect(await code(signIn())).toBe('OK');
    const denied = (
      await audit.list({ action: 'session.login', outcome: 'denied', order: 'oldest' })
    ).entries;
    expect(denied).toHaveLength(15);
    expect(denied[12]!.details).toMatchObject({
      reason: 'wrong password',
      lockedUntil: expect.any(Number),
    });
    expect(denied.slice(13).map((e) => e.details.reason)).toEqual(['locked', 'locked']);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('requires the TOTP code once enrolled, accepting each code once', async () => {
    const { secret, uri } = await accounts.enrolTotp('alice', LOCAL_USER);
    expect(uri).toContain(`secret=${secret}`);
    const key = base32Decode(secret);
    expect(await code(signIn())).toBe('MFA_REQUIRED');
    expect(
      await code(signIn(PASSWORD, '000000' === totp(key, clock()) ? '111111' : '000000')),
    ).toBe('UNAUTHENTICATED');
    const now = totp(key, clock());
    expect(await code(signIn(PASSWORD, now))).toBe('OK');
    expect(await code(signIn(PASSWORD, now))).toBe('UNAUTHENTICATED'); // replay
    clock.advance(30_000);
    expect(await code(signIn(PASSWORD, totp(key, clock())))).toBe('OK');
    // a code from five minutes ago is refused
    expect(await code(signIn(PASSWORD, totp(key, clock() - 5 * MIN)))).toBe('UNAUTHENTICATED');
    // a wrong password with a right code is still refused
    clock.advance(30_000);
    expect(await code(signIn('wrong password!!', totp(key, clock())))).toBe('UNAUTHENTICATED');
    // wrong codes count towards the lockout
    for (let i = 0; i < 5; i++) await code(signIn(PASSWORD, '12345x'));
    expect(await code(signIn(PASSWORD, totp(key, clock())))).toBe('LOCKED_OUT');
  });

  it('ends a session after 30 minutes idle', async () => {
    const s = await signIn();
    clock.advance(29 * MIN);
    expect(await accounts.resumeSession(s.token)).not.toBeNull(); // restarts the idle timer
    clock.advance(29 * MIN);
    expect(await accounts.resumeSession(s.token)).not.toBeNull();
    clock.advance(30 * MIN + 1000);
    expect(await code(accounts.resumeSession(s.token))).toBe('SESSION_EXPIRED');
    expect(await accounts.resumeSession(s.token)).toBeNull(); // gone
    expect((await audit.list({ action: 'session.expired' })).entries[0]!.details).toEqual({
      reason: 'idle limit',
    });
  });

  it('ends a session 12 hours after sign-in however active', async () => {
    const s = await signIn();
    for (let h = 0; h < 12 * 3 - 1; h++) {
      clock.advance(20 * MIN);
      expect(await accounts.resumeSession(s.token), `after ${(h + 1) * 20} min`).not.toBeNull();
    }
    clock.advance(20 * MIN + 1000); // 12 h and a second
    expect(await code(accounts.resumeSession(s.token))).toBe('SESSION_EXPIRED');
    expect((await audit.list({ action: 'session.expired' })).entries[0]!.details).toEqual({
      reason: 'absolute limit',
    });
  });
});
