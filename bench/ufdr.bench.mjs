// bench/ufdr: a 2 GB synthetic Cellebrite report.xml, generated streaming into a temporary folder,
// parsed by the cellebrite-ufdr parser in a child process (so its peak RSS is the parser's own),
// then deleted. Prints peak RSS (target under 500 MB), messages per second, MB per second, total
// time, and the machine. Usage:
//   npm run bench ufdr                        (2 GiB)
//   BENCH_UFDR_BYTES=200000000 npm run bench ufdr
//   BENCH_UFDR_DIR=/big/disk npm run bench ufdr
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printMachine } from './machine.mjs';

const BYTES = Number(process.env.BENCH_UFDR_BYTES ?? 2 * 2 ** 30);
const self = fileURLToPath(import.meta.url);

async function parse(path) {
  const { createCellebriteUfdrParser } =
    await import('../dist/ingest/formats/cellebrite-ufdr/index.js');
  const { DiskFile } = await import('../dist/evidence/disk-file.js');
  const parser = createCellebriteUfdrParser({ hashFiles: false });
  const size = statSync(path).size;
  const file = new DiskFile(path, 'report.xml', size, path);
  const counts = {};
  let warnings = 0;
  let lastGc = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await parser.parse({
    file,
    region: 'GB',
    emit: async (d) => {
      counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    },
    warn: () => {
      warnings++;
    },
    openSqlite: async () => {
      throw new Error('not used');
    },
    openZip: async () => {
      throw new Error('not used');
    },
    findFiles: () => [],
    progress: (bytes) => {
      if (bytes - lastGc > 256 << 20) {
        lastGc = bytes;
        process.stdout.write(`  parsed ${(bytes / 2 ** 20).toFixed(0)} MiB\r`);
      }
    },
    signal: new AbortController().signal,
  });
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const messages = counts.message ?? 0;
  console.log(
    JSON.stringify({
      bench: 'ufdr-parse',
      reportMiB: Math.round(size / 2 ** 20),
      messages,
      threads: counts.thread ?? 0,
      calls: counts.call ?? 0,
      warnings,
      seconds: +s.toFixed(1),
      messagesPerSecond: Math.round(messages / s),
      mibPerSecond: +(size / 2 ** 20 / s).toFixed(1),
      // CPU time is the load-independent figure on a shared machine
      cpuSeconds: +cpuS.toFixed(1),
      messagesPerCpuSecond: Math.round(messages / cpuS),
      mibPerCpuSecond: +(size / 2 ** 20 / cpuS).toFixed(1),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

if (process.argv[2] === '--parse') await parse(process.argv[3]);
else {
  printMachine();
  const dir = mkdtempSync(join(process.env.BENCH_UFDR_DIR ?? tmpdir(), 'tl-bench-ufdr-'));
  const path = join(dir, 'report.xml');
  try {
    const { writeSyntheticUfdrReport } = await import('../dist/generator/writers/ufdr-stream.js');
    console.log(`generating a ${(BYTES / 2 ** 30).toFixed(2)} GiB report.xml in ${dir} …`);
    const t0 = performance.now();
    const g = writeSyntheticUfdrReport(path, {
      targetBytes: BYTES,
      onProgress: (b) => process.stdout.write(`  written ${(b / 2 ** 20).toFixed(0)} MiB\r`),
    });
    console.log(
      `generated ${(g.bytes / 2 ** 20).toFixed(0)} MiB: ${g.chats} chats, ${g.messages} messages, ${g.calls} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const t1 = performance.now();
    const r = spawnSync(process.execPath, [self, '--parse', path], { stdio: 'inherit' });
    console.log(
      `total (generate + parse) ${((performance.now() - t0) / 1000).toFixed(1)} s; parse child ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
