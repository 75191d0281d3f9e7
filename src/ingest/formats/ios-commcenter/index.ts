// iOS CommCenter preferences (wireless/Library/Preferences/com.apple.commcenter*.plist, binary or
// XML property lists): the device's IMEIs, the SIMs it has held (ICCID, IMSI) and its own numbers,
// with carrier facts, as device information. One draft for the file's top level and one per SIM in
// its PersonalWallet, so that each number stays beside the SIM it came from. Keys as iLEAPP
// celWireless.py and docs/formats.md describe them.
import type {
  DeviceIdentifierRole,
  DraftDeviceInfo,
  RawIdentifier,
} from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { Parser } from '../../parser.js';
import {
  MAX_PLIST_BYTES,
  dict,
  isBinaryPlist,
  isXmlPlist,
  parsePlist,
  readAll,
  text,
} from '../shared/apple.js';

type Ident = RawIdentifier & { role: DeviceIdentifierRole };

const NAME = /^com\.apple\.commcenter(\..+)?\.plist$/i;

/** Keys whose values are kept as facts about the device or its carrier. */
const FACT_KEYS = [
  'kOperatorRoamingInfo_Subscriber_CarrierBundleID',
  'kOperatorRoamingInfo_3GPP_CurrentOperatorBundleId',
  'kOperatorRoamingInfo_Subscriber_Mcc',
  'kOperatorRoamingInfo_Subscriber_Mnc',
  'kOperatorRoamingInfo_3GPP_NetworkMcc',
  'kOperatorRoamingInfo_3GPP_NetworkMnc',
  'LastKnownServingMcc',
  'LastKnownServingMnc',
  'com.apple.carrier_1',
  'com.apple.carrier_2',
  'meid',
  'user_default_voice_slot',
  'lastKnownOSVersion',
];

/**
 * A number as CommCenter stores it: international digits without `+` (`19195794674`). Eleven to
 * fifteen digits not starting with 0 are given their `+`; anything else is passed on as written.
 */
function msisdn(v: string): string {
  const d = v.trim();
  return /^[1-9]\d{10,14}$/.test(d) ? `+${d}` : d;
}

function looksLikeIccid(v: string): boolean {
  return /^89\d{16,20}[fF]?$/.test(v);
}

class Collector {
  readonly list: Ident[] = [];
  private readonly seen = new Set<string>();
  add(role: DeviceIdentifierRole, value: unknown, hint?: RawIdentifier['hint']): void {
    let v = text(value);
    if (!v) return;
    if (role === 'owner') v = msisdn(v);
    const k = `${role}|${v}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.list.push(hint ? { value: v, hint, role } : { value: v, role });
  }
}

/** `[{first: '1:kOne', second: '356…'}]` → the `second` values, with their slots. */
function pairs(v: unknown): Array<{ slot: string; value: string }> {
  if (!Array.isArray(v)) return [];
  return v
    .map((p) => dict(p))
    .filter((p): p is Record<string, unknown> => !!p)
    .map((p) => ({ slot: text(p.first) ?? '', value: text(p.second) ?? '' }))
    .filter((p) => p.value);
}

export const iosCommCenterParser: Parser = {
  id: 'ios-commcenter',
  version: '1.0.0',
  label: 'iOS CommCenter preferences (com.apple.commcenter*.plist)',
  artefacts: ['device-info'],

  bid(probe) {
    if (!NAME.test(probe.file.name)) return 0;
    return isBinaryPlist(probe.head) || isXmlPlist(probe.head) ? 90 : 0;
  },

  async parse(ctx) {
    const bytes = await readAll(await ctx.file.open(), MAX_PLIST_BYTES, ctx.file.path);
    const root = dict(parsePlist(bytes, ctx.file.path));
    if (!root)
      throw new AppError(ErrorCodes.PARSE_ERROR, 'property list root is not a dictionary', {
        file: ctx.file.path,
      });

    const top = new Collector();
    const facts: Record<string, string> = {};
    for (const { slot, value } of pairs(root.imeis)) {
      top.add('imei', value);
      if (slot) facts[`imei.${slot}`] = value;
    }
    top.add('imei', root.imei);
    top.add('iccid', root.ReportedSubscriberIdentity);
    for (const { value } of pairs(root.subscriber_account_ids)) top.add('iccid', value);
    top.add('iccid', root.LastKnownICCID);
    top.add('owner', root.ReportedPhoneNumber, 'phone');
    top.add('owner', root.PhoneNumber, 'phone');
    const multiSim = dict(root.kLocalMultiSimPreferencesKey);
    if (multiSim) {
      top.add('iccid', multiSim.kVoiceSimIccidKey);
      top.add('iccid', multiSim.kDataSimIccidKey);
    }
    for (const { slot, value } of pairs(root.imei_svns)) facts[`imeiSv.${slot || 'slot'}`] = value;
    for (const k of FACT_KEYS) {
      const v = text(root[k]);
      if (v) facts[`commcenter.${k}`] = v;
    }
    const os = text(root.lastKnownOSVersion);
    const draft: DraftDeviceInfo = {
      kind: 'device-info',
      locator: 'plist:/',
      identifiers: top.list,
      facts,
    };
    if (os) draft.os = `iOS ${os}`;
    await ctx.emit(draft);

    const wallet = dict(root.PersonalWallet);
    for (const iccid of Object.keys(wallet ?? {}).sort()) {
      const sim = dict(wallet![iccid]);
      if (!sim) continue;
      const c = new Collector();
      if (looksLikeIccid(iccid)) c.add('iccid', iccid);
      const ent = dict(sim.CarrierEntitlements);
      const conf = dict(sim.SubscriptionConfiguration);
      const book = dict(sim.phonebook);
      c.add('imsi', ent?.lastGoodImsi);
      c.add('imsi', ent?.kEntitlementsSelfRegistrationUpdateImsi);
      c.add('imsi', conf?.IMSI);
      c.add('imei', ent?.kEntitlementsSelfRegistrationUpdateImei);
      c.add('owner', book?.CopiedSIMPhoneNumber, 'phone');
      c.add('owner', book?.PNRPhoneNumber, 'phone');
      await ctx.emit({
        kind: 'device-info',
        locator: `plist:/PersonalWallet/${iccid}`,
        identifiers: c.list,
        raw: { iccid },
      });
    }
  },
};
