// WhatsApp Android msgstore.db, current (normalised) schema: `jid`, `chat`, `message` with its
// side tables (`message_media`, `message_location`, `message_system`, `message_revoked`,
// `message_quoted`), `group_participant_user`, `jid_map` (LID ↔ phone JID), `lid_display_name`,
// `call_log` / `call_log_participant_v2`. Times are Unix ms, call durations seconds.
import type { Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import type { ParseContext } from '../../parser.js';
import { big, num, str } from '../shared/row-values.js';
import { flag, isGroupJid, jidParty, loadJids, sha256FromBase64, type Jid } from './jids.js';
import {
  LOCATION_TYPES,
  REVOKED_TYPES,
  SYSTEM_TYPES,
  callResult,
  messageStatus,
  messageTypeName,
} from './message-types.js';

interface ChatInfo {
  locator: string;
  jid: Jid | null;
  group: boolean;
  /** The other party of a 1:1 chat; the group JID of a group. */
  to: RawIdentifier | null;
}

/** `alias.column AS name` for the columns a table has (schemas differ between versions). */
function selectList(
  db: EvidenceDb,
  table: string,
  alias: string,
  cols: Record<string, string>,
): string[] {
  if (!db.tables().has(table)) return [];
  const have = db.columns(table);
  return Object.entries(cols)
    .filter(([c]) => have.has(c))
    .map(([c, as]) => `${alias}.${c} AS ${as}`);
}

export async function readModernMsgstore(
  ctx: ParseContext,
  db: EvidenceDb,
  names: Map<string, string>,
): Promise<void> {
  const tables = db.tables();
  const jids = loadJids(db);

  // LID ↔ phone-number JID: proof that two identifiers are one account
  if (tables.has('jid_map')) {
    for (const r of db.iterate(
      'SELECT lid_row_id, jid_row_id FROM jid_map ORDER BY lid_row_id',
      [],
      'jid_map',
    )) {
      const lid = jids.get(String(r.lid_row_id));
      const pn = jids.get(String(r.jid_row_id));
      if (!lid || !pn) {
        ctx.warn(
          'PARSE_ERROR',
          `jid_map row names a missing jid (${String(r.lid_row_id)} → ${String(r.jid_row_id)})`,
          `jid_map:${String(r.lid_row_id)}`,
        );
        continue;
      }
      await ctx.emit({
        kind: 'identifier-link',
        locator: `jid_map:${String(r.lid_row_id)}`,
        a: lid.party,
        b: pn.party,
        reason: 'WhatsApp LID mapped to its phone-number JID (msgstore.db jid_map)',
        confidence: 0.99,
        raw: { lid_row_id: r.lid_row_id, jid_row_id: r.jid_row_id, lid: lid.text, jid: pn.text },
      });
    }
  }
  if (tables.has('lid_display_name') && db.columns('lid_display_name').has('display_name')) {
    for (const r of db.iterate(
      'SELECT lid_row_id, display_name FROM lid_display_name',
      [],
      'lid_display_name',
    )) {
      const j = jids.get(String(r.lid_row_id));
      const n = str(r.display_name)?.trim();
      if (j && n && !names.has(j.text)) names.set(j.text, n);
    }
  }

  // group members, by the group's jid row
  const members = new Map<string, Jid[]>();
  if (tables.has('group_participant_user')) {
    for (const r of db.iterate(
      'SELECT group_jid_row_id, user_jid_row_id FROM group_participant_user ORDER BY _id',
      [],
      'group_participant_user',
    )) {
      const u = jids.get(String(r.user_jid_row_id));
      if (!u) continue; // the owner's own membership has no user jid
      const k = String(r.group_jid_row_id);
      let list = members.get(k);
      if (!list) members.set(k, (list = []));
      list.push(u);
    }
  }

  const chats = new Map<string, ChatInfo>();
  const chatCols = selectList(db, 'chat', 'c', {
    _id: '_id',
    jid_row_id: 'jid_row_id',
    subject: 'subject',
    created_timestamp: 'created_timestamp',
    archived: 'archived',
    hidden: 'hidden',
    group_type: 'group_type',
  });
  for (const r of db.iterate(
    `SELECT ${chatCols.join(', ')} FROM chat c ORDER BY c._id`,
    [],
    'chat',
  )) {
    const id = String(r._id);
    const jid = jids.get(String(r.jid_row_id)) ?? null;
    const group = jid ? isGroupJid(jid.text) : false;
    const locator = `chat:${id}`;
    const info: ChatInfo = { locator, jid, group, to: jid?.party ?? null };
    chats.set(id, info);
    const subject = str(r.subject);
    const participants: Party[] = [OWNER];
    if (group) {
      for (const m of members.get(String(r.jid_row_id)) ?? [])
        participants.push(jidParty(m.text, names.get(m.text)));
    } else if (jid) participants.push(jidParty(jid.text, names.get(jid.text)));
    const raw: Record<string, unknown> = { _id: r._id, jid_row_id: r.jid_row_id };
    if (jid) raw.jid = jid.text;
    for (const k of ['subject', 'created_timestamp', 'archived', 'hidden', 'group_type'] as const)
      if (r[k] !== null && r[k] !== undefined && r[k] !== 0n) raw[k] = r[k];
    await ctx.emit({
      kind: 'thread',
      locator,
      app: 'whatsapp',
      name: subject ?? (jid ? (names.get(jid.text) ?? null) : null),
      isGroup: group,
      participants,
      ...(group && jid ? { groupId: jidParty(jid.text, subject) } : {}),
      raw,
    });
  }

  // messages with their side tables (one pass, joined on the message row id)
  const select = [
    ...selectList(db, 'message', 'm', {
      _id: '_id',
      chat_row_id: 'chat_row_id',
      from_me: 'from_me',
      key_id: 'key_id',
      sender_jid_row_id: 'sender_jid_row_id',
      status: 'status',
      timestamp: 'timestamp',
      received_timestamp: 'received_timestamp',
      receipt_server_timestamp: 'receipt_server_timestamp',
      message_type: 'message_type',
      text_data: 'text_data',
      starred: 'starred',
      recipient_count: 'recipient_count',
      origination_flags: 'origination_flags',
    }),
    ...selectList(db, 'message_media', 'mm', {
      message_row_id: 'mm_id',
      mime_type: 'mm_mime',
      file_path: 'mm_path',
      file_size: 'mm_size',
      file_length: 'mm_length',
      media_name: 'mm_name',
      file_hash: 'mm_hash',
      media_caption: 'mm_caption',
      media_duration: 'mm_duration',
    }),
    ...selectList(db, 'message_location', 'ml', {
      latitude: 'ml_lat',
      longitude: 'ml_lon',
      place_name: 'ml_place',
      place_address: 'ml_address',
    }),
    ...selectList(db, 'message_system', 'ms', { action_type: 'ms_action' }),
    ...selectList(db, 'message_revoked', 'mr', {
      revoked_key_id: 'mr_key',
      revoke_timestamp: 'mr_at',
    }),
    ...selectList(db, 'message_quoted', 'mq', { key_id: 'mq_key', text_data: 'mq_text' }),
  ];
  const joins = [
    ['message_media', 'mm'],
    ['message_location', 'ml'],
    ['message_system', 'ms'],
    ['message_revoked', 'mr'],
    ['message_quoted', 'mq'],
  ]
    .filter(([t]) => tables.has(t!) && db.columns(t!).has('message_row_id'))
    .map(([t, a]) => `LEFT JOIN ${t} ${a} ON ${a}.message_row_id = m._id`)
    .join(' ');
  const walOnly = db.walOnlyRowids('message', '_id');
  const TEXT = 'whatsapp';
  for (const r of db.iterate(
    `SELECT ${select.join(', ')} FROM message m ${joins} ORDER BY m._id`,
    [],
    'message',
  )) {
    const chatId = String(r.chat_row_id);
    const chat = chats.get(chatId);
    if (!chat) {
      // rows outside any chat: the placeholder row (chat_row_id -1) and orphans
      if ((num(r.chat_row_id) ?? -1) > 0)
        ctx.warn('PARSE_ERROR', `message in unknown chat ${chatId}`, `message:${String(r._id)}`);
      continue;
    }
    const id = String(r._id);
    const locator = `message:${id}`;
    const fromMe = flag(r.from_me);
    const typeCode = num(r.message_type);
    const system = typeCode !== null && SYSTEM_TYPES.has(typeCode);
    const revoked = typeCode !== null && REVOKED_TYPES.has(typeCode);
    const senderJid = r.sender_jid_row_id ? jids.get(String(r.sender_jid_row_id)) : undefined;
    const sender: Party | null = fromMe ? OWNER : chat.group ? (senderJid?.party ?? null) : chat.to;
    const recipients: Party[] = fromMe || chat.group ? (chat.to ? [chat.to] : []) : [OWNER];
    const ts = big(r.timestamp);
    const received = fromMe ? null : big(r.received_timestamp);
    const raw: Record<string, unknown> = {
      _id: r._id,
      chat_row_id: r.chat_row_id,
      from_me: r.from_me,
      key_id: r.key_id,
      message_type: r.message_type,
      status: r.status,
      timestamp: r.timestamp,
    };
    if (r.sender_jid_row_id) raw.sender_jid_row_id = r.sender_jid_row_id;
    if (received !== null) raw.received_timestamp = r.received_timestamp;
    if (flag(r.starred)) raw.starred = r.starred;
    if (flag(r.origination_flags)) raw.origination_flags = r.origination_flags;
    if (r.ms_action !== undefined && r.ms_action !== null) raw.action_type = r.ms_action;
    if (r.mr_key) raw.revoked_key_id = r.mr_key;
    if (r.mr_at) raw.revoke_timestamp = r.mr_at;
    if (r.mq_key) raw.quoted_key_id = r.mq_key;
    if (r.mq_text) raw.quoted_text = r.mq_text;
    const body = str(r.text_data) ?? str(r.mm_caption);
    await ctx.emit({
      kind: 'message',
      locator,
      app: TEXT,
      threadRef: chat.locator,
      direction: system ? 'unknown' : fromMe ? 'outgoing' : 'incoming',
      sentAt: ts !== null ? { value: ts, encoding: 'unix-ms' } : null,
      receivedAt: received !== null ? { value: received, encoding: 'unix-ms' } : null,
      sender,
      recipients,
      body,
      status: messageStatus(fromMe, num(r.status)),
      type: messageTypeName(typeCode),
      deleted: revoked,
      recovery: walOnly.has(BigInt(r._id as bigint))
        ? 'wal-only'
        : revoked
          ? 'deleted-flag'
          : 'live',
      flags: revoked ? ['revoked'] : undefined,
      raw,
    });
    if (r.mm_id !== undefined && r.mm_id !== null) {
      const path = str(r.mm_path);
      await ctx.emit({
        kind: 'media',
        locator: `message_media:${id}`,
        messageRef: locator,
        filename: str(r.mm_name) ?? (path ? (path.split('/').pop() ?? null) : null),
        mime: str(r.mm_mime),
        size: num(r.mm_size) ?? num(r.mm_length),
        path,
        sha256: sha256FromBase64(r.mm_hash),
        raw: Object.fromEntries(
          [
            ['file_path', r.mm_path],
            ['mime_type', r.mm_mime],
            ['file_size', r.mm_size],
            ['file_length', r.mm_length],
            ['media_name', r.mm_name],
            ['file_hash', r.mm_hash],
            ['media_duration', r.mm_duration],
          ].filter(([, v]) => v !== null && v !== undefined),
        ),
      });
    }
    const lat = typeof r.ml_lat === 'number' ? r.ml_lat : num(r.ml_lat);
    const lon = typeof r.ml_lon === 'number' ? r.ml_lon : num(r.ml_lon);
    if (lat !== null && lon !== null && (typeCode === null || LOCATION_TYPES.has(typeCode))) {
      await ctx.emit({
        kind: 'location',
        locator: `message_location:${id}`,
        at: ts !== null ? { value: ts, encoding: 'unix-ms' } : null,
        lat,
        lon,
        label: str(r.ml_place) ?? str(r.ml_address),
        origin: 'message',
        app: 'whatsapp',
        raw: { message_row_id: r._id, latitude: lat, longitude: lon },
      });
    }
  }
}

/** WhatsApp's own call log (`call_log`, group calls' `call_log_participant_v2`), in either schema. */
export async function readCallLog(
  ctx: ParseContext,
  db: EvidenceDb,
  names: Map<string, string>,
): Promise<void> {
  const tables = db.tables();
  if (!tables.has('call_log') || !tables.has('jid')) return;
  const jids = loadJids(db);
  const participants = new Map<string, Jid[]>();
  if (tables.has('call_log_participant_v2')) {
    for (const r of db.iterate(
      'SELECT call_log_row_id, jid_row_id FROM call_log_participant_v2 ORDER BY _id',
      [],
      'call_log_participant_v2',
    )) {
      const j = jids.get(String(r.jid_row_id));
      if (!j) continue;
      const k = String(r.call_log_row_id);
      let list = participants.get(k);
      if (!list) participants.set(k, (list = []));
      list.push(j);
    }
  }
  const cols = selectList(db, 'call_log', 'cl', {
    _id: '_id',
    jid_row_id: 'jid_row_id',
    from_me: 'from_me',
    call_id: 'call_id',
    timestamp: 'timestamp',
    video_call: 'video_call',
    duration: 'duration',
    call_result: 'call_result',
    group_jid_row_id: 'group_jid_row_id',
  });
  const walOnly = db.walOnlyRowids('call_log', '_id');
  for (const r of db.iterate(
    `SELECT ${cols.join(', ')} FROM call_log cl ORDER BY cl._id`,
    [],
    'call_log',
  )) {
    const id = String(r._id);
    const fromMe = flag(r.from_me);
    const other = jids.get(String(r.jid_row_id));
    const party = other ? jidParty(other.text, names.get(other.text)) : null;
    const others = (participants.get(id) ?? []).map((j) => jidParty(j.text, names.get(j.text)));
    const group = r.group_jid_row_id ? jids.get(String(r.group_jid_row_id)) : undefined;
    const outcome = callResult(num(r.call_result));
    const ts = big(r.timestamp);
    const flags = [...(outcome.flag ? [outcome.flag] : []), ...(group ? ['group-call'] : [])];
    const callees: Party[] = fromMe
      ? others.length
        ? others
        : party
          ? [party]
          : []
      : [OWNER, ...others.filter((p) => p.value !== party?.value)];
    const raw: Record<string, unknown> = Object.fromEntries(
      Object.entries(r).filter(([, v]) => v !== null && v !== undefined),
    );
    if (other) raw.jid = other.text;
    if (group) raw.group_jid = group.text;
    await ctx.emit({
      kind: 'call',
      locator: `call_log:${id}`,
      app: 'whatsapp',
      direction: fromMe ? 'outgoing' : 'incoming',
      startedAt: ts !== null ? { value: ts, encoding: 'unix-ms' } : null,
      durationS: num(r.duration),
      caller: fromMe ? OWNER : party,
      callees,
      status: outcome.status,
      video: flag(r.video_call),
      recovery: walOnly.has(BigInt(r._id as bigint)) ? 'wal-only' : 'live',
      flags: flags.length ? flags : undefined,
      raw,
    });
  }
}
