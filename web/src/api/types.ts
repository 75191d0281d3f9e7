// Shapes of the JSON API's responses, as the workbench reads them (see src/server/routes).

export interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string; details?: { fields?: string[] } };
}

export interface Session {
  actor: { id: string; name: string; roles: string[] };
  mode: 'embedded' | 'server';
  version: string;
  defaultMarking: string;
}

export interface CaseRecord {
  id: string;
  ref: string;
  title: string | null;
  marking: string;
  status: string;
  crimeTypes: string[];
  description: string | null;
  createdAt: number;
}

export interface CaseListItem extends CaseRecord {
  devices: number;
}

export interface Counts {
  messages: number;
  calls: number;
  contacts: number;
  threads: number;
  locations: number;
  media: number;
}

export interface DeviceStats {
  deviceId: string;
  label: string;
  exhibit: string | null;
  counts: Counts;
  sources: Record<
    'parsed' | 'partial' | 'failed' | 'unsupported' | 'companion' | 'container',
    number
  >;
  byParser: Array<{ parser: string; files: number; status: string }>;
  problems: Array<{ path: string; status: string; code: string | null; message: string | null }>;
}

export interface DeviceSummary {
  id: string;
  label: string;
  exhibit: string | null;
  model: string | null;
  os: string | null;
  name: string | null;
  timezone: string | null;
  region: string;
  identifiers: Array<{ key: string; role: string }>;
  stats: DeviceStats | null;
}

export interface IngestSummary {
  id: string;
  deviceId: string;
  deviceLabel: string;
  status: string;
  toolVersion: string;
  startedAt: number;
  finishedAt: number | null;
  counts: Record<string, number>;
  error: string | null;
}

export interface JobSummary {
  id: string;
  kind: string;
  status: string;
  progress: number | null;
  label: string;
  startedAt: number | null;
}

export interface CaseOverview {
  case: CaseRecord;
  /** Apps the case's conversations come from (sms, whatsapp …). */
  apps: string[];
  devices: DeviceSummary[];
  totals: Counts;
  identifiers: number;
  ingests: IngestSummary[];
  translation:
    | { available: false; hint: string }
    | {
        available: true;
        translated: number;
        pending: number;
        verified: number;
        byEngine?: Record<string, number>;
      };
  findings:
    | { available: false; hint: string }
    | { available: true; new: number; accepted: number; rejected: number };
  jobs: { available: boolean; running: JobSummary[] };
}

export interface SourceRow {
  id: string;
  deviceId: string;
  path: string;
  sha256: string;
  size: number;
  status: string;
  parser: string | null;
  origin: string;
  errorCode: string | null;
  errorMessage: string | null;
  counts: Record<string, number>;
  flags: string[];
}

export interface LanguageCounts {
  languages: Array<{ language: string | null; messages: number }>;
  identified: boolean;
  hint: string | null;
}

export interface SearchHit {
  id: string;
  seq: number;
  threadId: string | null;
  deviceId: string;
  deviceLabel: string;
  app: string;
  direction: string;
  sentAt: number | null;
  sender: string | null;
  senderName: string | null;
  body: string | null;
  bodyHighlight: string | null;
  translationHighlight: string | null;
  language: string | null;
  thread: { id: string; name: string | null; isGroup: boolean } | null;
}

export interface SearchResult {
  hits: SearchHit[];
  next: string | null;
  total: number | null;
  sort: 'relevance' | 'newest' | 'oldest';
  rankedByTime?: boolean;
  count: { count: number; capped: boolean } | null;
  tookMs: number;
  notice: string | null;
}

export interface Attachment {
  id: string;
  filename: string | null;
  mime: string | null;
  size: number | null;
  path: string | null;
  sha256: string | null;
  deleted: boolean;
  /** URL of the content when the evidence holds it (shown blurred until clicked). */
  contentUrl?: string | null;
  /** The current transcript of a voice note or audio attachment (machine or corrected). */
  transcript?: {
    id: string;
    text: string;
    language: string | null;
    kind: string;
    engine: string | null;
    model: string | null;
    version: number;
    segments: Array<{ start: number; end: number; text: string; confidence: number | null }>;
    audioSha256: string;
  } | null;
}

export interface Message {
  id: string;
  seq: number;
  threadId: string | null;
  deviceId: string;
  app: string;
  direction: string;
  sentAt: number | null;
  sender: string | null;
  recipients: string[];
  body: string | null;
  subject: string | null;
  type: string | null;
  status: string | null;
  language: string | null;
  languageConf: number | null;
  deleted: boolean;
  recovery: string;
  flags: string[];
  attachments: Attachment[];
}

export interface MessageDetail extends Message {
  sentRaw: string | null;
  sentEncoding: string | null;
  sentZone: string | null;
  receivedAt: number | null;
  readAt: number | null;
  counterpart: string | null;
  provenance: {
    sourceId: string;
    path: string;
    sha256: string;
    locator: string;
    parser: string;
    deviceLabel: string;
    exhibit: string | null;
  };
  raw: Record<string, unknown>;
}

export type NameTable = Record<string, Array<{ name: string; deviceId: string }>>;

export interface Annotation {
  id: string;
  targetId: string;
  targetKind: string;
  kind: 'tag' | 'note' | 'bookmark';
  value: string;
  createdBy: string;
  createdAt: number;
}

export interface Translation {
  text: string;
  engine: string;
  model: string | null;
  targetLanguage: string;
  sourceLanguage: string | null;
  status: 'machine' | 'verified' | 'corrected';
  verifiedBy: string | null;
  verifiedAt: number | null;
  machineText?: string | null;
}

export interface ThreadSummary {
  id: string;
  deviceId: string;
  app: string;
  name: string | null;
  isGroup: boolean;
  participants: string[];
  participantNames?: Array<string | null>;
  deleted: boolean;
  messages: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface ThreadInfo {
  thread: ThreadSummary;
  device: { id: string; label: string; exhibit: string | null } | null;
  owner: string | null;
  names: NameTable;
  annotations: Annotation[];
}

export interface ThreadPage {
  messages: Message[];
  before: string | null;
  after: string | null;
  names: NameTable;
  annotations: Annotation[];
  translations: Record<string, Translation>;
}

export interface SavedSearch {
  id: string;
  name: string;
  query: Record<string, string | string[]>;
  createdBy: string;
  createdAt: number;
}

export interface WatchEntry {
  id: string;
  kind: 'identifier' | 'term';
  value: string;
  label: string | null;
  createdBy: string;
  createdAt: number;
  checkedAt: number | null;
  checkedBy: string | null;
  hits: {
    messages: { count: number; capped: boolean };
    newMessages: { count: number; capped: boolean };
    calls: number | null;
    devices: number | null;
  };
}
