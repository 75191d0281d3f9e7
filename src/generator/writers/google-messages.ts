// Writes Google Messages' bugle_db as the app leaves it: the AOSP Messaging tables (conversations,
// messages, parts, participants, conversation_participants; DatabaseHelper.java, Apache-2.0) with
// the newer parts columns (file_size_bytes, local_cache_path), the parts timestamp trigger, a self
// participant per SIM, and rows that exist only in the WAL.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter, GenParty } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';

/** Where Google Messages keeps it in an Android file-system extraction. */
export const BUGLE_PATH = 'data/data/com.google.android.apps.messaging/databases/bugle_db';

/** ParticipantData.OTHER_THAN_SELF_SUB_ID: the sub_id of every participant who is not the user. */
export const OTHER_THAN_SELF_SUB_ID = -2;

/** The AOSP Messaging schema (DatabaseHelper.java) plus the parts columns newer versions add. */
export const BUGLE_SCHEMA = `
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE conversations(_id INTEGER PRIMARY KEY AUTOINCREMENT, sms_thread_id INT DEFAULT(0), name TEXT, latest_message_id INT, snippet_text TEXT, subject_text TEXT, preview_uri TEXT, preview_content_type TEXT, show_draft INT DEFAULT(0), draft_snippet_text TEXT, draft_subject_text TEXT, draft_preview_uri TEXT, draft_preview_content_type TEXT, archive_status INT DEFAULT(0), sort_timestamp INT DEFAULT(0), last_read_timestamp INT DEFAULT(0), icon TEXT, participant_contact_id INT DEFAULT ( -1), participant_lookup_key TEXT, participant_normalized_destination TEXT, current_self_id TEXT, participant_count INT DEFAULT(0), notification_enabled INT DEFAULT(1), notification_sound_uri TEXT, notification_vibration INT DEFAULT(1), include_email_addr INT DEFAULT(0), sms_service_center TEXT );
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INT, sender_id INT, sent_timestamp INT DEFAULT(0), received_timestamp INT DEFAULT(0), message_protocol INT DEFAULT(0), message_status INT DEFAULT(0), seen INT DEFAULT(0), read INT DEFAULT(0), sms_message_uri TEXT, sms_priority INT DEFAULT(0), sms_message_size INT DEFAULT(0), mms_subject TEXT, mms_transaction_id TEXT, mms_content_location TEXT, mms_expiry INT DEFAULT(0), raw_status INT DEFAULT(0), self_id INT, retry_start_timestamp INT DEFAULT(0), FOREIGN KEY (conversation_id) REFERENCES conversations(_id) ON DELETE CASCADE FOREIGN KEY (sender_id) REFERENCES participants(_id) ON DELETE SET NULL FOREIGN KEY (self_id) REFERENCES participants(_id) ON DELETE SET NULL );
CREATE TABLE parts(_id INTEGER PRIMARY KEY AUTOINCREMENT,message_id INT,text TEXT,uri TEXT,content_type TEXT,width INT DEFAULT(-1),height INT DEFAULT(-1),timestamp INT, conversation_id INT NOT NULL, file_size_bytes INT DEFAULT(-1), local_cache_path TEXT, FOREIGN KEY (message_id) REFERENCES messages(_id) ON DELETE CASCADE FOREIGN KEY (conversation_id) REFERENCES conversations(_id) ON DELETE CASCADE );
CREATE TABLE participants(_id INTEGER PRIMARY KEY AUTOINCREMENT,sub_id INT DEFAULT(-2),sim_slot_id INT DEFAULT(-1),normalized_destination TEXT,send_destination TEXT,display_destination TEXT,full_name TEXT,first_name TEXT,profile_photo_uri TEXT, contact_id INT DEFAULT( -1), lookup_key STRING, blocked INT DEFAULT(0), subscription_name TEXT, subscription_color INT DEFAULT(0), contact_destination TEXT, UNIQUE (normalized_destination, sub_id) ON CONFLICT FAIL);
CREATE TABLE conversation_participants(_id INTEGER PRIMARY KEY AUTOINCREMENT,conversation_id INT,participant_id INT,UNIQUE (conversation_id,participant_id) ON CONFLICT FAIL, FOREIGN KEY (conversation_id) REFERENCES conversations(_id) ON DELETE CASCADE FOREIGN KEY (participant_id) REFERENCES participants(_id));
CREATE INDEX index_conversations_sms_thread_id ON conversations(sms_thread_id);
CREATE INDEX index_conversations_archive_status ON conversations(archive_status);
CREATE INDEX index_conversations_sort_timestamp ON conversations(sort_timestamp);
CREATE INDEX index_messages_sort ON messages(conversation_id, message_status, received_timestamp);
CREATE INDEX index_messages_status_seen ON messages(message_status, seen);
CREATE INDEX index_parts_message_id ON parts(message_id);
CREATE INDEX index_conversation_participants_conversation_id ON conversation_participants(conversation_id);
CREATE TRIGGER parts_TRIGGER AFTER INSERT ON parts FOR EACH ROW  BEGIN UPDATE parts SET timestamp= (SELECT received_timestamp FROM messages WHERE messages._id=NEW.message_id) WHERE parts._id=NEW._id; END;
CREATE TRIGGER messages_TRIGGER AFTER UPDATE OF received_timestamp ON messages FOR EACH ROW BEGIN UPDATE parts SET timestamp = NEW.received_timestamp WHERE parts.message_id = NEW._id; END;
`;

export interface BugleParticipant {
  id: number;
  /** OTHER_THAN_SELF_SUB_ID (-2) for other people; the SIM's subscription id for the user. */
  subId: number;
  normalized: string | null;
  send?: string | null;
  display?: string | null;
  fullName?: string | null;
  subscriptionName?: string | null;
}

export interface BuglePart {
  id: number;
  contentType: string;
  text?: string | null;
  uri?: string | null;
  fileSizeBytes?: number;
  localCachePath?: string | null;
}

export interface BugleMessage {
  id: number;
  conversationId: number;
  senderId: number;
  selfId: number;
  sentMs: number;
  receivedMs: number;
  /** MessageData.PROTOCOL_*: 0 SMS, 1 MMS, 2 MMS push notification. */
  protocol: number;
  /** MessageData.BUGLE_STATUS_*: 1–9 outgoing, 100–107 incoming, 3 draft. */
  status: number;
  read?: boolean;
  subject?: string | null;
  parts: BuglePart[];
}

export interface BugleConversation {
  id: number;
  name: string | null;
  /** Participant ids, excluding the user (conversation_participants). */
  participantIds: number[];
  selfId: number;
}

export interface BugleData {
  participants: BugleParticipant[];
  conversations: BugleConversation[];
  messages: BugleMessage[];
  /** Messages (with their parts) written only to the WAL. */
  walOnly?: BugleMessage[];
}

function insertMessage(db: Database.Database, m: BugleMessage): void {
  db.prepare(
    `INSERT INTO messages(_id, conversation_id, sender_id, sent_timestamp, received_timestamp,
      message_protocol, message_status, seen, read, sms_message_uri, mms_subject, self_id)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    m.id,
    m.conversationId,
    m.senderId,
    m.sentMs,
    m.receivedMs,
    m.protocol,
    m.status,
    1,
    m.read === false ? 0 : 1,
    `content://${m.protocol === 0 ? 'sms' : 'mms'}/${m.id}`,
    m.subject ?? null,
    m.selfId,
  );
  for (const p of m.parts)
    db.prepare(
      `INSERT INTO parts(_id, message_id, text, uri, content_type, conversation_id, file_size_bytes,
        local_cache_path) VALUES (?,?,?,?,?,?,?,?)`,
    ).run(
      p.id,
      m.id,
      p.text ?? null,
      p.uri ?? null,
      p.contentType,
      m.conversationId,
      p.fileSizeBytes ?? -1,
      p.localCachePath ?? null,
    );
}

/** Write bugle_db at `path` (WAL mode; `walOnly` messages only in the -wal file). */
export function writeGoogleMessages(path: string, data: BugleData): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(BUGLE_SCHEMA);
      db.prepare("INSERT INTO android_metadata VALUES ('en_GB')").run();
      for (const p of data.participants)
        db.prepare(
          `INSERT INTO participants(_id, sub_id, sim_slot_id, normalized_destination, send_destination,
            display_destination, full_name, first_name, subscription_name) VALUES (?,?,?,?,?,?,?,?,?)`,
        ).run(
          p.id,
          p.subId,
          p.subId >= 0 ? 0 : -1,
          p.normalized,
          p.send ?? p.normalized,
          p.display ?? p.send ?? p.normalized,
          p.fullName ?? null,
          p.fullName?.split(' ')[0] ?? null,
          p.subscriptionName ?? null,
        );
      const byId = new Map(data.participants.map((p) => [p.id, p]));
      for (const c of data.conversations) {
        const only = c.participantIds.length === 1 ? byId.get(c.participantIds[0]!) : undefined;
        db.prepare(
          `INSERT INTO conversations(_id, sms_thread_id, name, participant_normalized_destination,
            current_self_id, participant_count) VALUES (?,?,?,?,?,?)`,
        ).run(
          c.id,
          c.id,
          c.name,
          only?.normalized ?? null,
          String(c.selfId),
          c.participantIds.length,
        );
        for (const pid of c.participantIds)
          db.prepare(
            'INSERT INTO conversation_participants(conversation_id, participant_id) VALUES (?,?)',
          ).run(c.id, pid);
      }
      for (const m of data.messages) insertMessage(db, m);
    },
    {
      userVersion: 1,
      foreignKeys: false,
      walTail: data.walOnly?.length
        ? (db) => data.walOnly!.forEach((m) => insertMessage(db, m))
        : undefined,
    },
  );
}

/** The value of a ground-truth key (`phone:+44…` → `+44…`). */
function keyValue(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/**
 * Writes a device's SMS and MMS conversations as Google Messages' bugle_db (the default SMS app on
 * many phones keeps its own copy beside mmssms.db; deleted messages are gone, as on a phone).
 */
export const googleMessagesWriter: DeviceWriter = {
  id: 'google-messages',
  write(dir, device) {
    const threads = device.threads.filter(
      (t) => (t.app === 'sms' || t.app === 'mms') && !t.deleted,
    );
    const own = device.owner.msisdn;
    const participants: BugleParticipant[] = [
      {
        id: 1,
        subId: 1,
        normalized: own.key.startsWith('phone:') ? keyValue(own.key) : own.written,
        send: own.written,
        subscriptionName: 'SIM 1',
      },
    ];
    const pidOf = new Map<string, number>();
    const participant = (p: GenParty): number => {
      let id = pidOf.get(p.key);
      if (id === undefined) {
        id = participants.length + 1;
        pidOf.set(p.key, id);
        participants.push({
          id,
          subId: OTHER_THAN_SELF_SUB_ID,
          normalized: p.key.startsWith('phone:') ? keyValue(p.key) : p.written,
          send: p.written,
          fullName: p.name ?? null,
        });
      }
      return id;
    };
    const conversations: BugleConversation[] = threads.map((t) => ({
      id: t.id,
      name: t.name ?? t.participants.map((p) => p.name ?? p.written).join(', '),
      participantIds: t.participants.map(participant),
      selfId: 1,
    }));
    const byId = new Map(threads.map((t) => [t.id, t]));
    const messages: BugleMessage[] = [];
    const walOnly: BugleMessage[] = [];
    const written: number[] = [];
    let media = 0;
    let partId = 0;
    for (const m of device.messages) {
      const t = byId.get(m.threadId);
      if (!t || m.deleted) continue;
      written.push(m.id);
      const incoming = m.direction === 'incoming';
      const mms = t.isGroup || t.app === 'mms' || (m.attachments?.length ?? 0) > 0;
      const parts: BuglePart[] = [];
      if (m.body !== null) parts.push({ id: ++partId, contentType: 'text/plain', text: m.body });
      for (const a of m.attachments ?? []) {
        media++;
        parts.push({
          id: ++partId,
          contentType: a.mime,
          uri: `content://mms/part/${a.id}`,
          fileSizeBytes: a.bytes?.length ?? 1024 * a.id,
          localCachePath: `/data/user/0/com.google.android.apps.messaging/cache/parts/${a.filename}`,
        });
      }
      const row: BugleMessage = {
        id: m.id,
        conversationId: t.id,
        senderId: incoming ? participant(m.from ?? t.participants[0]!) : 1,
        selfId: 1,
        sentMs: incoming ? m.at - 1000 : m.at,
        receivedMs: m.at,
        protocol: mms ? 1 : 0,
        status: incoming ? 100 : 1,
        read: m.read,
        parts,
      };
      (m.walOnly ? walOnly : messages).push(row);
    }
    writeGoogleMessages(join(dir, BUGLE_PATH), { participants, conversations, messages, walOnly });
    return {
      files: [BUGLE_PATH, ...(walOnly.length ? [`${BUGLE_PATH}-wal`] : [])],
      counts: {
        thread: conversations.length,
        message: messages.length + walOnly.length,
        media,
        'device-info': 1,
      },
      written: {
        messages: written,
        owner: own.key.startsWith('phone:') ? [own.key] : [],
      },
    };
  },
};
