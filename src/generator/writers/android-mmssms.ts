// Writes an Android telephony provider database (mmssms.db) with the AOSP tables the parser reads.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeviceWriter } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';

/** Where the telephony provider keeps it in an Android file-system extraction. */
export const MMSSMS_PATH = 'data/data/com.android.providers.telephony/databases/mmssms.db';

export interface MmssmsSms {
  id: number;
  threadId: number;
  address: string;
  dateMs: number;
  dateSentMs?: number;
  type: 1 | 2 | 3 | 4 | 5 | 6;
  body: string;
  read?: 0 | 1;
}

export interface MmssmsMms {
  id: number;
  threadId: number;
  dateS: number;
  msgBox: 1 | 2;
  from: string;
  to: string[];
  text?: string;
  attachments?: Array<{ ct: string; name: string; data: string }>;
}

export interface MmssmsData {
  threads: Array<{ id: number; addresses: string[] }>;
  /** Any iterable: a generator streams millions of rows without holding them. */
  sms: Iterable<MmssmsSms>;
  mms?: MmssmsMms[];
  /** SMS rows written only to the WAL. */
  walOnlySms?: MmssmsSms[];
}

/** The AOSP telephony tables the parser reads (also used by the scale generator). */
export const MMSSMS_SCHEMA = `
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT);
CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, message_count INTEGER DEFAULT 0,
  recipient_ids TEXT, snippet TEXT, snippet_cs INTEGER DEFAULT 0, read INTEGER DEFAULT 1, archived INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, has_attachment INTEGER DEFAULT 0);
CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, date INTEGER, date_sent INTEGER DEFAULT 0,
  protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1, type INTEGER, reply_path_present INTEGER, subject TEXT,
  body TEXT, service_center TEXT, locked INTEGER DEFAULT 0, sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT 0,
  creator TEXT, seen INTEGER DEFAULT 0);
CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER, date_sent INTEGER DEFAULT 0,
  msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, ct_t TEXT, ct_l TEXT, exp INTEGER,
  m_cls TEXT, m_type INTEGER, v INTEGER, m_size INTEGER, pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER,
  st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT, retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER,
  resp_txt TEXT, d_tm INTEGER, d_rpt INTEGER, locked INTEGER DEFAULT 0, sub_id INTEGER DEFAULT -1, seen INTEGER DEFAULT 0,
  creator TEXT, text_only INTEGER DEFAULT 0);
CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, contact_id INTEGER, address TEXT, type INTEGER, charset INTEGER);
CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT, chset INTEGER,
  cd TEXT, fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, _data TEXT, text TEXT);
`;

export function writeAndroidMmssms(path: string, data: MmssmsData): void {
  mkdirSync(dirname(path), { recursive: true });
  const statements = new WeakMap<object, import('better-sqlite3').Statement>();
  const insertSms = (db: import('better-sqlite3').Database, s: MmssmsSms) => {
    let st = statements.get(db);
    if (!st) {
      st = db.prepare(
        'INSERT INTO sms(_id, thread_id, address, date, date_sent, type, body, read, seen) VALUES (?,?,?,?,?,?,?,?,1)',
      );
      statements.set(db, st);
    }
    st.run(s.id, s.threadId, s.address, s.dateMs, s.dateSentMs ?? 0, s.type, s.body, s.read ?? 1);
  };
  writeSqliteFile(
    path,
    (db) => {
      db.exec(MMSSMS_SCHEMA);
      db.prepare("INSERT INTO android_metadata VALUES ('en_GB')").run();
      const addrIds = new Map<string, number>();
      for (const t of data.threads) {
        const ids = t.addresses.map((a) => {
          let id = addrIds.get(a);
          if (id === undefined) {
            id = Number(
              db.prepare('INSERT INTO canonical_addresses(address) VALUES (?)').run(a)
                .lastInsertRowid,
            );
            addrIds.set(a, id);
          }
          return id;
        });
        db.prepare('INSERT INTO threads(_id, recipient_ids, message_count) VALUES (?, ?, 0)').run(
          t.id,
          ids.join(' '),
        );
      }
      for (const s of data.sms) insertSms(db, s);
      for (const m of data.mms ?? []) {
        db.prepare(
          'INSERT INTO pdu(_id, thread_id, date, msg_box, m_type, ct_t) VALUES (?,?,?,?,?,?)',
        ).run(
          m.id,
          m.threadId,
          m.dateS,
          m.msgBox,
          m.msgBox === 1 ? 132 : 128,
          'application/vnd.wap.multipart.related',
        );
        db.prepare('INSERT INTO addr(msg_id, address, type, charset) VALUES (?,?,137,106)').run(
          m.id,
          m.from,
        );
        for (const to of m.to)
          db.prepare('INSERT INTO addr(msg_id, address, type, charset) VALUES (?,?,151,106)').run(
            m.id,
            to,
          );
        db.prepare(
          "INSERT INTO part(mid, seq, ct, cl, text) VALUES (?, -1, 'application/smil', 'smil.xml', '<smil/>')",
        ).run(m.id);
        if (m.text)
          db.prepare(
            "INSERT INTO part(mid, seq, ct, cl, text, chset) VALUES (?, 0, 'text/plain', 'text_0.txt', ?, 106)",
          ).run(m.id, m.text);
        for (const a of m.attachments ?? []) {
          db.prepare(
            'INSERT INTO part(mid, seq, ct, cl, name, _data) VALUES (?, 0, ?, ?, ?, ?)',
          ).run(m.id, a.ct, a.name, a.name, a.data);
        }
      }
    },
    {
      userVersion: 64,
      walTail: data.walOnlySms?.length
        ? (db) => data.walOnlySms!.forEach((s) => insertSms(db, s))
        : undefined,
    },
  );
}

/** Writes a device's SMS and MMS threads as `mmssms.db` (deleted messages are gone, as on a phone). */
export const androidMmssmsWriter: DeviceWriter = {
  id: 'android-mmssms',
  write(dir, device) {
    const threads = device.threads.filter(
      (t) => (t.app === 'sms' || t.app === 'mms') && !t.deleted,
    );
    const ids = new Set(threads.map((t) => t.id));
    const byId = new Map(threads.map((t) => [t.id, t]));
    const sms: MmssmsSms[] = [];
    const data: MmssmsData = {
      threads: threads.map((t) => ({ id: t.id, addresses: t.participants.map((p) => p.written) })),
      sms,
      mms: [],
      walOnlySms: [],
    };
    const written: number[] = [];
    let media = 0;
    for (const m of device.messages) {
      if (!ids.has(m.threadId) || m.deleted) continue;
      const t = byId.get(m.threadId)!;
      written.push(m.id);
      const mms = t.isGroup || t.app === 'mms' || (m.attachments?.length ?? 0) > 0;
      if (mms) {
        const attachments = (m.attachments ?? []).map((a) => ({
          ct: a.mime,
          name: a.filename,
          data: `/data/user_de/0/com.android.providers.telephony/app_parts/PART_${a.id}`,
        }));
        media += attachments.length;
        data.mms!.push({
          id: m.id,
          threadId: m.threadId,
          dateS: Math.floor(m.at / 1000),
          msgBox: m.direction === 'incoming' ? 1 : 2,
          from:
            m.direction === 'incoming'
              ? (m.from?.written ?? t.participants[0]?.written ?? '')
              : 'insert-address-token',
          to:
            m.direction === 'incoming'
              ? [device.owner.msisdn.written]
              : t.participants.map((p) => p.written),
          text: m.body ?? undefined,
          attachments,
        });
      } else {
        const row: MmssmsSms = {
          id: m.id,
          threadId: m.threadId,
          address:
            (m.direction === 'incoming' ? m.from?.written : undefined) ??
            t.participants[0]?.written ??
            '',
          dateMs: m.at,
          dateSentMs: m.direction === 'incoming' ? m.at - 1000 : 0,
          type: m.direction === 'incoming' ? 1 : 2,
          body: m.body ?? '',
          read: m.read === false ? 0 : 1,
        };
        (m.walOnly ? data.walOnlySms! : sms).push(row);
      }
    }
    writeAndroidMmssms(join(dir, MMSSMS_PATH), data);
    return {
      files: [MMSSMS_PATH, ...(data.walOnlySms!.length ? [`${MMSSMS_PATH}-wal`] : [])],
      counts: {
        thread: data.threads.length,
        message: sms.length + data.mms!.length + data.walOnlySms!.length,
        media,
      },
      written: { messages: written },
    };
  },
};
