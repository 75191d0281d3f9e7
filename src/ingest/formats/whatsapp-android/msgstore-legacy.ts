// WhatsApp Android msgstore.db, legacy schema (before ~2022): one `messages` table keyed by the
// chat JID (`key_remote_jid`), `chat_list` for chats and `group_participants` for members.
// Row _id 1 with key_remote_jid '-1' is the app's placeholder and is not a message.
import type { Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import type { ParseContext } from '../../parser.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { flag, isGroupJid, jidParty, sha256FromBase64 } from './jids.js';
import { LOCATION_TYPES, REVOKED_TYPES, messageStatus, messageTypeName } from './message-types.js';

const MESSAGE_COLUMNS = [
  '_id',
  'key_remote_jid',
  'key_from_me',
  'key_id',
  'status',
  'data',
  'timestamp',
  'received_timestamp',
  'send_timestamp',
  'receipt_server_timestamp',
  'media_url',
  'media_mime_type',
  'media_wa_type',
  'media_size',
  'media_name',
  'media_caption',
  'media_hash',
  'media_duration',
  'latitude',
  'longitude',
  'remote_resource',
  'recipient_count',
  'starred',
  'quoted_row_id',
  'forwarded',
];
const RAW_COLUMNS = [
  '_id',
  'key_remote_jid',
  'key_from_me',
  'key_id',
  'status',
  'timestamp',
  'received_timestamp',
  'media_wa_type',
  'remote_resource',
  'starred',
  'quoted_row_id',
  'forwarded',
];
const RAW_DEFAULTS = { starred: '0', forwarded: '0', quoted_row_id: '0' };
/** media_wa_type values that stand for a file. */
const FILE_TYPES = new Set([1, 2, 3, 9, 13, 20]);
/** Legacy `status` 6: a group event written by the app, not by a person. */
const STATUS_SYSTEM = 6;

export async function readLegacyMsgstore(
  ctx: ParseContext,
  db: EvidenceDb,
  names: Map<string, string>,
): Promise<void> {
  const tables = db.tables();
  const members = new Map<string, string[]>();
  if (tables.has('group_participants')) {
    for (const r of db.iterate(
      'SELECT gjid, jid FROM group_participants ORDER BY _id',
      [],
      'group_participants',
    )) {
      const g = str(r.gjid);
      const j = str(r.jid);
      if (!g || !j) continue; // the owner's own row has an empty jid
      let list = members.get(g);
      if (!list) members.set(g, (list = []));
      list.push(j);
    }
  }

  // chats: chat_list rows, then chats that only appear in messages
  const threads = new Map<string, { locator: string; party: RawIdentifier; group: boolean }>();
  const emitThread = async (
    jid: string,
    locator: string,
    subject: string | null,
    raw: Record<string, unknown>,
  ) => {
    const group = isGroupJid(jid);
    const party = jidParty(jid);
    threads.set(jid, { locator, party, group });
    const participants: Party[] = [OWNER];
    if (group) for (const m of members.get(jid) ?? []) participants.push(jidParty(m, names.get(m)));
    else participants.push(jidParty(jid, names.get(jid)));
    await ctx.emit({
      kind: 'thread',
      locator,
      app: 'whatsapp',
      name: subject ?? names.get(jid) ?? null,
      isGroup: group,
      participants,
      ...(group ? { groupId: jidParty(jid, subject) } : {}),
      raw,
    });
  };
  if (tables.has('chat_list')) {
    const cols = ['_id', 'key_remote_jid', 'subject', 'creation', 'archived'].filter((c) =>
      db.columns('chat_list').has(c),
    );
    for (const r of db.iterate(
      `SELECT ${cols.join(', ')} FROM chat_list ORDER BY _id`,
      [],
      'chat_list',
    )) {
      const jid = str(r.key_remote_jid);
      if (!jid || threads.has(jid)) continue;
      await emitThread(
        jid,
        `chat_list:${String(r._id)}`,
        str(r.subject),
        pickRaw(r, cols, { archived: '0' }),
      );
    }
  }
  for (const r of db.iterate(
    "SELECT DISTINCT key_remote_jid FROM messages WHERE key_remote_jid IS NOT NULL AND key_remote_jid != '-1' ORDER BY key_remote_jid",
    [],
    'messages',
  )) {
    const jid = str(r.key_remote_jid);
    if (jid && !threads.has(jid))
      await emitThread(jid, `jid:${jid}`, null, { key_remote_jid: jid });
  }

  const have = db.columns('messages');
  const cols = MESSAGE_COLUMNS.filter((c) => have.has(c));
  const raws = RAW_COLUMNS.filter((c) => have.has(c));
  const walOnly = db.walOnlyRowids('messages', '_id');
  for (const r of db.iterate(
    `SELECT ${cols.join(', ')} FROM messages ORDER BY _id`,
    [],
    'messages',
  )) {
    const jid = str(r.key_remote_jid);
    if (!jid || jid === '-1') continue;
    const chat = threads.get(jid)!;
    const id = String(r._id);
    const locator = `messages:${id}`;
    const fromMe = flag(r.key_from_me);
    const typeCode = num(r.media_wa_type);
    const statusCode = num(r.status);
    const system = statusCode === STATUS_SYSTEM && !fromMe;
    const revoked = typeCode !== null && REVOKED_TYPES.has(typeCode);
    const resource = str(r.remote_resource);
    const sender: Party | null = fromMe
      ? OWNER
      : chat.group
        ? resource
          ? jidParty(resource)
          : null
        : chat.party;
    const ts = big(r.timestamp);
    const received = fromMe ? null : big(r.received_timestamp);
    await ctx.emit({
      kind: 'message',
      locator,
      app: 'whatsapp',
      threadRef: chat.locator,
      direction: system ? 'unknown' : fromMe ? 'outgoing' : 'incoming',
      sentAt: ts !== null ? { value: ts, encoding: 'unix-ms' } : null,
      receivedAt:
        received !== null && received > 0n ? { value: received, encoding: 'unix-ms' } : null,
      sender,
      recipients: fromMe || chat.group ? [chat.party] : [OWNER],
      body: str(r.data) ?? str(r.media_caption),
      status: system ? 'system' : messageStatus(fromMe, statusCode),
      type: system ? 'system' : messageTypeName(typeCode),
      deleted: revoked,
      recovery: walOnly.has(BigInt(r._id as bigint))
        ? 'wal-only'
        : revoked
          ? 'deleted-flag'
          : 'live',
      flags: revoked ? ['revoked'] : undefined,
      raw: pickRaw(r, raws, RAW_DEFAULTS),
    });
    if (
      typeCode !== null &&
      FILE_TYPES.has(typeCode) &&
      (r.media_mime_type || r.media_name || r.media_size)
    ) {
      await ctx.emit({
        kind: 'media',
        locator: `messages:${id}:media`,
        messageRef: locator,
        filename: str(r.media_name),
        mime: str(r.media_mime_type),
        size: num(r.media_size),
        path: null,
        sha256: sha256FromBase64(r.media_hash),
        raw: pickRaw(r, [
          'media_url',
          'media_mime_type',
          'media_size',
          'media_name',
          'media_hash',
          'media_duration',
        ]),
      });
    }
    const lat = num(r.latitude);
    const lon = num(r.longitude);
    if (
      typeCode !== null &&
      LOCATION_TYPES.has(typeCode) &&
      lat !== null &&
      lon !== null &&
      (lat !== 0 || lon !== 0)
    ) {
      await ctx.emit({
        kind: 'location',
        locator: `messages:${id}:location`,
        at: ts !== null ? { value: ts, encoding: 'unix-ms' } : null,
        lat,
        lon,
        origin: 'message',
        app: 'whatsapp',
        raw: { _id: r._id, latitude: lat, longitude: lon },
      });
    }
  }
}
