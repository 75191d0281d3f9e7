// Child process for kill -9 tests: ingests, announcing each finished file on stdout, and stalls
// after the file named in PAUSE_AFTER so the parent can kill it mid-ingest.
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ingest } from '../ingest/runner.js';

const [file, caseRef, ...inputs] = process.argv.slice(2);
const pauseAfter = Number(process.env.PAUSE_AFTER ?? -1);
const store = new SqliteStore({ file: file! });
await ingest(store, {
  caseRef: caseRef!,
  inputs,
  deviceLabel: 'dev',
  toolVersion: 'test',
  afterFile: async (_path, index) => {
    process.stdout.write(`FILE ${index}\n`);
    if (index === pauseAfter) await new Promise((r) => setTimeout(r, 60_000));
  },
});
process.stdout.write('DONE\n');
await store.close();
