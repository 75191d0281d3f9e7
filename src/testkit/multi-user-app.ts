// An AppContext in multi-user mode around an already-open store, for server tests: the
// hash-chained audit log, accounts with a cheap scrypt cost, membership policy, a manual clock,
// and helpers to create users and sign them in over HTTP.
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config/load-config.js';
import { ANONYMOUS, LOCAL_USER, type AppContext } from '../app/app-context.js';
import { StoreAuditSink } from '../security/store-audit-sink.js';
import { AccountService } from '../security/accounts.js';
import { MembershipPolicy, grantMembership } from '../security/case-members.js';
import { manualClock } from '../security/clock.js';
import type { Store } from '../store/store.js';
import type { ConfigInput } from '../config/config-schema.js';

export const TEST_PASSWORD = 'a long enough test password';

export type MultiUserApp = AppContext & {
  audit: StoreAuditSink;
  accounts: AccountService;
  clock: ReturnType<typeof manualClock>;
  /** Creates a user (password TEST_PASSWORD) and makes them a member of the given cases. */
  addUser(username: string, roles: string[], cases?: string[]): Promise<string>;
};

export function multiUserApp(
  store: Store,
  dir: string,
  auth: Partial<NonNullable<ConfigInput['auth']>> = {},
): MultiUserApp {
  const clock = manualClock(Date.UTC(2026, 10, 3, 9));
  const audit = new StoreAuditSink(store, clock);
  const config = loadConfig({
    env: {},
    flags: { dataDir: dir, auth: { required: true, ...auth } },
  });
  const accounts = new AccountService(store, audit, clock, {
    scrypt: { log2N: 10, r: 8, p: 1 },
    maxFailures: config.auth.maxFailures,
    lockoutMs: config.auth.lockoutMinutes * 60_000,
    idleMs: config.auth.idleMinutes * 60_000,
    absoluteMs: config.auth.absoluteHours * 3_600_000,
  });
  return {
    config,
    store,
    dataDir: dir,
    scratchDir: `${dir}/tmp`,
    toolVersion: 'test',
    actor: ANONYMOUS,
    audit,
    access: new MembershipPolicy(store),
    authRequired: true,
    accounts,
    clock,
    close: async () => undefined,
    async addUser(username, roles, cases = []) {
      const u = await accounts.createUser({ username, roles, password: TEST_PASSWORD }, LOCAL_USER);
      for (const c of cases) await grantMembership(store, audit, c, u.id, LOCAL_USER, { clock });
      return u.id;
    },
  };
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Signs in over HTTP and returns the cookie and CSRF headers for later requests. */
export async function signInOverHttp(
  server: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
  totp?: string,
): Promise<SignedIn> {
  const res = await server.inject({
    method: 'POST',
    url: '/api/session/login',
    payload: { username, password, ...(totp ? { totp } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
