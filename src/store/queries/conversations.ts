// Conversations: the threads of a case and their messages, paged by (sent_at, seq) keyset so a
// thread of any length opens as fast as a short one; each message with its attachments.
import type { Store } from '../store.js';
import type { MessagesTable } from '../schema.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export interface ThreadSummary {
  id: string;
  deviceId: string;
  app: string;
  name: string | null;
  isGroup: boolean;
  participants: string[];
  deleted: boolean;
  messages: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface Attachment {
  id: string;
  filename: string | null;
  mime: string | null;
  size: number | null;
  path: string | null;
  sha256: string | null;
  deleted: boolean;
  /** Where the API serves the content, when the evidence holds a file for it. */
  contentUrl: string | null;
  /** The current transcript of a voice note or audio attachment (derived text, migration 0060). */
  transcript?: AttachmentTranscript | null;
}

export interface AttachmentTranscript {
  id: string;
  text: string;
  language: string | null;
  kind: string;
  engine: string | null;
  model: string | null;
  version: number;
  segments: Array<{ start: number; end: number; text: string; confidence: number | null }>;
  audioSha256: string;
}

export interface MessageView {
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

/** A position in a thread (or a time-ordered list): the time and the store sequence number. */
export interface TimeCursor {
  t: number | null;
  s: number;
}

export function encodeCursor(c: TimeCursor): string {
  return Buffer.from(JSON.stringify([c.t, c.s])).toString('base64url');
}

export function decodeCursor(text: string): TimeCursor {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (v[0] === null || Number.isSafeInteger(v[0])) &&
      Number.isSafeInteger(v[1])
    )
      return { t: v[0] as number | null, s: v[1] as number };
  } catch {
    // fall through
  }
  throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'invalid paging cursor', { fields: ['cursor'] });
}

type MessageRow = Pick<
  MessagesTable,
  | 'id'
  | 'thread_id'
  | 'device_id'
  | 'app'
  | 'direction'
  | 'sent_at'
  | 'sender'
  | 'recipients'
  | 'body'
  | 'subject'
  | 'type'
  | 'status'
  | 'language'
  | 'language_conf'
  | 'deleted'
  | 'recovery'
  | 'flags'
> & { seq: number };

export const MESSAGE_COLUMNS = [
  'seq',
  'id',
  'thread_id',
  'device_id',
  'app',
  'direction',
  'sent_at',
  'sender',
  'recipients',
  'body',
  'subject',
  'type',
  'status',
  'language',
  'language_conf',
  'deleted',
  'recovery',
  'flags',
] as const;

function toView(r: MessageRow, attachments: Attachment[]): MessageView {
  return {
    id: r.id,
    seq: Number(r.seq),
    threadId: r.thread_id,
    deviceId: r.device_id,
    app: r.app,
    direction: r.direction,
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    sender: r.sender,
    recipients: JSON.parse(r.recipients) as string[],
    body: r.body,
    subject: r.subject,
    type: r.type,
    status: r.status,
    language: r.language,
    languageConf: r.language_conf,
    deleted: Number(r.deleted) === 1,
    recovery: r.recovery,
    flags: JSON.parse(r.flags) as string[],
    attachments,
  };
}

/** Attachments of these messages, by message id. */
export async function attachmentsFor(
  store: Store,
  caseId: string,
  messageIds: readonly string[],
): Promise<Map<string, Attachment[]>> {
  const out = new Map<string, Attachment[]>();
  if (!messageIds.length) return out;
  const rows = await store.db
    .selectFrom('media')
    .select(['id', 'message_id', 'filename', 'mime', 'size', 'path', 'sha256', 'deleted'])
    .where('case_id', '=', caseId)
    .where('message_id', 'in', [...messageIds])
    .orderBy('id')
    .execute();
  const transcripts = new Map<string, AttachmentTranscript>();
  if (rows.length)
    for (const t of await store.db
      .selectFrom('transcripts')
      .select([
        'id',
        'media_id',
        'text',
        'language',
        'kind',
        'engine',
        'model',
        'version',
        'segments',
        'audio_sha256',
      ])
      .where('case_id', '=', caseId)
      .where('current', '=', 1)
      .where(
        'media_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute())
      transcripts.set(t.media_id, {
        id: t.id,
        text: t.text,
        language: t.language,
        kind: t.kind,
        engine: t.engine,
        model: t.model,
        version: Number(t.version),
        segments: JSON.parse(t.segments) as AttachmentTranscript['segments'],
        audioSha256: t.audio_sha256,
      });
  for (const r of rows) {
    const list = out.get(r.message_id!) ?? [];
    list.push({
      id: r.id,
      filename: r.filename,
      mime: r.mime,
      size: r.size === null ? null : Number(r.size),
      path: r.path,
      sha256: r.sha256,
      deleted: Number(r.deleted) === 1,
      contentUrl: r.path ? `/api/cases/${caseId}/media/${r.id}/content` : null,
      transcript: transcripts.get(r.id) ?? null,
    });
    out.set(r.message_id!, list);
  }
  return out;
}

export async function messageViews(
  store: Store,
  caseId: string,
  rows: MessageRow[],
): Promise<MessageView[]> {
  const att = await attachmentsFor(
    store,
    caseId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, att.get(r.id) ?? []));
}

export interface ThreadListOptions {
  deviceId?: string;
  /** Only threads this identifier key takes part in. */
  party?: string;
  limit?: number;
  offset?: number;
}

/** Threads of a case, most recently active first, with message counts and first/last times. */
export async function listThreads(
  store: Store,
  caseId: string,
  o: ThreadListOptions = {},
): Promise<{ threads: ThreadSummary[]; total: number }> {
  let q = store.db.selectFrom('threads as t').where('t.case_id', '=', caseId);
  if (o.deviceId) q = q.where('t.device_id', '=', o.deviceId);
  if (o.party) {
    const party = o.party;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('item_parties as p')
          .select('p.item_id')
          .where('p.case_id', '=', caseId)
          .where('p.key', '=', party)
          .whereRef('p.item_id', '=', 't.id'),
      ),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      't.id',
      't.device_id',
      't.app',
      't.name',
      't.is_group',
      't.participants',
      't.deleted',
      (eb) =>
        eb
          .selectFrom('messages as m')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('m.thread_id', '=', 't.id')
          .as('messages'),
      (eb) =>
        eb
          .selectFrom('messages as m')
          .select((e) => e.fn.min('m.sent_at').as('a'))
          .whereRef('m.thread_id', '=', 't.id')
          .as('first_at'),
      (eb) =>
        eb
          .selectFrom('messages as m')
          .select((e) => e.fn.max('m.sent_at').as('b'))
          .whereRef('m.thread_id', '=', 't.id')
          .as('last_at'),
    ])
    .orderBy('last_at', (ob) => ob.desc().nullsLast())
    .orderBy('t.id')
    .limit(Math.min(Math.max(o.limit ?? 100, 1), 1000))
    .offset(Math.max(o.offset ?? 0, 0))
    .execute();
  return {
    total: Number(total?.n ?? 0),
    threads: rows.map((r) => ({
      id: r.id,
      deviceId: r.device_id,
      app: r.app,
      name: r.name,
      isGroup: Number(r.is_group) === 1,
      participants: JSON.parse(r.participants) as string[],
      deleted: Number(r.deleted) === 1,
      messages: Number(r.messages ?? 0),
      firstAt: r.first_at === null || r.first_at === undefined ? null : Number(r.first_at),
      lastAt: r.last_at === null || r.last_at === undefined ? null : Number(r.last_at),
    })),
  };
}

export async function getThread(
  store: Store,
  caseId: string,
  threadId: string,
): Promise<ThreadSummary> {
  const r = await store.db
    .selectFrom('threads')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', threadId)
    .executeTakeFirst();
  if (!r) throw new AppError(ErrorCodes.NOT_FOUND, 'no such conversation in this case');
  const agg = await store.db
    .selectFrom('messages')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('sent_at').as('a'),
      eb.fn.max('sent_at').as('b'),
    ])
    .where('thread_id', '=', threadId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return {
    id: r.id,
    deviceId: r.device_id,
    app: r.app,
    name: r.name,
    isGroup: Number(r.is_group) === 1,
    participants: JSON.parse(r.participants) as string[],
    deleted: Number(r.deleted) === 1,
    messages: Number(agg?.n ?? 0),
    firstAt: agg?.a === null || agg?.a === undefined ? null : Number(agg.a),
    lastAt: agg?.b === null || agg?.b === undefined ? null : Number(agg.b),
  };
}

export interface ThreadPageOptions {
  /** Messages after this position (older → newer). */
  after?: TimeCursor;
  /** Messages before this position. */
  before?: TimeCursor;
  /** Centre the page on this message id (opening a search hit). */
  around?: string;
  limit?: number;
}

export interface ThreadPage {
  messages: MessageView[];
  /** Cursor to load older messages, or null at the start of the thread. */
  before: string | null;
  /** Cursor to load newer messages, or null at the end. */
  after: string | null;
}

/**
 * A page of a thread in time order. Undated messages sort first (as SQLite orders NULL); the
 * (sent_at, seq) keyset uses the (thread_id, sent_at) index, so depth in the thread costs nothing.
 */
export async function threadMessages(
  store: Store,
  caseId: string,
  threadId: string,
  o: ThreadPageOptions = {},
): Promise<ThreadPage> {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
  const base = () =>
    store.db
      .selectFrom('messages')
      .select([...MESSAGE_COLUMNS])
      .where('thread_id', '=', threadId)
      .where('case_id', '=', caseId);
  const afterQ = (c: TimeCursor | null, inclusive: boolean, n: number) => {
    let q = base();
    if (c)
      q = q.where((eb) =>
        c.t === null
          ? eb.or([
              eb('sent_at', 'is not', null),
              eb.and([eb('sent_at', 'is', null), eb('seq', inclusive ? '>=' : '>', c.s)]),
            ])
          : eb.or([
              eb('sent_at', '>', c.t),
              eb.and([eb('sent_at', '=', c.t), eb('seq', inclusive ? '>=' : '>', c.s)]),
            ]),
      );
    return q.orderBy('sent_at', 'asc').orderBy('seq', 'asc').limit(n).execute();
  };
  const beforeQ = (c: TimeCursor, n: number) =>
    base()
      .where((eb) =>
        c.t === null
          ? eb.and([eb('sent_at', 'is', null), eb('seq', '<', c.s)])
          : eb.or([
              eb('sent_at', '<', c.t),
              eb('sent_at', 'is', null),
              eb.and([eb('sent_at', '=', c.t), eb('seq', '<', c.s)]),
            ]),
      )
      .orderBy('sent_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(n)
      .execute();

  let rows: MessageRow[];
  if (o.around) {
    const m = await store.db
      .selectFrom('messages')
      .select(['seq', 'sent_at', 'thread_id'])
      .where('id', '=', o.around)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!m || m.thread_id !== threadId)
      throw new AppError(ErrorCodes.NOT_FOUND, 'no such message in this conversation');
    const c = { t: m.sent_at === null ? null : Number(m.sent_at), s: Number(m.seq) };
    const half = Math.floor(limit / 2);
    const older = (await beforeQ(c, half)).reverse();
    const newer = await afterQ(c, true, limit - older.length);
    rows = [...older, ...newer] as MessageRow[];
  } else if (o.before) {
    rows = (await beforeQ(o.before, limit)).reverse() as MessageRow[];
  } else {
    rows = (await afterQ(o.after ?? null, false, limit)) as MessageRow[];
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const cur = (r: MessageRow) => ({
    t: r.sent_at === null ? null : Number(r.sent_at),
    s: Number(r.seq),
  });
  const hasOlder = first ? (await beforeQ(cur(first), 1)).length > 0 : false;
  const hasNewer = last ? (await afterQ(cur(last), false, 1)).length > 0 : false;
  return {
    messages: await messageViews(store, caseId, rows),
    before: first && hasOlder ? encodeCursor(cur(first)) : null,
    after: last && hasNewer ? encodeCursor(cur(last)) : null,
  };
}

export interface MessageDetail extends MessageView {
  sentRaw: string | null;
  sentEncoding: string | null;
  sentZone: string | null;
  receivedAt: number | null;
  readAt: number | null;
  counterpart: string | null;
  /** Where it came from: the evidence file, its hash, the record inside it and the parser. */
  provenance: {
    sourceId: string;
    path: string;
    sha256: string;
    locator: string;
    parser: string;
    deviceLabel: string;
    exhibit: string | null;
  };
  /** Values exactly as read from the source, beside the decoded ones. */
  raw: Record<string, unknown>;
}

export async function getMessage(
  store: Store,
  caseId: string,
  messageId: string,
): Promise<MessageDetail> {
  const r = await store.db
    .selectFrom('messages as m')
    .innerJoin('sources as s', 's.id', 'm.source_id')
    .innerJoin('devices as d', 'd.id', 'm.device_id')
    .select([
      ...MESSAGE_COLUMNS.map((c) => `m.${c}` as const),
      'm.sent_raw',
      'm.sent_enc',
      'm.sent_zone',
      'm.received_at',
      'm.read_at',
      'm.counterpart',
      'm.locator',
      'm.parser',
      'm.raw',
      'm.source_id',
      's.path',
      's.sha256',
      'd.label',
      'd.exhibit',
    ])
    .where('m.id', '=', messageId)
    .where('m.case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) throw new AppError(ErrorCodes.NOT_FOUND, 'no such message in this case');
  const [view] = await messageViews(store, caseId, [r as unknown as MessageRow]);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(r.raw) as Record<string, unknown>;
  } catch {
    raw = { unparsed: r.raw };
  }
  return {
    ...view!,
    sentRaw: r.sent_raw,
    sentEncoding: r.sent_enc,
    sentZone: r.sent_zone,
    receivedAt: r.received_at === null ? null : Number(r.received_at),
    readAt: r.read_at === null ? null : Number(r.read_at),
    counterpart: r.counterpart,
    provenance: {
      sourceId: r.source_id,
      path: r.path,
      sha256: r.sha256,
      locator: r.locator,
      parser: r.parser,
      deviceLabel: r.label,
      exhibit: r.exhibit,
    },
    raw,
  };
}
