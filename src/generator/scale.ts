// A scale device: one Android mmssms.db with any number of SMS (a million and more), streamed
// straight into SQLite from seeded generators, multilingual, over up to 1,000 drama-range numbers
// written in several styles. Same seed and size: same bytes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from './rng.js';
import { MMSSMS_PATH, writeAndroidMmssms, type MmssmsSms } from './writers/android-mmssms.js';
import {
  EN_GB_CUSTOMER,
  EN_GB_FAMILY,
  EN_GB_FRIENDS,
  ES_FAMILY,
  ES_FRIENDS,
  PL_FAMILY,
  RO_FAMILY,
  SQ_FRIENDS,
  UR_FAMILY,
  UR_LATN_FAMILY,
  VI_FAMILY,
} from './scenario/phrases.js';

export interface ScaleOptions {
  dir: string;
  messages: number;
  seed?: number;
  /** Distinct correspondents (at most 1,000: the drama range). */
  contacts?: number;
  /** First message time (UTC ms). */
  start?: number;
}

export interface ScaleResult {
  files: string[];
  counts: Record<string, number>;
  /** Messages per language label. */
  languages: Record<string, number>;
  elapsedMs: number;
}

const BANKS: Array<[string, readonly string[]]> = [
  ['en-GB', [...EN_GB_FRIENDS, ...EN_GB_FAMILY, ...EN_GB_CUSTOMER]],
  ['es', [...ES_FAMILY, ...ES_FRIENDS]],
  ['pl', PL_FAMILY],
  ['ro', RO_FAMILY],
  ['sq', SQ_FRIENDS],
  ['vi', VI_FAMILY],
  ['ur', UR_FAMILY],
  ['ur-Latn', UR_LATN_FAMILY],
];

function written(n: number, style: number): string {
  const s = String(n).padStart(3, '0');
  switch (style % 4) {
    case 0:
      return `07700 900${s}`;
    case 1:
      return `+447700900${s}`;
    case 2:
      return `+44 7700 900${s}`;
    default:
      return `00447700900${s}`;
  }
}

export async function generateScaleDevice(opts: ScaleOptions): Promise<ScaleResult> {
  const t0 = Date.now();
  const rng = new Rng(opts.seed ?? 42, 'scale');
  const contacts = Math.min(1000, Math.max(1, opts.contacts ?? 1000));
  const start = opts.start ?? Date.UTC(2023, 10, 1);
  // each correspondent writes in one language and is saved in one style
  const lang = Array.from({ length: contacts }, () => rng.int(0, BANKS.length - 1));
  const style = Array.from({ length: contacts }, () => rng.int(0, 3));
  const languages: Record<string, number> = {};
  const total = opts.messages;
  function* rows(): Generator<MmssmsSms> {
    let t = start;
    for (let i = 0; i < total; i++) {
      const c = rng.int(0, contacts - 1);
      const [code, bank] = BANKS[lang[c]!]!;
      languages[code] = (languages[code] ?? 0) + 1;
      t += rng.int(1, 90) * 1000;
      const incoming = rng.chance(0.5);
      yield {
        id: i + 1,
        threadId: c + 1,
        address: written(c, style[c]!),
        dateMs: t,
        dateSentMs: incoming ? t - rng.int(1, 20) * 1000 : 0,
        type: incoming ? 1 : 2,
        body: bank[rng.int(0, bank.length - 1)]!,
      };
    }
  }
  mkdirSync(opts.dir, { recursive: true });
  writeAndroidMmssms(join(opts.dir, MMSSMS_PATH), {
    threads: Array.from({ length: contacts }, (_, c) => ({
      id: c + 1,
      addresses: [written(c, style[c]!)],
    })),
    sms: rows(),
  });
  return {
    files: [MMSSMS_PATH],
    counts: { thread: contacts, message: total },
    languages,
    elapsedMs: Date.now() - t0,
  };
}
