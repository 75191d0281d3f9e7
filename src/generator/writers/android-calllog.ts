// Writes an Android call log (calllog.db, Android 7+) with the AOSP CallLogProvider schema: phone
// calls of a device, deleted-flagged rows, and rows that exist only in the WAL.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter, GenCall, GenDevice } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';

/** Where the contacts provider keeps it in an Android file-system extraction. */
export const CALLLOG_PATH = 'data/data/com.android.providers.contacts/databases/calllog.db';

/** CallLog.Calls as created by CallLogDatabaseHelper (version 5), column for column. */
export const CALLS_TABLE_SQL = `CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT,number TEXT,presentation INTEGER NOT NULL DEFAULT 1,post_dial_digits TEXT NOT NULL DEFAULT '',via_number TEXT NOT NULL DEFAULT '',date INTEGER,duration INTEGER,data_usage INTEGER,type INTEGER,features INTEGER NOT NULL DEFAULT 0,subscription_component_name TEXT,subscription_id TEXT,phone_account_address TEXT,phone_account_hidden INTEGER NOT NULL DEFAULT 0,sub_id INTEGER DEFAULT -1,new INTEGER,name TEXT,numbertype INTEGER,numberlabel TEXT,countryiso TEXT,voicemail_uri TEXT,is_read INTEGER,geocoded_location TEXT,lookup_uri TEXT,matched_number TEXT,normalized_number TEXT,photo_id INTEGER NOT NULL DEFAULT 0,photo_uri TEXT,formatted_number TEXT,add_for_all_users INTEGER NOT NULL DEFAULT 1,last_modified INTEGER DEFAULT 0,_data TEXT,has_content INTEGER,mime_type TEXT,source_data TEXT,source_package TEXT,transcription TEXT,transcription_state INTEGER NOT NULL DEFAULT 0,state INTEGER,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,backed_up INTEGER NOT NULL DEFAULT 0,restored INTEGER NOT NULL DEFAULT 0,archived INTEGER NOT NULL DEFAULT 0,is_omtp_voicemail INTEGER NOT NULL DEFAULT 0)`;

const SCHEMA = `
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE properties (property_key TEXT PRIMARY KEY, property_value TEXT );
${CALLS_TABLE_SQL};
CREATE TABLE voicemail_status (_id INTEGER PRIMARY KEY AUTOINCREMENT,source_package TEXT NOT NULL,phone_account_component_name TEXT,phone_account_id TEXT,settings_uri TEXT,voicemail_access_uri TEXT,configuration_state INTEGER,data_channel_state INTEGER,notification_channel_state INTEGER,quota_occupied INTEGER DEFAULT -1,quota_total INTEGER DEFAULT -1,source_type TEXT);
`;

const TELEPHONY_COMPONENT =
  'com.android.phone/com.android.services.telephony.TelephonyConnectionService';

/** One row of `calls` as the writer takes it. */
export interface CalllogRow {
  id: number;
  /** Number as the dialler stored it ('' when withheld). */
  number: string;
  dateMs: number;
  durationS: number;
  /** CallLog.Calls.TYPE: 1 in, 2 out, 3 missed, 4 voicemail, 5 rejected, 6 blocked. */
  type: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** 1 allowed, 2 restricted, 3 unknown, 4 payphone. */
  presentation?: 1 | 2 | 3 | 4;
  name?: string | null;
  video?: boolean;
  deleted?: boolean;
  /** E.164 form the provider caches beside the dialled text. */
  normalizedNumber?: string | null;
  countryIso?: string;
  phoneAccountAddress?: string | null;
  subscriptionId?: string | null;
}

export interface CalllogData {
  calls: CalllogRow[];
  /** Rows written only to the WAL. */
  walOnly?: CalllogRow[];
}

function insertCall(db: Database.Database, c: CalllogRow): void {
  db.prepare(
    `INSERT INTO calls(_id, number, presentation, date, duration, data_usage, type, features,
      subscription_component_name, subscription_id, phone_account_address, new, name, numbertype,
      numberlabel, countryiso, is_read, geocoded_location, normalized_number, formatted_number,
      last_modified, deleted)
     VALUES (?,?,?,?,?,NULL,?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,?,?)`,
  ).run(
    c.id,
    c.number,
    c.presentation ?? 1,
    c.dateMs,
    c.durationS,
    c.type,
    c.video ? 1 : 0,
    TELEPHONY_COMPONENT,
    c.subscriptionId ?? null,
    c.phoneAccountAddress ?? null,
    c.type === 3 ? 1 : 0,
    c.name ?? null,
    c.name ? 2 : null,
    c.countryIso ?? 'GB',
    c.type === 3 ? 0 : 1,
    c.countryIso === 'GB' || !c.countryIso ? 'United Kingdom' : null,
    c.normalizedNumber ?? null,
    c.number || null,
    c.dateMs + Math.max(0, c.durationS) * 1000,
    c.deleted ? 1 : 0,
  );
}

/** Write `calllog.db` at `path` (WAL mode; `walOnly` rows only in the -wal file). */
export function writeAndroidCalllog(path: string, data: CalllogData): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(SCHEMA);
      db.prepare("INSERT INTO android_metadata VALUES ('en_GB')").run();
      db.prepare(
        "INSERT INTO voicemail_status(source_package, phone_account_component_name, configuration_state, data_channel_state, notification_channel_state) VALUES ('com.google.android.dialer', ?, 1, 1, 1)",
      ).run(TELEPHONY_COMPONENT);
      for (const c of data.calls) insertCall(db, c);
    },
    {
      userVersion: 5,
      walTail: data.walOnly?.length
        ? (db) => data.walOnly!.forEach((c) => insertCall(db, c))
        : undefined,
    },
  );
}

/** CallLog type for a synthetic call. */
export function callType(c: GenCall): CalllogRow['type'] {
  if (c.direction === 'outgoing') return 2;
  switch (c.status) {
    case 'answered':
      return 1;
    case 'missed':
      return 3;
    case 'voicemail':
      return 4;
    case 'rejected':
      return 5;
  }
}

/** The value of a ground-truth key (`phone:+44…` → `+44…`). */
function keyValue(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

export function calllogRows(device: GenDevice): { calls: CalllogRow[]; walOnly: CalllogRow[] } {
  const own = device.owner.msisdn.key.startsWith('phone:')
    ? keyValue(device.owner.msisdn.key)
    : device.owner.msisdn.written;
  const calls: CalllogRow[] = [];
  const walOnly: CalllogRow[] = [];
  for (const c of device.calls) {
    if (c.app !== 'phone') continue;
    const type = callType(c);
    const row: CalllogRow = {
      id: c.id,
      number: c.party.written,
      dateMs: c.at,
      // calls that never connected have no duration
      durationS: type === 1 || (type === 2 && c.status === 'answered') ? c.durationS : 0,
      type,
      name: c.party.name ?? null,
      video: c.video,
      deleted: c.deleted,
      normalizedNumber: c.party.key.startsWith('phone:') ? keyValue(c.party.key) : null,
      countryIso: device.region,
      phoneAccountAddress: own,
      subscriptionId: device.owner.iccid ?? null,
    };
    (c.walOnly ? walOnly : calls).push(row);
  }
  return { calls, walOnly };
}

/** Writes a device's phone calls as calllog.db. */
export const androidCalllogWriter: DeviceWriter = {
  id: 'android-calllog',
  write(dir, device) {
    const { calls, walOnly } = calllogRows(device);
    writeAndroidCalllog(join(dir, CALLLOG_PATH), { calls, walOnly });
    const n = calls.length + walOnly.length;
    return {
      files: [CALLLOG_PATH, ...(walOnly.length ? [`${CALLLOG_PATH}-wal`] : [])],
      counts: { call: n, 'device-info': n > 0 ? 1 : 0 },
    };
  },
};
