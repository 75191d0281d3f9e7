// Writes the two CommCenter preference files iOS keeps for its SIMs, as binary property lists with
// the keys a device writes: IMEIs per slot, the reported ICCID and number, and per-SIM IMSI and
// phone-book number in the PersonalWallet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBinary, type PlistValue } from 'plist';
import type { DeviceWriter } from '../device-data.js';
import { e164Digits } from './apple-values.js';

const PREFS = 'private/var/wireless/Library/Preferences';
export const IOS_COMMCENTER_DEVICE_PATH = `${PREFS}/com.apple.commcenter.device_specific_nobackup.plist`;
export const IOS_COMMCENTER_PATH = `${PREFS}/com.apple.commcenter.plist`;

export interface CommCenterSim {
  iccid: string;
  imsi?: string;
  /** The SIM's own number, international digits without `+`. */
  number?: string;
}

export interface CommCenterData {
  imeis: string[];
  sims: CommCenterSim[];
  carrierBundle?: string;
  osVersion?: string;
}

function write(path: string, value: PlistValue): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, buildBinary(value));
}

/** Write both plists under `dir` (an extraction root); returns their relative paths. */
export function writeIosCommCenter(dir: string, data: CommCenterData): string[] {
  const slots = ['1:kOne', '2:kTwo'];
  const current = data.sims[0];
  const deviceSpecific: Record<string, PlistValue> = {
    imeis: data.imeis.map((imei, i) => ({ first: slots[i] ?? `${i + 1}:k`, second: imei })),
    imei_svns: data.imeis.map((_, i) => ({ first: slots[i] ?? `${i + 1}:k`, second: '42' })),
    meid: '',
    user_default_voice_slot: '1:kOne',
    subscriber_account_ids: data.sims.map((s, i) => ({
      first: slots[i] ?? `${i + 1}:k`,
      second: s.iccid,
    })),
    kOperatorRoamingInfo_Subscriber_CarrierBundleID: data.carrierBundle ?? 'com.apple.EE_uk',
    kOperatorRoamingInfo_Subscriber_Mcc: current?.imsi?.slice(0, 3) ?? '234',
    kOperatorRoamingInfo_Subscriber_Mnc: current?.imsi?.slice(3, 5) ?? '15',
    PersonalWallet: Object.fromEntries(
      data.sims.map((s) => [s.iccid, { CarrierEntitlements: { 'phone-number-prefetched': true } }]),
    ),
  };
  if (current) deviceSpecific.ReportedSubscriberIdentity = current.iccid;
  if (current?.number) deviceSpecific.ReportedPhoneNumber = current.number;
  const commcenter: Record<string, PlistValue> = {
    PhoneServices: { Version: 1 },
    PersonalWallet: Object.fromEntries(
      data.sims.map((s) => [
        s.iccid,
        {
          SimPin: { InitialActiveState: false },
          CarrierEntitlements: s.imsi
            ? {
                lastGoodImsi: s.imsi,
                kEntitlementsSelfRegistrationUpdateImsi: s.imsi,
                ...(data.imeis[0]
                  ? { kEntitlementsSelfRegistrationUpdateImei: data.imeis[0] }
                  : {}),
              }
            : {},
          ...(s.number ? { phonebook: { CopiedSIMPhoneNumber: `+${s.number}` } } : {}),
        },
      ]),
    ),
  };
  if (current) commcenter.LastKnownICCID = current.iccid;
  if (current?.number) commcenter.PhoneNumber = current.number;
  if (data.osVersion) commcenter.lastKnownOSVersion = data.osVersion;
  write(join(dir, IOS_COMMCENTER_DEVICE_PATH), deviceSpecific);
  write(join(dir, IOS_COMMCENTER_PATH), commcenter);
  return [IOS_COMMCENTER_DEVICE_PATH, IOS_COMMCENTER_PATH];
}

/** Writes the owner's IMEI, SIM (ICCID, IMSI) and own number as the two CommCenter plists. */
export const iosCommCenterWriter: DeviceWriter = {
  id: 'ios-commcenter',
  write(dir, device) {
    const o = device.owner;
    const number = e164Digits(o.msisdn) ?? undefined;
    const sims: CommCenterSim[] = o.iccid ? [{ iccid: o.iccid, imsi: o.imsi, number }] : [];
    const files = writeIosCommCenter(dir, {
      imeis: o.imei ? [o.imei] : [],
      sims,
      osVersion: o.os?.replace(/^iOS\s+/i, ''),
    });
    // each file: one draft for its top level and one per SIM in its PersonalWallet
    return { files, counts: { 'device-info': 2 + 2 * sims.length } };
  },
};
