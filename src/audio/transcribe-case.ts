// The transcription job of a case: every voice note and audio/video attachment with an extracted
// file is decoded, transcribed by the first available engine, stored as derived text with its
// provenance, and indexed for search under its message. Resumable: items with a current
// transcript (or a recorded error) are skipped on a re-run; two items are worked at once.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes, toAppError } from '../model/errors.js';
import { hashParts } from '../model/ids.js';
import { decodeAudio, type DecodeOptions, type DecodedAudio } from './decode-audio.js';
import { readMediaBytes } from './media-content.js';
import type { Transcriber, Transcript } from './transcriber.js';

const AUDIO_NAME = /\.(opus|ogg|oga|amr|awb|m4a|aac|mp3|wav|3gp|3ga|caf|mp4|mov|webm|flac)$/i;

export interface TranscribeCaseOptions {
  store: Store;
  caseId: string;
  /** Engines in preference order: the first available one that succeeds is used. */
  engines: readonly Transcriber[];
  actor: string;
  /** Items worked at once (default 2: both cores). */
  concurrency?: number;
  decode?: DecodeOptions;
  /** Retry items whose last attempt failed. */
  retryFailed?: boolean;
  onProgress?: (done: number, total: number, current: string) => void;
  now?: () => number;
}

export interface TranscribeCaseResult {
  jobId: string;
  candidates: number;
  transcribed: number;
  alreadyDone: number;
  /** Skipped because an earlier run recorded an error for them (`retryFailed` tries them again). */
  failedBefore: number;
  failed: number;
  audioSeconds: number;
  wallMs: number;
  errors: Array<{ mediaId: string; code: string; message: string }>;
  engines: string[];
}

interface Candidate {
  id: string;
  source_id: string;
  path: string | null;
  message_id: string | null;
  filename: string | null;
  mime: string | null;
  sha256: string | null;
}

/** Attachments of a case that are audio (by type or by name), in id order. */
export async function audioCandidates(store: Store, caseId: string): Promise<Candidate[]> {
  const rows = await store.db
    .selectFrom('media')
    .select(['id', 'source_id', 'path', 'message_id', 'filename', 'mime', 'sha256'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.filter(
    (r) =>
      /^(audio|video)\//i.test(r.mime ?? '') ||
      AUDIO_NAME.test(r.filename ?? '') ||
      AUDIO_NAME.test(r.path ?? ''),
  );
}

export async function transcribeCase(o: TranscribeCaseOptions): Promise<TranscribeCaseResult> {
  const now = o.now ?? Date.now;
  const t0 = performance.now();
  const { store, caseId } = o;
  const jobId = randomUUID();
  await store.db
    .insertInto('transcription_jobs')
    .values({
      id: jobId,
      case_id: caseId,
      status: 'running',
      engines: JSON.stringify(o.engines.map((e) => e.id)),
      actor: o.actor,
      started_at: now(),
      finished_at: null,
      counts: '{}',
      error: null,
    })
    .execute();

  const ready: Transcriber[] = [];
  const why: string[] = [];
  for (const e of o.engines) {
    const u = await e.unavailable();
    if (u === null) ready.push(e);
    else why.push(`${e.id}: ${u}`);
  }
  const all = await audioCandidates(store, caseId);
  const done = new Set(
    (
      await store.db
        .selectFrom('transcripts')
        .select('media_id')
        .where('case_id', '=', caseId)
        .where('current', '=', 1)
        .execute()
    ).map((r) => r.media_id),
  );
  const failedBefore = o.retryFailed
    ? new Set<string>()
    : new Set(
        (
          await store.db
            .selectFrom('transcription_errors')
            .select('media_id')
            .where('case_id', '=', caseId)
            .execute()
        ).map((r) => r.media_id),
      );
  const todo = all.filter((c) => !done.has(c.id) && !failedBefore.has(c.id));
  const alreadyDone = all.filter((c) => done.has(c.id)).length;
  const result: TranscribeCaseResult = {
    jobId,
    candidates: all.length,
    transcribed: 0,
    alreadyDone,
    failedBefore: all.length - todo.length - alreadyDone,
    failed: 0,
    audioSeconds: 0,
    wallMs: 0,
    errors: [],
    engines: ready.map((e) => e.id),
  };
  if (todo.length && !ready.length) {
    const err = new AppError(
      ErrorCodes.ENGINE_UNAVAILABLE,
      `no transcription engine is available (${why.join('; ')})`,
    );
    await finishJob(store, jobId, 'failed', result, now(), err.message);
    throw err;
  }

  const transcribeOne = async (c: Candidate) => {
    const bytes = await readMediaBytes(store, c);
    const audio = await decodeAudio(bytes, { ...o.decode, label: c.path ?? c.id });
    let lastErr: unknown = null;
    for (const e of ready) {
      try {
        return { audio, t: await e.transcribe(audio) };
      } catch (err) {
        lastErr = err;
      }
    }
    throw lastErr ?? new AppError(ErrorCodes.ENGINE_FAILED, 'no engine produced a transcript');
  };
  const byAudio = new Map<string, Promise<{ audio: DecodedAudio; t: Transcript }>>();
  const counted = new Set<string>();
  let next = 0;
  let finished = 0;
  const work = async () => {
    for (let i = next++; i < todo.length; i = next++) {
      const c = todo[i]!;
      try {
        // the same file listed twice (a message's attachment and the extraction's file list)
        // is decoded and transcribed once
        const key = c.sha256 ?? `media:${c.id}`;
        let work = byAudio.get(key);
        if (!work) {
          work = transcribeOne(c);
          byAudio.set(key, work);
        }
        const { audio, t } = await work;
        await saveTranscript(store, caseId, c, t, audio, o.actor, jobId, now());
        await store.db
          .deleteFrom('transcription_errors')
          .where('case_id', '=', caseId)
          .where('media_id', '=', c.id)
          .execute();
        result.transcribed++;
        if (!counted.has(key)) {
          counted.add(key);
          result.audioSeconds += audio.seconds;
        }
      } catch (err) {
        const e = toAppError(err, ErrorCodes.ENGINE_FAILED, { record: c.id });
        result.failed++;
        result.errors.push({ mediaId: c.id, code: e.code, message: e.message });
        await store.db
          .insertInto('transcription_errors')
          .values({
            case_id: caseId,
            media_id: c.id,
            code: e.code,
            message: `${e.message}${c.path ? ` (${c.path})` : ''}`,
            engine: ready[0]?.id ?? null,
            job_id: jobId,
            at: now(),
          })
          .onConflict((oc) =>
            oc.columns(['case_id', 'media_id']).doUpdateSet({
              code: e.code,
              message: `${e.message}${c.path ? ` (${c.path})` : ''}`,
              job_id: jobId,
              at: now(),
            }),
          )
          .execute();
      }
      finished++;
      o.onProgress?.(finished, todo.length, c.filename ?? c.id);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, work));
  result.errors.sort((a, b) => a.mediaId.localeCompare(b.mediaId));
  result.wallMs = Math.round(performance.now() - t0);
  await finishJob(store, jobId, 'done', result, now(), null);
  return result;
}

async function finishJob(
  store: Store,
  jobId: string,
  status: string,
  r: TranscribeCaseResult,
  at: number,
  error: string | null,
): Promise<void> {
  await store.db
    .updateTable('transcription_jobs')
    .set({
      status,
      finished_at: at,
      error,
      counts: JSON.stringify({
        candidates: r.candidates,
        transcribed: r.transcribed,
        alreadyDone: r.alreadyDone,
        failedBefore: r.failedBefore,
        failed: r.failed,
        audioSeconds: Math.round(r.audioSeconds * 10) / 10,
      }),
    })
    .where('id', '=', jobId)
    .execute();
}

async function saveTranscript(
  store: Store,
  caseId: string,
  c: Candidate,
  t: Transcript,
  audio: { seconds: number; sourceSha256: string; pcmSha256: string },
  actor: string,
  jobId: string,
  at: number,
): Promise<void> {
  const prev = await store.db
    .selectFrom('transcripts')
    .select(['id', 'version'])
    .where('case_id', '=', caseId)
    .where('media_id', '=', c.id)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  const version = (prev?.version ?? 0) + 1;
  await store.db.transaction().execute(async (trx) => {
    if (prev)
      await trx
        .updateTable('transcripts')
        .set({ current: 0 })
        .where('case_id', '=', caseId)
        .where('media_id', '=', c.id)
        .execute();
    await trx
      .insertInto('transcripts')
      .values({
        id: `trs_${hashParts([caseId, c.id, version]).slice(0, 24)}`,
        case_id: caseId,
        media_id: c.id,
        message_id: c.message_id,
        version,
        current: 1,
        kind: 'machine',
        language: t.language,
        text: t.text,
        segments: JSON.stringify(t.segments),
        seconds: Math.round(audio.seconds * 1000) / 1000,
        engine: t.engine,
        model: t.model,
        model_hash: t.modelHash,
        audio_sha256: audio.sourceSha256,
        pcm_sha256: audio.pcmSha256,
        created_at: at,
        created_by: actor,
        supersedes: prev?.id ?? null,
        note: null,
        job_id: jobId,
      })
      .execute();
  });
  if (c.message_id) await reindexMessages(store, caseId, [c.message_id]);
}

/** Re-index messages' text (body and transcripts) with their current translations. */
export async function reindexMessages(
  store: Store,
  caseId: string,
  messageIds: readonly string[],
): Promise<void> {
  if (!messageIds.length) return;
  const tr = await store.db
    .selectFrom('translations')
    .select(['message_id', 'text'])
    .where('case_id', '=', caseId)
    .where('current', '=', 1)
    .where('message_id', 'in', [...messageIds])
    .execute();
  const byMsg = new Map(tr.map((r) => [r.message_id, r.text]));
  await store.indexTranslations(
    messageIds.map((id) => ({ messageId: id, text: byMsg.get(id) ?? null })),
  );
}
