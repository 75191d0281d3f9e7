// Writes Telegram Android's cache4.db as the app leaves it in a file-system extraction: messages_v2
// rows whose `data` is a TL-serialised message (text, sender and dialog peers, media flag),
// service messages, users with TL user records (the account's own user flagged self), basic-group
// chats, dialogs, an empty enc_chats table, and rows that exist only in the WAL. Tables and
// columns as ALEAPP telegramAndroid.py reads them (docs/formats.md §2.1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter, GenParty } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import { tlChat, tlChatCreated, tlMessage, tlUser } from './telegram-tl.js';

export const CACHE4_PATH = 'data/data/org.telegram.messenger/files/cache4.db';
/** Account slot 0 (the client spells it so); slots 1–3 are userconfig1..3.xml. */
export const TG_USERCONFIG_PATH = 'data/data/org.telegram.messenger/shared_prefs/userconfing.xml';

/** A shared_prefs file with the signed-in user as a base64 TL user record, as the client writes it. */
export function writeTelegramUserConfig(path: string, user: Buffer | null): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" +
      '    <boolean name="registeredForPush" value="true" />\n' +
      '    <int name="lastContactsSyncTime" value="1719820800" />\n' +
      (user ? `    <string name="user">${user.toString('base64')}</string>\n` : '') +
      '</map>\n',
  );
}

export const CACHE4_SCHEMA = `
CREATE TABLE messages_v2(mid INTEGER, uid INTEGER, read_state INTEGER, send_state INTEGER, date INTEGER, data BLOB, out INTEGER, ttl INTEGER, media INTEGER, replydata BLOB, imp INTEGER, mention INTEGER, forwards INTEGER, replies_data BLOB, thread_reply_id INTEGER, is_channel INTEGER, reply_to_message_id INTEGER, custom_params BLOB, group_id INTEGER, reply_to_story_id INTEGER, PRIMARY KEY(mid, uid));
CREATE INDEX uid_mid_read_out_idx_messages_v2 ON messages_v2(uid, mid, read_state, out);
CREATE INDEX uid_date_mid_idx_messages_v2 ON messages_v2(uid, date, mid);
CREATE TABLE users(uid INTEGER PRIMARY KEY, name TEXT, status INTEGER, data BLOB);
CREATE TABLE chats(uid INTEGER PRIMARY KEY, name TEXT, data BLOB);
CREATE TABLE enc_chats(uid INTEGER PRIMARY KEY, user INTEGER, name TEXT, data BLOB, g BLOB, authkey BLOB, ttl INTEGER, layer INTEGER, seq_in INTEGER, seq_out INTEGER, use_count INTEGER, exchange_id INTEGER, key_date INTEGER, fprint INTEGER, fauthkey BLOB, khash BLOB, in_seq_no INTEGER, admin_id INTEGER, mtproto_seq INTEGER);
CREATE TABLE dialogs(did INTEGER PRIMARY KEY, date INTEGER, unread_count INTEGER, last_mid INTEGER, inbox_max INTEGER, outbox_max INTEGER, last_mid_i INTEGER, unread_count_i INTEGER, pts INTEGER, date_i INTEGER, pinned INTEGER, flags INTEGER, folder_id INTEGER, data BLOB, unread_reactions INTEGER, last_mid_group INTEGER, ttl_period INTEGER);
CREATE TABLE user_contacts_v7(key TEXT PRIMARY KEY, uid INTEGER, fname TEXT, sname TEXT, imported INTEGER);
CREATE TABLE user_phones_v7(key TEXT, phone TEXT, sphone TEXT, deleted INTEGER, PRIMARY KEY (key, phone));
`;

export interface Cache4Message {
  mid: number;
  uid: bigint;
  date: number;
  out: boolean;
  read?: boolean;
  data: Buffer | null;
  media?: boolean;
}

export interface Cache4Data {
  users: Array<{
    uid: bigint;
    name: string;
    status?: number;
    data: Buffer | null;
    /** The number in the TL record (for the writer's own counts; not a column). */
    phone?: string;
  }>;
  chats: Array<{ uid: bigint; name: string; data: Buffer | null }>;
  dialogs: Array<{ did: bigint; date: number; lastMid: number; folderId?: number }>;
  messages: Cache4Message[];
  /** Messages written only to the WAL. */
  walOnly?: Cache4Message[];
}

function insertMessage(db: Database.Database, m: Cache4Message): void {
  db.prepare(
    `INSERT INTO messages_v2(mid, uid, read_state, send_state, date, data, out, ttl, media, imp,
      mention, forwards, thread_reply_id, is_channel, reply_to_message_id, group_id, reply_to_story_id)
     VALUES (?,?,?,0,?,?,?,0,?,0,0,0,0,0,0,0,0)`,
  ).run(m.mid, m.uid, m.read === false ? 0 : 3, m.date, m.data, m.out ? 1 : 0, m.media ? 1 : 0);
}

/** Write cache4.db at `path` (WAL mode; `walOnly` messages only in the -wal file). */
export function writeTelegramCache4(path: string, data: Cache4Data): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(CACHE4_SCHEMA);
      for (const u of data.users)
        db.prepare('INSERT INTO users(uid, name, status, data) VALUES (?,?,?,?)').run(
          u.uid,
          u.name,
          u.status ?? 0,
          u.data,
        );
      for (const c of data.chats)
        db.prepare('INSERT INTO chats(uid, name, data) VALUES (?,?,?)').run(c.uid, c.name, c.data);
      for (const d of data.dialogs)
        db.prepare(
          `INSERT INTO dialogs(did, date, unread_count, last_mid, inbox_max, outbox_max, pinned, flags, folder_id)
           VALUES (?,?,0,?,?,?,0,0,?)`,
        ).run(d.did, d.date, d.lastMid, d.lastMid, d.lastMid, d.folderId ?? 0);
      for (const m of data.messages) insertMessage(db, m);
    },
    {
      walTail: data.walOnly?.length
        ? (db) => data.walOnly!.forEach((m) => insertMessage(db, m))
        : undefined,
    },
  );
}

/** A Telegram id as a device writes it (`700000002`, `-400000005`) → bigint. */
function tgId(p: GenParty): bigint | null {
  const v = p.key.startsWith('telegram:') ? p.key.slice(9) : p.written;
  return /^-?\d+$/.test(v) ? BigInt(v) : null;
}

/** Digits of a phone key as Telegram stores a user's number (international, no plus). */
function tgPhone(key: string | undefined): string | undefined {
  return key?.startsWith('phone:+') ? key.slice(7) : undefined;
}

/**
 * Writes a device's Telegram chats (1:1 and basic groups) as cache4.db. A group's first row is the
 * service message that created it; deleted messages are gone, as on a phone.
 */
export const telegramAndroidWriter: DeviceWriter = {
  id: 'telegram-android',
  write(dir, device) {
    const threads = device.threads.filter((t) => t.app === 'telegram' && !t.deleted);
    const self = device.owner.accounts?.find((a) => a.key.startsWith('telegram:'));
    const selfId = self ? tgId(self) : null;
    const users = new Map<bigint, Cache4Data['users'][number]>();
    const phoneOf = (p: GenParty): string | undefined => {
      for (const c of device.contacts)
        if (c.entries.some((e) => e.key === p.key))
          return tgPhone(c.entries.find((e) => e.kind === 'phone')?.key);
      return undefined;
    };
    const addUser = (id: bigint, first: string, phone: string | undefined, isSelf = false) => {
      if (users.has(id)) return;
      users.set(id, {
        uid: id,
        name: first.toLowerCase(),
        status: isSelf ? 0 : 1_700_000_000,
        phone,
        data: tlUser({
          id,
          self: isSelf,
          contact: !isSelf,
          accessHash: id * 7919n,
          firstName: first,
          phone,
        }),
      });
    };
    if (selfId !== null)
      addUser(selfId, self?.name ?? 'Me', tgPhone(device.owner.msisdn.key), true);
    const chats: Cache4Data['chats'] = [];
    const dialogs: Cache4Data['dialogs'] = [];
    const messages: Cache4Message[] = [];
    const walOnly: Cache4Message[] = [];
    const written: number[] = [];
    for (const t of threads) {
      for (const p of t.participants) {
        const id = tgId(p);
        if (id !== null) addUser(id, p.name ?? p.written, phoneOf(p));
      }
      const groupId = t.isGroup && t.groupId ? tgId(t.groupId) : null;
      const single = !t.isGroup && t.participants[0] ? tgId(t.participants[0]) : null;
      const did = groupId !== null ? groupId : single;
      if (did === null) continue;
      const peer =
        groupId !== null
          ? { kind: 'chat' as const, id: -groupId }
          : { kind: 'user' as const, id: did };
      const msgs = device.messages.filter((m) => m.threadId === t.id && !m.deleted);
      if (groupId !== null) {
        const members = t.participants.map(tgId).filter((x): x is bigint => x !== null);
        const first = msgs[0]?.at ?? Date.UTC(2024, 0, 1);
        chats.push({
          uid: -groupId,
          name: (t.name ?? '').toLowerCase(),
          data: tlChat({
            id: -groupId,
            title: t.name ?? '',
            count: members.length + 1,
            date: Math.floor(first / 1000) - 3600,
          }),
        });
        const creator = members[0];
        if (creator !== undefined && selfId !== null) {
          // the service message that created the group: a record, but not a planted message
          messages.push({
            mid: 1_000_000 + t.id,
            uid: did,
            date: Math.floor(first / 1000) - 3600,
            out: false,
            data: tlChatCreated({
              id: 1_000_000 + t.id,
              out: false,
              from: { kind: 'user', id: creator },
              peer: { kind: 'chat', id: -groupId },
              date: Math.floor(first / 1000) - 3600,
              title: t.name ?? '',
              users: [creator, selfId, ...members.slice(1)],
            }),
          });
        }
      }
      let last = 0;
      let lastMid = 0;
      for (const m of msgs) {
        const out = m.direction === 'outgoing';
        const sender = out ? selfId : m.from ? tgId(m.from) : tgId(t.participants[0]!);
        const date = Math.floor(m.at / 1000);
        const media = (m.attachments?.length ?? 0) > 0;
        const row: Cache4Message = {
          mid: m.id,
          uid: did,
          date,
          out,
          read: m.read,
          media,
          data: tlMessage({
            id: m.id,
            out,
            from: sender !== null ? { kind: 'user', id: sender } : null,
            peer,
            date,
            text: m.body ?? '',
            media,
          }),
        };
        written.push(m.id);
        (m.walOnly ? walOnly : messages).push(row);
        if (date >= last) [last, lastMid] = [date, m.id];
      }
      dialogs.push({ did, date: last, lastMid });
    }
    const selfUser = selfId !== null ? users.get(selfId) : undefined;
    if (selfUser) writeTelegramUserConfig(join(dir, TG_USERCONFIG_PATH), selfUser.data);
    writeTelegramCache4(join(dir, CACHE4_PATH), {
      users: [...users.values()],
      chats,
      dialogs,
      messages,
      walOnly,
    });
    const others = [...users.values()].filter((u) => u.uid !== selfId);
    const withPhone = others.filter((u) => u.phone).length;
    return {
      files: [
        CACHE4_PATH,
        ...(walOnly.length ? [`${CACHE4_PATH}-wal`] : []),
        ...(selfUser ? [TG_USERCONFIG_PATH] : []),
      ],
      counts: {
        thread: dialogs.length,
        message: messages.length + walOnly.length,
        contact: others.length,
        'identifier-link': withPhone,
        // the own user in cache4.db, and the account slot in shared_prefs
        'device-info': selfId !== null ? 2 : 0,
      },
      written: {
        messages: written,
        owner: [
          ...(self ? [self.key] : []),
          ...(selfId !== null && device.owner.msisdn.key.startsWith('phone:')
            ? [device.owner.msisdn.key]
            : []),
        ],
      },
    };
  },
};
