// The Store contract (src/testkit/store-contract.ts) run against the embedded SQLite store.
import Database from 'better-sqlite3';
import { storeContract } from '../../testkit/store-contract.js';
import { tempStore } from '../../testkit/temp-store.js';
import { SqliteStore } from './sqlite-store.js';

storeContract('sqlite', {
  async make() {
    const t = await tempStore();
    return {
      store: t.store,
      async withLowThresholds() {
        return new SqliteStore({
          file: t.file,
          searchPlan: { rankLimit: 100, membershipFrom: 10 },
        });
      },
      async corrupt() {
        // a device of a case that does not exist, written with foreign keys off
        const db = new Database(t.file);
        db.pragma('foreign_keys = OFF');
        db.prepare(
          "INSERT INTO devices (id, case_id, label, region, facts) VALUES ('dev_orphan', 'case_missing', 'x', 'GB', '{}')",
        ).run();
        db.close();
      },
      cleanup: t.cleanup,
    };
  },
});
