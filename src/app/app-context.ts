// Composition shared by the CLI and the server: configuration in, store and services out.
import { join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.js';
import type { Store } from '../store/store.js';
import { openStore, storeOptionsFrom } from '../store/open-store.js';
import { toolVersion } from './tool-version.js';
import type { AuditSink } from '../security/audit-sink.js';
import { StoreAuditSink } from '../security/store-audit-sink.js';
import { localAccessPolicy, type CaseAccessPolicy } from '../security/case-access-policy.js';
import { AccountService } from '../security/accounts.js';
import { MembershipPolicy } from '../security/case-members.js';
import { systemClock, type Clock } from '../security/clock.js';

/** Who is acting: the embedded mode's single local user, or a signed-in account. */
export interface Actor {
  id: string;
  name: string;
  roles: string[];
}

export const LOCAL_USER: Actor = { id: 'local', name: 'local user', roles: ['administrator'] };

/** Nobody signed in (multi-user mode before sign-in): every policy refuses it. */
export const ANONYMOUS: Actor = { id: 'anonymous', name: 'anonymous', roles: [] };

export interface AppContext {
  config: Readonly<Config>;
  store: Store;
  dataDir: string;
  scratchDir: string;
  toolVersion: string;
  /** The acting user (embedded mode: the single local user). */
  actor: Actor;
  audit: AuditSink;
  /** Who may do what on which case (embedded: the local user may do everything, audited). */
  access: CaseAccessPolicy;
  /** Multi-user mode: sign-in, roles and case membership are enforced (server mode, or auth.required). */
  authRequired?: boolean;
  /** Accounts, sign-in and sessions (present whenever the store has the security tables). */
  accounts?: AccountService;
  /** Time for security decisions (injectable in tests). */
  clock?: Clock;
  close(): Promise<void>;
}

/** Whether a configuration asks for sign-in: explicitly, or by being in server mode. */
export function authRequiredBy(config: Readonly<Config>): boolean {
  return config.auth?.required ?? config.mode === 'server';
}

/** The account service configured from `config.auth`. */
export function accountsFor(
  config: Readonly<Config>,
  store: Store,
  audit: AuditSink,
  clock: Clock = systemClock,
): AccountService {
  const a = config.auth;
  return new AccountService(store, audit, clock, {
    maxFailures: a.maxFailures,
    lockoutMs: a.lockoutMinutes * 60_000,
    idleMs: a.idleMinutes * 60_000,
    absoluteMs: a.absoluteHours * 3_600_000,
  });
}

export async function openApp(
  config: Readonly<Config>,
  opts: { clock?: Clock } = {},
): Promise<AppContext> {
  const dataDir = resolve(config.dataDir);
  const store = await openStore(storeOptionsFrom({ ...config, dataDir }));
  const clock = opts.clock ?? systemClock;
  // the tamper-evident, hash-chained log in the store (append-only)
  const audit = new StoreAuditSink(store, clock);
  const authRequired = authRequiredBy(config);
  return {
    config,
    store,
    dataDir,
    scratchDir: join(dataDir, 'tmp'),
    toolVersion: toolVersion(),
    // multi-user: nobody until someone signs in; embedded: the single local user
    actor: authRequired ? ANONYMOUS : LOCAL_USER,
    audit,
    access: authRequired ? new MembershipPolicy(store) : localAccessPolicy,
    authRequired,
    accounts: accountsFor(config, store, audit, clock),
    clock,
    close: () => store.close(),
  };
}
