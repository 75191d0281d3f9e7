// The scenario's world: people with their identifiers, conversations and calls between identifiers,
// and the seized devices. Plots add to it; materialise() turns it into one GenDevice per device.
import type { GenApp, GenAttachment } from '../device-data.js';
import type { GtIdentifier, GtPatternType, GtRole } from '../ground-truth.js';

export type IdKind = GtIdentifier['kind'];

export interface WorldPerson {
  id: string;
  name: string;
  roles: GtRole[];
  age?: number;
  /** Identifier key → kind, in the order they were given. */
  keys: Map<string, IdKind>;
}

/** How a device writes phone numbers it stores (one style per device, a few parties vary). */
export type PhoneStyle =
  | 'national-spaced' // 07700 900123
  | 'national' // 07700900123
  | 'intl-spaced' // +44 7700 900123
  | 'e164' // +447700900123
  | 'idd' // 00447700900123
  | 'idd-spaced'; // 0044 7700 900123

export interface DeviceSpec {
  caseRef: string;
  id: string;
  label: string;
  exhibit: string;
  platform: 'android' | 'ios' | 'feature-phone' | 'operator';
  ownerPersonId: string;
  /** Identifier keys this device sends and receives as (own number, WhatsApp account …). */
  ownKeys: string[];
  /** Apps installed (an operator record: `cdr`). */
  apps: GenApp[];
  /** Writer ids, in order. */
  formats: string[];
  /** Alternatives, in order, when none of `formats` is registered: the first registered one writes. */
  fallbackFormats?: string[];
  model?: string;
  os?: string;
  imei?: string;
  imsi?: string;
  iccid?: string;
  /** Accounts signed in on the device (e-mail, Apple ID) as keys. */
  accounts?: string[];
  style: PhoneStyle;
  timezone: string;
  /** Contact names as this owner saved each person (person id → name); absent: not saved. */
  aliases: Map<string, string>;
  /** Person id → extra entries (keys) on that person's card beyond the ones used in conversations. */
  cardExtras: Map<string, string[]>;
  /** Further cards, written as given (an old card kept after a number change, a deleted card …). */
  extraCards: Array<{ personId: string; name: string; keys: string[]; deleted?: boolean }>;
  /** Contacts deleted on this device (person ids). */
  deletedContacts: Set<string>;
  /** Exact text this device writes for some keys (planted cross-case forms). */
  writtenAs?: Map<string, string>;
  /** Time the device was seized: nothing after it is on the device. */
  seizedAt: number;
}

export interface Conversation {
  id: number;
  caseRef: string;
  app: GenApp;
  isGroup: boolean;
  name?: string;
  /** Group id key (`whatsapp:…@g.us`) for app groups. */
  groupKey?: string;
  /** Every member's identifier key (including the device owners'). */
  members: string[];
  /** Devices where the whole thread was deleted. */
  deletedOn: Set<string>;
  /** Pattern this thread belongs to. */
  pattern?: string;
}

export interface WorldAttachment extends Omit<GenAttachment, 'id'> {
  id?: number;
}

export interface WorldMessage {
  id: number;
  conv: number;
  at: number;
  /** Sender's identifier key. */
  from: string;
  body: string | null;
  language: string;
  tags: string[];
  attachments: WorldAttachment[];
  /** Devices where the owner deleted this message. */
  deletedOn: Set<string>;
  /** Devices where this row exists only in the SQLite WAL. */
  walOnlyOn: Set<string>;
  read?: boolean;
}

export interface WorldCall {
  id: number;
  caseRef: string;
  at: number;
  from: string;
  to: string;
  app: 'phone' | 'whatsapp';
  durationS: number;
  status: 'answered' | 'missed' | 'rejected' | 'voicemail';
  video?: boolean;
  tags: string[];
  deletedOn: Set<string>;
}

export interface PatternDraft {
  id: string;
  type: GtPatternType;
  mimics?: GtPatternType;
  expectFlag: boolean;
  caseRef: string;
  title: string;
  persons: Record<string, string>;
  identifiers: string[];
  threads: number[];
  facts: Record<string, unknown>;
}

export interface SharedDraft {
  key: string;
  personId: string;
}

export interface DecoyDraft {
  key: string;
  resembles: string;
}

export interface CaseDraft {
  ref: string;
  title: string;
  status: 'live' | 'closed';
  crimeTypes: string[];
  from: number;
  to: number;
}

/** Everything the scenario plants, before it is materialised into devices. */
export class World {
  readonly persons = new Map<string, WorldPerson>();
  readonly keyOwner = new Map<string, string>();
  readonly cases: CaseDraft[] = [];
  readonly devices: DeviceSpec[] = [];
  readonly conversations: Conversation[] = [];
  readonly messages: WorldMessage[] = [];
  readonly calls: WorldCall[] = [];
  readonly patterns: PatternDraft[] = [];
  readonly shared: SharedDraft[] = [];
  readonly decoys: DecoyDraft[] = [];
  /** Attachment ids are unique across the world (writers use them for file names). */
  private nextAttachment = 1;
  private nextMessage = 1;
  private nextCall = 1;
  private nextConv = 1;

  person(p: {
    id: string;
    name: string;
    roles: GtRole[];
    age?: number;
    keys?: Array<[string, IdKind]>;
  }): WorldPerson {
    if (this.persons.has(p.id)) throw new Error(`person ${p.id} defined twice`);
    const wp: WorldPerson = {
      id: p.id,
      name: p.name,
      roles: p.roles,
      age: p.age,
      keys: new Map(),
    };
    this.persons.set(p.id, wp);
    for (const [k, kind] of p.keys ?? []) this.addKey(p.id, k, kind);
    return wp;
  }

  addKey(personId: string, key: string, kind: IdKind): void {
    const owner = this.keyOwner.get(key);
    if (owner && owner !== personId) throw new Error(`${key} already belongs to ${owner}`);
    this.keyOwner.set(key, personId);
    this.persons.get(personId)!.keys.set(key, kind);
  }

  ownerOf(key: string): string {
    const p = this.keyOwner.get(key);
    if (!p) throw new Error(`no person owns ${key}`);
    return p;
  }

  device(d: DeviceSpec): DeviceSpec {
    if (this.devices.some((x) => x.caseRef === d.caseRef && x.id === d.id))
      throw new Error(`device ${d.caseRef}/${d.id} defined twice`);
    this.devices.push(d);
    return d;
  }

  private readonly oneToOne = new Map<string, Conversation>();

  /**
   * A conversation. Two people have one 1:1 thread per app, as a phone shows it: asking again for
   * the same app and members returns the existing conversation.
   */
  conversation(c: Omit<Conversation, 'id' | 'deletedOn'> & { deletedOn?: string[] }): Conversation {
    for (const m of c.members) this.ownerOf(m);
    const key = c.isGroup ? null : `${c.caseRef}|${c.app}|${[...c.members].sort().join('|')}`;
    const existing = key ? this.oneToOne.get(key) : undefined;
    if (existing) {
      for (const d of c.deletedOn ?? []) existing.deletedOn.add(d);
      return existing;
    }
    const conv: Conversation = { ...c, id: this.nextConv++, deletedOn: new Set(c.deletedOn) };
    this.conversations.push(conv);
    if (key) this.oneToOne.set(key, conv);
    return conv;
  }

  message(
    conv: Conversation,
    m: {
      at: number;
      from: string;
      body: string | null;
      language: string;
      tags?: string[];
      attachments?: WorldAttachment[];
      deletedOn?: string[];
      walOnlyOn?: string[];
      read?: boolean;
    },
  ): WorldMessage {
    if (!conv.members.includes(m.from))
      throw new Error(`${m.from} is not a member of conversation ${conv.id}`);
    const wm: WorldMessage = {
      id: this.nextMessage++,
      conv: conv.id,
      at: Math.floor(m.at / 1000) * 1000,
      from: m.from,
      body: m.body,
      language: m.language,
      tags: m.tags ?? [],
      attachments: (m.attachments ?? []).map((a) => ({ ...a, id: this.nextAttachment++ })),
      deletedOn: new Set(m.deletedOn),
      walOnlyOn: new Set(m.walOnlyOn),
      read: m.read,
    };
    this.messages.push(wm);
    return wm;
  }

  call(
    c: Omit<WorldCall, 'id' | 'deletedOn' | 'tags'> & { deletedOn?: string[]; tags?: string[] },
  ) {
    this.ownerOf(c.from);
    this.ownerOf(c.to);
    const wc: WorldCall = {
      ...c,
      id: this.nextCall++,
      at: Math.floor(c.at / 1000) * 1000,
      tags: c.tags ?? [],
      deletedOn: new Set(c.deletedOn),
    };
    this.calls.push(wc);
    return wc;
  }

  pattern(p: PatternDraft): PatternDraft {
    this.patterns.push(p);
    return p;
  }
}

/** A plot adds people, devices, conversations and patterns to the world. */
export interface Plot {
  id: string;
  build(world: World, ctx: PlotContext): void;
}

export interface PlotContext {
  rng: import('../rng.js').Rng;
}
