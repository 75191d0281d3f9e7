// Per device and per artefact type: what was read, what failed, what is not supported.
import type { Store } from '../store.js';
import { ARTEFACT_TYPES } from '../../model/entities.js';

/** One artefact type on one device: how many items were read and by which parsers. */
export interface ArtefactStats {
  type: string;
  read: number;
  parsers: string[];
  /** Files of this device whose parser reads this type but failed or stopped part-way. */
  failedFiles: number;
}

export interface DeviceStats {
  deviceId: string;
  label: string;
  exhibit: string | null;
  counts: {
    messages: number;
    calls: number;
    contacts: number;
    threads: number;
    locations: number;
    media: number;
  };
  sources: {
    parsed: number;
    partial: number;
    failed: number;
    unsupported: number;
    companion: number;
    container: number;
  };
  byParser: Array<{ parser: string; files: number; status: string }>;
  problems: Array<{ path: string; status: string; code: string | null; message: string | null }>;
  /** Every artefact type with what was read (0 when nothing of that type was found). */
  artefacts: ArtefactStats[];
  /** Files no parser supports, with the reason. */
  notSupported: Array<{ path: string; reason: string | null }>;
}

export interface CaseStats {
  caseId: string;
  devices: DeviceStats[];
  totals: DeviceStats['counts'];
  identifiers: number;
}

async function countBy(
  store: Store,
  table: 'messages' | 'calls' | 'contacts' | 'threads' | 'locations' | 'media',
  caseId: string,
) {
  const rows = await store.db
    .selectFrom(table)
    .select(['device_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('case_id', '=', caseId)
    .groupBy('device_id')
    .execute();
  return new Map(rows.map((r) => [r.device_id, Number(r.n)]));
}

export async function caseStats(store: Store, caseId: string): Promise<CaseStats> {
  const devices = await store.db
    .selectFrom('devices')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('label')
    .execute();
  const kinds = ['messages', 'calls', 'contacts', 'threads', 'locations', 'media'] as const;
  const counts = Object.fromEntries(
    await Promise.all(kinds.map(async (k) => [k, await countBy(store, k, caseId)] as const)),
  ) as Record<(typeof kinds)[number], Map<string, number>>;
  const sources = await store.db
    .selectFrom('sources')
    .select([
      'device_id',
      'path',
      'status',
      'parser',
      'error_code',
      'error_message',
      'counts',
      'artefacts',
    ])
    .where('case_id', '=', caseId)
    .orderBy('path')
    .execute();
  const out: DeviceStats[] = devices.map((d) => {
    const mine = sources.filter((s) => s.device_id === d.id);
    const st = { parsed: 0, partial: 0, failed: 0, unsupported: 0, companion: 0, container: 0 };
    const parsers = new Map<string, { files: number; status: string }>();
    for (const s of mine) {
      if (s.status in st) st[s.status as keyof typeof st]++;
      if (s.parser) {
        const k = `${s.parser}|${s.status}`;
        const e = parsers.get(k) ?? { files: 0, status: s.status };
        e.files++;
        parsers.set(k, e);
      }
    }
    const byType = new Map<string, ArtefactStats>(
      ARTEFACT_TYPES.map((t) => [t, { type: t, read: 0, parsers: [], failedFiles: 0 }]),
    );
    for (const src of mine) {
      const counts = JSON.parse(src.counts || '{}') as Record<string, number>;
      for (const [type, n] of Object.entries(counts)) {
        if (type === 'entries') continue;
        const a = byType.get(type) ?? { type, read: 0, parsers: [], failedFiles: 0 };
        a.read += n;
        if (src.parser && n > 0 && !a.parsers.includes(src.parser)) a.parsers.push(src.parser);
        byType.set(type, a);
      }
      if (src.status === 'failed' || src.status === 'partial')
        for (const type of JSON.parse(src.artefacts || '[]') as string[]) {
          const a = byType.get(type);
          if (a) a.failedFiles++;
        }
    }
    return {
      deviceId: d.id,
      label: d.label,
      exhibit: d.exhibit,
      counts: {
        messages: counts.messages.get(d.id) ?? 0,
        calls: counts.calls.get(d.id) ?? 0,
        contacts: counts.contacts.get(d.id) ?? 0,
        threads: counts.threads.get(d.id) ?? 0,
        locations: counts.locations.get(d.id) ?? 0,
        media: counts.media.get(d.id) ?? 0,
      },
      sources: st,
      byParser: [...parsers.entries()].map(([k, v]) => ({
        parser: k.split('|')[0]!,
        files: v.files,
        status: v.status,
      })),
      problems: mine
        .filter(
          (s) => s.status === 'failed' || s.status === 'partial' || s.status === 'unsupported',
        )
        .map((s) => ({
          path: s.path,
          status: s.status,
          code: s.error_code,
          message: s.error_message,
        })),
      artefacts: [...byType.values()].map((a) => ({ ...a, parsers: a.parsers.sort() })),
      notSupported: mine
        .filter((s) => s.status === 'unsupported')
        .map((s) => ({ path: s.path, reason: s.error_message })),
    };
  });
  const totals = { messages: 0, calls: 0, contacts: 0, threads: 0, locations: 0, media: 0 };
  for (const d of out) for (const k of kinds) totals[k] += d.counts[k];
  const idn = await store.db
    .selectFrom('identifiers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return { caseId, devices: out, totals, identifiers: Number(idn?.n ?? 0) };
}
