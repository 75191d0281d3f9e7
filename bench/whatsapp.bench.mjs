// bench/whatsapp: a WhatsApp Android msgstore.db (current schema: jid, chat, message,
// message_media …) with 500,000 messages in 1:1 and group chats, written by the generator's
// whatsapp-android writer, ingested end to end (parse, normalise, store, full-text index) into a
// fresh embedded store. Prints messages per second to commit and including the WAL checkpoint,
// per CPU second, and peak memory. Usage:
//   npm run bench whatsapp            (500,000 messages)
//   BENCH_MESSAGES=100000 npm run bench whatsapp
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printMachine } from './machine.mjs';

const N = Number(process.env.BENCH_MESSAGES ?? 500_000);
const root = join(process.cwd(), '.bench-data', 'whatsapp');
const device = join(root, `device-${N}`);
const self = fileURLToPath(import.meta.url);

const WORDS = (
  'where are you now at the station meet me later ok bring it tomorrow morning ' +
  'gdzie jesteś teraz dobrze jutro rano unde ești acum bine mâine dimineață ku je tani mirë nesër'
).split(' ');

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate() {
  const { writeMsgstore, MSGSTORE_PATH } =
    await import('../dist/generator/writers/whatsapp-android.js');
  const t0 = performance.now();
  rmSync(device, { recursive: true, force: true });
  mkdirSync(device, { recursive: true });
  const r = rng(42);
  const person = (i) => `4477009${String(i % 1000).padStart(5, '0')}@s.whatsapp.net`;
  const chats = [];
  for (let i = 1; i <= 150; i++) chats.push({ id: i, jid: person(i) });
  for (let i = 151; i <= 200; i++)
    chats.push({
      id: i,
      jid: `1203630${String(i).padStart(11, '0')}@g.us`,
      subject: `group ${i}`,
      createdMs: Date.UTC(2023, 0, 1),
      members: [person(i), person(i + 1), person(i + 2), person(i + 3)],
    });
  const messages = [];
  let t = Date.UTC(2023, 0, 1);
  for (let id = 1; id <= N; id++) {
    const chat = chats[Math.floor(r() * chats.length)];
    const fromMe = r() < 0.45;
    t += 1000 + Math.floor(r() * 60_000);
    const len = 2 + Math.floor(r() * 12);
    const words = [];
    for (let w = 0; w < len; w++) words.push(WORDS[Math.floor(r() * WORDS.length)]);
    const media = id % 40 === 0;
    messages.push({
      id,
      chatId: chat.id,
      fromMe,
      senderJid: !fromMe && chat.members ? chat.members[id % chat.members.length] : null,
      timestampMs: t,
      type: media ? 1 : 0,
      text: media ? null : words.join(' '),
      media: media
        ? {
            mime: 'image/jpeg',
            path: `Media/WhatsApp Images/IMG-${id}.jpg`,
            size: 40_000 + (id % 1000),
            hash: Buffer.from(String(id)).toString('base64'),
          }
        : null,
    });
  }
  writeMsgstore(join(device, MSGSTORE_PATH), { chats, messages });
  writeFileSync(`${device}.complete`, JSON.stringify({ messages: N, chats: chats.length }));
  console.log(
    JSON.stringify({
      bench: 'generate-msgstore',
      messages: N,
      chats: chats.length,
      seconds: +((performance.now() - t0) / 1000).toFixed(2),
      fileMiB: Math.round(statSync(join(device, MSGSTORE_PATH)).size / 2 ** 20),
    }),
  );
}

async function run() {
  const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
  const { createCase } = await import('../dist/store/queries/cases.js');
  const { ingest } = await import('../dist/ingest/runner.js');
  const storeDir = join(root, 'store');
  rmSync(storeDir, { recursive: true, force: true });
  const store = new SqliteStore({ file: join(storeDir, 'threadline.db') });
  await store.migrate();
  await createCase(store, { ref: 'BENCH' });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let committed = 0;
  const r = await ingest(store, {
    caseRef: 'BENCH',
    inputs: [device],
    deviceLabel: 'bench',
    toolVersion: 'bench',
    scratchParent: join(root, 'tmp'),
    onProgress: (p) => {
      if (p.phase === 'done') committed = performance.now() - t0;
    },
  });
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.close();
  const messages = r.counts.messages ?? 0;
  const parsers = [...new Set(r.sources.map((s) => s.parser).filter(Boolean))];
  if (messages !== N) {
    console.error(`expected ${N} messages, ingested ${messages} (${JSON.stringify(r.counts)})`);
    process.exit(1);
  }
  console.log(
    JSON.stringify({
      bench: 'whatsapp-ingest',
      parsers,
      messages,
      media: r.counts.media ?? 0,
      committedSeconds: +(committed / 1000).toFixed(2),
      committedMessagesPerSecond: Math.round(messages / (committed / 1000)),
      withCheckpointSeconds: +(total / 1000).toFixed(2),
      withCheckpointMessagesPerSecond: Math.round(messages / (total / 1000)),
      // on a shared machine the wall figures understate: CPU seconds of this process (main thread
      // and the store's writer thread)
      cpuSeconds: +cpuSeconds.toFixed(2),
      messagesPerCpuSecond: Math.round(messages / cpuSeconds),
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
    console.log(`generating a ${N.toLocaleString('en-GB')}-message msgstore.db in ${device} …`);
    const g = spawnSync(process.execPath, [self, '--generate'], { stdio: 'inherit' });
    if (g.status !== 0) process.exit(g.status ?? 1);
  }
  const r = spawnSync(process.execPath, [self, '--run'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
