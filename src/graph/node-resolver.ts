// Maps identifier keys to graph nodes: a seized device's owner pseudo-key (`device:<id>`) to the
// device's own number, and, in person mode, every key to the person it was resolved into.
import type { Store } from '../store/store.js';
import type { NodeMode, SavedName } from './graph-types.js';

/** Preference among a device's owner identifiers: a phone number first, then accounts. */
const OWNER_TYPE_ORDER = ['phone', 'whatsapp', 'telegram', 'signal', 'email', 'apple-id'];

function typeOf(key: string): string {
  const i = key.indexOf(':');
  return i > 0 ? key.slice(0, i) : 'unknown';
}

export function valueOf(key: string): string {
  const i = key.indexOf(':');
  return i > 0 ? key.slice(i + 1) : key;
}

function ownerRank(key: string): number {
  const r = OWNER_TYPE_ORDER.indexOf(typeOf(key));
  return r < 0 ? OWNER_TYPE_ORDER.length : r;
}

export interface NodeInfo {
  id: string;
  kind: 'identifier' | 'person' | 'device';
  type: string;
  label: string;
}

export class NodeResolver {
  private readonly ownerKeyOf = new Map<string, string>();
  private readonly personOf = new Map<string, string>();
  private readonly personLabel = new Map<string, string>();
  readonly deviceLabel = new Map<string, string>();
  /** Identifier key → names seized devices show for it. */
  readonly names = new Map<string, SavedName[]>();
  /** Device id → every owner identifier recorded for it. */
  readonly ownerKeys = new Map<string, string[]>();

  private constructor(readonly mode: NodeMode) {}

  static async load(store: Store, caseId: string, mode: NodeMode): Promise<NodeResolver> {
    const r = new NodeResolver(mode);
    for (const d of await store.db
      .selectFrom('devices')
      .select(['id', 'label', 'exhibit'])
      .where('case_id', '=', caseId)
      .execute())
      r.deviceLabel.set(d.id, d.exhibit ? `${d.label} (${d.exhibit})` : d.label);
    const owners = await store.db
      .selectFrom('device_identifiers')
      .select(['device_id', 'key'])
      .where('case_id', '=', caseId)
      .where('role', '=', 'owner')
      .distinct()
      .execute();
    for (const o of owners) {
      const list = r.ownerKeys.get(o.device_id) ?? [];
      list.push(o.key);
      r.ownerKeys.set(o.device_id, list);
    }
    for (const [dev, keys] of r.ownerKeys) {
      keys.sort((a, b) => ownerRank(a) - ownerRank(b) || (a < b ? -1 : a > b ? 1 : 0));
      r.ownerKeyOf.set(`device:${dev}`, keys[0]!);
    }
    if (mode === 'person') {
      for (const p of await store.db
        .selectFrom('persons')
        .select(['id', 'label'])
        .where('case_id', '=', caseId)
        .execute())
        r.personLabel.set(p.id, p.label);
      for (const pi of await store.db
        .selectFrom('person_identifiers')
        .select(['key', 'person_id'])
        .where('case_id', '=', caseId)
        .execute())
        r.personOf.set(pi.key, pi.person_id);
    }
    for (const n of await store.db
      .selectFrom('identifier_names')
      .select(['key', 'device_id', 'name'])
      .where('case_id', '=', caseId)
      .distinct()
      .orderBy('key')
      .orderBy('device_id')
      .orderBy('name')
      .execute()) {
      const list = r.names.get(n.key) ?? [];
      list.push({ device: n.device_id, name: n.name });
      r.names.set(n.key, list);
    }
    return r;
  }

  /** The identifier a key stands for once a device's owner key is replaced by its own number. */
  identifierOf(key: string): string {
    return this.ownerKeyOf.get(key) ?? key;
  }

  /** The node id of an identifier key. */
  nodeOf(key: string): string {
    const ident = this.identifierOf(key);
    if (this.mode === 'person') return this.personOf.get(ident) ?? this.personOf.get(key) ?? ident;
    return ident;
  }

  /** Kind, type and label of a node id. */
  describe(id: string): NodeInfo {
    const personLabel = this.personLabel.get(id);
    if (personLabel !== undefined)
      return { id, kind: 'person', type: 'person', label: personLabel };
    if (id.startsWith('device:')) {
      const dev = id.slice('device:'.length);
      return {
        id,
        kind: 'device',
        type: 'device',
        label: `owner of ${this.deviceLabel.get(dev) ?? dev}`,
      };
    }
    const names = this.names.get(id);
    const name = names?.length ? mostCommon(names.map((n) => n.name)) : null;
    const value = valueOf(id);
    return { id, kind: 'identifier', type: typeOf(id), label: name ? `${name} (${value})` : value };
  }
}

function mostCommon(list: string[]): string {
  const c = new Map<string, number>();
  for (const x of list) c.set(x, (c.get(x) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}
