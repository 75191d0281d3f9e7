// Typed errors with stable codes: tests and the HTTP edge match on `code`, never on message text.

/** Every stable error code Threadline raises. Add new codes at the end of their group; never rename. */
export const ErrorCodes = {
  // input and configuration
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  CONFIG_INVALID: 'CONFIG_INVALID',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  // evidence handling
  SOURCE_CHANGED: 'SOURCE_CHANGED',
  SOURCE_UNREADABLE: 'SOURCE_UNREADABLE',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  PARSE_ERROR: 'PARSE_ERROR',
  SQLITE_CORRUPT: 'SQLITE_CORRUPT',
  SQLITE_NOT_A_DATABASE: 'SQLITE_NOT_A_DATABASE',
  SQLITE_SCHEMA_UNKNOWN: 'SQLITE_SCHEMA_UNKNOWN',
  SQLITE_HOT_JOURNAL: 'SQLITE_HOT_JOURNAL',
  ZIP_CORRUPT: 'ZIP_CORRUPT',
  ZIP_BOMB: 'ZIP_BOMB',
  ZIP_UNSAFE_PATH: 'ZIP_UNSAFE_PATH',
  ZIP_TOO_MANY_ENTRIES: 'ZIP_TOO_MANY_ENTRIES',
  ZIP_NESTING: 'ZIP_NESTING',
  XML_UNSAFE: 'XML_UNSAFE',
  XML_LIMIT: 'XML_LIMIT',
  CSV_MALFORMED: 'CSV_MALFORMED',
  CSV_MAPPING: 'CSV_MAPPING',
  ENCODING_INVALID: 'ENCODING_INVALID',
  TIMESTAMP_OUT_OF_RANGE: 'TIMESTAMP_OUT_OF_RANGE',
  FIELD_TOO_LARGE: 'FIELD_TOO_LARGE',
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
  /** Evidence that records were deleted (only their ids or ROWID gaps remain): recorded, not fatal. */
  DELETED_RECORD: 'DELETED_RECORD',
  /** An encrypted iTunes/Finder backup: its files cannot be read without the backup password. */
  ENCRYPTED_BACKUP: 'ENCRYPTED_BACKUP',
  HASH_MISMATCH: 'HASH_MISMATCH',
  /** An app database encrypted at rest (SQLCipher: Signal's signal.db): unreadable without its key. */
  ENCRYPTED_DATABASE: 'ENCRYPTED_DATABASE',
  /** A recorded source file is no longer where it was ingested from (`threadline verify`). */
  SOURCE_MISSING: 'SOURCE_MISSING',
  /** An item whose provenance (source, locator, parser, parent item, source-text hash) is broken. */
  PROVENANCE_BROKEN: 'PROVENANCE_BROKEN',
  // language
  UNSUPPORTED_LANGUAGE_PAIR: 'UNSUPPORTED_LANGUAGE_PAIR',
  ENGINE_UNAVAILABLE: 'ENGINE_UNAVAILABLE',
  ENGINE_FAILED: 'ENGINE_FAILED',
  MODEL_HASH_MISMATCH: 'MODEL_HASH_MISMATCH',
  /** Audio that no decoder can read (corrupt, truncated, not audio, unsupported codec). */
  AUDIO_DECODE_FAILED: 'AUDIO_DECODE_FAILED',
  /** Audio that decodes to no samples (zero-length, silence-only header). */
  AUDIO_EMPTY: 'AUDIO_EMPTY',
  /** Audio longer than the configured limit for one item. */
  AUDIO_TOO_LONG: 'AUDIO_TOO_LONG',
  NETWORK_DISABLED: 'NETWORK_DISABLED',
  // security
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  LOCKED_OUT: 'LOCKED_OUT',
  MFA_REQUIRED: 'MFA_REQUIRED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  CSRF: 'CSRF',
  RATE_LIMITED: 'RATE_LIMITED',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  AUDIT_TAMPERED: 'AUDIT_TAMPERED',
  // detection and review
  /** A detection rule tried to read data it is not allowed to see (names, language, nationality …). */
  RULE_FORBIDDEN_DATA: 'RULE_FORBIDDEN_DATA',
  /** A review decision (accept/reject) without a stated reason. */
  REASON_REQUIRED: 'REASON_REQUIRED',
  // store and jobs
  STORE_ERROR: 'STORE_ERROR',
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  JOB_FAILED: 'JOB_FAILED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ErrorDetails {
  /** The evidence file (path as given, or path inside a container) the error concerns. */
  file?: string;
  /** The record inside the file: `table:rowid`, an XML path, a CSV line, a zip entry. */
  record?: string;
  [key: string]: unknown;
}

/** Base class of every error Threadline raises on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** A one-line, specific description naming file and record when known. */
  describe(): string {
    const where = [this.details.file, this.details.record].filter(Boolean).join(' @ ');
    return where ? `${this.code}: ${this.message} (${where})` : `${this.code}: ${this.message}`;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Wrap anything thrown into an AppError, keeping an AppError unchanged. */
export function toAppError(
  e: unknown,
  fallback: ErrorCode = ErrorCodes.INTERNAL,
  details: ErrorDetails = {},
): AppError {
  if (e instanceof AppError) {
    if (details.file && !e.details.file) Object.assign(e.details, details);
    return e;
  }
  const message = e instanceof Error ? e.message : String(e);
  return new AppError(fallback, message, details, { cause: e });
}
