// Composition shared by the CLI and the server: configuration in, store and services out.
import { join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.js';
import type { Store } from '../store/store.js';
import { openStore, storeOptionsFrom } from '../store/open-store.js';
import { toolVersion } from './tool-version.js';
import type { AuditSink } from '../security/audit-sink.js';
import { StoreAuditSink } from '../security/store-audit-sink.js';
import { localAccessPolicy, type CaseAccessPolicy } from '../security/case-access-policy.js';

/** Who is acting: the embedded mode's single local user, or a signed-in account. */
export interface Actor {
  id: string;
  name: string;
  roles: string[];
}

export const LOCAL_USER: Actor = { id: 'local', name: 'local user', roles: ['administrator'] };

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
  close(): Promise<void>;
}

export async function openApp(config: Readonly<Config>): Promise<AppContext> {
  const dataDir = resolve(config.dataDir);
  const store = await openStore(storeOptionsFrom({ ...config, dataDir }));
  return {
    config,
    store,
    dataDir,
    scratchDir: join(dataDir, 'tmp'),
    toolVersion: toolVersion(),
    actor: LOCAL_USER,
    // the tamper-evident, hash-chained log in the store (append-only)
    audit: new StoreAuditSink(store),
    access: localAccessPolicy,
    close: () => store.close(),
  };
}
