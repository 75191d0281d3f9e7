// The `person` objects of the canonical export: each person's identifier keys with the reasons and
// confidence of their grouping, the aliases devices saved them under, and the devices they own.
// Computed from the store as it is (not from a cached resolution), so the export is always current.
import type { ExportSection } from '../report/export-sections.js';
import { computeResolution } from './resolve-persons.js';

export const personSection: ExportSection = {
  kind: 'person',
  async *rows({ store, caseId }) {
    const r = await computeResolution(store, caseId);
    const names = await store.db
      .selectFrom('identifier_names')
      .select(['key', 'device_id', 'name'])
      .where('case_id', '=', caseId)
      .distinct()
      .orderBy('device_id')
      .orderBy('name')
      .orderBy('key')
      .execute();
    const namesOf = new Map<string, Array<{ device: string; name: string; key: string }>>();
    for (const n of names)
      (namesOf.get(n.key) ?? namesOf.set(n.key, []).get(n.key)!).push({
        device: n.device_id,
        name: n.name,
        key: n.key,
      });
    const owned = new Map<string, string[]>();
    for (const o of r.owners)
      (owned.get(o.personId) ?? owned.set(o.personId, []).get(o.personId)!).push(o.deviceId);
    for (const p of r.persons) {
      yield {
        id: p.id,
        label: p.label,
        confidence: p.confidence,
        origin: p.origin,
        identifiers: p.identifiers.map((i) => ({
          key: i.key,
          confidence: i.confidence,
          reasons: i.reasons,
        })),
        aliases: p.identifiers.flatMap((i) => namesOf.get(i.key) ?? []),
        devices: owned.get(p.id) ?? [],
      };
    }
  },
};
