// A small synthetic case for server and browser tests: two Android devices written by the real
// format writer and read back through the ingest runner into a real SQLite store. Deterministic:
// the same call gives the same ids. (The generator's full scenario replaces it once it lands.)
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { GenDevice, GenMessage, GenParty } from '../generator/device-data.js';
import { androidMmssmsWriter } from '../generator/writers/android-mmssms.js';
import { ingest } from '../ingest/runner.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';

export const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);
const HOUR = 3_600_000;

const phone = (n: number, written?: string): GenParty => ({
  key: `phone:+447700900${String(n).padStart(3, '0')}`,
  written: written ?? `07700 900${String(n).padStart(3, '0')}`,
});

export const PARTIES = {
  owner1: phone(100),
  owner2: phone(200),
  alice: phone(101),
  bob: phone(102, '+44 7700 900102'),
  carol: phone(103),
};

/** Texts with known words for search tests; `ZZCANARY` must never reach a log. */
const D1_TEXTS: Array<[number, 'incoming' | 'outgoing', string, string]> = [
  [1, 'incoming', 'meet me at the station tonight', 'en'],
  [1, 'outgoing', 'ok on my way', 'en'],
  [1, 'incoming', 'bring the package, usual place', 'en'],
  [1, 'outgoing', 'Cześć, gdzie jesteś? Zadzwoń do mnie', 'pl'],
  [1, 'incoming', 'the station is closed ZZCANARY', 'en'],
  [2, 'incoming', 'Ne vedem mâine la ora opt', 'ro'],
  [2, 'outgoing', 'unde esti? la gară', 'ro'],
  [2, 'incoming', 'photo attached', 'en'],
];

function d1Messages(): GenMessage[] {
  const out: GenMessage[] = [];
  D1_TEXTS.forEach(([threadId, direction, body, language], i) => {
    out.push({
      id: i + 1,
      threadId,
      at: T0 + i * HOUR,
      direction,
      from: direction === 'incoming' ? (threadId === 1 ? PARTIES.alice : PARTIES.bob) : undefined,
      body,
      language,
      ...(body === 'photo attached'
        ? { attachments: [{ id: 1, mime: 'image/jpeg', filename: 'IMG_0001.jpg' }] }
        : {}),
    });
  });
  // a long thread with Bob to exercise paging: 150 more messages over several days
  for (let k = 0; k < 150; k++)
    out.push({
      id: 100 + k,
      threadId: 2,
      at: T0 + 24 * HOUR + k * 37 * 60_000,
      direction: k % 2 ? 'outgoing' : 'incoming',
      from: k % 2 ? undefined : PARTIES.bob,
      body: `routine message number ${k}`,
      language: 'en',
    });
  return out;
}

export function workbenchDevices(): GenDevice[] {
  const base = {
    platform: 'android' as const,
    formats: ['android-mmssms'],
    region: 'GB',
    timezone: 'Europe/London',
    contacts: [],
    calls: [],
    locations: [],
  };
  return [
    {
      ...base,
      id: 'D1',
      label: 'JS-1 Samsung',
      exhibit: 'JS/1',
      ownerPersonId: 'P1',
      owner: { msisdn: PARTIES.owner1 },
      threads: [
        { id: 1, app: 'sms', isGroup: false, participants: [PARTIES.alice] },
        { id: 2, app: 'mms', isGroup: false, participants: [PARTIES.bob] },
      ],
      messages: d1Messages(),
    },
    {
      ...base,
      id: 'D2',
      label: 'JS-2 Motorola',
      exhibit: 'JS/2',
      ownerPersonId: 'P2',
      owner: { msisdn: PARTIES.owner2 },
      threads: [
        { id: 1, app: 'sms', isGroup: false, participants: [PARTIES.alice] },
        { id: 2, app: 'sms', isGroup: false, participants: [PARTIES.carol] },
      ],
      messages: [
        {
          id: 1,
          threadId: 1,
          at: T0 + 30 * 60_000,
          direction: 'incoming',
          from: PARTIES.alice,
          body: 'package ready at the station',
          language: 'en',
        },
        {
          id: 2,
          threadId: 1,
          at: T0 + 90 * 60_000,
          direction: 'outgoing',
          body: 'coming now',
          language: 'en',
        },
        {
          id: 3,
          threadId: 2,
          at: T0 + 3 * HOUR,
          direction: 'incoming',
          from: PARTIES.carol,
          body: 'Ku je? Më telefono',
          language: 'sq',
        },
      ],
    },
  ];
}

export interface WorkbenchCase {
  store: SqliteStore;
  kase: CaseRecord;
  dir: string;
  deviceIds: Record<'D1' | 'D2', string>;
  cleanup(): Promise<void>;
}

/** Writes both devices, ingests them into a fresh store, and returns the open store. */
export async function buildWorkbenchCase(opts: { ref?: string } = {}): Promise<WorkbenchCase> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-wb-'));
  const store = new SqliteStore({ file: join(dir, 'store', 'threadline.db') });
  await store.migrate();
  const ref = opts.ref ?? 'OP-TEST';
  const kase = await createCase(store, {
    ref,
    title: 'Operation Test',
    marking: 'OFFICIAL-SENSITIVE',
    createdAt: T0,
  });
  const deviceIds = {} as Record<'D1' | 'D2', string>;
  for (const d of workbenchDevices()) {
    const ddir = join(dir, 'evidence', d.id);
    await androidMmssmsWriter.write(ddir, d);
    const r = await ingest(store, {
      caseRef: ref,
      inputs: [ddir],
      deviceLabel: d.label,
      exhibit: d.exhibit,
      toolVersion: 'test',
      scratchParent: join(dir, 'scratch'),
    });
    deviceIds[d.id as 'D1' | 'D2'] = r.deviceId;
  }
  return {
    store,
    kase,
    dir,
    deviceIds,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
