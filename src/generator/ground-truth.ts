// The ground truth of a generated case family, as written to `ground-truth.json` beside it: the one
// place other engineers import its types from. Everything here is exact for the files written
// (counts come from the format writers that ran), and stable for a seed and generator version.

/** Bumped when the scenario changes in a way that moves counts or ids for the same seed. */
export const GROUND_TRUTH_VERSION = 1;

/** File names written at the root of a generated case folder. */
export const GROUND_TRUTH_FILE = 'ground-truth.json';
/** One JSON object per line: every scenario message with its language and tags. */
export const GROUND_TRUTH_MESSAGES_FILE = 'ground-truth-messages.jsonl';

export interface GroundTruth {
  version: number;
  generator: string;
  seed: number;
  /** Options the case was generated with. */
  options: { family: boolean; scale: number; scaleDevices: number };
  cases: GtCase[];
  persons: GtPerson[];
  /** Identity groups an evidence-based resolver must form from what was written (per case). */
  identityGroups: GtIdentityGroup[];
  /** Pairs of identifiers that communicated, with the counts present in the written evidence. */
  pairs: GtPair[];
  patterns: GtPattern[];
  /** Identifiers planted in more than one case (and near-miss decoys that must not match). */
  sharedIdentifiers: GtSharedIdentifier[];
  decoys: GtDecoy[];
  /** Messages per language (BCP-47) in the written evidence, per case. */
  languages: Record<string, Record<string, number>>;
  /** Writer ids a device asked for that are not registered (yet): those parts were not written. */
  formatsSkipped: Array<{ caseRef: string; device: string; format: string }>;
}

export interface GtCase {
  ref: string;
  title: string;
  status: 'live' | 'closed';
  crimeTypes: string[];
  /** ISO dates of the case's activity window. */
  period: { from: string; to: string };
  /** Folder of the case relative to the generated root. */
  dir: string;
  devices: GtDevice[];
}

export interface GtDevice {
  /** Scenario id: `D01`, `H01` … */
  id: string;
  /** Label to ingest with (`--device-label`); with the case ref it fixes the store's device id. */
  label: string;
  /** `makeId('device', [caseIdFor(caseRef), label])`: the device id the store will use. */
  storeDeviceId: string;
  exhibit: string;
  platform: 'android' | 'ios' | 'feature-phone' | 'operator';
  /** Folder relative to the generated root: ingest it as one device. */
  dir: string;
  ownerPersonId: string;
  /** Identifier keys of the owner on this device (own number, SIM, handset, accounts). */
  ownerKeys: string[];
  /** Writers that ran and the files they wrote (relative to `dir`). */
  formats: Array<{ writer: string; files: string[]; counts: Record<string, number> }>;
  /** Exact parse counts by draft kind summed over the writers that ran. */
  counts: Record<string, number>;
  /** Files in the device folder no parser reads (stats must list them as not supported). */
  unsupportedFiles?: string[];
  /** Scale devices carry no per-message ground truth, only counts. */
  scale?: boolean;
  /**
   * Writers that did not report the ids they wrote: which items are in evidence was inferred from
   * their app family (add `written` to the writer's result to make it exact).
   */
  coverageInferredFrom?: string[];
}

export type GtRole =
  | 'line-holder'
  | 'runner'
  | 'customer'
  | 'supplier'
  | 'associate'
  | 'controller'
  | 'worker'
  | 'groomer'
  | 'child'
  | 'extorter'
  | 'victim'
  | 'family'
  | 'friend'
  | 'business'
  | 'agency'
  | 'bystander';

export interface GtPerson {
  id: string;
  /** Invented display name, for people reading the ground truth only (never evidence of identity). */
  name: string;
  roles: GtRole[];
  /** Age in years at the time of the case, where the scenario fixes it (children, adults in grooming). */
  age?: number;
  /** Cases the person appears in. */
  cases: string[];
  identifiers: GtIdentifier[];
  /** How each device owner saved this person: the alias intelligence. */
  aliases: Array<{ caseRef: string; device: string; name: string }>;
  /** Devices (scenario ids, `caseRef/D01`) this person owns. */
  devices: string[];
}

export interface GtIdentifier {
  /** Normalised key: `phone:+447700900123`, `whatsapp:447700900123@s.whatsapp.net`, `imei:…`. */
  key: string;
  kind:
    | 'phone'
    | 'whatsapp'
    | 'email'
    | 'imei'
    | 'imsi'
    | 'iccid'
    | 'telegram'
    | 'apple-id'
    /** `device:<store device id>`: the owner of a seized device as the store names it. */
    | 'device';
  /** How it was written on each device that holds it. */
  written: Array<{ caseRef: string; device: string; written: string }>;
  /** Present in at least one written file. */
  inEvidence: boolean;
}

/** Why two identifiers belong to one person, as planted in the evidence. */
export interface GtLinkEvidence {
  a: string;
  b: string;
  reason:
    | 'contact-card'
    | 'whatsapp-phone-jid'
    | 'whatsapp-lid-mapping'
    | 'device-owner'
    | 'sim-card'
    | 'account'
    /** Messages sent from the device arrive on another seized device from this identifier. */
    | 'mirrored-messages';
  caseRef: string;
  device: string;
  /** True when the writer that carries this evidence ran. */
  inEvidence: boolean;
}

export interface GtIdentityGroup {
  caseRef: string;
  personId: string;
  /** Keys (present in evidence) that a resolver must put in one Person. */
  keys: string[];
  /** The planted evidence joining them. */
  links: GtLinkEvidence[];
}

/** Two identifiers that exchanged messages or calls, with what the written evidence holds. */
export interface GtPair {
  caseRef: string;
  /** Identifier keys, `a < b`. */
  a: string;
  b: string;
  aPerson: string;
  bPerson: string;
  messages: number;
  calls: number;
  /** ISO-8601 UTC of the first and last contact in evidence. */
  first: string;
  last: string;
  apps: string[];
  /** Devices (scenario ids) whose written files evidence the contact. */
  devices: string[];
}

export type GtPatternType =
  'county-lines' | 'grooming' | 'modern-slavery' | 'sextortion' | 'lookalike';

export interface GtPattern {
  id: string;
  type: GtPatternType;
  /** For look-alikes: the pattern it imitates (and must NOT be flagged as). */
  mimics?: GtPatternType;
  /** True: a detector must flag it. False: a look-alike that must not be flagged. */
  expectFlag: boolean;
  caseRef: string;
  title: string;
  /** Person id → role in this pattern. */
  persons: Record<string, string>;
  identifiers: string[];
  /** Scenario thread ids (`T012`) and the devices they are on. */
  threads: Array<{ id: string; devices: string[] }>;
  /** Scenario message ids (`M000123`) by stage tag (`county-lines:flare` …). */
  messagesByTag: Record<string, string[]>;
  /** Pattern-specific facts (deal line numbers and swap time, operating hours, ages …). */
  facts: Record<string, unknown>;
}

export interface GtSharedIdentifier {
  key: string;
  personId: string;
  /** Where it appears, in each case, and how it is written there. */
  occurrences: Array<{
    caseRef: string;
    device: string;
    written: string;
    carrier: string;
    inEvidence: boolean;
  }>;
}

export interface GtDecoy {
  /** The near-miss key (one digit off) that must not match `resembles`. */
  key: string;
  resembles: string;
  caseRef: string;
  device: string;
  written: string;
  inEvidence: boolean;
}

/** One line of `ground-truth-messages.jsonl`. */
export interface GtMessage {
  id: string;
  caseRef: string;
  thread: string;
  app: string;
  /** ISO-8601 UTC. */
  at: string;
  fromPerson: string;
  fromKey: string;
  toKeys: string[];
  body: string | null;
  /** BCP-47 language (`en-GB`, `pl`, `ro`, `sq`, `vi`, `ur`, `ur-Latn`, `es`), `und` for none. */
  language: string;
  tags: string[];
  attachments: Array<{ mime: string; filename: string; transcript?: string }>;
  /** Copies of the message on seized devices. */
  copies: Array<{
    device: string;
    direction: 'incoming' | 'outgoing';
    deleted: boolean;
    walOnly: boolean;
    inEvidence: boolean;
  }>;
}
