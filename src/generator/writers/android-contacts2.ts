// Writes an Android contacts provider database (contacts2.db) with the AOSP ContactsDatabaseHelper
// tables: accounts, raw contacts per account (the phone book, plus WhatsApp and Telegram's own
// synced raw contacts), data rows by mimetype, aggregated contacts, deleted flags, and optionally
// the `calls` table of older Android. Sort-key columns carry Android's PHONEBOOK collation.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { DeviceWriter, GenContact, GenDevice } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import { CALLS_TABLE_SQL, calllogRows, type CalllogRow } from './android-calllog.js';

export const CONTACTS2_PATH = 'data/data/com.android.providers.contacts/databases/contacts2.db';

// Written with NOCASE, then rewritten to PHONEBOOK (the ICU collation Android registers), which
// other SQLite builds do not have: a reader must cope with it, as with a real contacts2.db.
const SCHEMA = `
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE properties (property_key TEXT PRIMARY KEY, property_value TEXT);
CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_name TEXT, account_type TEXT, data_set TEXT);
CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,name_raw_contact_id INTEGER REFERENCES raw_contacts(_id),photo_id INTEGER REFERENCES data(_id),photo_file_id INTEGER REFERENCES photo_files(_id),custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,x_times_contacted INTEGER NOT NULL DEFAULT 0,x_last_time_contacted INTEGER,times_contacted INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,pinned INTEGER NOT NULL DEFAULT 0,has_phone_number INTEGER NOT NULL DEFAULT 0,lookup TEXT,status_update_id INTEGER REFERENCES data(_id),contact_last_updated_timestamp INTEGER);
CREATE TABLE deleted_contacts (contact_id INTEGER PRIMARY KEY,contact_deleted_timestamp INTEGER NOT NULL default 0);
CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER REFERENCES accounts(_id),sourceid TEXT,backup_id TEXT,raw_contact_is_read_only INTEGER NOT NULL DEFAULT 0,version INTEGER NOT NULL DEFAULT 1,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,metadata_dirty INTEGER NOT NULL DEFAULT 0,contact_id INTEGER REFERENCES contacts(_id),aggregation_mode INTEGER NOT NULL DEFAULT 0,aggregation_needed INTEGER NOT NULL DEFAULT 1,custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,x_times_contacted INTEGER NOT NULL DEFAULT 0,x_last_time_contacted INTEGER,times_contacted INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,pinned INTEGER NOT NULL DEFAULT 0,display_name TEXT,display_name_alt TEXT,display_name_source INTEGER NOT NULL DEFAULT 0,phonetic_name TEXT,phonetic_name_style TEXT,sort_key TEXT COLLATE NOCASE,phonebook_label TEXT,phonebook_bucket INTEGER,sort_key_alt TEXT COLLATE NOCASE,phonebook_label_alt TEXT,phonebook_bucket_alt INTEGER,name_verified INTEGER NOT NULL DEFAULT 0,sync1 TEXT, sync2 TEXT, sync3 TEXT, sync4 TEXT);
CREATE INDEX raw_contacts_contact_id_index ON raw_contacts (contact_id);
CREATE INDEX raw_contact_sort_key1_index ON raw_contacts (sort_key);
CREATE TABLE packages (_id INTEGER PRIMARY KEY AUTOINCREMENT,package TEXT NOT NULL);
CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT,mimetype TEXT NOT NULL);
CREATE UNIQUE INDEX mime_type ON mimetypes (mimetype);
CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER REFERENCES package(_id),mimetype_id INTEGER REFERENCES mimetype(_id) NOT NULL,raw_contact_id INTEGER REFERENCES raw_contacts(_id) NOT NULL,hash_id TEXT,is_read_only INTEGER NOT NULL DEFAULT 0,is_primary INTEGER NOT NULL DEFAULT 0,is_super_primary INTEGER NOT NULL DEFAULT 0,data_version INTEGER NOT NULL DEFAULT 0,data1 TEXT,data2 TEXT,data3 TEXT,data4 TEXT,data5 TEXT,data6 TEXT,data7 TEXT,data8 TEXT,data9 TEXT,data10 TEXT,data11 TEXT,data12 TEXT,data13 TEXT,data14 TEXT,data15 TEXT,data_sync1 TEXT, data_sync2 TEXT, data_sync3 TEXT, data_sync4 TEXT, carrier_presence INTEGER NOT NULL DEFAULT 0, preferred_phone_account_component_name TEXT, preferred_phone_account_id TEXT);
CREATE INDEX data_raw_contact_id ON data (raw_contact_id);
CREATE INDEX data_mimetype_data1_index ON data (mimetype_id,data1);
CREATE TABLE phone_lookup (data_id INTEGER REFERENCES data(_id) NOT NULL,raw_contact_id INTEGER REFERENCES raw_contacts(_id) NOT NULL,normalized_number TEXT NOT NULL,min_match TEXT NOT NULL);
CREATE TABLE groups (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER REFERENCES package(_id),account_id INTEGER REFERENCES accounts(_id),sourceid TEXT,version INTEGER NOT NULL DEFAULT 1,dirty INTEGER NOT NULL DEFAULT 0,title TEXT,title_res INTEGER,notes TEXT,system_id TEXT,deleted INTEGER NOT NULL DEFAULT 0,group_visible INTEGER NOT NULL DEFAULT 0,should_sync INTEGER NOT NULL DEFAULT 1,auto_add INTEGER NOT NULL DEFAULT 0,favorites INTEGER NOT NULL DEFAULT 0,group_is_read_only INTEGER NOT NULL DEFAULT 0,sync1 TEXT, sync2 TEXT, sync3 TEXT, sync4 TEXT);
`;

const MIMETYPES = [
  'vnd.android.cursor.item/email_v2',
  'vnd.android.cursor.item/im',
  'vnd.android.cursor.item/nickname',
  'vnd.android.cursor.item/organization',
  'vnd.android.cursor.item/phone_v2',
  'vnd.android.cursor.item/sip_address',
  'vnd.android.cursor.item/name',
  'vnd.android.cursor.item/postal-address_v2',
  'vnd.android.cursor.item/identity',
  'vnd.android.cursor.item/photo',
  'vnd.android.cursor.item/group_membership',
  'vnd.android.cursor.item/note',
  'vnd.android.cursor.item/website',
  'vnd.android.cursor.item/vnd.com.whatsapp.profile',
  'vnd.android.cursor.item/vnd.com.whatsapp.voip.call',
  'vnd.android.cursor.item/vnd.com.whatsapp.video.call',
  'vnd.android.cursor.item/vnd.org.telegram.messenger.android.profile',
];

/** One data row: a mimetype and its data columns. */
export interface Contacts2Data {
  mimetype: string;
  data: Partial<Record<'data1' | 'data2' | 'data3' | 'data4' | 'data5' | 'data6', string | null>>;
}

export interface Contacts2RawContact {
  id: number;
  contactId: number;
  /** Index into `accounts`. */
  account: number;
  displayName: string | null;
  deleted?: boolean;
  rows: Contacts2Data[];
}

export interface Contacts2Content {
  accounts: Array<{ name: string | null; type: string | null }>;
  rawContacts: Contacts2RawContact[];
  /** Older Android: the call log in contacts2.db. */
  calls?: CalllogRow[];
}

/** Phone.TYPE code for a label. */
function phoneType(label?: string): { data2: string; data3: string | null } {
  const codes: Record<string, number> = { home: 1, mobile: 2, work: 3, other: 7, main: 12 };
  const code = label ? codes[label.toLowerCase()] : 2;
  return code !== undefined ? { data2: String(code), data3: null } : { data2: '0', data3: label! };
}

function keyValue(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/** Write contacts2.db at `path`. */
export function writeAndroidContacts2(path: string, content: Contacts2Content): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(SCHEMA);
      if (content.calls) db.exec(CALLS_TABLE_SQL);
      db.prepare("INSERT INTO android_metadata VALUES ('en_GB')").run();
      db.prepare("INSERT INTO properties VALUES ('database_time_created', '1700000000000')").run();
      const mime = new Map<string, number>();
      const insMime = db.prepare('INSERT INTO mimetypes(mimetype) VALUES (?)');
      for (const m of MIMETYPES) mime.set(m, Number(insMime.run(m).lastInsertRowid));
      const insAccount = db.prepare(
        'INSERT INTO accounts(account_name, account_type) VALUES (?, ?)',
      );
      const accountIds = content.accounts.map((a) =>
        Number(insAccount.run(a.name, a.type).lastInsertRowid),
      );
      const insContact = db.prepare(
        'INSERT INTO contacts(_id, name_raw_contact_id, has_phone_number, lookup) VALUES (?, ?, ?, ?)',
      );
      const insRaw = db.prepare(
        `INSERT INTO raw_contacts(_id, account_id, sourceid, deleted, contact_id, display_name,
          display_name_alt, display_name_source, sort_key, sort_key_alt, phonebook_label, phonebook_bucket, dirty, version)
         VALUES (?,?,?,?,?,?,?,40,?,?,?,?,?,?)`,
      );
      const insData = db.prepare(
        `INSERT INTO data(mimetype_id, raw_contact_id, is_primary, data1, data2, data3, data4, data5, data6)
         VALUES (?,?,?,?,?,?,?,?,?)`,
      );
      const insLookup = db.prepare(
        'INSERT INTO phone_lookup(data_id, raw_contact_id, normalized_number, min_match) VALUES (?,?,?,?)',
      );
      const contactsDone = new Set<number>();
      for (const rc of content.rawContacts) {
        if (!contactsDone.has(rc.contactId)) {
          contactsDone.add(rc.contactId);
          insContact.run(
            rc.contactId,
            rc.id,
            rc.rows.some((r) => r.mimetype.endsWith('/phone_v2')) ? 1 : 0,
            `0r${rc.id}-${rc.contactId}`,
          );
        }
        const name = rc.displayName;
        insRaw.run(
          rc.id,
          accountIds[rc.account] ?? null,
          content.accounts[rc.account]?.type === 'com.google' ? `c${rc.id.toString(16)}` : null,
          rc.deleted ? 1 : 0,
          rc.contactId,
          name,
          name ? name.split(' ').reverse().join(', ') : null,
          name,
          name,
          name ? name[0]!.toUpperCase() : null,
          name ? name.toUpperCase().charCodeAt(0) - 64 : null,
          rc.deleted ? 1 : 0,
          rc.deleted ? 3 : 2,
        );
        rc.rows.forEach((row, i) => {
          const mimeId =
            mime.get(row.mimetype) ?? Number(insMime.run(row.mimetype).lastInsertRowid);
          mime.set(row.mimetype, mimeId);
          const d = row.data;
          const dataId = Number(
            insData.run(
              mimeId,
              rc.id,
              i === 1 ? 1 : 0,
              d.data1 ?? null,
              d.data2 ?? null,
              d.data3 ?? null,
              d.data4 ?? null,
              d.data5 ?? null,
              d.data6 ?? null,
            ).lastInsertRowid,
          );
          if (row.mimetype.endsWith('/phone_v2') && d.data4) {
            const digits = d.data4.replace(/\D/g, '');
            insLookup.run(dataId, rc.id, d.data4, digits.split('').reverse().join('').slice(0, 7));
          }
        });
      }
      if (content.calls) {
        const ins = db.prepare(
          'INSERT INTO calls(_id, number, date, duration, type, features, name, countryiso, deleted, normalized_number) VALUES (?,?,?,?,?,?,?,?,?,?)',
        );
        for (const c of content.calls)
          ins.run(
            c.id,
            c.number,
            c.dateMs,
            c.durationS,
            c.type,
            c.video ? 1 : 0,
            c.name ?? null,
            c.countryIso ?? 'GB',
            c.deleted ? 1 : 0,
            c.normalizedNumber ?? null,
          );
      }
    },
    { userVersion: 1300, foreignKeys: false },
  );
  // Android's ICU collation, as on a device (written last: this SQLite cannot use it)
  const db = new Database(path);
  try {
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare(
      "UPDATE sqlite_master SET sql = replace(sql, 'COLLATE NOCASE', 'COLLATE PHONEBOOK') WHERE name = 'raw_contacts'",
    ).run();
    db.pragma('writable_schema = OFF');
  } finally {
    db.close();
  }
}

/** The raw contacts a device's address book produces: the phone book, plus app-synced ones. */
export function contacts2Content(
  device: GenDevice,
  opts: { withCalls?: boolean } = {},
): Contacts2Content {
  const email = device.owner.accounts?.find((a) => a.key.startsWith('email:'));
  const accounts: Contacts2Content['accounts'] = [
    email ? { name: keyValue(email.key), type: 'com.google' } : { name: null, type: null },
    { name: device.owner.msisdn.written, type: 'com.whatsapp' },
    { name: device.owner.msisdn.written, type: 'org.telegram.messenger' },
  ];
  const rawContacts: Contacts2RawContact[] = [];
  let nextRaw = 1;
  const nameRow = (c: GenContact): Contacts2Data => {
    const parts = c.name.split(' ');
    return {
      mimetype: 'vnd.android.cursor.item/name',
      data: {
        data1: c.name,
        data2: parts[0] ?? null,
        data3: parts.length > 1 ? parts.slice(1).join(' ') : null,
      },
    };
  };
  for (const c of device.contacts) {
    if (c.app && c.app !== 'whatsapp' && c.app !== 'telegram' && c.app !== 'phone') continue;
    const book: Contacts2Data[] = [nameRow(c)];
    const wa: Contacts2Data[] = [];
    const tg: Contacts2Data[] = [];
    for (const e of c.entries) {
      switch (e.kind) {
        case 'phone': {
          const t = phoneType(e.label);
          book.push({
            mimetype: 'vnd.android.cursor.item/phone_v2',
            data: {
              data1: e.written,
              ...t,
              data4: e.key.startsWith('phone:') ? keyValue(e.key) : null,
            },
          });
          break;
        }
        case 'email':
          book.push({
            mimetype: 'vnd.android.cursor.item/email_v2',
            data: { data1: e.written, data2: '1' },
          });
          break;
        case 'whatsapp': {
          const jid = e.key.startsWith('whatsapp:') ? keyValue(e.key) : e.written;
          const phone = jid.split('@')[0];
          for (const [m, d3] of [
            ['profile', `Message +${phone}`],
            ['voip.call', `Voice call +${phone}`],
            ['video.call', `Video call +${phone}`],
          ] as const)
            wa.push({
              mimetype: `vnd.android.cursor.item/vnd.com.whatsapp.${m}`,
              data: { data1: jid, data2: 'WhatsApp', data3: d3 },
            });
          break;
        }
        case 'telegram':
          tg.push({
            mimetype: 'vnd.android.cursor.item/vnd.org.telegram.messenger.android.profile',
            data: {
              data1: e.key.startsWith('telegram:') ? keyValue(e.key) : e.written,
              data2: 'Telegram Profile',
              data3: `Message ${c.name}`,
            },
          });
          break;
        case 'other':
          book.push({
            mimetype: 'vnd.android.cursor.item/im',
            data: { data1: e.written, data5: '-1', data6: e.label ?? 'Other' },
          });
          break;
      }
    }
    const inBook = !c.app || c.app === 'phone';
    if (inBook)
      rawContacts.push({
        id: nextRaw++,
        contactId: c.id,
        account: 0,
        displayName: c.name,
        deleted: c.deleted,
        rows: book,
      });
    if (wa.length)
      rawContacts.push({
        id: nextRaw++,
        contactId: c.id,
        account: 1,
        displayName: c.name,
        deleted: c.deleted,
        rows: [nameRow(c), ...wa],
      });
    if (tg.length)
      rawContacts.push({
        id: nextRaw++,
        contactId: c.id,
        account: 2,
        displayName: c.name,
        deleted: c.deleted,
        rows: [nameRow(c), ...tg],
      });
  }
  return {
    accounts,
    rawContacts,
    ...(opts.withCalls ? { calls: calllogRows(device).calls } : {}),
  };
}

/** Writes a device's address book as contacts2.db (Android 7+: calls live in calllog.db). */
export const androidContacts2Writer: DeviceWriter = {
  id: 'android-contacts2',
  write(dir, device) {
    const content = contacts2Content(device);
    writeAndroidContacts2(join(dir, CONTACTS2_PATH), content);
    return { files: [CONTACTS2_PATH], counts: { contact: content.rawContacts.length } };
  },
};
