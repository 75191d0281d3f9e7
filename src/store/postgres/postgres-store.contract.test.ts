// The Store contract (src/testkit/store-contract.ts) run against PostgreSQL: each harness is a new
// uniquely named database on the test server, dropped afterwards; skipped when none is reachable.
import { storeContract } from '../../testkit/store-contract.js';
import { pgUnavailableReason, tempPgStore } from '../../testkit/temp-pg.js';
import { PostgresStore } from './postgres-store.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] PostgreSQL store contract: ${skip}`);

storeContract('postgres', {
  skip: skip ?? undefined,
  async make() {
    const t = await tempPgStore();
    return {
      store: t.store,
      async withLowThresholds() {
        return new PostgresStore({ url: t.db.url, searchPlan: { rankLimit: 100 } });
      },
      async corrupt() {
        // a message whose words were dropped from the search index
        await t.store.pool.query(
          'DELETE FROM message_search WHERE seq = (SELECT min(seq) FROM message_search)',
        );
      },
      cleanup: t.cleanup,
    };
  },
});
