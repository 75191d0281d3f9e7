// An AppContext around an already-open store, for server tests (memory audit sink, local policy).
import { loadConfig } from '../config/load-config.js';
import { LOCAL_USER, type AppContext } from '../app/app-context.js';
import { MemoryAuditSink } from '../security/audit-sink.js';
import { localAccessPolicy } from '../security/case-access-policy.js';
import type { Store } from '../store/store.js';

export function testApp(
  store: Store,
  dir: string,
  overrides: Partial<AppContext> = {},
): AppContext & { audit: MemoryAuditSink } {
  const audit = new MemoryAuditSink();
  return {
    config: loadConfig({ env: {}, flags: { dataDir: dir } }),
    store,
    dataDir: dir,
    scratchDir: `${dir}/tmp`,
    toolVersion: 'test',
    actor: LOCAL_USER,
    audit,
    access: localAccessPolicy,
    close: async () => undefined,
    ...overrides,
  } as AppContext & { audit: MemoryAuditSink };
}
