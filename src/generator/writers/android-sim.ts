// Writes an Android telephony.db (user_de/0/com.android.providers.telephony) with the `siminfo`
// table the SubscriptionManager keeps: one row per SIM the phone has seen (ICCID, slot, number,
// IMSI, carrier, MCC/MNC, card id), and an APN `carriers` table. Columns: AOSP TelephonyProvider
// (Telephony.SimInfo), a subset of Android 12's, as ALEAPP siminfo.py reads them.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeviceWriter, WrittenFiles } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';

export const TELEPHONY_PATH =
  'data/user_de/0/com.android.providers.telephony/databases/telephony.db';

export const SIMINFO_SQL = `CREATE TABLE siminfo(_id INTEGER PRIMARY KEY AUTOINCREMENT, icc_id TEXT NOT NULL, sim_id INTEGER DEFAULT -1, display_name TEXT, carrier_name TEXT, name_source INTEGER DEFAULT 0, color INTEGER DEFAULT 0, number TEXT, display_number_format INTEGER NOT NULL DEFAULT 1, data_roaming INTEGER DEFAULT 0, mcc INTEGER DEFAULT 0, mnc INTEGER DEFAULT 0, mcc_string TEXT, mnc_string TEXT, ehplmns TEXT, hplmns TEXT, sim_provisioning_status INTEGER DEFAULT 0, is_embedded INTEGER DEFAULT 0, card_id TEXT NOT NULL, access_rules BLOB, is_removable INTEGER DEFAULT 0, is_opportunistic INTEGER DEFAULT 0, group_uuid TEXT, is_metered INTEGER DEFAULT 1, iso_country_code TEXT, carrier_id INTEGER DEFAULT -1, profile_class INTEGER DEFAULT -1, subscription_type INTEGER DEFAULT 0, group_owner TEXT, imsi TEXT, uicc_applications_enabled INTEGER DEFAULT 1, allowed_network_types TEXT, port_index INTEGER DEFAULT -1)`;

const SCHEMA = `
CREATE TABLE android_metadata (locale TEXT);
${SIMINFO_SQL};
CREATE TABLE carriers(_id INTEGER PRIMARY KEY, name TEXT DEFAULT '', numeric TEXT DEFAULT '', mcc TEXT DEFAULT '', mnc TEXT DEFAULT '', apn TEXT DEFAULT '', type TEXT DEFAULT '', carrier_id INTEGER DEFAULT -1);
`;

export interface SimRow {
  id: number;
  iccId: string;
  slot: number;
  displayName?: string | null;
  carrierName?: string | null;
  number?: string | null;
  mcc?: string;
  mnc?: string;
  isoCountryCode?: string | null;
  carrierId?: number;
  imsi?: string | null;
  cardId?: string;
  embedded?: boolean;
}

export function writeAndroidTelephony(path: string, sims: SimRow[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(SCHEMA);
      db.prepare("INSERT INTO android_metadata VALUES ('en_GB')").run();
      for (const s of sims)
        db.prepare(
          `INSERT INTO siminfo(_id, icc_id, sim_id, display_name, carrier_name, name_source, number,
            mcc, mnc, mcc_string, mnc_string, is_embedded, card_id, iso_country_code, carrier_id, imsi)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        ).run(
          s.id,
          s.iccId,
          s.slot,
          s.displayName ?? null,
          s.carrierName ?? null,
          s.displayName ? 2 : 0,
          s.number ?? null,
          Number(s.mcc ?? 0),
          Number(s.mnc ?? 0),
          s.mcc ?? null,
          s.mnc ?? null,
          s.embedded ? 1 : 0,
          s.cardId ?? s.iccId,
          s.isoCountryCode ?? null,
          s.carrierId ?? -1,
          s.imsi ?? null,
        );
      db.prepare(
        "INSERT INTO carriers(name, numeric, mcc, mnc, apn, type) VALUES ('EE Internet', '23430', '234', '30', 'everywhere', 'default,supl')",
      ).run();
    },
    { userVersion: 1 << 16 },
  );
}

/**
 * Writes the device's SIM as telephony.db. Not registered in DEVICE_WRITERS yet: the scenario
 * names `android-sim` for every Android phone, and its ground truth (a shared phone whose number
 * is known only from mirrored messages) assumes no SIM records; a scenario change has to decide
 * which devices get one. Tests use it directly.
 */
export const androidSimWriter: DeviceWriter = {
  id: 'android-sim',
  write(dir, device): WrittenFiles {
    const o = device.owner;
    if (!o.iccid && !o.imsi) return { files: [], counts: {}, written: { owner: [] } };
    const mcc = o.imsi?.slice(0, 3);
    const mnc = o.imsi?.slice(3, 5);
    writeAndroidTelephony(join(dir, TELEPHONY_PATH), [
      {
        id: 1,
        iccId: o.iccid ?? '',
        slot: 0,
        displayName: 'SIM 1',
        carrierName: 'EE',
        number: o.msisdn.key.startsWith('phone:') ? o.msisdn.key.slice(6) : o.msisdn.written,
        mcc,
        mnc,
        isoCountryCode: device.region.toLowerCase(),
        carrierId: 1,
        imsi: o.imsi ?? null,
      },
    ]);
    return {
      files: [TELEPHONY_PATH],
      counts: { 'device-info': 1 },
      written: {
        owner: [
          ...(o.msisdn.key.startsWith('phone:') ? [o.msisdn.key] : []),
          ...(o.imsi ? [`imsi:${o.imsi}`] : []),
          ...(o.iccid ? [`iccid:${o.iccid}`] : []),
        ],
      },
    };
  },
};
