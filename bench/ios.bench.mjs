// bench/ios: a synthetic iPhone sms.db (the real iOS schema; a third of the iMessages carry their
// text only in the typedstream attributedBody) ingested end to end into a fresh embedded store, and
// the typedstream decoder on its own. Prints messages per second and peak memory. Usage:
//   npm run bench ios                     (200,000 messages)
//   BENCH_IOS_MESSAGES=1000000 npm run bench ios
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printMachine } from './machine.mjs';

const N = Number(process.env.BENCH_IOS_MESSAGES ?? 200_000);
const root = join(process.cwd(), '.bench-data', 'ios');
const device = join(root, `iphone-${N}`);
const self = fileURLToPath(import.meta.url);
const T0 = Date.UTC(2024, 0, 1);
const WORDS = [
  'where',
  'are',
  'you',
  'meet',
  'tonight',
  'gdzie',
  'jesteś',
  'unde',
  'ești',
  'ku',
  'je',
  'ok',
  'bring',
  'it',
  '👍',
];

async function generate() {
  const { writeIosSms } = await import('../dist/generator/writers/ios-sms.js');
  rmSync(device, { recursive: true, force: true });
  mkdirSync(device, { recursive: true });
  const t0 = performance.now();
  const chats = 200;
  const handles = Array.from({ length: chats }, (_, i) => ({
    id: i + 1,
    address: `+4477009${String(i).padStart(5, '0')}`.slice(0, 13),
    service: i % 2 ? 'iMessage' : 'SMS',
  }));
  const data = {
    seed: 'BENCH',
    handles,
    chats: handles.map((h) => ({
      id: h.id,
      service: h.service,
      style: 45,
      identifier: h.address,
      handleIds: [h.id],
      accountLogin: 'P:+447700900000',
    })),
    messages: Array.from({ length: N }, (_, i) => {
      const chat = (i % chats) + 1;
      const imessage = chat % 2 === 0;
      const text = Array.from(
        { length: 4 + (i % 9) },
        (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length],
      ).join(' ');
      return {
        id: i + 1,
        chatId: chat,
        handleId: chat,
        service: imessage ? 'iMessage' : 'SMS',
        isFromMe: i % 3 === 0 ? 1 : 0,
        text,
        attributedOnly: imessage && i % 3 === 1,
        dateMs: T0 + i * 1000,
        readMs: i % 3 === 0 ? undefined : T0 + i * 1000 + 5000,
        account: 'p:+447700900000',
      };
    }),
  };
  writeIosSms(join(device, 'private/var/mobile/Library/SMS/sms.db'), data);
  writeFileSync(`${device}.complete`, String(N));
  console.log(
    JSON.stringify({
      bench: 'ios-generate',
      messages: N,
      seconds: +((performance.now() - t0) / 1000).toFixed(2),
    }),
  );
}

async function run() {
  const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
  const { createCase } = await import('../dist/store/queries/cases.js');
  const { ingest } = await import('../dist/ingest/runner.js');
  const { attributedStringBytes } = await import('../dist/ingest/formats/ios-sms/typedstream.js');
  const { encodeAttributedBody } = await import('../dist/generator/writers/ios-attributed-body.js');

  // the decoder alone
  const blobs = Array.from({ length: 1000 }, (_, i) =>
    encodeAttributedBody(`message ${i} `.repeat(1 + (i % 20))),
  );
  const d0 = performance.now();
  let decoded = 0;
  while (performance.now() - d0 < 2000)
    for (const b of blobs) decoded += attributedStringBytes(b).length > 0 ? 1 : 0;
  const decodeSeconds = (performance.now() - d0) / 1000;

  const storeDir = join(root, 'store');
  rmSync(storeDir, { recursive: true, force: true });
  const store = new SqliteStore({ file: join(storeDir, 'threadline.db') });
  await store.migrate();
  await createCase(store, { ref: 'BENCH' });
  const t0 = performance.now();
  let committed = 0;
  const r = await ingest(store, {
    caseRef: 'BENCH',
    inputs: [device],
    deviceLabel: 'bench-iphone',
    toolVersion: 'bench',
    scratchParent: join(root, 'tmp'),
    onProgress: (p) => {
      if (p.phase === 'done') committed = performance.now() - t0;
    },
  });
  const total = performance.now() - t0;
  await store.close();
  const messages = r.counts.messages ?? 0;
  console.log(
    JSON.stringify({
      bench: 'ios-sms-ingest',
      messages,
      committedSeconds: +(committed / 1000).toFixed(2),
      committedMessagesPerSecond: Math.round(messages / (committed / 1000)),
      withCheckpointMessagesPerSecond: Math.round(messages / (total / 1000)),
      typedstreamDecodesPerSecond: Math.round(decoded / decodeSeconds),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      storeMiB: Math.round(statSync(join(storeDir, 'threadline.db')).size / 2 ** 20),
    }),
  );
}

if (process.argv[2] === '--generate') await generate();
else if (process.argv[2] === '--run') await run();
else {
  printMachine();
  if (!existsSync(`${device}.complete`)) {
    console.log(`generating a ${N.toLocaleString('en-GB')}-message sms.db in ${device} …`);
    const g = spawnSync(process.execPath, [self, '--generate'], { stdio: 'inherit' });
    if (g.status !== 0) process.exit(g.status ?? 1);
  }
  const r = spawnSync(process.execPath, [self, '--run'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
