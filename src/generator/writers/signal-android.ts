// Writes Signal Android's signal.db as a decrypted extraction holds it (tables `message`,
// `recipient`, `thread`, with the columns ALEAPP signalAndroid.py reads; docs/formats.md §2.1), or,
// as the phone keeps it, an opaque SQLCipher-style file: random-looking pages with no SQLite header.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { writeSqliteFile } from './sqlite-file.js';

export const SIGNAL_PATH = 'data/data/org.thoughtcrime.securesms/databases/signal.db';

export const SIGNAL_SCHEMA = `
CREATE TABLE recipient (_id INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER DEFAULT 0, e164 TEXT UNIQUE DEFAULT NULL, aci TEXT UNIQUE DEFAULT NULL, pni TEXT UNIQUE DEFAULT NULL, username TEXT UNIQUE DEFAULT NULL, email TEXT UNIQUE DEFAULT NULL, group_id TEXT UNIQUE DEFAULT NULL, system_joined_name TEXT DEFAULT NULL, profile_joined_name TEXT DEFAULT NULL, blocked INTEGER DEFAULT 0);
CREATE TABLE thread (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, meaningful_messages INTEGER DEFAULT 0, recipient_id INTEGER NOT NULL UNIQUE REFERENCES recipient (_id) ON DELETE CASCADE, read INTEGER DEFAULT 1, snippet TEXT, archived INTEGER DEFAULT 0);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, date_sent INTEGER NOT NULL, date_received INTEGER NOT NULL, date_server INTEGER DEFAULT -1, thread_id INTEGER NOT NULL REFERENCES thread (_id) ON DELETE CASCADE, from_recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, from_device_id INTEGER, to_recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, type INTEGER NOT NULL, body TEXT, read INTEGER DEFAULT 0, remote_deleted INTEGER DEFAULT 0, view_once INTEGER DEFAULT 0, expires_in INTEGER DEFAULT 0, quote_id INTEGER DEFAULT 0, quote_author INTEGER DEFAULT 0, quote_body TEXT DEFAULT NULL);
CREATE INDEX message_thread_date_index ON message (thread_id, date_received);
`;

export interface SignalRecipient {
  id: number;
  /** 0 individual, 3 group (RecipientTable.RecipientType). */
  type?: number;
  e164?: string | null;
  aci?: string | null;
  username?: string | null;
  groupId?: string | null;
  name?: string | null;
}

export interface SignalMessage {
  id: number;
  threadId: number;
  from: number;
  to: number;
  /** MessageTypes base type in the low 5 bits: 20 inbox, 21–24 outgoing, 27 draft. */
  type: number;
  sentMs: number;
  receivedMs: number;
  body: string | null;
  remoteDeleted?: boolean;
}

export interface SignalData {
  recipients: SignalRecipient[];
  threads: Array<{ id: number; recipientId: number }>;
  messages: SignalMessage[];
}

export function writeSignalDb(path: string, data: SignalData): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(SIGNAL_SCHEMA);
      for (const r of data.recipients)
        db.prepare(
          'INSERT INTO recipient(_id, type, e164, aci, username, group_id, system_joined_name) VALUES (?,?,?,?,?,?,?)',
        ).run(
          r.id,
          r.type ?? 0,
          r.e164 ?? null,
          r.aci ?? null,
          r.username ?? null,
          r.groupId ?? null,
          r.name ?? null,
        );
      for (const t of data.threads)
        db.prepare('INSERT INTO thread(_id, recipient_id) VALUES (?,?)').run(t.id, t.recipientId);
      for (const m of data.messages)
        db.prepare(
          `INSERT INTO message(_id, date_sent, date_received, thread_id, from_recipient_id, from_device_id,
            to_recipient_id, type, body, read, remote_deleted) VALUES (?,?,?,?,?,1,?,?,?,1,?)`,
        ).run(
          m.id,
          m.sentMs,
          m.receivedMs,
          m.threadId,
          m.from,
          m.to,
          m.type,
          m.body,
          m.remoteDeleted ? 1 : 0,
        );
    },
    { userVersion: 200 },
  );
}

/** An encrypted signal.db as the phone keeps it: no SQLite header, pseudo-random pages. */
export function writeEncryptedSignalDb(path: string, pages = 4): void {
  mkdirSync(dirname(path), { recursive: true });
  const out: Buffer[] = [];
  for (let i = 0; i < pages * 128; i++)
    out.push(createHash('sha256').update(`signal-page-${i}`).digest());
  writeFileSync(path, Buffer.concat(out));
}
