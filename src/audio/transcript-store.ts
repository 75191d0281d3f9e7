// A linguist's correction of a transcript, like a translation's: a new `human` version becomes
// current and the machine version is kept; the search index follows the corrected text.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { hashParts } from '../model/ids.js';
import { reindexMessages } from './transcribe-case.js';

export interface TranscriptVersion {
  id: string;
  mediaId: string;
  messageId: string | null;
  version: number;
  current: boolean;
  kind: string;
  text: string;
  engine: string | null;
  createdBy: string;
  createdAt: number;
  supersedes: string | null;
}

export async function correctTranscript(
  store: Store,
  caseId: string,
  transcriptId: string,
  text: string,
  actor: string,
  at: number,
  note: string | null = null,
): Promise<TranscriptVersion> {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a correction cannot be empty');
  const prev = await store.db
    .selectFrom('transcripts')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', transcriptId)
    .executeTakeFirst();
  if (!prev)
    throw new AppError(ErrorCodes.NOT_FOUND, `no transcript ${transcriptId} in this case`, {
      transcriptId,
    });
  if (Number(prev.current) !== 1)
    throw new AppError(
      ErrorCodes.CONFLICT,
      `transcript ${transcriptId} is not the current version; correct the current one`,
      { transcriptId },
    );
  const version = Number(prev.version) + 1;
  const row = {
    ...prev,
    id: `trs_${hashParts([caseId, prev.media_id, version]).slice(0, 24)}`,
    version,
    current: 1,
    kind: 'human' as const,
    text: trimmed,
    // a person's words: segment times no longer describe them
    segments: '[]',
    engine: null,
    model: null,
    model_hash: null,
    created_at: at,
    created_by: actor,
    supersedes: prev.id,
    note,
    job_id: null,
  };
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('transcripts').set({ current: 0 }).where('id', '=', prev.id).execute();
    await trx.insertInto('transcripts').values(row).execute();
  });
  if (row.message_id) await reindexMessages(store, caseId, [row.message_id]);
  return {
    id: row.id,
    mediaId: row.media_id,
    messageId: row.message_id,
    version,
    current: true,
    kind: row.kind,
    text: row.text,
    engine: null,
    createdBy: actor,
    createdAt: at,
    supersedes: prev.id,
  };
}
