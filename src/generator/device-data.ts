// The format-independent description of one synthetic seized device, which every format writer
// turns into real files. The scenario builds it; writers must only read it. Extend with optional
// fields only: format writers in other folders depend on this shape.

/**
 * A party as this device shows it: the identifier key it must resolve to (the ground truth) and
 * the text the device wrote (`07700 900123`, `+44 7700 900123`, `447700900123@s.whatsapp.net` …).
 */
export interface GenParty {
  /** Ground-truth identifier key after normalisation: `phone:+447700900123`, `whatsapp:…@lid`, `email:…`. */
  key: string;
  /** The value exactly as this device's format stores it. */
  written: string;
  /** Display name the device shows for this party (contact name, push name), if any. */
  name?: string;
  /**
   * The party's WhatsApp LID (`<digits>@lid`) when the device knows it: WhatsApp writers record the
   * LID↔phone mapping and may address the party by LID in groups (ground truth: one account).
   */
  lid?: string;
}

/** Apps a synthetic conversation or call can belong to; a writer takes the apps it knows. */
export type GenApp =
  'sms' | 'mms' | 'imessage' | 'whatsapp' | 'telegram' | 'signal' | 'phone' | 'cdr';

export interface GenContact {
  /** Stable id inside the device (writers use it for rowids/locators). */
  id: number;
  /** Name as the owner saved it on this device (how each suspect saved a number is intelligence). */
  name: string;
  entries: Array<
    GenParty & { label?: string; kind: 'phone' | 'email' | 'whatsapp' | 'telegram' | 'other' }
  >;
  deleted?: boolean;
  /** App whose address book holds it (absent: the phone's own contacts). */
  app?: GenApp;
  /** Row written only to the SQLite WAL (never checkpointed into the main file). */
  walOnly?: boolean;
}

export interface GenThread {
  id: number;
  app: GenApp;
  isGroup: boolean;
  name?: string;
  /** Everyone in the thread except the owner. */
  participants: GenParty[];
  /** Group identifier (a `@g.us` JID, a Telegram chat id) for group threads. */
  groupId?: GenParty;
  deleted?: boolean;
}

export interface GenAttachment {
  id: number;
  mime: string;
  filename: string;
  /** Content to write when the format carries files (bytes, or a seed-derived filler). */
  bytes?: Uint8Array;
  /** Voice note duration in seconds, for audio. */
  durationS?: number;
  /** Reference transcript of a voice note (ground truth for the audio pipeline). */
  transcript?: string;
  /**
   * A recorded speech sample (file name in the generator's `voiceSamples` folder, for example
   * Debian pocketsphinx-testdata's LibriVox clips) whose bytes are this voice note's content when
   * that folder is given; without it the note holds undecodable filler, as a damaged file would.
   */
  sample?: string;
}

export interface GenMessage {
  id: number;
  threadId: number;
  /** UTC epoch milliseconds. */
  at: number;
  direction: 'incoming' | 'outgoing';
  /** Sender for incoming messages (absent for outgoing: the owner sent it). */
  from?: GenParty;
  body: string | null;
  /** BCP-47 language of the body (ground truth for language identification), `und` for none. */
  language?: string;
  read?: boolean;
  /** Deleted by the user but recoverable (a deleted flag, or a row left in the database). */
  deleted?: boolean;
  /** Row written only to the SQLite WAL (never checkpointed into the main file). */
  walOnly?: boolean;
  attachments?: GenAttachment[];
  /** Planted-pattern tags for ground truth (`county-lines:flare`, `grooming:secrecy` …). */
  tags?: string[];
}

export interface GenCall {
  id: number;
  app: GenApp;
  at: number;
  direction: 'incoming' | 'outgoing';
  party: GenParty;
  durationS: number;
  status: 'answered' | 'missed' | 'rejected' | 'voicemail';
  video?: boolean;
  deleted?: boolean;
  /** Row written only to the SQLite WAL (never checkpointed into the main file). */
  walOnly?: boolean;
  tags?: string[];
}

export interface GenLocation {
  id: number;
  at: number;
  lat: number;
  lon: number;
  accuracyM?: number;
  origin: 'gps' | 'cell' | 'wifi';
  cell?: { mcc: string; mnc: string; lac: string; cid: string };
}

export interface GenDevice {
  /** Stable id inside the case: `D1`, `D2` … */
  id: string;
  /** Device label used at ingest (exhibit-like: `JS-1 Samsung`). */
  label: string;
  exhibit: string;
  platform: 'android' | 'ios' | 'feature-phone' | 'operator';
  /** Writer ids that write this device (`android-mmssms`, `android-calllog`, `whatsapp-android` …). */
  formats: string[];
  /** Ground-truth person id of the owner. */
  ownerPersonId: string;
  owner: {
    msisdn: GenParty;
    imei?: string;
    imsi?: string;
    iccid?: string;
    accounts?: GenParty[];
    model?: string;
    os?: string;
  };
  region: string;
  timezone: string;
  contacts: GenContact[];
  threads: GenThread[];
  messages: GenMessage[];
  calls: GenCall[];
  locations: GenLocation[];
  /**
   * WhatsApp LID ↔ phone-number JID pairs the device's WhatsApp database maps (Android `jid_map`,
   * iOS `ZWALIDMAPPING`…): identity evidence a WhatsApp writer writes and its parser links.
   */
  lidMap?: Array<{ lid: GenParty; phoneJid: GenParty }>;
}

/** What a writer produced for one device: files, and exact counts of what a parser must read back. */
export interface WrittenFiles {
  /** Paths relative to the device folder. */
  files: string[];
  /** Expected parse counts by draft kind (`message`, `call`, `contact`, `thread`, `media` …). */
  counts: Record<string, number>;
  /**
   * Ids (GenMessage.id, GenCall.id, GenContact.id) of what the files hold, so the ground truth
   * can say exactly which planted items are in evidence. Optional: without it the generator
   * infers coverage from the writer's apps.
   */
  written?: {
    messages?: number[];
    calls?: number[];
    contacts?: number[];
    /** Identifier keys of the owner the files hold (own number, IMEI, IMSI, ICCID, accounts). */
    owner?: string[];
  };
}

/** A format writer: turns the parts of a device it understands into that format's real files. */
export interface DeviceWriter {
  /** Same id as the parser that reads it back. */
  id: string;
  /** Write into `dir` (the device folder); deterministic for the same device. */
  write(dir: string, device: GenDevice): WrittenFiles | Promise<WrittenFiles>;
}
