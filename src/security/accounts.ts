// Accounts and sign-in: users with roles, scrypt password hashes, lockout after repeated failures,
// an optional TOTP second factor, and server-side sessions with idle and absolute limits. Every
// sign-in, sign-out, lockout and account change is audited. Time comes from an injectable clock.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { UsersTable } from '../store/schema.js';
import type { Actor } from '../app/app-context.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { AuditSink } from './audit-sink.js';
import { systemClock, type Clock } from './clock.js';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptCost,
} from './password-hash.js';
import { base32Decode, newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { isRole, type Role } from './roles.js';

export interface AuthPolicy {
  /** Failed sign-ins in a row before the account locks. */
  maxFailures: number;
  lockoutMs: number;
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteMs: number;
  minPasswordLength: number;
  scrypt: ScryptCost;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  maxFailures: 5,
  lockoutMs: 10 * 60_000,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  minPasswordLength: 12,
  scrypt: DEFAULT_SCRYPT_COST,
};

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  totpEnrolled: boolean;
  lockedUntil: number | null;
  disabled: boolean;
  createdAt: number;
  createdBy: string;
}

export interface SignInRequest {
  username: string;
  password: string;
  /** The authenticator code, when the account has a second factor. */
  totp?: string;
  origin?: string;
}

export interface SessionInfo {
  /** The bearer secret for the cookie: shown once, stored only as its SHA-256. */
  token: string;
  csrfToken: string;
  user: UserRecord;
  createdAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function toUser(r: UsersTable): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: (JSON.parse(r.roles) as string[]).filter(isRole),
    totpEnrolled: r.totp_secret !== null,
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    disabled: r.disabled === 1,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
  };
}

export function actorOf(u: UserRecord): Actor {
  return { id: u.id, name: u.displayName, roles: [...u.roles] };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class AccountService {
  readonly policy: AuthPolicy;
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditSink,
    private readonly clock: Clock = systemClock,
    policy: Partial<AuthPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_AUTH_POLICY, ...policy };
  }

  async countUsers(): Promise<number> {
    const r = await this.store.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async findUser(usernameOrId: string): Promise<UserRecord | null> {
    const r = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where((eb) =>
        eb.or([eb('username', '=', usernameOrId.toLowerCase()), eb('id', '=', usernameOrId)]),
      )
      .executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.store.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  checkPassword(password: string): void {
    if (password.length < this.policy.minPasswordLength)
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        `a password needs at least ${this.policy.minPasswordLength} characters`,
      );
    if (password.length > 256)
      throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a password may have at most 256 characters');
  }

  async createUser(
    u: { username: string; displayName?: string; roles: string[]; password: string },
    by: Actor,
    origin = 'cli',
  ): Promise<UserRecord> {
    const username = u.username.trim().toLowerCase();
    if (!USERNAME_RE.test(username))
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        'a username is 2-64 lower-case letters, digits, ".", "_" or "-"',
      );
    const bad = u.roles.filter((r) => !isRole(r));
    if (bad.length || !u.roles.length)
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        `roles must be one or more of administrator, supervisor, investigator, analyst, linguist, reviewer${bad.length ? ` (not ${bad.join(', ')})` : ''}`,
      );
    this.checkPassword(u.password);
    if (await this.findUser(username))
      throw new AppError(ErrorCodes.CONFLICT, `user ${username} already exists`);
    const row: UsersTable = {
      id: `user_${randomUUID().replace(/-/g, '')}`,
      username,
      display_name: u.displayName?.trim() || username,
      roles: JSON.stringify([...new Set(u.roles)].sort()),
      password_hash: await hashPassword(u.password, this.policy.scrypt),
      totp_secret: null,
      totp_last_step: null,
      failed_attempts: 0,
      locked_until: null,
      disabled: 0,
      created_at: this.clock(),
      created_by: by.id,
    };
    await this.store.db.insertInto('users').values(row).execute();
    await this.audit.record({
      actor: by.id,
      action: 'user.create',
      objects: [row.id],
      outcome: 'success',
      details: { username, roles: JSON.parse(row.roles) as string[] },
      origin,
    });
    return toUser(row);
  }

  /** Starts TOTP enrolment: stores a new secret and returns it with its otpauth:// URI. */
  async enrolTotp(
    userId: string,
    by: Actor,
    origin = 'cli',
  ): Promise<{ secret: string; uri: string }> {
    const u = await this.findUser(userId);
    if (!u) throw new AppError(ErrorCodes.NOT_FOUND, 'no such user');
    const secret = newTotpSecret();
    await this.store.db
      .updateTable('users')
      .set({ totp_secret: secret, totp_last_step: null })
      .where('id', '=', u.id)
      .execute();
    await this.audit.record({
      actor: by.id,
      action: 'user.totp-enrol',
      objects: [u.id],
      outcome: 'success',
      origin,
    });
    return { secret, uri: totpUri(secret, u.username) };
  }

  async setRoles(userId: string, roles: string[], by: Actor, origin = 'cli'): Promise<UserRecord> {
    const u = await this.findUser(userId);
    if (!u) throw new AppError(ErrorCodes.NOT_FOUND, 'no such user');
    if (!roles.length || roles.some((r) => !isRole(r)))
      throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'unknown role');
    await this.store.db
      .updateTable('users')
      .set({ roles: JSON.stringify([...new Set(roles)].sort()) })
      .where('id', '=', u.id)
      .execute();
    await this.audit.record({
      actor: by.id,
      action: 'user.roles',
      objects: [u.id],
      outcome: 'success',
      details: { before: u.roles, after: [...new Set(roles)].sort() },
      origin,
    });
    return (await this.findUser(u.id))!;
  }

  private async fail(
    row: UsersTable | undefined,
    req: SignInRequest,
    reason: string,
    code: 'UNAUTHENTICATED' | 'MFA_REQUIRED' = 'UNAUTHENTICATED',
    countsAsFailure = true,
  ): Promise<never> {
    const now = this.clock();
    let locked = false;
    if (row && countsAsFailure) {
      const failures = row.failed_attempts + 1;
      locked = failures >= this.policy.maxFailures;
      await this.store.db
        .updateTable('users')
        .set({
          failed_attempts: locked ? 0 : failures,
          ...(locked ? { locked_until: now + this.policy.lockoutMs } : {}),
        })
        .where('id', '=', row.id)
        .execute();
    }
    await this.audit.record({
      actor: row?.id ?? 'anonymous',
      action: 'session.login',
      outcome: 'denied',
      details: {
        username: req.username.slice(0, 64),
        reason,
        ...(locked ? { lockedUntil: now + this.policy.lockoutMs } : {}),
      },
      origin: req.origin ?? 'unknown',
    });
    if (code === 'MFA_REQUIRED')
      throw new AppError(ErrorCodes.MFA_REQUIRED, 'enter the code from your authenticator app');
    throw new AppError(ErrorCodes.UNAUTHENTICATED, 'wrong username, password or code');
  }

  /**
   * Signs in: refuses a locked or disabled account, checks the password (time spent the same for
   * unknown usernames), then the second factor when enrolled; opens a session on success.
   */
  async signIn(req: SignInRequest): Promise<SessionInfo> {
    const now = this.clock();
    const row = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', req.username.trim().toLowerCase())
      .executeTakeFirst();
    if (!row) {
      this.dummyHash ??= hashPassword('not a password', this.policy.scrypt);
      await verifyPassword(req.password, await this.dummyHash);
      return this.fail(undefined, req, 'unknown user');
    }
    if (row.locked_until !== null && Number(row.locked_until) > now) {
      await this.audit.record({
        actor: row.id,
        action: 'session.login',
        outcome: 'denied',
        details: {
          username: row.username,
          reason: 'locked',
          lockedUntil: Number(row.locked_until),
        },
        origin: req.origin ?? 'unknown',
      });
      throw new AppError(
        ErrorCodes.LOCKED_OUT,
        'too many failed sign-ins: the account is locked for a while',
        { retryAfterMs: Number(row.locked_until) - now },
      );
    }
    if (row.disabled) return this.fail(row, req, 'disabled', 'UNAUTHENTICATED', false);
    if (!(await verifyPassword(req.password, row.password_hash)))
      return this.fail(row, req, 'wrong password');
    let step: number | null = null;
    if (row.totp_secret) {
      if (!req.totp) return this.fail(row, req, 'code required', 'MFA_REQUIRED', false);
      step = verifyTotp(base32Decode(row.totp_secret), req.totp.trim(), now, {
        lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
      });
      if (step === null) return this.fail(row, req, 'wrong code');
    }
    const rehash = needsRehash(row.password_hash, this.policy.scrypt)
      ? await hashPassword(req.password, this.policy.scrypt)
      : null;
    await this.store.db
      .updateTable('users')
      .set({
        failed_attempts: 0,
        locked_until: null,
        ...(step !== null ? { totp_last_step: step } : {}),
        ...(rehash ? { password_hash: rehash } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await this.store.db
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: row.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        origin: req.origin ?? null,
      })
      .execute();
    await this.audit.record({
      actor: row.id,
      action: 'session.login',
      outcome: 'success',
      details: { username: row.username, mfa: step !== null },
      origin: req.origin ?? 'unknown',
    });
    return {
      token,
      csrfToken,
      user: toUser({ ...row, failed_attempts: 0, locked_until: null }),
      createdAt: now,
      idleExpiresAt: now + this.policy.idleMs,
      absoluteExpiresAt: now + this.policy.absoluteMs,
    };
  }

  /**
   * The session behind a token, refreshed (idle timer restarted); null when there is none. An
   * expired session is ended (and that is audited) and reported as SESSION_EXPIRED.
   */
  async resumeSession(token: string, origin?: string): Promise<Omit<SessionInfo, 'token'> | null> {
    if (!token || token.length > 200) return null;
    const now = this.clock();
    const hash = sha256(token);
    const s = await this.store.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .selectAll('u')
      .select(['s.created_at as s_created', 's.last_seen_at', 's.csrf_token'])
      .where('s.token_hash', '=', hash)
      .executeTakeFirst();
    if (!s) return null;
    const created = Number(s.s_created);
    const idle = now - Number(s.last_seen_at) > this.policy.idleMs;
    const absolute = now - created > this.policy.absoluteMs;
    if (idle || absolute || s.disabled) {
      await this.store.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
      await this.audit.record({
        actor: s.id,
        action: 'session.expired',
        outcome: 'success',
        details: { reason: s.disabled ? 'disabled' : absolute ? 'absolute limit' : 'idle limit' },
        origin: origin ?? 'unknown',
      });
      throw new AppError(ErrorCodes.SESSION_EXPIRED, 'your session has ended: sign in again');
    }
    await this.store.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', hash)
      .execute();
    return {
      csrfToken: s.csrf_token,
      user: toUser(s),
      createdAt: created,
      idleExpiresAt: now + this.policy.idleMs,
      absoluteExpiresAt: created + this.policy.absoluteMs,
    };
  }

  async signOut(token: string, origin?: string): Promise<boolean> {
    const hash = sha256(token);
    const s = await this.store.db
      .selectFrom('sessions')
      .select('user_id')
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!s) return false;
    await this.store.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
    await this.audit.record({
      actor: s.user_id,
      action: 'session.logout',
      outcome: 'success',
      origin: origin ?? 'unknown',
    });
    return true;
  }
}
