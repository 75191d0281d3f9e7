// Writes synthetic communication records (messages, calls, contacts, owner identifiers) straight into a store
// through its bulk writer, for graph tests and the graph benchmark. Ingest-shaped rows with
// provenance, without a parser: the parsers have their own tests.
import type { Store, Row } from '../store/store.js';
import { makeId } from '../model/ids.js';

export interface CommDevice {
  /** Device label (the id is derived from case and label as ingest does). */
  label: string;
  exhibit?: string;
  /** Owner identifier keys recorded for the device (SIM / account). */
  owners?: string[];
}

export interface CommItem {
  kind: 'message' | 'call';
  device: string;
  /** Identifier keys; `owner` stands for the device's owner (`device:<id>`). */
  from: string | null;
  to: string[];
  at: number | null;
  app?: string;
  direction?: 'incoming' | 'outgoing' | 'unknown';
  durationS?: number;
  body?: string;
}

export interface CommContact {
  device: string;
  name: string;
  keys: string[];
}

export interface CommCase {
  devices: CommDevice[];
  items: CommItem[];
  contacts?: CommContact[];
  /** Persons (resolved identities): id, label and keys. */
  persons?: Array<{ id: string; label: string; keys: string[] }>;
}

export function deviceIdOf(caseId: string, label: string): string {
  return makeId('device', [caseId, label]);
}

/** Writes the case's communications; returns device label → id and the one source id per device. */
export async function writeComms(
  store: Store,
  caseId: string,
  c: CommCase,
  opts: { batch?: number } = {},
): Promise<{ devices: Map<string, string>; sources: Map<string, string> }> {
  const batch = opts.batch ?? 20_000;
  const w = await store.openWriter();
  const devices = new Map<string, string>();
  const sources = new Map<string, string>();
  const owner = (dev: string, k: string | null) => (k === 'owner' ? `device:${dev}` : k);
  await w.begin();
  try {
    for (const d of c.devices) {
      const id = deviceIdOf(caseId, d.label);
      devices.set(d.label, id);
      const ingestId = makeId('ingest', [caseId, id]);
      const src = makeId('source', [caseId, id, 'comms']);
      sources.set(d.label, src);
      await w.insert('devices', [
        {
          id,
          case_id: caseId,
          label: d.label,
          exhibit: d.exhibit ?? null,
          region: 'GB',
          timezone: null,
          model: null,
          os: null,
          name: null,
          facts: '{}',
        },
      ]);
      await w.insert('sources', [
        {
          id: src,
          case_id: caseId,
          device_id: id,
          ingest_id: ingestId,
          sha256: makeId('source', [src]).slice(4).padEnd(64, '0'),
          path: `${d.label}/comms.db`,
          origin: 'file',
          container_id: null,
          size: 0,
          status: 'parsed',
          parser: 'test-comms@1',
          artefacts: '[]',
          error_code: null,
          error_message: null,
          counts: '{}',
          flags: '[]',
        },
      ]);
      for (const k of d.owners ?? [])
        await w.insert('device_identifiers', [
          {
            case_id: caseId,
            device_id: id,
            key: k,
            role: 'owner',
            source_id: src,
            locator: 'sim:1',
          },
        ]);
    }
    const keys = new Set<string>();
    // identifier activity as the ingest runner records it: per key, device, source, kind and role
    const activity = new Map<string, Row>();
    const touch = (
      key: string | null,
      dev: string,
      label: string,
      kind: string,
      role: string,
      at: number | null,
    ) => {
      if (!key) return;
      const k = `${key}\u0000${dev}\u0000${kind}\u0000${role}`;
      let a = activity.get(k);
      if (!a) {
        a = {
          case_id: caseId,
          key,
          device_id: dev,
          source_id: sources.get(label)!,
          kind,
          role,
          count: 0,
          first_at: null,
          last_at: null,
        };
        activity.set(k, a);
      }
      a.count = Number(a.count) + 1;
      if (at !== null) {
        if (a.first_at === null || at < Number(a.first_at)) a.first_at = at;
        if (a.last_at === null || at > Number(a.last_at)) a.last_at = at;
      }
    };
    let msgs: Row[] = [];
    let calls: Row[] = [];
    const flush = async () => {
      if (msgs.length) await w.insert('messages', msgs);
      if (calls.length) await w.insert('calls', calls);
      msgs = [];
      calls = [];
    };
    for (let i = 0; i < c.items.length; i++) {
      const it = c.items[i]!;
      const dev = devices.get(it.device);
      if (!dev) throw new Error(`unknown device ${it.device}`);
      const from = owner(dev, it.from);
      const to = it.to.map((k) => owner(dev, k)!);
      for (const k of [from, ...to]) if (k && !k.startsWith('device:')) keys.add(k);
      const ownerKey = `device:${dev}`;
      const direction =
        it.direction ??
        (from === ownerKey ? 'outgoing' : to.includes(ownerKey) ? 'incoming' : 'unknown');
      const counterpart =
        direction === 'incoming' && from && from !== ownerKey
          ? from
          : (to.find((k) => k !== ownerKey) ?? (from !== ownerKey ? from : null));
      const locator = `${it.kind}:${i + 1}`;
      touch(from, dev, it.device, it.kind, it.kind === 'call' ? 'caller' : 'sender', it.at);
      for (const k of to)
        touch(k, dev, it.device, it.kind, it.kind === 'call' ? 'callee' : 'recipient', it.at);
      const base = {
        id: makeId(it.kind, [caseId, dev, locator]),
        case_id: caseId,
        device_id: dev,
        source_id: sources.get(it.device)!,
        app: it.app ?? (it.kind === 'call' ? 'phone' : 'sms'),
        direction,
        deleted: 0,
        recovery: 'live',
        flags: '[]',
        locator,
        parser: 'test-comms@1',
        raw: '{}',
        counterpart,
      };
      if (it.kind === 'message')
        msgs.push({
          ...base,
          thread_id: null,
          sent_at: it.at,
          sent_raw: it.at === null ? null : String(it.at),
          sent_enc: 'unix-ms',
          sent_zone: null,
          received_at: null,
          read_at: null,
          sender: from,
          recipients: JSON.stringify(to),
          body: it.body ?? null,
          subject: null,
          status: null,
          type: null,
          language: null,
          language_conf: null,
        });
      else
        calls.push({
          ...base,
          started_at: it.at,
          started_raw: it.at === null ? null : String(it.at),
          started_enc: 'unix-ms',
          duration_s: it.durationS ?? 60,
          caller: from,
          callees: JSON.stringify(to),
          status: 'answered',
          video: 0,
        });
      if (msgs.length + calls.length >= batch) await flush();
    }
    await flush();
    const contactRows: Row[] = [];
    const parties: Row[] = [];
    const names: Row[] = [];
    (c.contacts ?? []).forEach((ct, i) => {
      const dev = devices.get(ct.device)!;
      const id = makeId('contact', [caseId, dev, `contact:${i + 1}`]);
      for (const k of ct.keys) keys.add(k);
      contactRows.push({
        id,
        case_id: caseId,
        device_id: dev,
        source_id: sources.get(ct.device)!,
        app: null,
        name: ct.name,
        account: null,
        note: null,
        entries: JSON.stringify(ct.keys.map((k) => ({ key: k, raw: k, label: null }))),
        deleted: 0,
        recovery: 'live',
        flags: '[]',
        locator: `contact:${i + 1}`,
        parser: 'test-comms@1',
        raw: '{}',
      });
      for (const k of ct.keys) {
        touch(k, dev, ct.device, 'contact', 'entry', null);
        parties.push({
          case_id: caseId,
          item_id: id,
          item_kind: 'contact',
          key: k,
          role: 'entry',
          device_id: dev,
          at: null,
        });
        names.push({
          case_id: caseId,
          key: k,
          device_id: dev,
          name: ct.name,
          source_id: sources.get(ct.device)!,
          locator: `contact:${i + 1}`,
        });
      }
    });
    if (contactRows.length) await w.insert('contacts', contactRows);
    const act = [...activity.values()];
    for (let i = 0; i < act.length; i += batch)
      await w.insert('identifier_activity', act.slice(i, i + batch));
    if (parties.length) await w.insert('item_parties', parties);
    if (names.length) await w.insert('identifier_names', names);
    const idRows = [...keys].map((k) => ({
      case_id: caseId,
      key: k,
      type: k.slice(0, k.indexOf(':')),
      value: k.slice(k.indexOf(':') + 1),
    }));
    for (let i = 0; i < idRows.length; i += batch)
      await w.insert('identifiers', idRows.slice(i, i + batch));
    for (const p of c.persons ?? []) {
      await w.insert('persons', [
        { id: p.id, case_id: caseId, label: p.label, origin: 'test', confidence: 1 },
      ]);
      await w.insert(
        'person_identifiers',
        p.keys.map((k) => ({
          case_id: caseId,
          person_id: p.id,
          key: k,
          reasons: '["test"]',
          confidence: 1,
        })),
      );
    }
    await w.commit();
  } catch (e) {
    await w.rollback();
    throw e;
  } finally {
    await w.close();
  }
  return { devices, sources };
}
