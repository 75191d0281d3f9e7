// Google Messages (com.google.android.apps.messaging) bugle_db: conversations, messages, their
// parts (text and attachments), participants. Layout: AOSP Messaging DatabaseHelper.java and
// MessageData.java (platform/packages/apps/Messaging, Apache-2.0); direction from the sender's
// sub_id as ALEAPP googleMessages.py reads it (ParticipantData.OTHER_THAN_SELF_SUB_ID = -2).
// Times are Unix ms.
import type { Direction, DraftMessage, Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';

const OTHER_THAN_SELF_SUB_ID = -2;

/** MessageData.BUGLE_STATUS_* → status text. 1–9 are outgoing, 100 and above incoming. */
const STATUS: Record<number, string> = {
  0: 'unknown',
  1: 'sent',
  2: 'delivered',
  3: 'draft',
  4: 'outbox',
  5: 'sending',
  6: 'resending',
  7: 'awaiting-retry',
  8: 'failed',
  9: 'failed-emergency-number',
  100: 'received',
  101: 'awaiting-manual-download',
  102: 'retrying-manual-download',
  103: 'downloading',
  104: 'retrying-auto-download',
  105: 'downloading',
  106: 'download-failed',
  107: 'expired',
};

/** MessageData.PROTOCOL_*; later versions add RCS values, kept as their number. */
const PROTOCOL: Record<number, { app: string; type: string }> = {
  0: { app: 'sms', type: 'sms' },
  1: { app: 'mms', type: 'mms' },
  2: { app: 'mms', type: 'mms-notification' },
};

const MESSAGE_RAW = [
  '_id',
  'conversation_id',
  'sender_id',
  'self_id',
  'sent_timestamp',
  'received_timestamp',
  'message_protocol',
  'message_status',
  'read',
  'seen',
  'sms_message_uri',
  'raw_status',
];
const PARTICIPANT_COLS = [
  '_id',
  'sub_id',
  'normalized_destination',
  'send_destination',
  'display_destination',
  'full_name',
  'subscription_name',
];
const PART_COLS = [
  '_id',
  'message_id',
  'text',
  'uri',
  'content_type',
  'timestamp',
  'file_size_bytes',
  'local_cache_path',
];

interface Participant {
  id: string;
  subId: number | null;
  value: string | null;
  name: string | null;
}

function party(p: Participant | undefined): RawIdentifier | null {
  if (!p?.value) return null;
  return { value: p.value, hint: 'phone', ...(p.name ? { name: p.name } : {}) };
}

/** Incoming, outgoing or unknown from the sender's sub_id, else from the bugle status. */
function directionOf(sender: Participant | undefined, status: number | null): Direction {
  if (sender && sender.subId !== null)
    return sender.subId === OTHER_THAN_SELF_SUB_ID ? 'incoming' : 'outgoing';
  if (status !== null && status >= 100) return 'incoming';
  if (status !== null && status >= 1 && status <= 9) return 'outgoing';
  return 'unknown';
}

export const googleMessagesParser: Parser = {
  id: 'google-messages',
  version: '1.0.0',
  label: 'Google Messages (bugle_db)',
  artefacts: ['messages', 'threads', 'media', 'device-info'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['conversations', 'messages', 'parts', 'participants'],
      any: ['conversation_participants'],
      names: ['bugle_db'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    const tables = db.tables();

    const pcols = db.columns('participants');
    const people = new Map<string, Participant>();
    const selves: Array<Participant & { raw: Record<string, unknown> }> = [];
    for (const r of db.iterate(
      `SELECT ${PARTICIPANT_COLS.filter((c) => pcols.has(c)).join(', ')} FROM participants ORDER BY _id`,
      [],
      'participants',
    )) {
      const p: Participant = {
        id: String(r._id),
        subId: num(r.sub_id),
        value:
          str(r.normalized_destination)?.trim() ||
          str(r.send_destination)?.trim() ||
          str(r.display_destination)?.trim() ||
          null,
        name: str(r.full_name)?.trim() || null,
      };
      people.set(p.id, p);
      if (p.subId !== null && p.subId !== OTHER_THAN_SELF_SUB_ID && p.value)
        selves.push({ ...p, raw: pickRaw(r, PARTICIPANT_COLS) });
    }

    // conversations and their members (conversation_participants excludes the user)
    const members = new Map<string, Participant[]>();
    if (tables.has('conversation_participants')) {
      for (const r of db.iterate(
        'SELECT conversation_id, participant_id FROM conversation_participants ORDER BY _id',
        [],
        'conversation_participants',
      )) {
        const p = people.get(String(r.participant_id));
        if (!p) continue;
        const k = String(r.conversation_id);
        const list = members.get(k) ?? [];
        list.push(p);
        members.set(k, list);
      }
    }
    const ccols = db.columns('conversations');
    const threadIds = new Set<string>();
    for (const r of db.iterate(
      `SELECT ${['_id', 'name', 'participant_normalized_destination', 'participant_count', 'sms_thread_id', 'archive_status'].filter((c) => ccols.has(c)).join(', ')} FROM conversations ORDER BY _id`,
      [],
      'conversations',
    )) {
      const id = String(r._id);
      threadIds.add(id);
      let list = (members.get(id) ?? []).map(party).filter((p): p is RawIdentifier => !!p);
      const single = str(r.participant_normalized_destination)?.trim();
      if (!list.length && single) list = [{ value: single, hint: 'phone' }];
      await ctx.emit({
        kind: 'thread',
        locator: `conversations:${id}`,
        app: 'sms',
        name: str(r.name),
        isGroup: list.length > 1,
        participants: [OWNER, ...list],
        raw: pickRaw(r, [
          '_id',
          'name',
          'participant_normalized_destination',
          'participant_count',
          'sms_thread_id',
          'archive_status',
        ]),
      });
    }

    // parts, grouped by message
    const partCols = db.columns('parts');
    const partsByMsg = new Map<string, Array<Record<string, unknown>>>();
    for (const r of db.iterate(
      `SELECT ${PART_COLS.filter((c) => partCols.has(c)).join(', ')} FROM parts ORDER BY message_id, _id`,
      [],
      'parts',
    )) {
      const k = String(r.message_id);
      const list = partsByMsg.get(k) ?? [];
      list.push(r);
      partsByMsg.set(k, list);
    }

    const mcols = db.columns('messages');
    const cols = MESSAGE_RAW.filter((c) => mcols.has(c));
    const walOnly = db.walOnlyRowids('messages', '_id');
    for (const r of db.iterate(
      `SELECT ${cols.join(', ')}${mcols.has('mms_subject') ? ', mms_subject' : ''} FROM messages ORDER BY _id`,
      [],
      'messages',
    )) {
      const id = String(r._id);
      const locator = `messages:${id}`;
      const status = num(r.message_status);
      const sender = people.get(String(r.sender_id));
      const direction = directionOf(sender, status);
      const conv = String(r.conversation_id);
      const others = (members.get(conv) ?? []).map(party).filter((p): p is RawIdentifier => !!p);
      const protocol = num(r.message_protocol);
      const proto = protocol !== null ? PROTOCOL[protocol] : undefined;
      const parts = partsByMsg.get(id) ?? [];
      const text = parts
        .filter((p) => (str(p.content_type) ?? 'text/plain').startsWith('text/plain'))
        .map((p) => str(p.text))
        .filter((s): s is string => s !== null && s !== '')
        .join('\n');
      const sent = big(r.sent_timestamp);
      const received = big(r.received_timestamp);
      const sentRaw = sent !== null && sent > 0n ? sent : received;
      const from: Party | null = direction === 'outgoing' ? OWNER : party(sender);
      const to: Party[] =
        direction === 'incoming' ? [OWNER] : direction === 'outgoing' ? others : [];
      const flags: string[] = [];
      if (protocol !== null && !proto) flags.push(`protocol-${protocol}`);
      const draft: DraftMessage = {
        kind: 'message',
        locator,
        app: proto?.app ?? 'sms',
        threadRef: threadIds.has(conv) ? `conversations:${conv}` : undefined,
        direction,
        sentAt: sentRaw !== null ? { value: sentRaw, encoding: 'unix-ms' } : null,
        receivedAt:
          direction === 'incoming' && received !== null && received > 0n
            ? { value: received, encoding: 'unix-ms' }
            : null,
        sender: from,
        recipients: to,
        body: text || null,
        subject: str(r.mms_subject),
        status: status !== null ? (STATUS[status] ?? `status-${status}`) : null,
        type: proto?.type ?? (protocol !== null ? `protocol-${protocol}` : null),
        recovery: walOnly.has(BigInt(r._id as bigint)) ? 'wal-only' : 'live',
        flags: flags.length ? flags : undefined,
        raw: pickRaw(r, cols),
      };
      await ctx.emit(draft);
      for (const p of parts) {
        const ct = str(p.content_type);
        if (!ct || ct.startsWith('text/plain') || ct === 'application/smil') continue;
        const size = num(p.file_size_bytes);
        await ctx.emit({
          kind: 'media',
          locator: `parts:${String(p._id)}`,
          messageRef: locator,
          mime: ct,
          filename: (str(p.local_cache_path) ?? '').split('/').pop() || null,
          size: size !== null && size >= 0 ? size : null,
          path: str(p.local_cache_path) ?? str(p.uri),
          raw: pickRaw(p, PART_COLS),
        });
      }
    }

    // the user's own line: the self participant of each SIM that knows its number
    for (const s of selves) {
      await ctx.emit({
        kind: 'device-info',
        locator: `participants:${s.id}:self`,
        identifiers: [{ value: s.value!, hint: 'phone', role: 'owner' }],
        raw: s.raw,
      });
    }
  },
};
