// Android call log: `calls` in calllog.db (Android 7+) and in contacts2.db (older Android). Times
// are Unix ms, durations seconds; type gives direction and outcome; features bit 0 marks video.
import type { CallStatus, DraftCall, Party } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import type { ParseContext, Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';

/** Columns kept raw when present (AOSP CallLog.Calls plus common vendor columns). */
const RAW_COLUMNS = [
  '_id',
  'number',
  'post_dial_digits',
  'via_number',
  'presentation',
  'date',
  'duration',
  'type',
  'features',
  'name',
  'numbertype',
  'numberlabel',
  'countryiso',
  'geocoded_location',
  'normalized_number',
  'formatted_number',
  'phone_account_address',
  'subscription_id',
  'subscription_component_name',
  'sub_id',
  'sim_id',
  'deleted',
  'is_read',
  'new',
  'transcription',
  '_data',
  'mime_type',
  'data_usage',
  'last_modified',
];

/** Values that are the provider's defaults and need not be repeated in every raw record. */
const RAW_DEFAULTS: Record<string, string> = {
  presentation: '1',
  post_dial_digits: '',
  via_number: '',
  features: '0',
  deleted: '0',
  sub_id: '-1',
};

/** CallLog.Calls.TYPE → direction and outcome. Only 1 and 2 say who dialled; 3–7 are inbound. */
const CALL_TYPES: Record<number, { direction: DraftCall['direction']; status: CallStatus }> = {
  1: { direction: 'incoming', status: 'answered' },
  2: { direction: 'outgoing', status: 'answered' },
  3: { direction: 'incoming', status: 'missed' },
  4: { direction: 'incoming', status: 'voicemail' },
  5: { direction: 'incoming', status: 'rejected' },
  6: { direction: 'incoming', status: 'blocked' },
  7: { direction: 'incoming', status: 'answered' },
};

/** CallLog.Calls.PRESENTATION values other than "allowed" (1). */
const PRESENTATION: Record<number, string> = {
  2: 'presentation-restricted',
  3: 'presentation-unknown',
  4: 'presentation-payphone',
};

const FEATURES_VIDEO = 0x1;

/** An ICCID as carriers write it in `subscription_id` (89…, 19–20 digits, optional trailing F). */
const ICCID_RE = /^89\d{16,18}[fF]?$/;

/**
 * Read a `calls` table (calllog.db or contacts2.db) into call drafts, plus one device-info draft
 * per distinct own line (phone_account_address / ICCID-like subscription_id) the calls name.
 */
export async function readCallTable(
  ctx: ParseContext,
  db: EvidenceDb,
  table = 'calls',
): Promise<void> {
  const available = db.columns(table);
  if (!available.has('_id')) return;
  const cols = RAW_COLUMNS.filter((c) => available.has(c));
  const walOnly = db.walOnlyRowids(table, '_id');
  const lines = new Map<string, { address: string | null; sub: string | null; first: string }>();
  for (const r of db.iterate(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY _id`, [], table)) {
    const id = String(r._id);
    const locator = `${table}:${id}`;
    const type = num(r.type);
    const known = type !== null ? CALL_TYPES[type] : undefined;
    const flags: string[] = [];
    const presentation = num(r.presentation);
    if (presentation !== null && PRESENTATION[presentation]) flags.push(PRESENTATION[presentation]);
    if (type === 7) flags.push('answered-externally');
    if (!known) flags.push(`call-type-${type ?? 'null'}`);
    const number = str(r.number)?.trim() || null;
    // withheld numbers are stored as empty text or as negative sentinels ("-1", "-2")
    const withheld = !number || /^-\d$/.test(number);
    const other: Party | null = withheld
      ? null
      : { value: number, hint: 'phone', ...(str(r.name) ? { name: str(r.name)! } : {}) };
    const direction = known?.direction ?? 'unknown';
    const durationS = num(r.duration);
    let status: CallStatus = known?.status ?? 'unknown';
    // an outgoing call that never connected has duration 0: answered is not proven
    if (type === 2 && (durationS ?? 0) === 0) status = 'unknown';
    const date = big(r.date);
    const features = num(r.features) ?? 0;
    const deleted = (num(r.deleted) ?? 0) !== 0;
    await ctx.emit({
      kind: 'call',
      locator,
      app: 'phone',
      direction,
      startedAt: date !== null ? { value: date, encoding: 'unix-ms' } : null,
      durationS,
      caller: direction === 'outgoing' ? OWNER : other,
      callees: direction === 'outgoing' ? (other ? [other] : []) : [OWNER],
      status,
      video: (features & FEATURES_VIDEO) !== 0,
      deleted,
      recovery: walOnly.has(BigInt(r._id as bigint))
        ? 'wal-only'
        : deleted
          ? 'deleted-flag'
          : 'live',
      flags: flags.length ? flags : undefined,
      raw: pickRaw(r, cols, RAW_DEFAULTS),
    });
    const address = str(r.phone_account_address)?.trim() || null;
    const sub = str(r.subscription_id)?.trim() || null;
    const iccid = sub && ICCID_RE.test(sub) ? sub : null;
    if (address || iccid) {
      const key = `${address ?? ''}|${iccid ?? ''}`;
      if (!lines.has(key)) lines.set(key, { address, sub: iccid, first: id });
    }
  }
  for (const line of lines.values()) {
    await ctx.emit({
      kind: 'device-info',
      locator: `${table}:${line.first}:line`,
      identifiers: [
        ...(line.address
          ? [{ value: line.address, hint: 'phone' as const, role: 'owner' as const }]
          : []),
        ...(line.sub ? [{ value: line.sub, hint: 'iccid' as const, role: 'iccid' as const }] : []),
      ],
      raw: {
        ...(line.address ? { phone_account_address: line.address } : {}),
        ...(line.sub ? { subscription_id: line.sub } : {}),
      },
    });
  }
}

export const androidCalllogParser: Parser = {
  id: 'android-calllog',
  version: '1.0.0',
  label: 'Android call log (calllog.db)',
  artefacts: ['calls', 'device-info'],

  bid: (probe) =>
    sqliteBid(probe, {
      required: ['calls'],
      // the provider's own tables; contacts2.db also holds `calls` on old Android, and
      // android-contacts2 bids higher there and reads them
      any: ['android_metadata', 'voicemail_status', 'properties'],
      names: ['calllog.db'],
      score: 60,
    }),

  async parse(ctx) {
    const db = await ctx.openSqlite();
    await readCallTable(ctx, db, 'calls');
  },
};
