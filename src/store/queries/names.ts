// Display names of identifiers: how each device saved a number or account (contact names, push
// names). Several names for one key are all kept: how each suspect saved a number is intelligence.
import type { Store } from '../store.js';

export interface IdentifierName {
  name: string;
  deviceId: string;
}

/** Names per identifier key, in a stable order (device, then name). */
export async function namesFor(
  store: Store,
  caseId: string,
  keys: readonly string[],
): Promise<Map<string, IdentifierName[]>> {
  const out = new Map<string, IdentifierName[]>();
  const unique = [...new Set(keys.filter(Boolean))];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await store.db
      .selectFrom('identifier_names')
      .select(['key', 'name', 'device_id'])
      .distinct()
      .where('case_id', '=', caseId)
      .where('key', 'in', chunk)
      .orderBy('key')
      .orderBy('device_id')
      .orderBy('name')
      .execute();
    for (const r of rows) {
      const list = out.get(r.key) ?? [];
      if (!list.some((n) => n.name === r.name && n.deviceId === r.device_id))
        list.push({ name: r.name, deviceId: r.device_id });
      out.set(r.key, list);
    }
  }
  return out;
}

/** The best single label for a key as seen from one device: its own name, else any, else null. */
export function pickName(
  names: Map<string, IdentifierName[]>,
  key: string | null,
  deviceId?: string,
): string | null {
  if (!key) return null;
  const list = names.get(key);
  if (!list?.length) return null;
  return (deviceId ? list.find((n) => n.deviceId === deviceId) : undefined)?.name ?? list[0]!.name;
}

/** A readable form of an identifier key: `phone:+447700900123` → `+447700900123`. */
export function keyValue(key: string): string {
  const i = key.indexOf(':');
  return i === -1 ? key : key.slice(i + 1);
}
