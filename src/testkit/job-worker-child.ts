// A `threadline worker`-like child process for tests: runs the real job runner and handlers
// against a PostgreSQL store, slowed down after each ingested file so a test can kill it mid-job.
// Usage: node --import tsx job-worker-child.ts <url> <leaseMs> <afterFileDelayMs>
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { JobQueue } from '../jobs/job-queue.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JOB_HANDLERS } from '../jobs/job-handlers.js';

const [url, leaseMs, delayMs] = process.argv.slice(2);
const store = new PostgresStore({ url: url!, maxConnections: 3 });
const runner = new JobRunner({
  queue: new JobQueue(store, { leaseMs: Number(leaseMs) }),
  handlers: JOB_HANDLERS,
  toolVersion: 'test',
  pollMs: 100,
  worker: `child:${process.pid}`,
  afterFile: () => new Promise((r) => setTimeout(r, Number(delayMs))),
  onEvent: (e) => process.stdout.write(JSON.stringify({ type: e.type, job: e.job.id }) + '\n'),
});
runner.start();
process.stdout.write(JSON.stringify({ type: 'started', worker: runner.worker }) + '\n');
