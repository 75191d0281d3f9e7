// Android SIM identifiers from telephony.db (user_de/<user>/com.android.providers.telephony):
// `siminfo`, one row per SIM the phone has seen: its number (the device's own line), ICCID
// (icc_id, or card_id in the older schema), IMSI (newer schema), slot, carrier, MCC/MNC and
// country. Layout: AOSP Telephony.SimInfo; ALEAPP scripts/artifacts/siminfo.py (both schemas);
// docs/formats.md §2.1. The rows feed device-owner resolution as owner/iccid/imsi identifiers.
import type { DeviceIdentifierRole, RawIdentifier } from '../../../model/entities.js';
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { num, pickRaw, str } from '../shared/row-values.js';

const COLUMNS = [
  '_id',
  'icc_id',
  'sim_id',
  'display_name',
  'carrier_name',
  'number',
  'mcc',
  'mnc',
  'mcc_string',
  'mnc_string',
  'card_id',
  'is_embedded',
  'iso_country_code',
  'carrier_id',
  'imsi',
];

/** An ICCID: 89, then 16 to 18 digits, an optional trailing F (ITU-T E.118). */
const ICCID_RE = /^89\d{16,18}[fF]?$/;
/** An IMSI: 14 or 15 digits (3GPP TS 23.003). */
const IMSI_RE = /^\d{14,15}$/;

export const androidSimParser: Parser = {
  id: 'android-sim',
  version: '1.0.0',
  label: 'Android SIM identifiers (telephony.db siminfo)',
  artefacts: ['device-info'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['siminfo'],
      names: ['telephony.db'],
      score: 75,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    const available = db.columns('siminfo');
    const cols = COLUMNS.filter((c) => available.has(c));
    if (!cols.includes('_id')) cols.unshift('rowid AS _id');
    for (const r of db.iterate(
      `SELECT ${cols.join(', ')} FROM siminfo ORDER BY 1`,
      [],
      'siminfo',
    )) {
      const ids: Array<RawIdentifier & { role: DeviceIdentifierRole }> = [];
      const flags: string[] = [];
      const number = str(r.number)?.trim();
      if (number) ids.push({ value: number, hint: 'phone', role: 'owner' });
      const icc = str(r.icc_id)?.trim();
      const card = str(r.card_id)?.trim();
      if (icc && ICCID_RE.test(icc)) ids.push({ value: icc, hint: 'iccid', role: 'iccid' });
      else if (icc) flags.push('icc-id-not-an-iccid');
      // the older schema (and eSIMs) keep an id in card_id: an ICCID there is the same card's
      if (card && card !== icc && ICCID_RE.test(card))
        ids.push({ value: card, hint: 'iccid', role: 'iccid' });
      const imsi = str(r.imsi)?.trim();
      if (imsi && IMSI_RE.test(imsi)) ids.push({ value: imsi, hint: 'imsi', role: 'imsi' });
      else if (imsi) flags.push('imsi-not-an-imsi');
      const facts: Record<string, string> = {};
      // one device may have seen several SIMs: facts are keyed by the row
      const put = (k: string, v: string | null | undefined) => {
        if (v !== null && v !== undefined && v !== '') facts[`siminfo${String(r._id)}.${k}`] = v;
      };
      const slot = num(r.sim_id);
      put('slot', slot !== null && slot >= 0 ? String(slot) : null);
      put('displayName', str(r.display_name));
      put('carrier', str(r.carrier_name));
      put('mcc', str(r.mcc_string) ?? (num(r.mcc) ? String(num(r.mcc)) : null));
      put('mnc', str(r.mnc_string) ?? (num(r.mnc) ? String(num(r.mnc)) : null));
      put('country', str(r.iso_country_code));
      if (num(r.is_embedded) === 1) put('embedded', 'true');
      await ctx.emit({
        kind: 'device-info',
        locator: `siminfo:${String(r._id)}`,
        identifiers: ids,
        facts,
        flags: flags.length ? flags : undefined,
        raw: pickRaw(r, cols),
      });
    }
  },
};
