// Seed files for fuzzing every registered parser: each device writer's output for the test devices
// (and the public corpus files when present), each file given to the parser that wins its bid, as
// the runner would. A parser with no seed is reported by the fuzz suite, never silently skipped.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Parser } from '../ingest/parser.js';
import { PARSERS } from '../ingest/registry.js';
import { FileProbe } from '../ingest/probe.js';
import { DiskFile } from '../evidence/disk-file.js';
import { EvidenceDb } from '../evidence/evidence-sqlite.js';
import { ZipContainer } from '../evidence/zip-container.js';
import { ScratchSpace } from '../evidence/scratch-space.js';
import { DEVICE_WRITERS } from '../generator/writers/index.js';
import { androidSimWriter } from '../generator/writers/android-sim.js';
import { writeSignalDb } from '../generator/writers/signal-android.js';
import type { DeviceWriter, GenDevice } from '../generator/device-data.js';
import { androidDevice } from './android-device.js';
import { iosTestDevice } from './ios-device.js';
import { sampleDevice } from './sample-device.js';
import { tabularDevice } from './tabular-device.js';
import { corpusPath } from './corpus.js';

export interface FuzzSeed {
  parserId: string;
  /** Absolute path of the seed file. */
  path: string;
  /** Where it came from: `writer:<id>/<device>`, `extra:<id>` or `corpus:<relative path>`. */
  origin: string;
  bytes: number;
  /** Files beside it (unmutated), for parsers that read a neighbour (a backup's Manifest.db). */
  siblings: string[];
}

/** Small real files of the public corpus (relative paths); absent ones are skipped. */
export const CORPUS_SEEDS = [
  'andriller/data/com.android.providers.contacts/db/calllog.db',
  'dfrws2021-android/mmssms.db',
  'magnet-ctf2020-ios/private/var/mobile/Library/SMS/sms.db',
  'ileapp-josh-ios15/filesystem2/mobile/Containers/Shared/AppGroup/694FBBC5-2E69-480A-A25B-FF8CC038BEF8/CallHistory.sqlite',
  'ileapp-josh-ios15/filesystem2/mobile/Containers/Shared/AppGroup/694FBBC5-2E69-480A-A25B-FF8CC038BEF8/ChatStorage.sqlite',
  'ileapp-josh-ios15/filesystem2/mobile/Library/AddressBook/AddressBook.sqlitedb',
  'ileapp-mvs-ios2023/private/var/wireless/Library/Preferences/com.apple.commcenter.plist',
];

/** Seeds for formats that have a file writer but no device writer (one line each). */
const EXTRA_SEEDS: Array<[string, (dir: string) => string[]]> = [
  [
    'signal-android',
    (dir) => {
      const p = join(dir, 'signal.db');
      writeSignalDb(p, {
        recipients: [
          { id: 1, e164: '+447700900301', name: 'Self' },
          { id: 2, e164: '+447700900302', name: 'Other \u202eevil' },
        ],
        threads: [{ id: 1, recipientId: 2 }],
        messages: [
          {
            id: 1,
            threadId: 1,
            from: 2,
            to: 1,
            type: 20,
            sentMs: 1.7e12,
            receivedMs: 1.7e12,
            body: 'hi',
          },
          {
            id: 2,
            threadId: 1,
            from: 1,
            to: 2,
            type: 23,
            sentMs: 1.7e12 + 5,
            receivedMs: 1.7e12 + 6,
            body: null,
          },
        ],
      });
      return [p];
    },
  ],
];

/** Largest seed mutated (bigger files make each run slow without finding more). */
const MAX_SEED_BYTES = 4 * 1024 * 1024;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** The parser the runner would give `path` to (highest bid of at least `minBid`), or null. */
export async function winningParser(
  path: string,
  scratch: ScratchSpace,
  parsers: readonly Parser[] = PARSERS,
  minBid = 10,
): Promise<Parser | null> {
  const file = new DiskFile(path, basename(path), statSync(path).size, path);
  let db: EvidenceDb | null = null;
  let zip: ZipContainer | null = null;
  try {
    const probe = new FileProbe(
      file,
      await file.head(4096),
      async () => (db ??= await EvidenceDb.open(file, scratch)),
      async () => (zip ??= await ZipContainer.open(file)),
      {},
    );
    let best: Parser | null = null;
    let score = 0;
    for (const p of parsers) {
      let s = 0;
      try {
        s = await p.bid(probe);
      } catch {
        s = 0;
      }
      if (s > score) {
        best = p;
        score = s;
      }
    }
    return score >= minBid ? best : null;
  } finally {
    (db as EvidenceDb | null)?.close();
    (zip as ZipContainer | null)?.close();
  }
}

/** Write every writer's files for the test devices into `dir` and pick seeds per parser. */
export async function buildFuzzSeeds(
  dir: string,
  opts: { perParser?: number } = {},
): Promise<{ seeds: Map<string, FuzzSeed[]>; writerErrors: string[] }> {
  const perParser = opts.perParser ?? 2;
  const devices: Array<[string, () => GenDevice]> = [
    ['android', androidDevice],
    ['ios', iosTestDevice],
    ['sample', sampleDevice],
    ['tabular', tabularDevice],
  ];
  const writers: DeviceWriter[] = [...DEVICE_WRITERS];
  if (!writers.some((w) => w.id === androidSimWriter.id)) writers.push(androidSimWriter);
  const candidates: Array<{ path: string; origin: string }> = [];
  const writerErrors: string[] = [];
  for (const w of writers) {
    for (const [name, device] of devices) {
      const out = join(dir, w.id, name);
      mkdirSync(out, { recursive: true });
      try {
        await w.write(out, device());
      } catch (e) {
        // a writer that needs another kind of device: its other devices still give seeds
        writerErrors.push(`${w.id}/${name}: ${(e as Error).message}`);
        continue;
      }
      for (const p of listFiles(out))
        if (!/-(wal|shm|journal)$/.test(p))
          candidates.push({ path: p, origin: `writer:${w.id}/${name}` });
    }
  }
  // formats whose writer is not a device writer yet
  for (const [id, write] of EXTRA_SEEDS) {
    const out = join(dir, 'extra', id);
    mkdirSync(out, { recursive: true });
    for (const p of write(out)) candidates.push({ path: p, origin: `extra:${id}` });
  }
  for (const rel of CORPUS_SEEDS) {
    const p = corpusPath(rel);
    if (p) candidates.push({ path: p, origin: `corpus:${rel}` });
  }

  const scratch = new ScratchSpace(join(dir, '.scratch'));
  const seeds = new Map<string, FuzzSeed[]>();
  try {
    for (const c of candidates) {
      const bytes = statSync(c.path).size;
      if (bytes === 0 || bytes > MAX_SEED_BYTES) continue;
      const p = await winningParser(c.path, scratch);
      if (!p) continue;
      const list = seeds.get(p.id) ?? [];
      const siblings = listFiles(dirname(c.path)).filter(
        (f) => f !== c.path && !f.startsWith(`${c.path}-`),
      );
      list.push({ parserId: p.id, path: c.path, origin: c.origin, bytes, siblings });
      seeds.set(p.id, list);
    }
  } finally {
    scratch.dispose();
  }
  // per parser: the smallest generated seeds, plus every corpus seed (real files find more)
  for (const [id, list] of seeds) {
    const generated = list.filter((s) => !s.origin.startsWith('corpus:'));
    generated.sort((a, b) => a.bytes - b.bytes || (a.path < b.path ? -1 : 1));
    const seen = new Set<string>();
    const unique = generated.filter((s) => {
      const k = `${basename(s.path)}:${s.bytes}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    seeds.set(id, [
      ...unique.slice(0, perParser),
      ...list.filter((s) => s.origin.startsWith('corpus:')),
    ]);
  }
  return { seeds, writerErrors };
}
