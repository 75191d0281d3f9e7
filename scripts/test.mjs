// `npm test`: installs missing Debian packages when it can (else dependent tests skip with a
// message), builds, then runs the whole vitest suite (unit, integration, browser end-to-end).
import { spawnSync } from 'node:child_process';
import { ensureSystemDeps } from './system-deps.mjs';

const t0 = Date.now();
const missing = ensureSystemDeps();
if (missing.length)
  console.log(`[test] running without: ${missing.join(', ')} (their tests skip with a message)`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`[test] ${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

run('npm', ['run', 'build', '--silent']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
console.log(`[test] done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
