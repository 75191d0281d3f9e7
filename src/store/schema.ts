// Table types of the case store (Kysely). Every table carries case_id so the store can be
// partitioned or sharded by case. Booleans are 0/1 integers and JSON is text on both dialects.
import type { Generated } from 'kysely';

export interface CasesTable {
  id: string;
  ref: string;
  title: string | null;
  marking: string;
  status: string;
  crime_types: string;
  description: string | null;
  created_at: number;
  /** Who owns the case, and its supervisor: contacts for users who cannot open it (0040). */
  owner: string | null;
  supervisor: string | null;
}

export interface DevicesTable {
  id: string;
  case_id: string;
  label: string;
  exhibit: string | null;
  region: string;
  timezone: string | null;
  model: string | null;
  os: string | null;
  name: string | null;
  facts: string;
}

export interface IngestsTable {
  id: string;
  case_id: string;
  device_id: string;
  status: string;
  inputs: string;
  tool_version: string;
  started_at: number;
  finished_at: number | null;
  counts: string;
  error: string | null;
}

export interface SourcesTable {
  id: string;
  case_id: string;
  device_id: string;
  ingest_id: string;
  sha256: string;
  path: string;
  origin: string;
  container_id: string | null;
  size: number;
  status: string;
  parser: string | null;
  artefacts: string;
  error_code: string | null;
  error_message: string | null;
  counts: string;
  flags: string;
  /** Where the bytes are stored when `path` is logical (an iOS backup's hashed file); migration 0003. */
  stored_path: string | null;
}

export interface IdentifiersTable {
  case_id: string;
  key: string;
  type: string;
  value: string;
}

export interface IdentifierNamesTable {
  case_id: string;
  key: string;
  device_id: string;
  name: string;
  source_id: string;
  locator: string;
}

export interface DeviceIdentifiersTable {
  case_id: string;
  device_id: string;
  key: string;
  role: string;
  source_id: string;
  locator: string;
}

export interface IdentifierLinksTable {
  id: string;
  case_id: string;
  a_key: string;
  b_key: string;
  reason: string;
  confidence: number;
  source_id: string;
  locator: string;
  parser: string;
}

export interface ItemPartiesTable {
  case_id: string;
  item_id: string;
  item_kind: string;
  key: string;
  role: string;
  device_id: string;
  at: number | null;
}

export interface IdentifierActivityTable {
  case_id: string;
  key: string;
  device_id: string;
  source_id: string;
  kind: string;
  role: string;
  count: number;
  first_at: number | null;
  last_at: number | null;
}

export interface ThreadsTable {
  id: string;
  case_id: string;
  device_id: string;
  source_id: string;
  app: string;
  name: string | null;
  is_group: number;
  group_key: string | null;
  participants: string;
  deleted: number;
  locator: string;
  parser: string;
}

export interface MessagesTable {
  seq: Generated<number>;
  id: string;
  case_id: string;
  device_id: string;
  source_id: string;
  thread_id: string | null;
  app: string;
  direction: string;
  sent_at: number | null;
  sent_raw: string | null;
  sent_enc: string | null;
  sent_zone: string | null;
  received_at: number | null;
  read_at: number | null;
  sender: string | null;
  recipients: string;
  /** The other party of a 1:1 message (or the group), for "messages with X" queries. */
  counterpart: string | null;
  body: string | null;
  subject: string | null;
  status: string | null;
  type: string | null;
  language: string | null;
  language_conf: number | null;
  deleted: number;
  recovery: string;
  flags: string;
  locator: string;
  parser: string;
  raw: string;
}

export interface CallsTable {
  id: string;
  case_id: string;
  device_id: string;
  source_id: string;
  app: string;
  direction: string;
  started_at: number | null;
  started_raw: string | null;
  started_enc: string | null;
  duration_s: number | null;
  caller: string | null;
  callees: string;
  counterpart: string | null;
  status: string;
  video: number;
  deleted: number;
  recovery: string;
  flags: string;
  locator: string;
  parser: string;
  raw: string;
}

export interface ContactsTable {
  id: string;
  case_id: string;
  device_id: string;
  source_id: string;
  app: string | null;
  name: string | null;
  account: string | null;
  note: string | null;
  entries: string;
  deleted: number;
  recovery: string;
  flags: string;
  locator: string;
  parser: string;
  raw: string;
}

export interface LocationsTable {
  id: string;
  case_id: string;
  device_id: string;
  source_id: string;
  at: number | null;
  at_raw: string | null;
  at_enc: string | null;
  lat: number | null;
  lon: number | null;
  accuracy_m: number | null;
  label: string | null;
  origin: string;
  app: string | null;
  cell: string | null;
  deleted: number;
  locator: string;
  parser: string;
  raw: string;
}

export interface MediaTable {
  id: string;
  case_id: string;
  device_id: string;
  source_id: string;
  message_id: string | null;
  filename: string | null;
  mime: string | null;
  size: number | null;
  path: string | null;
  sha256: string | null;
  deleted: number;
  locator: string;
  parser: string;
  raw: string;
}

export interface PersonsTable {
  id: string;
  case_id: string;
  label: string;
  origin: string;
  confidence: number;
}

export interface PersonIdentifiersTable {
  case_id: string;
  person_id: string;
  key: string;
  reasons: string;
  confidence: number;
}

export interface PersonDecisionsTable {
  id: string;
  case_id: string;
  seq: number;
  kind: string;
  keys: string;
  other_keys: string;
  reason: string;
  actor_id: string;
  actor_name: string;
  created_at: number;
}

export interface DeviceOwnersTable {
  case_id: string;
  device_id: string;
  person_id: string;
  confidence: number;
  evidence: string;
}

export interface PersonResolutionsTable {
  case_id: string;
  fingerprint: string;
  persons: number;
  resolved_at: number;
}

export interface AnnotationsTable {
  id: string;
  case_id: string;
  target_id: string;
  target_kind: string;
  kind: string;
  value: string;
  created_by: string;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface LanguageDetectionsTable {
  message_id: string;
  case_id: string;
  language: string;
  confidence: number;
  method: string;
  candidate: string | null;
  script: string | null;
  detector: string;
}

export interface TranslationsTable {
  id: string;
  case_id: string;
  message_id: string;
  version: number;
  current: number;
  kind: string;
  source_language: string;
  target_language: string;
  text: string;
  engine: string | null;
  model: string | null;
  model_hash: string | null;
  source_sha256: string;
  glossary_hash: string | null;
  glossary: string;
  warnings: string;
  created_at: number;
  created_by: string;
  verified_by: string | null;
  verified_at: number | null;
  supersedes: string | null;
  note: string | null;
  job_id: string | null;
}

export interface TranslationCacheTable {
  case_id: string;
  key: string;
  engine: string;
  model: string;
  source_language: string;
  target_language: string;
  text: string;
}

export interface TranslationErrorsTable {
  case_id: string;
  message_id: string;
  target_language: string;
  code: string;
  message: string;
  tried: string;
  job_id: string | null;
  at: number;
}

export interface TranslationJobsTable {
  id: string;
  case_id: string;
  target_language: string;
  status: string;
  engines: string;
  actor: string;
  started_at: number;
  finished_at: number | null;
  counts: string;
  error: string | null;
}

export interface GlossaryTermsTable {
  id: string;
  case_id: string;
  term: string;
  term_key: string;
  kind: string;
  gloss: string | null;
  languages: string;
  note: string | null;
  created_by: string;
  created_at: number;
}

export interface SavedSearchesTable {
  id: string;
  case_id: string;
  name: string;
  /** JSON: the search text and filters as the workbench sends them. */
  query: string;
  created_by: string;
  created_at: number;
}

export interface WatchEntriesTable {
  id: string;
  case_id: string;
  /** `identifier` (an identifier key) or `term` (a full-text query). */
  kind: string;
  value: string;
  label: string | null;
  created_by: string;
  created_at: number;
  /** Highest message seq already reviewed: hits above it are new. */
  checked_seq: number;
  checked_at: number | null;
  checked_by: string | null;
}

/** Append-only, hash-chained audit log (migration 0030; triggers refuse UPDATE and DELETE). */
export interface AuditLogTable {
  seq: number;
  at: number;
  actor: string;
  action: string;
  case_id: string | null;
  objects: string;
  purpose: string | null;
  outcome: string;
  details: string;
  origin: string | null;
  prev_hash: string;
  hash: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  totp_secret: string | null;
  /** Last TOTP step accepted (migration 0031): each code is good once. */
  totp_last_step: number | null;
  failed_attempts: number;
  locked_until: number | null;
  disabled: number;
  created_at: number;
  created_by: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  origin: string | null;
}

export interface CaseMembersTable {
  case_id: string;
  user_id: string;
  granted_by: string;
  granted_at: number;
}

/** Migration 0060: transcripts of audio attachments, every version kept. */
export interface TranscriptsTable {
  id: string;
  case_id: string;
  media_id: string;
  message_id: string | null;
  version: number;
  current: number;
  kind: 'machine' | 'human';
  language: string | null;
  text: string;
  /** JSON array of {start, end, text, confidence}. */
  segments: string;
  seconds: number | null;
  engine: string | null;
  model: string | null;
  model_hash: string | null;
  audio_sha256: string;
  pcm_sha256: string | null;
  created_at: number;
  created_by: string;
  supersedes: string | null;
  note: string | null;
  job_id: string | null;
}

export interface TranscriptionErrorsTable {
  case_id: string;
  media_id: string;
  code: string;
  message: string;
  engine: string | null;
  job_id: string | null;
  at: number;
}

export interface TranscriptionJobsTable {
  id: string;
  case_id: string;
  status: string;
  engines: string;
  actor: string;
  started_at: number;
  finished_at: number | null;
  counts: string;
  error: string | null;
}

export interface FindingsTable {
  id: string;
  case_id: string;
  rule_id: string;
  rule_version: number;
  crime_type: string;
  title: string;
  severity: string;
  score: number;
  subject: string;
  indicators: string;
  benign: string;
  missing: string;
  evidence_hash: string;
  status: string;
  active: number;
  first_seen_at: number;
  analysed_at: number;
}

export interface FindingEvidenceTable {
  case_id: string;
  finding_id: string;
  ord: number;
  item_kind: string;
  item_id: string;
  text_used: string | null;
  spans: string;
  note: string | null;
}

export interface FindingReviewsTable {
  id: string;
  case_id: string;
  finding_id: string;
  seq: number;
  decision: string;
  reason: string;
  actor_id: string;
  actor_name: string;
  rule_id: string;
  rule_version: number;
  evidence_hash: string;
  created_at: number;
}

export interface DetectLexiconTermsTable {
  id: string;
  case_id: string;
  crime: string;
  indicator: string;
  term: string;
  action: string;
  note: string | null;
  created_by: string;
  created_at: number;
}

export interface DetectAgesTable {
  case_id: string;
  key: string;
  years: number;
  note: string | null;
  created_by: string;
  created_at: number;
}

export interface VictimFlagsTable {
  case_id: string;
  key: string;
  person_id: string | null;
  note: string | null;
  flagged_by: string;
  flagged_at: number;
}

export interface RedactionKeysTable {
  case_id: string;
  secret: string;
  created_at: number;
}

/** The cross-case identifier index: one row per identifier, case and device (migration 0040). */
export interface CrossmatchIndexTable {
  match_key: string;
  case_id: string;
  device_id: string;
  type: string;
  keys: string;
  roles: string;
  names: string;
  messages: number;
  calls: number;
  contacts: number;
  first_at: number | null;
  last_at: number | null;
}

export interface CrossmatchDevicesTable {
  device_id: string;
  case_id: string;
  keys: number;
  indexed_at: number;
}

export interface CrossmatchWatchesTable {
  id: string;
  case_id: string;
  match_key: string;
  label: string | null;
  created_by: string;
  created_at: number;
}

export interface CrossmatchAlertsTable {
  id: string;
  case_id: string;
  watch_id: string;
  match_key: string;
  matched_case_id: string;
  matched_device_id: string;
  ingest_id: string | null;
  created_at: number;
  seen_at: number | null;
  seen_by: string | null;
}

/** The batch-ingest queue (migration 0041). */
export interface BatchQueueTable {
  id: string;
  batch_id: string;
  case_id: string;
  case_ref: string;
  case_dir: string;
  device_dir: string;
  seq: number;
  status: string;
  attempts: number;
  ingest_id: string | null;
  device_id: string | null;
  files: string;
  counts: string;
  error_code: string | null;
  error_message: string | null;
  started_at: number | null;
  finished_at: number | null;
}

/** Offender record fields recorded by people (migration 0042); read by no rule or score. */
export interface PersonRecordsTable {
  id: string;
  case_id: string;
  subject: string;
  person_id: string | null;
  role: string;
  self_defined_ethnicity: string | null;
  self_defined_ethnicity_source: string | null;
  officer_observed_ethnicity: string | null;
  officer_observed_ethnicity_source: string | null;
  nationality: string | null;
  nationality_source: string | null;
  date_of_birth: string | null;
  age_band: string | null;
  age_source: string | null;
  recorded_by: string;
  recorded_at: number;
}

export interface JobsTable {
  id: string;
  case_id: string;
  kind: string;
  status: string;
  /** JSON: what to do (an ingest's inputs, a translation batch …). */
  payload: string;
  /** JSON: the latest progress the worker reported. */
  progress: string;
  result: string | null;
  error: string | null;
  attempts: number;
  max_attempts: number;
  worker: string | null;
  lease_until: number | null;
  created_by: string;
  created_at: number;
  started_at: number | null;
  heartbeat_at: number | null;
  finished_at: number | null;
}

/** Cold-case re-reviews (migration 0043). */
export interface ColdReviewsTable {
  id: string;
  case_id: string;
  reviewed_at: number;
  reviewed_by: string;
  snapshot: string;
  report: string;
  priority: number;
}

export interface Database {
  cases: CasesTable;
  devices: DevicesTable;
  ingests: IngestsTable;
  sources: SourcesTable;
  identifiers: IdentifiersTable;
  identifier_names: IdentifierNamesTable;
  device_identifiers: DeviceIdentifiersTable;
  identifier_links: IdentifierLinksTable;
  item_parties: ItemPartiesTable;
  identifier_activity: IdentifierActivityTable;
  threads: ThreadsTable;
  messages: MessagesTable;
  calls: CallsTable;
  contacts: ContactsTable;
  locations: LocationsTable;
  media: MediaTable;
  persons: PersonsTable;
  person_identifiers: PersonIdentifiersTable;
  person_decisions: PersonDecisionsTable;
  device_owners: DeviceOwnersTable;
  person_resolutions: PersonResolutionsTable;
  annotations: AnnotationsTable;
  settings: SettingsTable;
  language_detections: LanguageDetectionsTable;
  translations: TranslationsTable;
  translation_cache: TranslationCacheTable;
  translation_errors: TranslationErrorsTable;
  translation_jobs: TranslationJobsTable;
  glossary_terms: GlossaryTermsTable;
  saved_searches: SavedSearchesTable;
  watch_entries: WatchEntriesTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  sessions: SessionsTable;
  case_members: CaseMembersTable;
  findings: FindingsTable;
  finding_evidence: FindingEvidenceTable;
  finding_reviews: FindingReviewsTable;
  detect_lexicon_terms: DetectLexiconTermsTable;
  detect_ages: DetectAgesTable;
  transcripts: TranscriptsTable;
  transcription_errors: TranscriptionErrorsTable;
  transcription_jobs: TranscriptionJobsTable;
  victim_flags: VictimFlagsTable;
  redaction_keys: RedactionKeysTable;
  crossmatch_index: CrossmatchIndexTable;
  crossmatch_devices: CrossmatchDevicesTable;
  crossmatch_watches: CrossmatchWatchesTable;
  crossmatch_alerts: CrossmatchAlertsTable;
  batch_queue: BatchQueueTable;
  person_records: PersonRecordsTable;
  cold_reviews: ColdReviewsTable;
}

export type TableName = keyof Database;

/** Tables holding items read from a source (deleted and re-written when a source is re-parsed). */
export const SOURCE_ITEM_TABLES = [
  'messages',
  'calls',
  'contacts',
  'threads',
  'locations',
  'media',
  'identifier_names',
  'device_identifiers',
  'identifier_links',
  'identifier_activity',
] as const satisfies readonly TableName[];
