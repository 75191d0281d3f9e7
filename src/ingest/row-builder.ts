// Turns parser drafts into store rows: deterministic ids, identifiers normalised with the device's
// region, times decoded with raw values kept, text flags, provenance on every row.
import type {
  Draft,
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftIdentifierLink,
  DraftLocation,
  DraftMedia,
  DraftMessage,
  DraftThread,
  Party,
  RawTime,
} from '../model/entities.js';
import { itemId } from '../model/ids.js';
import {
  IdentifierNormaliser,
  identifierKey,
  type NormalisedIdentifier,
} from '../model/identifiers.js';
import { decodeTime, type DecodedTime } from '../model/timestamps.js';
import { textFlags } from '../model/text.js';
import { canonicalJson } from '../model/canonical-json.js';
import type { Row } from '../store/store.js';
import type { TableName } from '../store/schema.js';

export interface SourceRef {
  id: string;
  sha256: string;
  path: string;
}

export interface DeviceFacts {
  model?: string | null;
  os?: string | null;
  name?: string | null;
  timezone?: string | null;
  facts: Record<string, string>;
}

/** Rows waiting to be written, per table, in insertion order. */
export class RowBuffer {
  readonly tables = new Map<TableName, Row[]>();
  size = 0;
  add(table: TableName, row: Row): void {
    let list = this.tables.get(table);
    if (!list) {
      list = [];
      this.tables.set(table, list);
    }
    list.push(row);
    this.size++;
  }
  clear(): void {
    this.tables.clear();
    this.size = 0;
  }
}

/** Tables in foreign-key order for flushing. */
export const FLUSH_ORDER: readonly TableName[] = [
  'identifiers',
  'threads',
  'messages',
  'calls',
  'contacts',
  'locations',
  'media',
  'item_parties',
  'identifier_names',
  'device_identifiers',
  'identifier_links',
  'identifier_activity',
];

function rawReplacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return { base64: Buffer.from(v).toString('base64') };
  if (
    v &&
    typeof v === 'object' &&
    (v as { type?: string }).type === 'Buffer' &&
    Array.isArray((v as { data?: unknown }).data)
  ) {
    return { base64: Buffer.from((v as { data: number[] }).data).toString('base64') };
  }
  return v;
}

const NO_TIME = { ms: null, raw: null, encoding: null, zone: null } as const;

export class RowBuilder {
  readonly ownerKey: string;
  private readonly seenIdentifiers = new Set<string>();
  private readonly autoThreads = new Set<string>();
  readonly deviceFacts: DeviceFacts = { facts: {} };
  /** Counts of drafts by kind for the current source. */
  counts: Record<string, number> = {};

  constructor(
    readonly caseId: string,
    readonly deviceId: string,
    readonly normaliser: IdentifierNormaliser,
    readonly out: RowBuffer,
    private source: SourceRef,
    private parser: string,
  ) {
    this.ownerKey = identifierKey('device', deviceId);
  }

  setSource(source: SourceRef, parser: string): void {
    this.source = source;
    this.parser = parser;
    this.counts = {};
    this.threadIds.clear();
    this.activity.clear();
  }

  private readonly threadIds = new Map<string, string>();
  /** key|kind|role → count, first, last, for the current source. */
  private readonly activity = new Map<
    string,
    {
      key: string;
      kind: string;
      role: string;
      count: number;
      first: number | null;
      last: number | null;
    }
  >();

  private touch(key: string | null, kind: string, role: string, at: number | null): void {
    if (!key) return;
    const k = `${key}\u0000${kind}\u0000${role}`;
    let a = this.activity.get(k);
    if (!a) {
      a = { key, kind, role, count: 0, first: null, last: null };
      this.activity.set(k, a);
    }
    a.count++;
    if (at !== null) {
      if (a.first === null || at < a.first) a.first = at;
      if (a.last === null || at > a.last) a.last = at;
    }
  }

  /** Write the current source's identifier activity rows into the buffer. */
  flushActivity(): void {
    for (const a of this.activity.values()) {
      this.out.add('identifier_activity', {
        case_id: this.caseId,
        key: a.key,
        device_id: this.deviceId,
        source_id: this.source.id,
        kind: a.kind,
        role: a.role,
        count: a.count,
        first_at: a.first,
        last_at: a.last,
      });
    }
    this.activity.clear();
  }

  private id(kind: Parameters<typeof itemId>[0], locator: string): string {
    if (kind !== 'thread') return itemId(kind, this.caseId, this.source.sha256, locator);
    // messages name their thread once each: cache the thread ids of the current source
    let id = this.threadIds.get(locator);
    if (!id) {
      id = itemId(kind, this.caseId, this.source.sha256, locator);
      this.threadIds.set(locator, id);
    }
    return id;
  }

  private identifier(n: NormalisedIdentifier): string {
    if (!this.seenIdentifiers.has(n.key)) {
      this.seenIdentifiers.add(n.key);
      this.out.add('identifiers', {
        case_id: this.caseId,
        key: n.key,
        type: n.type,
        value: n.value,
      });
    }
    return n.key;
  }

  /** Resolve a party to its identifier key (the device owner's pseudo-identifier for OWNER). */
  party(p: Party | null | undefined, locator: string): string | null {
    if (!p) return null;
    if (p === 'owner') {
      if (!this.seenIdentifiers.has(this.ownerKey)) {
        this.seenIdentifiers.add(this.ownerKey);
        this.out.add('identifiers', {
          case_id: this.caseId,
          key: this.ownerKey,
          type: 'device',
          value: this.deviceId,
        });
      }
      return this.ownerKey;
    }
    const n = this.normaliser.normalise(p.value, p.hint ?? 'auto');
    if (!n) return null;
    const key = this.identifier(n);
    if (p.name && p.name.trim()) {
      this.out.add('identifier_names', {
        case_id: this.caseId,
        key,
        device_id: this.deviceId,
        name: p.name.trim(),
        source_id: this.source.id,
        locator,
      });
    }
    return key;
  }

  private time(t: RawTime | null | undefined): DecodedTime | typeof NO_TIME {
    if (!t) return NO_TIME;
    return decodeTime(t.value, t.encoding);
  }

  private flags(
    d: Draft,
    texts: Array<string | null | undefined>,
    times: Array<{ raw: string | null; ms: number | null }>,
  ): string {
    const f = new Set(d.flags ?? []);
    for (const t of texts) if (t) for (const x of textFlags(t)) f.add(x);
    for (const t of times) if (t.raw !== null && t.ms === null) f.add('timestamp-unconvertible');
    return JSON.stringify([...f].sort());
  }

  /** The other party of a 1:1 exchange: the first non-owner among sender and recipients. */
  private counterpart(
    direction: string,
    from: string | null,
    to: string[],
    _threadId: string | null,
  ): string | null {
    if (direction === 'incoming' && from && from !== this.ownerKey) return from;
    if (to.length === 1 && to[0] !== this.ownerKey) return to[0]!;
    if (from && from !== this.ownerKey) return from;
    return to.find((k) => k !== this.ownerKey) ?? null;
  }

  /** Raw values as read, in the parser's (deterministic) column order; bigints as text. */
  private raw(d: Draft): string {
    if (!d.raw) return '{}';
    try {
      return JSON.stringify(d.raw, rawReplacer);
    } catch {
      return canonicalJson(d.raw);
    }
  }

  private parties(
    itemIdValue: string,
    kind: string,
    at: number | null,
    entries: Array<[string | null, string]>,
  ): void {
    const seen = new Set<string>();
    for (const [key, role] of entries) {
      if (!key) continue;
      const k = `${key}|${role}`;
      if (seen.has(k)) continue;
      seen.add(k);
      this.out.add('item_parties', {
        case_id: this.caseId,
        item_id: itemIdValue,
        item_kind: kind,
        key,
        role,
        device_id: this.deviceId,
        at,
      });
      this.touch(key, kind, role, at);
    }
  }

  add(d: Draft): void {
    this.counts[d.kind] = (this.counts[d.kind] ?? 0) + 1;
    switch (d.kind) {
      case 'thread':
        return this.thread(d);
      case 'message':
        return this.message(d);
      case 'call':
        return this.call(d);
      case 'contact':
        return this.contact(d);
      case 'location':
        return this.location(d);
      case 'media':
        return this.media(d);
      case 'device-info':
        return this.deviceInfo(d);
      case 'identifier-link':
        return this.link(d);
    }
  }

  private thread(d: DraftThread): void {
    const id = this.id('thread', d.locator);
    const participants = d.participants
      .map((p) => this.party(p, d.locator))
      .filter((k): k is string => !!k);
    const groupKey = d.groupId ? this.party(d.groupId, d.locator) : null;
    this.out.add('threads', {
      id,
      case_id: this.caseId,
      device_id: this.deviceId,
      source_id: this.source.id,
      app: d.app,
      name: d.name ?? null,
      is_group: d.isGroup ? 1 : 0,
      group_key: groupKey,
      participants: JSON.stringify([...new Set(participants)]),
      deleted: d.deleted ? 1 : 0,
      locator: d.locator,
      parser: this.parser,
    });
    this.parties(id, 'thread', null, [
      ...participants.map((k) => [k, 'participant'] as [string, string]),
      [groupKey, 'group'],
    ]);
  }

  private message(d: DraftMessage): void {
    const id = this.id('message', d.locator);
    const sent = this.time(d.sentAt);
    const received = this.time(d.receivedAt);
    const read = this.time(d.readAt);
    const sender = this.party(d.sender, d.locator);
    const recipients = (d.recipients ?? [])
      .map((p) => this.party(p, d.locator))
      .filter((k): k is string => !!k);
    let threadId: string | null = null;
    if (d.threadRef) threadId = this.id('thread', d.threadRef);
    else {
      const counterpart =
        d.direction === 'outgoing' ? recipients.find((k) => k !== this.ownerKey) : sender;
      if (counterpart) {
        const ref = `auto:${d.app}:${counterpart}`;
        threadId = this.id('thread', ref);
        if (!this.autoThreads.has(threadId)) {
          this.autoThreads.add(threadId);
          this.out.add('threads', {
            id: threadId,
            case_id: this.caseId,
            device_id: this.deviceId,
            source_id: this.source.id,
            app: d.app,
            name: null,
            is_group: 0,
            group_key: null,
            participants: JSON.stringify([this.ownerKey, counterpart]),
            deleted: 0,
            locator: ref,
            parser: this.parser,
          });
          this.parties(threadId, 'thread', null, [
            [this.ownerKey, 'participant'],
            [counterpart, 'participant'],
          ]);
        }
      }
    }
    this.out.add('messages', {
      id,
      case_id: this.caseId,
      device_id: this.deviceId,
      source_id: this.source.id,
      thread_id: threadId,
      app: d.app,
      direction: d.direction,
      sent_at: sent.ms,
      sent_raw: sent.raw,
      sent_enc: sent.encoding,
      sent_zone: sent.zone,
      received_at: received.ms,
      read_at: read.ms,
      sender,
      recipients: JSON.stringify(recipients),
      counterpart: this.counterpart(d.direction, sender, recipients, threadId),
      body: d.body,
      subject: d.subject ?? null,
      status: d.status ?? null,
      type: d.type ?? null,
      language: null,
      language_conf: null,
      deleted: d.deleted ? 1 : 0,
      recovery: d.recovery ?? (d.deleted ? 'deleted-flag' : 'live'),
      flags: this.flags(d, [d.body, d.subject], [sent, received, read]),
      locator: d.locator,
      parser: this.parser,
      raw: this.raw(d),
    });
    this.touch(sender, 'message', 'sender', sent.ms);
    for (const k of recipients) this.touch(k, 'message', 'recipient', sent.ms);
  }

  private call(d: DraftCall): void {
    const id = this.id('call', d.locator);
    const t = this.time(d.startedAt);
    const caller = this.party(d.caller, d.locator);
    const callees = (d.callees ?? [])
      .map((p) => this.party(p, d.locator))
      .filter((k): k is string => !!k);
    this.out.add('calls', {
      id,
      case_id: this.caseId,
      device_id: this.deviceId,
      source_id: this.source.id,
      app: d.app,
      direction: d.direction,
      started_at: t.ms,
      started_raw: t.raw,
      started_enc: t.encoding,
      duration_s: d.durationS ?? null,
      caller,
      callees: JSON.stringify(callees),
      counterpart: this.counterpart(d.direction, caller, callees, null),
      status: d.status ?? 'unknown',
      video: d.video ? 1 : 0,
      deleted: d.deleted ? 1 : 0,
      recovery: d.recovery ?? (d.deleted ? 'deleted-flag' : 'live'),
      flags: this.flags(d, [], [t]),
      locator: d.locator,
      parser: this.parser,
      raw: this.raw(d),
    });
    this.touch(caller, 'call', 'caller', t.ms);
    for (const k of callees) this.touch(k, 'call', 'callee', t.ms);
  }

  private contact(d: DraftContact): void {
    const id = this.id('contact', d.locator);
    const entries: Array<{ key: string; raw: string; label: string | null }> = [];
    for (const e of d.entries) {
      const key = this.party(
        { value: e.value, hint: e.hint ?? 'auto', name: d.name ?? undefined },
        d.locator,
      );
      if (key) entries.push({ key, raw: e.value, label: e.label ?? null });
    }
    this.out.add('contacts', {
      id,
      case_id: this.caseId,
      device_id: this.deviceId,
      source_id: this.source.id,
      app: d.app ?? null,
      name: d.name,
      account: d.account ?? null,
      note: d.note ?? null,
      entries: JSON.stringify(entries),
      deleted: d.deleted ? 1 : 0,
      recovery: d.recovery ?? (d.deleted ? 'deleted-flag' : 'live'),
      flags: this.flags(d, [d.name, d.note], []),
      locator: d.locator,
      parser: this.parser,
      raw: this.raw(d),
    });
    this.parties(
      id,
      'contact',
      null,
      entries.map((e) => [e.key, 'entry'] as [string, string]),
    );
  }

  private location(d: DraftLocation): void {
    const t = this.time(d.at);
    this.out.add('locations', {
      id: this.id('location', d.locator),
      case_id: this.caseId,
      device_id: this.deviceId,
      source_id: this.source.id,
      at: t.ms,
      at_raw: t.raw,
      at_enc: t.encoding,
      lat: d.lat,
      lon: d.lon,
      accuracy_m: d.accuracyM ?? null,
      label: d.label ?? null,
      origin: d.origin ?? 'other',
      app: d.app ?? null,
      cell: d.cell ? canonicalJson(d.cell) : null,
      deleted: d.deleted ? 1 : 0,
      locator: d.locator,
      parser: this.parser,
      raw: this.raw(d),
    });
  }

  private media(d: DraftMedia): void {
    this.out.add('media', {
      id: this.id('media', d.locator),
      case_id: this.caseId,
      device_id: this.deviceId,
      source_id: this.source.id,
      message_id: d.messageRef ? this.id('message', d.messageRef) : null,
      filename: d.filename ?? null,
      mime: d.mime ?? null,
      size: d.size ?? null,
      path: d.path ?? null,
      sha256: d.sha256 ?? null,
      deleted: d.deleted ? 1 : 0,
      locator: d.locator,
      parser: this.parser,
      raw: this.raw(d),
    });
  }

  private deviceInfo(d: DraftDeviceInfo): void {
    for (const i of d.identifiers ?? []) {
      const hint =
        i.hint ?? (i.role === 'imei' || i.role === 'imsi' || i.role === 'iccid' ? i.role : 'auto');
      const key = this.party({ ...i, hint }, d.locator);
      if (!key) continue;
      this.out.add('device_identifiers', {
        case_id: this.caseId,
        device_id: this.deviceId,
        key,
        role: i.role,
        source_id: this.source.id,
        locator: d.locator,
      });
    }
    const f = this.deviceFacts;
    if (d.model) f.model ??= d.model;
    if (d.os) f.os ??= d.os;
    if (d.name) f.name ??= d.name;
    if (d.timezone) f.timezone ??= d.timezone;
    for (const [k, v] of Object.entries(d.facts ?? {})) f.facts[k] ??= v;
  }

  private link(d: DraftIdentifierLink): void {
    const a = this.party(d.a, d.locator);
    const b = this.party(d.b, d.locator);
    if (!a || !b || a === b) return;
    this.out.add('identifier_links', {
      id: this.id('link', d.locator),
      case_id: this.caseId,
      a_key: a,
      b_key: b,
      reason: d.reason,
      confidence: d.confidence,
      source_id: this.source.id,
      locator: d.locator,
      parser: this.parser,
    });
  }
}
