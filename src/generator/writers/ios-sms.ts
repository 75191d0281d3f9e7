// Writes an iOS Messages database (sms.db) the way the Messages app leaves it: the real schema and
// triggers, handles, chats and their joins, times in Cocoa nanoseconds (date_read in seconds, as the
// units are mixed on real devices), iMessage text sometimes only in the typedstream attributedBody,
// deleted messages removed through the app's own triggers (their GUIDs left behind), WAL mode.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter, GenParty } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import { IOS_SMS_SCHEMA } from './ios-sms-schema.js';
import { encodeAttributedBody } from './ios-attributed-body.js';
import { cocoaNanos, cocoaSecondsInt, e164, guidFor } from './apple-values.js';

/** Where Messages keeps it in an iOS file-system extraction. */
export const IOS_SMS_PATH = 'private/var/mobile/Library/SMS/sms.db';

export type IosService = 'SMS' | 'iMessage';

export interface IosSmsHandle {
  id: number;
  address: string;
  service: IosService;
}

export interface IosSmsChat {
  id: number;
  service: IosService;
  /** 43 group, 45 one-to-one. */
  style: 43 | 45;
  /** The handle address for 1:1 chats, `chatNNN…` for groups. */
  identifier: string;
  displayName?: string;
  handleIds: number[];
  accountLogin?: string;
}

export interface IosSmsAttachment {
  id: number;
  filename: string;
  mime: string;
  totalBytes: number;
  isOutgoing: 0 | 1;
  createdMs: number;
}

export interface IosSmsMessage {
  id: number;
  chatId: number;
  handleId: number;
  service: IosService;
  isFromMe: 0 | 1;
  text: string | null;
  /** Leave `text` NULL and keep the words only in attributedBody (iOS 16+ does this often). */
  attributedOnly?: boolean;
  dateMs: number;
  /** Read time, written in integer seconds (the unit mix real devices show). */
  readMs?: number;
  deliveredMs?: number;
  account?: string;
  destinationCallerId?: string;
  itemType?: number;
  attachments?: IosSmsAttachment[];
}

export interface IosSmsData {
  /** Seed for GUIDs (the device id). */
  seed: string;
  handles: IosSmsHandle[];
  chats: IosSmsChat[];
  messages: IosSmsMessage[];
  /** Messages written, then deleted through the app's triggers: only their GUIDs remain. */
  deletedMessages?: IosSmsMessage[];
  /** Messages written only to the WAL. */
  walOnlyMessages?: IosSmsMessage[];
}

function chatGuid(c: IosSmsChat): string {
  return `${c.service};${c.style === 43 ? '+' : '-'};${c.identifier}`;
}

function insertMessage(db: Database.Database, seed: string, m: IosSmsMessage): void {
  const text = m.text;
  db.prepare(
    `INSERT INTO message (ROWID, guid, text, handle_id, service, account, account_guid, attributedBody,
       date, date_read, date_delivered, is_delivered, is_finished, is_from_me, is_read, is_sent,
       cache_has_attachments, item_type, destination_caller_id, version, type)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,10,0)`,
  ).run(
    m.id,
    guidFor(`${seed}:message:${m.id}`),
    m.attributedOnly ? null : text,
    m.handleId,
    m.service,
    m.account ?? null,
    guidFor(`${seed}:account:${m.service}`),
    text !== null ? encodeAttributedBody(text) : null,
    cocoaNanos(m.dateMs),
    m.readMs !== undefined ? cocoaSecondsInt(m.readMs) : 0,
    m.deliveredMs !== undefined ? cocoaNanos(m.deliveredMs) : 0,
    m.isFromMe === 1 || m.deliveredMs !== undefined ? 1 : 0,
    m.isFromMe,
    m.isFromMe === 0 && m.readMs !== undefined ? 1 : 0,
    m.isFromMe,
    m.attachments?.length ? 1 : 0,
    m.itemType ?? 0,
    m.destinationCallerId ?? null,
  );
  db.prepare(
    'INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?,?,?)',
  ).run(m.chatId, m.id, cocoaNanos(m.dateMs));
  for (const a of m.attachments ?? []) {
    const guid = guidFor(`${seed}:attachment:${a.id}`);
    const h = guid.replace(/-/g, '').toLowerCase();
    db.prepare(
      `INSERT INTO attachment (ROWID, guid, original_guid, created_date, filename, uti, mime_type,
         transfer_state, is_outgoing, transfer_name, total_bytes)
       VALUES (?,?,?,?,?,?,?,5,?,?,?)`,
    ).run(
      a.id,
      guid,
      guid,
      cocoaSecondsInt(a.createdMs),
      `~/Library/SMS/Attachments/${h.slice(0, 2)}/${h.slice(2, 4)}/${guid}/${a.filename}`,
      utiOf(a.mime),
      a.mime,
      a.isOutgoing,
      a.filename,
      a.totalBytes,
    );
    db.prepare('INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?,?)').run(
      m.id,
      a.id,
    );
  }
}

function utiOf(mime: string): string {
  const map: Record<string, string> = {
    'image/jpeg': 'public.jpeg',
    'image/png': 'public.png',
    'image/heic': 'public.heic',
    'video/quicktime': 'com.apple.quicktime-movie',
    'audio/amr': 'org.3gpp.adaptive-multi-rate-audio',
    'audio/x-m4a': 'com.apple.m4a-audio',
  };
  return map[mime] ?? 'public.data';
}

export function writeIosSms(path: string, data: IosSmsData): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(IOS_SMS_SCHEMA);
      const prop = db.prepare('INSERT INTO _SqliteDatabaseProperties (key, value) VALUES (?, ?)');
      prop.run('_ClientVersion', '12005');
      prop.run('counter_in_all', '0');
      prop.run('counter_out_all', '0');
      for (const h of data.handles)
        db.prepare(
          'INSERT INTO handle (ROWID, id, country, service, uncanonicalized_id) VALUES (?,?,?,?,?)',
        ).run(h.id, h.address, 'gb', h.service, h.address.replace(/^\+/, ''));
      for (const c of data.chats) {
        db.prepare(
          `INSERT INTO chat (ROWID, guid, style, state, account_id, chat_identifier, service_name,
             account_login, display_name, group_id, is_archived)
           VALUES (?,?,?,3,?,?,?,?,?,?,0)`,
        ).run(
          c.id,
          chatGuid(c),
          c.style,
          guidFor(`${data.seed}:account:${c.service}`),
          c.identifier,
          c.service,
          c.accountLogin ?? null,
          c.displayName ?? '',
          guidFor(`${data.seed}:chat:${c.id}`),
        );
        for (const h of c.handleIds)
          db.prepare('INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?,?)').run(c.id, h);
      }
      for (const m of data.messages) insertMessage(db, data.seed, m);
      // the Messages app registers these for its attachment triggers; they only delete files
      db.function('delete_attachment_path', { varargs: true }, () => null);
      db.function('before_delete_attachment_path', { varargs: true }, () => null);
      for (const m of data.deletedMessages ?? []) {
        insertMessage(db, data.seed, { ...m, attachments: [] });
        // what Messages does: remove the message from its chat; the triggers delete the row and
        // record its GUID in sync_deleted_messages and deleted_messages
        db.prepare('DELETE FROM chat_message_join WHERE message_id = ?').run(m.id);
      }
    },
    {
      walTail: data.walOnlyMessages?.length
        ? (db) => data.walOnlyMessages!.forEach((m) => insertMessage(db, data.seed, m))
        : undefined,
    },
  );
}

const SMS_APPS = new Set(['sms', 'mms', 'imessage']);

/** Writes a device's SMS, MMS and iMessage threads as sms.db. */
export const iosSmsWriter: DeviceWriter = {
  id: 'ios-sms',
  write(dir, device) {
    const threads = device.threads.filter((t) => SMS_APPS.has(t.app) && !t.deleted);
    const ownNumber = e164(device.owner.msisdn) ?? device.owner.msisdn.written;
    const data: IosSmsData = {
      seed: device.id,
      handles: [],
      chats: [],
      messages: [],
      deletedMessages: [],
      walOnlyMessages: [],
    };
    const handleIds = new Map<string, number>();
    const handleOf = (p: GenParty, service: IosService): number => {
      const k = `${service}|${p.written}`;
      let id = handleIds.get(k);
      if (id === undefined) {
        id = data.handles.length + 1;
        handleIds.set(k, id);
        data.handles.push({ id, address: p.written, service });
      }
      return id;
    };
    const chatOf = new Map<number, IosSmsChat>();
    for (const t of threads) {
      const service: IosService = t.app === 'imessage' ? 'iMessage' : 'SMS';
      const group = t.isGroup || t.participants.length > 1;
      const chat: IosSmsChat = {
        id: t.id,
        service,
        style: group ? 43 : 45,
        identifier: group ? `chat${100000000 + t.id * 7919}` : (t.participants[0]?.written ?? ''),
        displayName: group ? t.name : undefined,
        handleIds: t.participants.map((p) => handleOf(p, service)),
        accountLogin: service === 'iMessage' ? `P:${ownNumber}` : 'E:',
      };
      chatOf.set(t.id, chat);
      data.chats.push(chat);
    }
    let media = 0;
    for (const m of device.messages) {
      const chat = chatOf.get(m.threadId);
      if (!chat) continue;
      const thread = threads.find((t) => t.id === m.threadId)!;
      const incoming = m.direction === 'incoming';
      const from = m.from ?? thread.participants[0];
      const handleId = incoming
        ? from
          ? handleOf(from, chat.service)
          : 0
        : chat.style === 45
          ? (chat.handleIds[0] ?? 0)
          : 0;
      const attachments = m.deleted
        ? []
        : (m.attachments ?? []).map((a) => ({
            id: a.id,
            filename: a.filename,
            mime: a.mime,
            totalBytes: a.bytes?.length ?? 0,
            isOutgoing: (incoming ? 0 : 1) as 0 | 1,
            createdMs: m.at,
          }));
      const row: IosSmsMessage = {
        // ROWID = the device-data id (traceable to the ground truth; case-wide ids leave gaps that
        // the parser reports as possible deletions)
        id: m.id,
        chatId: chat.id,
        handleId,
        service: chat.service,
        isFromMe: incoming ? 0 : 1,
        text: m.body,
        attributedOnly: chat.service === 'iMessage' && m.id % 2 === 0,
        dateMs: m.at,
        readMs: incoming && m.read !== false ? m.at + 60_000 : undefined,
        deliveredMs: !incoming && chat.service === 'iMessage' ? m.at + 2_000 : undefined,
        account: `p:${ownNumber}`,
        destinationCallerId: ownNumber,
        attachments,
      };
      if (m.deleted) data.deletedMessages!.push(row);
      else {
        media += attachments.length;
        (m.walOnly ? data.walOnlyMessages! : data.messages).push(row);
      }
    }
    writeIosSms(join(dir, IOS_SMS_PATH), data);
    const written = data.messages.length + data.walOnlyMessages!.length;
    return {
      files: [IOS_SMS_PATH, ...(data.walOnlyMessages!.length ? [`${IOS_SMS_PATH}-wal`] : [])],
      counts: {
        thread: data.chats.length,
        message: written,
        media,
        'device-info': written > 0 || data.chats.some((c) => c.service === 'iMessage') ? 1 : 0,
      },
    };
  },
};
