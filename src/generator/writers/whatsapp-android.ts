// Writes WhatsApp Android's databases as the app leaves them in a file-system extraction:
// msgstore.db (current schema by default, legacy `messages` schema on request) with chats, group
// members, media rows, system rows, revoked ("deleted for everyone") rows, the LID mapping, the
// call log and rows that exist only in the WAL; wa.db (wa_contacts); and the preferences file
// that holds the registered number.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter, GenDevice, GenParty, GenThread } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';

export const MSGSTORE_PATH = 'data/data/com.whatsapp/databases/msgstore.db';
export const WADB_PATH = 'data/data/com.whatsapp/databases/wa.db';
export const WA_PREFS_PATH =
  'data/data/com.whatsapp/shared_prefs/com.whatsapp_preferences_light.xml';

// Current schema: column lists as WhatsApp 2.23–2.26 creates them.
const MODERN_SCHEMA = `
CREATE TABLE props (_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, value TEXT);
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT);
CREATE UNIQUE INDEX jid_key_new_index ON jid (user, server, agent, device, type);
CREATE UNIQUE INDEX jid_raw_string_index ON jid (raw_string);
CREATE TABLE jid_map (lid_row_id INTEGER PRIMARY KEY NOT NULL, jid_row_id INTEGER NOT NULL, sort_id INTEGER);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT,jid_row_id INTEGER UNIQUE,hidden INTEGER,subject TEXT,created_timestamp INTEGER,display_message_row_id INTEGER,last_message_row_id INTEGER,last_read_message_row_id INTEGER,last_read_receipt_sent_message_row_id INTEGER,last_important_message_row_id INTEGER,archived INTEGER,sort_timestamp INTEGER,mod_tag INTEGER,gen REAL,spam_detection INTEGER,unseen_earliest_message_received_time INTEGER,unseen_message_count INTEGER,unseen_missed_calls_count INTEGER,unseen_row_count INTEGER,plaintext_disabled INTEGER,vcard_ui_dismissed INTEGER,change_number_notified_message_row_id INTEGER,show_group_description INTEGER,ephemeral_expiration INTEGER,last_read_ephemeral_message_row_id INTEGER,ephemeral_setting_timestamp INTEGER, unseen_important_message_count INTEGER NOT NULL DEFAULT 0, ephemeral_disappearing_messages_initiator INTEGER, group_type INTEGER NOT NULL DEFAULT 0, last_message_reaction_row_id INTEGER, last_seen_message_reaction_row_id INTEGER, unseen_message_reaction_count INTEGER, growth_lock_level INTEGER, growth_lock_expiration_ts INTEGER, last_read_message_sort_id INTEGER, display_message_sort_id INTEGER, last_message_sort_id INTEGER, last_read_receipt_sent_message_sort_id INTEGER, has_new_community_admin_dialog_been_acknowledged INTEGER NOT NULL DEFAULT 0, history_sync_progress INTEGER, ephemeral_displayed_exemptions INTEGER, chat_lock INTEGER, unseen_comment_message_count INTEGER, chat_origin TEXT, participation_status INTEGER, account_jid_row_id INTEGER, chat_encryption_state INTEGER, group_member_count INTEGER, limited_sharing INTEGER, limited_sharing_setting_timestamp INTEGER, is_contact INTEGER);
CREATE VIEW chat_view AS SELECT chat._id AS _id, jid.raw_string AS raw_string_jid, chat.hidden AS hidden, chat.subject AS subject, chat.created_timestamp AS created_timestamp, chat.archived AS archived, chat.sort_timestamp AS sort_timestamp, chat.last_message_row_id AS last_message_row_id FROM chat LEFT JOIN jid ON chat.jid_row_id = jid._id;
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER, broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT, origination_flags INTEGER, origin INTEGER, timestamp INTEGER, received_timestamp INTEGER, receipt_server_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER, lookup_tables INTEGER, sort_id INTEGER NOT NULL DEFAULT 0 , message_add_on_flags INTEGER, view_mode INTEGER, translated_text TEXT, view_replies_thread_id INTEGER);
CREATE INDEX message_sort_id_index ON message (sort_id);
CREATE UNIQUE INDEX message_key_index on message (chat_row_id, from_me, key_id, sender_jid_row_id);
CREATE INDEX message_chat_id_index ON message (chat_row_id,_id);
CREATE TABLE message_media (  message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, autotransfer_retry_enabled INTEGER, multicast_id TEXT, media_job_uuid TEXT, transferred INTEGER, transcoded INTEGER, file_path TEXT, file_size INTEGER, suspicious_content INTEGER, trim_from INTEGER, trim_to INTEGER, face_x INTEGER, face_y INTEGER, media_key BLOB, media_key_timestamp INTEGER, width INTEGER, height INTEGER, has_streaming_sidecar INTEGER, gif_attribution INTEGER, thumbnail_height_width_ratio REAL, direct_path TEXT, first_scan_sidecar BLOB, first_scan_length INTEGER, message_url TEXT, mime_type TEXT, file_length INTEGER, media_name TEXT, file_hash TEXT, media_duration INTEGER, page_count INTEGER, enc_file_hash TEXT, partial_media_hash TEXT, partial_media_enc_hash TEXT, is_animated_sticker INTEGER, original_file_hash TEXT, mute_video INTEGER DEFAULT 0, media_caption TEXT, media_upload_handle TEXT, sticker_flags INTEGER, raw_transcription_text TEXT, first_viewed_timestamp INTEGER, doodle_id TEXT, media_source_type INTEGER, accessibility_label TEXT, media_transcode_quality INTEGER DEFAULT 0, metadata_url TEXT, motion_photo_presentation_offset_ms INTEGER, qr_url TEXT);
CREATE INDEX message_media_chat_index ON message_media(chat_row_id);
CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, latitude REAL, longitude REAL, place_name TEXT, place_address TEXT, url TEXT, live_location_share_duration INTEGER, live_location_sequence_number INTEGER, live_location_final_latitude REAL, live_location_final_longitude REAL, live_location_final_timestamp INTEGER, map_download_status INTEGER);
CREATE TABLE message_quoted (message_row_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, parent_message_chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, sender_jid_row_id INTEGER, key_id TEXT NOT NULL, timestamp INTEGER, message_type INTEGER, origin INTEGER, text_data TEXT, payment_transaction_id TEXT, lookup_tables INTEGER, quoted_source INTEGER, quoted_type INTEGER);
CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL, admin_jid_row_id INTEGER, revoke_timestamp INTEGER);
CREATE TABLE message_system (message_row_id INTEGER PRIMARY KEY, action_type INTEGER NOT NULL);
CREATE TABLE message_system_group (message_row_id INTEGER PRIMARY KEY, is_me_joined INTEGER);
CREATE TABLE message_system_chat_participant (message_row_id INTEGER, user_jid_row_id INTEGER);
CREATE TABLE message_forwarded(message_row_id INTEGER PRIMARY KEY, forward_score INTEGER, forward_origin INTEGER);
CREATE TABLE message_thumbnail (message_row_id INTEGER PRIMARY KEY, thumbnail BLOB);
CREATE TABLE receipt_user(_id INTEGER PRIMARY KEY AUTOINCREMENT,message_row_id INTEGER NOT NULL,receipt_user_jid_row_id INTEGER NOT NULL,receipt_timestamp INTEGER,read_timestamp INTEGER,played_timestamp INTEGER);
CREATE UNIQUE INDEX receipt_user_index on receipt_user(message_row_id,receipt_user_jid_row_id);
CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_jid_row_id INTEGER NOT NULL, user_jid_row_id INTEGER NOT NULL, rank INTEGER, pending INTEGER);
CREATE UNIQUE INDEX group_participant_user_index ON group_participant_user (group_jid_row_id, user_jid_row_id);
CREATE TABLE call_log (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER, from_me INTEGER, call_id TEXT, transaction_id INTEGER, timestamp INTEGER, video_call INTEGER, duration INTEGER, call_result INTEGER, bytes_transferred INTEGER, group_jid_row_id INTEGER NOT NULL DEFAULT 0, is_joinable_group_call INTEGER, call_creator_device_jid_row_id INTEGER NOT NULL DEFAULT 0, call_random_id TEXT, call_link_row_id INTEGER NOT NULL DEFAULT 0, is_dnd_mode_on INTEGER, call_type INTEGER, offer_silence_reason INTEGER, scheduled_id TEXT, telecom_uuid TEXT);
CREATE UNIQUE INDEX call_log_key_index ON call_log (jid_row_id, from_me, call_id, transaction_id);
CREATE TABLE call_log_participant_v2 (_id INTEGER PRIMARY KEY AUTOINCREMENT, call_log_row_id INTEGER, jid_row_id INTEGER, call_result INTEGER);
CREATE UNIQUE INDEX call_log_participant_key_index on call_log_participant_v2 (call_log_row_id, jid_row_id);
`;

// Legacy schema (before the 2022 migration): `messages` keyed by chat JID.
const LEGACY_SCHEMA = `
CREATE TABLE props (_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, value TEXT);
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT, timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER, media_name TEXT, media_caption TEXT, media_hash TEXT, media_duration INTEGER, origin INTEGER, latitude REAL, longitude REAL, thumb_image TEXT, remote_resource TEXT, received_timestamp INTEGER, send_timestamp INTEGER, receipt_server_timestamp INTEGER, receipt_device_timestamp INTEGER, read_device_timestamp INTEGER, played_device_timestamp INTEGER, raw_data BLOB, recipient_count INTEGER, participant_hash TEXT, starred INTEGER, quoted_row_id INTEGER, mentioned_jids TEXT, multicast_id TEXT, edit_version INTEGER, media_enc_hash TEXT, payment_transaction_id TEXT, forwarded INTEGER, preview_type INTEGER, send_count INTEGER, lookup_tables INTEGER, future_message_type INTEGER);
CREATE UNIQUE INDEX messages_key_index on messages (key_remote_jid, key_from_me, key_id);
CREATE TABLE messages_quotes (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, data TEXT, timestamp INTEGER, media_wa_type TEXT, remote_resource TEXT);
CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, message_table_id INTEGER, subject TEXT, creation INTEGER, last_read_message_table_id INTEGER, last_read_receipt_sent_message_table_id INTEGER, archived INTEGER, sort_timestamp INTEGER, mod_tag INTEGER, gen REAL, my_messages INTEGER, plaintext_disabled BOOLEAN, last_message_table_id INTEGER, unseen_message_count INTEGER, unseen_missed_calls_count INTEGER, unseen_row_count INTEGER);
CREATE TABLE group_participants (_id INTEGER PRIMARY KEY AUTOINCREMENT, gjid TEXT NOT NULL, jid TEXT NOT NULL, admin INTEGER, pending INTEGER, sent_sender_key INTEGER);
CREATE UNIQUE INDEX group_participants_index ON group_participants (gjid, jid);
CREATE TABLE receipts (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_id TEXT NOT NULL, remote_resource TEXT, receipt_device_timestamp INTEGER, read_device_timestamp INTEGER, played_device_timestamp INTEGER);
`;

const WADB_SCHEMA = `
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,jid TEXT NOT NULL,is_whatsapp_user BOOLEAN NOT NULL,status TEXT,status_timestamp INTEGER,number TEXT,raw_contact_id INTEGER,display_name TEXT,phone_type INTEGER,phone_label TEXT,unseen_msg_count INTEGER,photo_ts INTEGER,thumb_ts INTEGER,photo_id_timestamp INTEGER,given_name TEXT,family_name TEXT,wa_name TEXT,sort_name TEXT,nickname TEXT,company TEXT,title TEXT,status_autodownload_disabled INTEGER,keep_timestamp INTEGER,is_spam_reported INTEGER,is_sidelist_synced BOOLEAN DEFAULT 0,is_business_synced BOOLEAN DEFAULT 0,disappearing_mode_duration INTEGER,disappearing_mode_timestamp LONG,history_sync_initial_phash TEXT);
CREATE INDEX wa_contacts_jid_index ON wa_contacts (jid);
CREATE TABLE wa_vnames (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, serial INTEGER, issuer TEXT, expires INTEGER, verified_name TEXT, industry TEXT, city TEXT, country TEXT, verified_level INTEGER, identity_unconfirmed_since INTEGER, host_storage INTEGER, actual_actors INTEGER, privacy_mode_ts INTEGER);
CREATE TABLE wa_group_admin_settings (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT UNIQUE, creator_jid TEXT);
CREATE TABLE android_metadata (locale TEXT);
`;

export interface WaMedia {
  mime: string;
  /** Path relative to WhatsApp's media folder, as the app stores it. */
  path: string;
  size: number;
  /** Base64 SHA-256 of the plaintext file (file_hash). */
  hash: string;
  name?: string | null;
  durationS?: number | null;
}

export interface WaMessage {
  id: number;
  chatId: number;
  fromMe: boolean;
  /** Sender JID of an incoming group message. */
  senderJid?: string | null;
  timestampMs: number;
  /** received_timestamp (default: the time for outgoing rows, 1.2 s later for incoming ones). */
  receivedMs?: number;
  /** message_type (legacy media_wa_type): 0 text, 1 image, 2 audio, 3 video, 7 system, 9 document, 15 revoked … */
  type: number;
  text?: string | null;
  status?: number;
  media?: WaMedia | null;
  location?: { lat: number; lon: number; place?: string | null } | null;
  /** message_system.action_type for type 7. */
  systemAction?: number | null;
  revokedAtMs?: number | null;
  quoted?: { keyId: string; text: string | null } | null;
  walOnly?: boolean;
  keyId?: string;
}

export interface WaChat {
  id: number;
  jid: string;
  subject?: string | null;
  createdMs?: number | null;
  /** Member JIDs of a group (the owner is not listed). */
  members?: string[];
}

export interface WaCall {
  id: number;
  jid: string;
  fromMe: boolean;
  timestampMs: number;
  durationS: number;
  video: boolean;
  /** call_result: 5 answered, 4 missed, 2 rejected, 3 unavailable. */
  result: number;
  groupJid?: string | null;
  participants?: string[];
  walOnly?: boolean;
}

export interface WaContactRow {
  jid: string;
  number?: string | null;
  displayName?: string | null;
  waName?: string | null;
  status?: string | null;
  rawContactId?: number | null;
  isWhatsAppUser?: boolean;
}

export interface MsgstoreData {
  schema?: 'modern' | 'legacy';
  chats: WaChat[];
  messages: WaMessage[];
  calls?: WaCall[];
  /** LID ↔ phone-number JID pairs (jid_map). */
  lidMap?: Array<{ lid: string; jid: string }>;
  pushName?: string | null;
}

/** The message key_id WhatsApp would have generated (deterministic here). */
export function waKeyId(id: number, fromMe: boolean): string {
  const h = createHash('sha1').update(`wa-key-${id}`).digest('hex').toUpperCase();
  return fromMe ? `3EB0${h.slice(0, 16)}` : h.slice(0, 20);
}

function jidParts(jid: string): { user: string; server: string; type: number } {
  const at = jid.lastIndexOf('@');
  const user = at >= 0 ? jid.slice(0, at) : jid;
  const server = at >= 0 ? jid.slice(at + 1) : 's.whatsapp.net';
  const type = server === 'g.us' ? 1 : server === 'broadcast' ? 5 : 0;
  return { user, server, type };
}

function writeModern(db: Database.Database, data: MsgstoreData): (tail: Database.Database) => void {
  db.exec(MODERN_SCHEMA);
  const insJid = db.prepare(
    'INSERT INTO jid(user, server, agent, device, type, raw_string) VALUES (?, ?, 0, 0, ?, ?)',
  );
  const jidIds = new Map<string, number>();
  const jidId = (jid: string): number => {
    let id = jidIds.get(jid);
    if (id === undefined) {
      const p = jidParts(jid);
      id = Number(insJid.run(p.user, p.server, p.type, jid).lastInsertRowid);
      jidIds.set(jid, id);
    }
    return id;
  };
  db.prepare("INSERT INTO props(key, value) VALUES ('user_push_name', ?)").run(data.pushName ?? '');
  db.prepare("INSERT INTO props(key, value) VALUES ('db_migration_status', '1')").run();
  const chats = new Map(data.chats.map((c) => [c.id, c]));
  const insChat = db.prepare(
    `INSERT INTO chat(_id, jid_row_id, hidden, subject, created_timestamp, archived, sort_timestamp,
      unseen_message_count, plaintext_disabled, group_type, chat_origin, group_member_count)
     VALUES (?, ?, 0, ?, ?, 0, ?, 0, 1, 0, 'general', ?)`,
  );
  const insMember = db.prepare(
    'INSERT INTO group_participant_user(group_jid_row_id, user_jid_row_id, rank, pending) VALUES (?, ?, ?, 0)',
  );
  const lastAt = new Map<number, number>();
  for (const x of data.messages)
    if (x.timestampMs > (lastAt.get(x.chatId) ?? 0)) lastAt.set(x.chatId, x.timestampMs);
  for (const c of data.chats) {
    const jr = jidId(c.jid);
    const last = Math.max(lastAt.get(c.id) ?? 0, c.createdMs ?? 0);
    insChat.run(
      c.id,
      jr,
      c.subject ?? null,
      c.createdMs ?? null,
      last,
      c.members ? c.members.length + 1 : null,
    );
    if (c.members) {
      // the owner's own membership: no user jid row (as the legacy table's empty jid)
      insMember.run(jr, 0, 2);
      for (const m of c.members) insMember.run(jr, jidId(m), 0);
    }
  }
  for (const p of data.lidMap ?? []) {
    const lid = jidId(p.lid);
    db.prepare('INSERT INTO jid_map(lid_row_id, jid_row_id, sort_id) VALUES (?, ?, ?)').run(
      lid,
      jidId(p.jid),
      lid,
    );
  }
  const insMsg = db.prepare(
    `INSERT INTO message(_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, broadcast,
      recipient_count, origination_flags, origin, timestamp, received_timestamp,
      receipt_server_timestamp, message_type, text_data, starred, lookup_tables, sort_id,
      message_add_on_flags, view_mode)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, 0, ?, ?, ?, ?, ?, 0, 0, ?, 0, 0)`,
  );
  const insMedia = db.prepare(
    `INSERT INTO message_media(message_row_id, chat_row_id, autotransfer_retry_enabled, transferred,
      transcoded, file_path, file_size, suspicious_content, media_key_timestamp, width, height,
      direct_path, message_url, mime_type, file_length, media_name, file_hash, media_duration,
      page_count, enc_file_hash)
     VALUES (?, ?, 1, 1, 0, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  const insLocation = db.prepare(
    'INSERT INTO message_location(message_row_id, chat_row_id, latitude, longitude, place_name, map_download_status) VALUES (?, ?, ?, ?, ?, 2)',
  );
  const insSystem = db.prepare(
    'INSERT INTO message_system(message_row_id, action_type) VALUES (?, ?)',
  );
  const insRevoked = db.prepare(
    'INSERT INTO message_revoked(message_row_id, revoked_key_id, admin_jid_row_id, revoke_timestamp) VALUES (?, ?, NULL, ?)',
  );
  const insQuoted = db.prepare(
    `INSERT INTO message_quoted(message_row_id, chat_row_id, parent_message_chat_row_id, from_me, key_id, timestamp, message_type, origin, text_data)
     VALUES (?, ?, ?, 0, ?, ?, 0, 0, ?)`,
  );
  const write = (m: WaMessage) => {
    const chat = chats.get(m.chatId);
    const group = chat?.jid.endsWith('@g.us') ?? false;
    const key = m.keyId ?? waKeyId(m.id, m.fromMe);
    insMsg.run(
      m.id,
      m.chatId,
      m.fromMe ? 1 : 0,
      key,
      !m.fromMe && group && m.senderJid ? jidId(m.senderJid) : 0,
      m.status ?? (m.fromMe ? 13 : 0),
      m.fromMe && group ? (chat?.members?.length ?? 0) : 0,
      m.timestampMs,
      m.receivedMs ?? (m.fromMe ? m.timestampMs : m.timestampMs + 1200),
      m.fromMe ? m.timestampMs + 800 : -1,
      m.type,
      m.text ?? null,
      m.id,
    );
    if (m.media) {
      const md = m.media;
      insMedia.run(
        m.id,
        m.chatId,
        md.path,
        md.size,
        Math.floor(m.timestampMs / 1000),
        md.mime.startsWith('image/') ? 1600 : 0,
        md.mime.startsWith('image/') ? 1200 : 0,
        `/v/t62.7118-24/${key.toLowerCase()}?ccb=11-4`,
        `https://mmg.whatsapp.net/v/t62.7118-24/${key.toLowerCase()}.enc`,
        md.mime,
        md.size,
        md.name ?? null,
        md.hash,
        md.durationS ?? 0,
        createHash('sha256').update(`enc:${md.hash}`).digest('base64'),
      );
    }
    if (m.location)
      insLocation.run(m.id, m.chatId, m.location.lat, m.location.lon, m.location.place ?? null);
    if (m.systemAction !== undefined && m.systemAction !== null)
      insSystem.run(m.id, m.systemAction);
    if (m.revokedAtMs) insRevoked.run(m.id, key, m.revokedAtMs);
    if (m.quoted)
      insQuoted.run(m.id, m.chatId, m.chatId, m.quoted.keyId, m.timestampMs - 1000, m.quoted.text);
  };
  for (const m of data.messages) if (!m.walOnly) write(m);
  const insCall = db.prepare(
    `INSERT INTO call_log(_id, jid_row_id, from_me, call_id, transaction_id, timestamp, video_call,
      duration, call_result, bytes_transferred, group_jid_row_id, is_joinable_group_call,
      call_creator_device_jid_row_id, call_type)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0)`,
  );
  const insPart = db.prepare(
    'INSERT INTO call_log_participant_v2(call_log_row_id, jid_row_id, call_result) VALUES (?, ?, ?)',
  );
  const writeCall = (c: WaCall) => {
    const jr = jidId(c.jid);
    insCall.run(
      c.id,
      jr,
      c.fromMe ? 1 : 0,
      createHash('md5').update(`call-${c.id}`).digest('hex').toUpperCase(),
      c.id * 7 + 3,
      c.timestampMs,
      c.video ? 1 : 0,
      c.durationS,
      c.result,
      c.durationS * (c.video ? 48_000 : 6_000),
      c.groupJid ? jidId(c.groupJid) : 0,
      c.fromMe ? 0 : jr,
    );
    for (const p of c.participants ?? []) insPart.run(c.id, jidId(p), c.result);
  };
  for (const c of data.calls ?? []) if (!c.walOnly) writeCall(c);
  return (tail) => {
    // the WAL tail runs on the same connection: statements above stay valid
    void tail;
    for (const m of data.messages) if (m.walOnly) write(m);
    for (const c of data.calls ?? []) if (c.walOnly) writeCall(c);
  };
}

function writeLegacy(db: Database.Database, data: MsgstoreData): (tail: Database.Database) => void {
  db.exec(LEGACY_SCHEMA);
  db.prepare("INSERT INTO props(key, value) VALUES ('user_push_name', ?)").run(data.pushName ?? '');
  // the app's placeholder row
  db.prepare(
    "INSERT INTO messages(_id, key_remote_jid, key_from_me, key_id, status, needs_push, data, timestamp, media_wa_type, media_size, latitude, longitude, received_timestamp, send_timestamp, receipt_server_timestamp, receipt_device_timestamp, raw_data, recipient_count) VALUES (1, '-1', 0, '-1', -1, 0, NULL, 0, '-1', 0, 0, 0, 0, 0, 0, 0, NULL, 0)",
  ).run();
  const chats = new Map(data.chats.map((c) => [c.id, c]));
  for (const c of data.chats) {
    db.prepare(
      'INSERT INTO chat_list(_id, key_remote_jid, subject, creation, archived, sort_timestamp) VALUES (?, ?, ?, ?, 0, ?)',
    ).run(c.id, c.jid, c.subject ?? null, c.createdMs ?? null, c.createdMs ?? 0);
    if (c.members) {
      db.prepare(
        "INSERT INTO group_participants(gjid, jid, admin, pending, sent_sender_key) VALUES (?, '', 2, 0, 1)",
      ).run(c.jid);
      for (const m of c.members)
        db.prepare(
          'INSERT INTO group_participants(gjid, jid, admin, pending, sent_sender_key) VALUES (?, ?, 0, 0, 1)',
        ).run(c.jid, m);
    }
  }
  const ins = db.prepare(
    `INSERT INTO messages(_id, key_remote_jid, key_from_me, key_id, status, needs_push, data, timestamp,
      media_url, media_mime_type, media_wa_type, media_size, media_name, media_caption, media_hash,
      media_duration, origin, latitude, longitude, remote_resource, received_timestamp, send_timestamp,
      receipt_server_timestamp, receipt_device_timestamp, recipient_count, starred, quoted_row_id, forwarded)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, -1, ?, ?, ?, 0, 0, 0)`,
  );
  const write = (m: WaMessage) => {
    const chat = chats.get(m.chatId)!;
    const group = chat.jid.endsWith('@g.us');
    const md = m.media;
    const system = m.type === 7;
    ins.run(
      // row 1 is the placeholder: the app's own rows start at 2
      m.id + 1,
      chat.jid,
      m.fromMe ? 1 : 0,
      m.keyId ?? waKeyId(m.id, m.fromMe),
      system ? 6 : (m.status ?? (m.fromMe ? 13 : 0)),
      md ? (m.text ?? null) : (m.text ?? null),
      m.timestampMs,
      md ? 'https://mmg.whatsapp.net/d/f/legacy.enc' : null,
      md?.mime ?? null,
      // the column is TEXT in this schema
      String(system ? 0 : m.type),
      md?.size ?? 0,
      md?.name ?? null,
      null,
      md?.hash ?? null,
      md?.durationS ?? 0,
      m.location?.lat ?? 0,
      m.location?.lon ?? 0,
      !m.fromMe && group ? (m.senderJid ?? null) : null,
      m.fromMe ? 0 : (m.receivedMs ?? m.timestampMs + 1200),
      m.fromMe ? m.timestampMs + 800 : -1,
      m.fromMe ? m.timestampMs + 900 : -1,
      m.fromMe && group ? (chat.members?.length ?? 0) : 0,
    );
  };
  for (const m of data.messages) if (!m.walOnly) write(m);
  return () => {
    for (const m of data.messages) if (m.walOnly) write(m);
  };
}

/** Write msgstore.db at `path` (WAL mode; rows marked walOnly exist only in the -wal file). */
export function writeMsgstore(path: string, data: MsgstoreData): void {
  mkdirSync(dirname(path), { recursive: true });
  let tail: ((db: Database.Database) => void) | null = null;
  const anyWal = data.messages.some((m) => m.walOnly) || (data.calls ?? []).some((c) => c.walOnly);
  writeSqliteFile(
    path,
    (db) => {
      tail = data.schema === 'legacy' ? writeLegacy(db, data) : writeModern(db, data);
    },
    {
      userVersion: 1,
      walTail: anyWal ? (db) => tail?.(db) : undefined,
    },
  );
}

/** Write wa.db at `path`. */
export function writeWaDb(path: string, contacts: WaContactRow[], groups: WaChat[] = []): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(WADB_SCHEMA);
      db.prepare("INSERT INTO android_metadata VALUES ('en_GB')").run();
      const ins = db.prepare(
        `INSERT INTO wa_contacts(jid, is_whatsapp_user, status, status_timestamp, number, raw_contact_id,
          display_name, phone_type, phone_label, given_name, family_name, wa_name, sort_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of contacts) {
        const parts = (c.displayName ?? '').split(' ');
        ins.run(
          c.jid,
          c.isWhatsAppUser === false ? 0 : 1,
          c.status ?? null,
          c.status ? 1_700_000_000_000 : null,
          c.number ?? null,
          c.rawContactId ?? null,
          c.displayName ?? null,
          c.number ? 2 : null,
          null,
          c.displayName ? (parts[0] ?? null) : null,
          c.displayName && parts.length > 1 ? parts.slice(1).join(' ') : null,
          c.waName ?? null,
          c.displayName ?? null,
        );
      }
      for (const g of groups)
        ins.run(
          g.jid,
          1,
          null,
          null,
          null,
          null,
          g.subject ?? null,
          null,
          null,
          null,
          null,
          null,
          g.subject ?? null,
        );
    },
    { userVersion: 1 },
  );
}

function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Write the preferences file holding the registered number (digits, country code first). */
export function writeWhatsAppPreferences(
  path: string,
  digits: string,
  pushName: string | null,
  cc: string,
): void {
  mkdirSync(dirname(path), { recursive: true });
  const lines = [
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>",
    '<map>',
    `    <string name="registration_jid">${xmlEscape(digits)}</string>`,
    `    <string name="cc">${xmlEscape(cc)}</string>`,
    `    <string name="ph">${xmlEscape(digits.slice(cc.length))}</string>`,
    ...(pushName ? [`    <string name="push_name">${xmlEscape(pushName)}</string>`] : []),
    '    <boolean name="registration_success" value="true" />',
    '    <int name="registration_state" value="3" />',
    '</map>',
    '',
  ];
  writeFileSync(path, lines.join('\n'));
}

/** The JID a synthetic party has on WhatsApp (phone-number JID unless the value is a JID). */
export function partyJid(p: GenParty): string {
  if (p.written.includes('@')) return p.written;
  const v = p.key.slice(p.key.indexOf(':') + 1);
  if (p.key.startsWith('whatsapp:')) return v;
  const digits = (p.key.startsWith('phone:') ? v : p.written).replace(/\D/g, '');
  return `${digits}@s.whatsapp.net`;
}

function groupJid(t: GenThread): string {
  const w = t.groupId?.written ?? '';
  if (w.endsWith('@g.us')) return w;
  const v = t.groupId?.key.startsWith('whatsapp:') ? t.groupId.key.slice(9) : '';
  if (v.endsWith('@g.us')) return v;
  return `1203630${String(100_000_000 + t.id)}@g.us`;
}

function messageTypeFor(mime: string): number {
  if (mime.startsWith('image/')) return mime === 'image/gif' ? 13 : 1;
  if (mime.startsWith('audio/')) return 2;
  if (mime.startsWith('video/')) return 3;
  return 9;
}

const MEDIA_FOLDERS: Record<number, string> = {
  1: 'WhatsApp Images',
  2: 'WhatsApp Voice Notes',
  3: 'WhatsApp Video',
  9: 'WhatsApp Documents',
  13: 'WhatsApp Animated Gifs',
};

function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Everything a device's WhatsApp holds, in the writer's terms, with the parse counts it implies. */
export function whatsappContent(device: GenDevice): {
  msgstore: MsgstoreData;
  contacts: WaContactRow[];
  groups: WaChat[];
  counts: Record<string, number>;
  /** GenMessage ids written with their content (revoked rows keep none). */
  writtenMessages: number[];
  /** GenContact ids written to wa.db. */
  writtenContacts: number[];
} {
  const threads = device.threads.filter(
    (t) => t.app === 'whatsapp' && !t.deleted && t.participants.length > 0,
  );
  const byId = new Map(threads.map((t) => [t.id, t]));
  const chats: WaChat[] = [];
  const lids = new Map<string, string>();
  const noteLid = (p: GenParty) => {
    if (p.lid) lids.set(p.lid, partyJid(p));
  };
  for (const t of threads) {
    for (const p of t.participants) noteLid(p);
    if (t.isGroup) {
      chats.push({
        id: t.id,
        jid: groupJid(t),
        subject: t.name ?? null,
        members: t.participants.map((p) => p.lid ?? partyJid(p)),
      });
    } else {
      chats.push({ id: t.id, jid: partyJid(t.participants[0]!), subject: null });
    }
  }
  const messages: WaMessage[] = [];
  let media = 0;
  let nextExtra = 1 + device.messages.reduce((m, x) => Math.max(m, x.id), 0);
  const firstAt = new Map<number, number>();
  for (const m of device.messages) {
    if (!byId.has(m.threadId)) continue;
    if (!firstAt.has(m.threadId) || m.at < firstAt.get(m.threadId)!) firstAt.set(m.threadId, m.at);
  }
  for (const c of chats) c.createdMs = (firstAt.get(c.id) ?? 1_700_000_000_000) - 3_600_000;
  for (const m of device.messages) {
    const t = byId.get(m.threadId);
    if (!t) continue;
    const senderJid =
      m.direction === 'incoming' && t.isGroup && m.from ? (m.from.lid ?? partyJid(m.from)) : null;
    if (m.from) noteLid(m.from);
    const [first, ...more] = m.attachments ?? [];
    const mediaFor = (
      a: NonNullable<typeof first>,
      at: number,
    ): { type: number; media: WaMedia } => {
      const type = messageTypeFor(a.mime);
      const bytes = a.bytes ?? Buffer.from(`${device.id}:${a.id}:${a.filename}`);
      const ext = a.filename.includes('.') ? a.filename.slice(a.filename.lastIndexOf('.')) : '';
      const prefix = { 1: 'IMG', 2: 'PTT', 3: 'VID', 9: 'DOC', 13: 'VID' }[type] ?? 'DOC';
      media++;
      return {
        type,
        media: {
          mime: a.mime,
          path: `Media/${MEDIA_FOLDERS[type] ?? 'WhatsApp Documents'}/${m.direction === 'outgoing' ? 'Sent/' : ''}${prefix}-${ymd(at)}-WA${String(a.id % 10000).padStart(4, '0')}${ext}`,
          size: a.bytes ? a.bytes.length : 20_000 + ((a.id * 7919) % 900_000),
          hash: createHash('sha256').update(bytes).digest('base64'),
          name: type === 9 ? a.filename : null,
          durationS: a.durationS ?? null,
        },
      };
    };
    const fm = first ? mediaFor(first, m.at) : null;
    messages.push({
      id: m.id,
      chatId: m.threadId,
      fromMe: m.direction === 'outgoing',
      senderJid,
      timestampMs: m.direction === 'incoming' ? m.at - 1200 : m.at,
      receivedMs: m.at,
      type: m.deleted ? 15 : (fm?.type ?? 0),
      text: m.deleted ? null : m.body,
      status: m.direction === 'outgoing' ? (m.read === false ? 5 : 13) : 0,
      media: m.deleted ? null : (fm?.media ?? null),
      revokedAtMs: m.deleted ? m.at + 60_000 : null,
      walOnly: m.walOnly,
    });
    if (m.deleted && fm) media--;
    if (!m.deleted)
      more.forEach((a, i) => {
        const x = mediaFor(a, m.at);
        messages.push({
          id: nextExtra++,
          chatId: m.threadId,
          fromMe: m.direction === 'outgoing',
          senderJid,
          timestampMs: (m.direction === 'incoming' ? m.at - 1200 : m.at) + i + 1,
          receivedMs: m.at + i + 1,
          type: x.type,
          text: null,
          media: x.media,
          walOnly: m.walOnly,
        });
      });
  }
  for (const l of device.lidMap ?? []) lids.set(partyJid(l.lid), partyJid(l.phoneJid));
  messages.sort((a, b) => a.id - b.id);
  const calls: WaCall[] = device.calls
    .filter((c) => c.app === 'whatsapp' && !c.deleted)
    .map((c) => {
      noteLid(c.party);
      return {
        id: c.id,
        jid: partyJid(c.party),
        fromMe: c.direction === 'outgoing',
        timestampMs: c.at,
        durationS: c.status === 'answered' ? c.durationS : 0,
        video: !!c.video,
        result: c.status === 'answered' ? 5 : c.status === 'rejected' ? 2 : 4,
        walOnly: c.walOnly,
      };
    });
  // wa.db: address-book contacts on WhatsApp, then everyone else the app has talked to
  const contacts: WaContactRow[] = [];
  const writtenContacts: number[] = [];
  const seen = new Set<string>();
  for (const c of device.contacts) {
    if (c.deleted) continue;
    const wa = c.entries.find((e) => e.kind === 'whatsapp');
    if (!wa) continue;
    const jid = partyJid(wa);
    if (seen.has(jid)) continue;
    seen.add(jid);
    const phone = c.entries.find((e) => e.kind === 'phone');
    contacts.push({
      jid,
      // a LID is not a phone number: only a phone-number JID implies one
      number: phone?.written ?? (jid.endsWith('@s.whatsapp.net') ? `+${jid.split('@')[0]}` : null),
      displayName: c.name,
      rawContactId: c.id,
    });
    writtenContacts.push(c.id);
  }
  const parties = [
    ...threads.flatMap((t) => t.participants),
    ...device.messages.filter((m) => byId.has(m.threadId) && m.from).map((m) => m.from!),
    ...device.calls.filter((c) => c.app === 'whatsapp').map((c) => c.party),
  ];
  for (const p of parties) {
    const jid = partyJid(p);
    if (seen.has(jid)) continue;
    seen.add(jid);
    contacts.push({ jid, waName: p.name ?? null });
  }
  const linked = contacts.filter((c) => c.number).length;
  const groups = chats.filter((c) => c.members);
  return {
    msgstore: {
      chats,
      messages,
      calls,
      lidMap: [...lids].map(([lid, jid]) => ({ lid, jid })),
      pushName: device.owner.msisdn.name ?? null,
    },
    contacts,
    groups,
    writtenMessages: device.messages
      .filter((m) => byId.has(m.threadId) && !m.deleted)
      .map((m) => m.id),
    writtenContacts,
    counts: {
      thread: chats.length,
      message: messages.length,
      media,
      call: calls.length,
      // jid_map rows, plus wa.db rows that pair a JID with a number
      'identifier-link': lids.size + linked,
      contact: contacts.length,
      'device-info': 1,
    },
  };
}

/** Writes a device's WhatsApp: msgstore.db, wa.db and the preferences with the registered number. */
export const whatsappAndroidWriter: DeviceWriter = {
  id: 'whatsapp-android',
  write(dir, device) {
    const content = whatsappContent(device);
    writeMsgstore(join(dir, MSGSTORE_PATH), content.msgstore);
    writeWaDb(join(dir, WADB_PATH), content.contacts, content.groups);
    // the registered number, when the device's owner has a phone-number WhatsApp account
    const account = [device.owner.msisdn, ...(device.owner.accounts ?? [])].find((a) =>
      /^whatsapp:\d{6,15}@s\.whatsapp\.net$/.test(a.key),
    );
    const files = [MSGSTORE_PATH];
    const wal =
      content.msgstore.messages.some((m) => m.walOnly) ||
      (content.msgstore.calls ?? []).some((c) => c.walOnly);
    if (wal) files.push(`${MSGSTORE_PATH}-wal`);
    files.push(WADB_PATH);
    const owner: string[] = [];
    const counts = { ...content.counts, 'device-info': 0 };
    if (account) {
      const digits = account.key.slice('whatsapp:'.length).split('@')[0]!;
      const cc = digits.startsWith('44') ? '44' : digits.slice(0, 2);
      writeWhatsAppPreferences(
        join(dir, WA_PREFS_PATH),
        digits,
        device.owner.msisdn.name ?? null,
        cc,
      );
      files.push(WA_PREFS_PATH);
      counts['device-info'] = 1;
      owner.push(account.key, `phone:+${digits}`);
    }
    return {
      files,
      counts,
      written: {
        messages: content.writtenMessages,
        calls: (content.msgstore.calls ?? []).map((c) => c.id),
        contacts: content.writtenContacts,
        owner,
      },
    };
  },
};
