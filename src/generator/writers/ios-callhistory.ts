// Writes iOS CallHistory.storedata as the Core Data store leaves it: ZCALLRECORD with Cocoa REAL
// seconds and the number as UTF-8 bytes, ZHANDLE and the remote-participant join for group calls,
// Z_PRIMARYKEY high-water marks (so deleted calls leave a gap), WAL mode.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceWriter } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import { cocoaSecondsReal, guidFor } from './apple-values.js';

/** Where iOS keeps it in a file-system extraction. */
export const IOS_CALLHISTORY_PATH =
  'private/var/mobile/Library/CallHistoryDB/CallHistory.storedata';

const SCHEMA = `
CREATE TABLE ZCALLDBPROPERTIES ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZTIMER_ALL FLOAT, ZTIMER_INCOMING FLOAT, ZTIMER_LAST FLOAT, ZTIMER_LIFETIME FLOAT, ZTIMER_OUTGOING FLOAT );
CREATE TABLE ZCALLRECORD ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALL_CATEGORY INTEGER, ZCALLTYPE INTEGER, ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA INTEGER, ZFILTERED_OUT_REASON INTEGER, ZHANDLE_TYPE INTEGER, ZJUNKCONFIDENCE INTEGER, ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER, ZVERIFICATIONSTATUS INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS BLOB, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZJUNKIDENTIFICATIONCATEGORY VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR, ZLOCALPARTICIPANTUUID BLOB, ZOUTGOINGLOCALPARTICIPANTUUID BLOB, ZPARTICIPANTGROUPUUID BLOB );
CREATE TABLE ZHANDLE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZTYPE INTEGER, ZNORMALIZEDVALUE VARCHAR, ZVALUE VARCHAR );
CREATE TABLE Z_2REMOTEPARTICIPANTHANDLES ( Z_2REMOTEPARTICIPANTCALLS INTEGER, Z_4REMOTEPARTICIPANTHANDLES INTEGER, PRIMARY KEY (Z_2REMOTEPARTICIPANTCALLS, Z_4REMOTEPARTICIPANTHANDLES) );
CREATE INDEX Z_2REMOTEPARTICIPANTHANDLES_Z_4REMOTEPARTICIPANTHANDLES_INDEX ON Z_2REMOTEPARTICIPANTHANDLES (Z_4REMOTEPARTICIPANTHANDLES, Z_2REMOTEPARTICIPANTCALLS);
CREATE INDEX Z_CallRecord_date ON ZCALLRECORD (ZDATE COLLATE BINARY ASC);
CREATE INDEX Z_CallRecord_uniqueId ON ZCALLRECORD (ZUNIQUE_ID COLLATE BINARY ASC);
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);
`;

/** ZCALLTYPE values iOS writes. */
export const CALLTYPE = { thirdParty: 0, phone: 1, faceTimeVideo: 8, faceTimeAudio: 16 } as const;

export interface IosCallRecord {
  pk: number;
  dateMs: number;
  durationS: number;
  originated: 0 | 1;
  answered: 0 | 1;
  callType: number;
  serviceProvider: string;
  /** The number or handle; written as UTF-8 bytes unless `addressAsText`. */
  address: string | null;
  addressAsText?: boolean;
  name?: string;
  isoCountryCode?: string;
  /** Other participants of a group call (ZHANDLE values). */
  groupHandles?: string[];
}

export interface IosCallHistoryData {
  seed: string;
  records: IosCallRecord[];
  /** Records written, then deleted (their Z_PK stays below Z_MAX). */
  deleted?: IosCallRecord[];
  /** Records written only to the WAL. */
  walOnly?: IosCallRecord[];
}

function insert(
  db: Database.Database,
  seed: string,
  r: IosCallRecord,
  handles: Map<string, number>,
) {
  db.prepare(
    `INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, Z_OPT, ZANSWERED, ZCALL_CATEGORY, ZCALLTYPE, ZDISCONNECTED_CAUSE,
       ZFACE_TIME_DATA, ZFILTERED_OUT_REASON, ZHANDLE_TYPE, ZJUNKCONFIDENCE, ZNUMBER_AVAILABILITY,
       ZORIGINATED, ZREAD, ZVERIFICATIONSTATUS, ZDATE, ZDURATION, ZADDRESS, ZISO_COUNTRY_CODE, ZNAME,
       ZSERVICE_PROVIDER, ZUNIQUE_ID)
     VALUES (?, 2, 1, ?, ?, ?, ?, NULL, 0, ?, 0, 0, ?, 1, 0, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.pk,
    r.answered,
    r.callType === CALLTYPE.faceTimeVideo ? 2 : 1,
    r.callType,
    r.answered ? 0 : r.originated ? 0 : 1,
    r.address && r.address.includes('@') ? 3 : 2,
    r.originated,
    cocoaSecondsReal(r.dateMs),
    r.durationS,
    r.address === null ? null : r.addressAsText ? r.address : Buffer.from(r.address, 'utf8'),
    r.isoCountryCode ?? 'gb',
    r.name ?? null,
    r.serviceProvider,
    guidFor(`${seed}:call:${r.pk}`),
  );
  for (const h of r.groupHandles ?? []) {
    let id = handles.get(h);
    if (id === undefined) {
      id = handles.size + 1;
      handles.set(h, id);
      db.prepare(
        'INSERT INTO ZHANDLE (Z_PK, Z_ENT, Z_OPT, ZTYPE, ZNORMALIZEDVALUE, ZVALUE) VALUES (?, 4, 1, ?, ?, ?)',
      ).run(id, h.includes('@') ? 3 : 2, h.toLowerCase(), h);
    }
    db.prepare(
      'INSERT INTO Z_2REMOTEPARTICIPANTHANDLES (Z_2REMOTEPARTICIPANTCALLS, Z_4REMOTEPARTICIPANTHANDLES) VALUES (?, ?)',
    ).run(r.pk, id);
  }
}

function setMax(db: Database.Database, handles: Map<string, number>, maxPk: number): void {
  db.prepare('UPDATE Z_PRIMARYKEY SET Z_MAX = ? WHERE Z_NAME = ?').run(maxPk, 'CallRecord');
  db.prepare('UPDATE Z_PRIMARYKEY SET Z_MAX = ? WHERE Z_NAME = ?').run(handles.size, 'Handle');
}

export function writeIosCallHistory(path: string, data: IosCallHistoryData): void {
  mkdirSync(dirname(path), { recursive: true });
  const handles = new Map<string, number>();
  const all = [...data.records, ...(data.deleted ?? []), ...(data.walOnly ?? [])];
  const maxPk = all.reduce((m, r) => Math.max(m, r.pk), 0);
  writeSqliteFile(
    path,
    (db) => {
      db.exec(SCHEMA);
      const pk = db.prepare(
        'INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, 0, 0)',
      );
      pk.run(1, 'CallDBProperties');
      pk.run(2, 'CallRecord');
      pk.run(3, 'EmergencyMediaItem');
      pk.run(4, 'Handle');
      db.prepare('INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, NULL)').run(
        guidFor(`${data.seed}:callhistory-store`),
      );
      db.prepare(
        'INSERT INTO ZCALLDBPROPERTIES (Z_PK, Z_ENT, Z_OPT, ZTIMER_ALL, ZTIMER_INCOMING, ZTIMER_LAST, ZTIMER_LIFETIME, ZTIMER_OUTGOING) VALUES (1, 1, 1, 0, 0, 0, 0, 0)',
      ).run();
      for (const r of data.records) insert(db, data.seed, r, handles);
      for (const r of data.deleted ?? []) {
        insert(db, data.seed, r, handles);
        db.prepare(
          'DELETE FROM Z_2REMOTEPARTICIPANTHANDLES WHERE Z_2REMOTEPARTICIPANTCALLS = ?',
        ).run(r.pk);
        db.prepare('DELETE FROM ZCALLRECORD WHERE Z_PK = ?').run(r.pk);
      }
      setMax(db, handles, data.walOnly?.length ? maxPk - data.walOnly.length : maxPk);
    },
    {
      walTail: data.walOnly?.length
        ? (db) => {
            for (const r of data.walOnly!) insert(db, data.seed, r, handles);
            setMax(db, handles, maxPk);
          }
        : undefined,
    },
  );
}

/**
 * Writes a device's phone calls (video calls as FaceTime video) as CallHistory.storedata. Calls of
 * other apps go to those apps' own databases (WhatsApp's CallHistory.sqlite), so that each call is
 * counted once in the generator's ground truth.
 */
export const iosCallHistoryWriter: DeviceWriter = {
  id: 'ios-callhistory',
  write(dir, device) {
    const data: IosCallHistoryData = { seed: device.id, records: [], deleted: [] };
    for (const c of device.calls) {
      if (c.app !== 'phone') continue;
      const video = !!c.video;
      const rec: IosCallRecord = {
        // Z_PK = the device-data id, traceable to the ground truth
        pk: c.id,
        dateMs: c.at,
        durationS: c.durationS,
        originated: c.direction === 'outgoing' ? 1 : 0,
        answered: c.status === 'answered' ? 1 : 0,
        callType: video ? CALLTYPE.faceTimeVideo : CALLTYPE.phone,
        serviceProvider: video ? 'com.apple.FaceTime' : 'com.apple.Telephony',
        address: c.party.written,
        name: c.party.name,
      };
      (c.deleted ? data.deleted! : data.records).push(rec);
    }
    writeIosCallHistory(join(dir, IOS_CALLHISTORY_PATH), data);
    return { files: [IOS_CALLHISTORY_PATH], counts: { call: data.records.length } };
  },
};
