// Entity kinds of the evidential model: drafts that parsers emit, and the normalised records the
// store holds and the canonical export writes. Provenance travels with every record.
import type { IdentifierHint } from './identifiers.js';
import type { TimeEncoding } from './timestamps.js';

export const ENTITY_KINDS = [
  'case',
  'source',
  'device',
  'identifier',
  'contact',
  'thread',
  'message',
  'call',
  'location',
  'media',
  'person',
  'finding',
  'annotation',
  'translation',
  'audit-event',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export type Direction = 'incoming' | 'outgoing' | 'unknown';

/** How a record was recovered: live data, a row only present in a WAL, flagged deleted by the app, carved. */
export type Recovery = 'live' | 'wal-only' | 'deleted-flag' | 'carved';

/** Artefact families a parser can read; also the rows of `threadline stats`. */
export const ARTEFACT_TYPES = [
  'messages',
  'calls',
  'contacts',
  'threads',
  'locations',
  'media',
  'device-info',
  'accounts',
] as const;
export type ArtefactType = (typeof ARTEFACT_TYPES)[number];

/** A raw time value as read from evidence, with the encoding the parser knows it to be in. */
export interface RawTime {
  value: number | bigint | string;
  encoding: TimeEncoding;
}

/** A raw identifier as read (number, JID, e-mail …) with a hint of its type and the name shown beside it. */
export interface RawIdentifier {
  value: string;
  hint?: IdentifierHint;
  /** A display name the evidence shows for this identifier (contact name, push name, party name). */
  name?: string;
}

/** The user of the device being parsed: resolved to the device's owner identifier by the runner. */
export const OWNER = 'owner' as const;
export type Party = RawIdentifier | typeof OWNER;

interface DraftBase {
  /** Where in the source the record is: `table:rowid`, an XML path, a CSV line. Unique per source and kind. */
  locator: string;
  deleted?: boolean;
  recovery?: Recovery;
  /** Raw values kept beside the decoded ones (column → value as read). */
  raw?: Record<string, unknown>;
  /** Anomaly flags: `invalid-utf8`, `lone-surrogate`, `bidi-control`, `timestamp-unconvertible` … */
  flags?: string[];
}

export interface DraftThread extends DraftBase {
  kind: 'thread';
  app: string;
  name?: string | null;
  isGroup: boolean;
  participants: Party[];
  /** The group's own identifier (a `@g.us` JID, a group chat id). */
  groupId?: RawIdentifier;
}

export interface DraftMessage extends DraftBase {
  kind: 'message';
  app: string;
  /** Locator of the thread draft in the same source. */
  threadRef?: string;
  direction: Direction;
  sentAt?: RawTime | null;
  receivedAt?: RawTime | null;
  readAt?: RawTime | null;
  sender?: Party | null;
  recipients?: Party[];
  body: string | null;
  subject?: string | null;
  status?: string | null;
  /** Message type as the app records it (text, image, location, system …). */
  type?: string | null;
}

export type CallStatus = 'answered' | 'missed' | 'rejected' | 'blocked' | 'voicemail' | 'unknown';

export interface DraftCall extends DraftBase {
  kind: 'call';
  app: string;
  direction: Direction;
  startedAt?: RawTime | null;
  durationS?: number | null;
  caller?: Party | null;
  callees?: Party[];
  status?: CallStatus;
  video?: boolean;
}

export interface ContactEntry extends RawIdentifier {
  /** The label on the card: Mobile, Home, WhatsApp … */
  label?: string;
}

export interface DraftContact extends DraftBase {
  kind: 'contact';
  app?: string | null;
  name: string | null;
  entries: ContactEntry[];
  account?: string | null;
  note?: string | null;
}

export interface DraftLocation extends DraftBase {
  kind: 'location';
  at?: RawTime | null;
  lat: number | null;
  lon: number | null;
  accuracyM?: number | null;
  label?: string | null;
  origin?: 'gps' | 'cell' | 'wifi' | 'message' | 'other';
  app?: string | null;
  cell?: { mcc?: string; mnc?: string; lac?: string; cid?: string } | null;
}

export interface DraftMedia extends DraftBase {
  kind: 'media';
  /** Locator of the message this is attached to, in the same source. */
  messageRef?: string;
  filename?: string | null;
  mime?: string | null;
  size?: number | null;
  /** Path of the content inside the extraction, when present. */
  path?: string | null;
  sha256?: string | null;
}

export type DeviceIdentifierRole = 'owner' | 'imei' | 'imsi' | 'iccid' | 'account' | 'serial';

export interface DraftDeviceInfo extends DraftBase {
  kind: 'device-info';
  identifiers?: Array<RawIdentifier & { role: DeviceIdentifierRole }>;
  model?: string | null;
  os?: string | null;
  name?: string | null;
  timezone?: string | null;
  /** Other key/value facts as read. */
  facts?: Record<string, string>;
}

/** Evidence that two identifiers belong to the same account or person (LID mapping, a contact card …). */
export interface DraftIdentifierLink extends DraftBase {
  kind: 'identifier-link';
  a: Party;
  b: Party;
  reason: string;
  confidence: number;
}

export type Draft =
  | DraftThread
  | DraftMessage
  | DraftCall
  | DraftContact
  | DraftLocation
  | DraftMedia
  | DraftDeviceInfo
  | DraftIdentifierLink;

export type DraftKind = Draft['kind'];

/** Provenance carried by every stored item. */
export interface Provenance {
  sourceId: string;
  sha256: string;
  path: string;
  locator: string;
  parser: string;
}

/** parsed: read fully; partial: read until an error (what was read is kept, the error recorded). */
export type SourceStatus =
  'pending' | 'parsed' | 'partial' | 'failed' | 'unsupported' | 'companion' | 'container';

/** Default protective marking (Government Security Classifications: OFFICIAL with the SENSITIVE caveat). */
export const DEFAULT_MARKING = 'OFFICIAL-SENSITIVE';
