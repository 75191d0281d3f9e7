// Reads a generated case's ground truth (for tests, benchmarks and evaluation harnesses), and maps
// its scenario messages to the ids the store gave them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GROUND_TRUTH_FILE,
  GROUND_TRUTH_MESSAGES_FILE,
  type GroundTruth,
  type GtMessage,
} from './ground-truth.js';
import type { Store } from '../store/store.js';

export function loadGroundTruth(dir: string): GroundTruth {
  return JSON.parse(readFileSync(join(dir, GROUND_TRUTH_FILE), 'utf8')) as GroundTruth;
}

export function loadGroundTruthMessages(dir: string): GtMessage[] {
  return readFileSync(join(dir, GROUND_TRUTH_MESSAGES_FILE), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GtMessage);
}

/**
 * Scenario message id (`M000123`) → store message ids (one per device copy in evidence), matched
 * by device, time and text. A detection or language test can then look up planted messages.
 */
export async function mapGroundTruthMessages(
  store: Store,
  truth: GroundTruth,
  messages: readonly GtMessage[],
): Promise<Map<string, Array<{ device: string; id: string }>>> {
  const out = new Map<string, Array<{ device: string; id: string }>>();
  for (const c of truth.cases)
    for (const d of c.devices) {
      if (d.scale || !d.formats.length) continue;
      const rows = await store.db
        .selectFrom('messages')
        .select(['id', 'sent_at', 'received_at', 'body'])
        .where('device_id', '=', d.storeDeviceId)
        .execute();
      const byKey = new Map<string, string[]>();
      for (const r of rows) {
        const k = `${Number(r.received_at ?? r.sent_at)}|${r.body ?? ''}`;
        (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(r.id);
      }
      for (const m of messages) {
        if (m.caseRef !== c.ref || !m.copies.some((cp) => cp.device === d.id && cp.inEvidence))
          continue;
        const body = d.platform === 'operator' ? '' : (m.body ?? '');
        const ids = byKey.get(`${Date.parse(m.at)}|${body}`);
        const id = ids?.shift();
        if (id) (out.get(m.id) ?? out.set(m.id, []).get(m.id)!).push({ device: d.id, id });
      }
    }
  return out;
}
