// Progress events of a long ingest (the CLI draws a bar, the server publishes job status).

export interface IngestProgress {
  phase: 'listing' | 'hashing' | 'parsing' | 'verifying' | 'committing' | 'done';
  file?: string;
  filesDone: number;
  filesTotal: number;
  /** Items (messages, calls, contacts …) written so far. */
  items: number;
  elapsedMs: number;
}

export type ProgressListener = (p: IngestProgress) => void;
