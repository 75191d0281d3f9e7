// iOS call history (Library/CallHistoryDB/CallHistory.storedata, a Core Data store): phone,
// FaceTime audio/video and third-party CallKit calls from ZCALLRECORD, with group-call participants
// from ZHANDLE; Cocoa REAL seconds; the number as UTF-8 bytes (older iOS) or text (newer). Also the
// pre-iOS 8 call_history.db `call` table. Gaps below Core Data's Z_MAX are recorded as deletions.
import type { CallStatus, DraftCall, Party, RawIdentifier } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { ErrorCodes } from '../../../model/errors.js';
import { decodeBytes } from '../../../model/text.js';
import type { Parser, ParseContext } from '../../parser.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { cocoaSeconds } from '../shared/apple.js';
import { missingBelowZMax } from '../shared/core-data.js';

const RECORD_RAW = [
  'Z_PK',
  'ZUNIQUE_ID',
  'ZDATE',
  'ZDURATION',
  'ZCALLTYPE',
  'ZSERVICE_PROVIDER',
  'ZORIGINATED',
  'ZANSWERED',
  'ZREAD',
  'ZDISCONNECTED_CAUSE',
  'ZFILTERED_OUT_REASON',
  'ZCALL_CATEGORY',
  'ZHANDLE_TYPE',
  'ZNUMBER_AVAILABILITY',
  'ZJUNKCONFIDENCE',
  'ZJUNKIDENTIFICATIONCATEGORY',
  'ZVERIFICATIONSTATUS',
  'ZWASEMERGENCYCALL',
  'ZISO_COUNTRY_CODE',
  'ZLOCATION',
  'ZDEVICE_ID',
  'ZFACE_TIME_DATA',
];

/** ZCALLTYPE values (observed; iLEAPP callHistory.py and MVT calls.py read them the same way):
 * 1 phone, 8 FaceTime video, 16 FaceTime audio, 0 a third-party app through CallKit. */
const CALLTYPE_FACETIME_VIDEO = 8;
const CALLTYPE_FACETIME_AUDIO = 16;

/** Service providers (ZSERVICE_PROVIDER) of apps Threadline knows by another name. */
const PROVIDER_APP: Record<string, string> = {
  'com.apple.telephony': 'phone',
  'com.apple.facetime': 'facetime',
  'net.whatsapp.whatsapp': 'whatsapp',
  'net.whatsapp.whatsappsmb': 'whatsapp-business',
  'ph.telegra.telegraph': 'telegram',
  'org.whispersystems.signal': 'signal',
  'com.skype.skype': 'skype',
  'com.viber': 'viber',
  'com.facebook.messenger': 'messenger',
  'com.burbn.instagram': 'instagram',
  'com.toyopagroup.picaboo': 'snapchat',
};

function addressText(v: unknown): { text: string | null; flags: string[] } {
  if (v instanceof Uint8Array) {
    if (v.length === 0) return { text: null, flags: [] };
    const d = decodeBytes(v);
    return { text: d.text, flags: d.flags };
  }
  return { text: str(v), flags: [] };
}

function appOf(provider: string | null, callType: number | null): string {
  if (provider) return PROVIDER_APP[provider.toLowerCase()] ?? provider;
  if (callType === CALLTYPE_FACETIME_AUDIO || callType === CALLTYPE_FACETIME_VIDEO)
    return 'facetime';
  return 'phone';
}

function party(value: string, app: string, name?: string | null): RawIdentifier {
  const hint = app === 'phone' ? 'phone' : 'auto';
  return name ? { value, hint, name } : { value, hint };
}

/** Group-call participants: ZHANDLE rows joined through Z_<n>REMOTEPARTICIPANTHANDLES. */
function remoteParticipants(db: EvidenceDb): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const join = [...db.tables()].find((t) => /^Z_\d+REMOTEPARTICIPANTHANDLES$/.test(t));
  if (!join || !db.hasTable('ZHANDLE')) return out;
  const cols = [...db.columns(join)];
  const callCol = cols.find((c) => /^Z_\d+REMOTEPARTICIPANTCALLS$/.test(c));
  const handleCol = cols.find((c) => /^Z_\d+REMOTEPARTICIPANTHANDLES$/.test(c));
  if (!callCol || !handleCol) return out;
  for (const r of db.iterate(
    `SELECT j.${callCol} AS call, h.ZVALUE AS value FROM "${join}" j JOIN ZHANDLE h ON h.Z_PK = j.${handleCol} ORDER BY j.${callCol}, h.Z_PK`,
    [],
    join,
  )) {
    const v = str(r.value);
    if (!v) continue;
    const k = String(r.call);
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  }
  return out;
}

async function parseCoreData(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const cols = db.columns('ZCALLRECORD');
  const wanted = RECORD_RAW.filter((c) => cols.has(c));
  const extra = ['ZADDRESS', 'ZNAME'].filter((c) => cols.has(c));
  const group = remoteParticipants(db);
  const walOnly = db.walOnlyRowids('ZCALLRECORD', 'Z_PK');
  const pks = new Set<bigint>();
  for (const r of db.iterate(
    `SELECT ${[...wanted, ...extra].join(', ')} FROM ZCALLRECORD ORDER BY Z_PK`,
    [],
    'ZCALLRECORD',
  )) {
    const pk = big(r.Z_PK);
    if (pk !== null) pks.add(pk);
    const locator = `ZCALLRECORD:${String(r.Z_PK)}`;
    const callType = num(r.ZCALLTYPE);
    const app = appOf(str(r.ZSERVICE_PROVIDER), callType);
    const address = addressText(r.ZADDRESS);
    const name = str(r.ZNAME);
    const outgoing = num(r.ZORIGINATED) === 1;
    const answered = num(r.ZANSWERED) === 1;
    const others = (group.get(String(r.Z_PK)) ?? []).filter((v) => v !== address.text);
    const remote: Party[] = [
      ...(address.text ? [party(address.text, app, name)] : []),
      ...others.map((v) => party(v, app)),
    ];
    const status: CallStatus = answered ? 'answered' : outgoing ? 'unknown' : 'missed';
    const raw = pickRaw(r, wanted);
    if (r.ZADDRESS instanceof Uint8Array) raw.ZADDRESS = r.ZADDRESS;
    const draft: DraftCall = {
      kind: 'call',
      locator,
      app,
      direction: outgoing ? 'outgoing' : 'incoming',
      startedAt: cocoaSeconds(r.ZDATE),
      durationS: num(r.ZDURATION),
      caller: outgoing ? OWNER : (remote[0] ?? null),
      callees: outgoing ? remote : [OWNER, ...remote.slice(1)],
      status,
      video: callType === CALLTYPE_FACETIME_VIDEO,
      recovery: pk !== null && walOnly.has(pk) ? 'wal-only' : 'live',
      raw,
    };
    if (!address.text && !others.length) draft.flags = ['no-address'];
    if (address.flags.length) draft.flags = [...(draft.flags ?? []), ...address.flags];
    await ctx.emit(draft);
  }
  const gap = missingBelowZMax(db, 'CallRecord', pks);
  if (gap && gap.missing > 0)
    ctx.warn(
      ErrorCodes.DELETED_RECORD,
      `${gap.missing} call records with Z_PK 1..${gap.max} are absent (deleted by the user, or pruned by iOS)`,
      'ZCALLRECORD',
    );
}

/** Pre-iOS 8 call_history.db: `call(ROWID, address, date unix s, duration, flags …)`. */
async function parseLegacy(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const cols = db.columns('call');
  const wanted = [
    'ROWID',
    'address',
    'date',
    'duration',
    'flags',
    'id',
    'name',
    'country_code',
    'read',
    'face_time_data',
  ].filter((c) => c === 'ROWID' || cols.has(c));
  const walOnly = db.walOnlyRowids('call', 'ROWID');
  for (const r of db.iterate(`SELECT ${wanted.join(', ')} FROM call ORDER BY ROWID`, [], 'call')) {
    const flags = num(r.flags) ?? 0;
    // flags: bit 0 outgoing; 4 phone, 16 FaceTime (iLEAPP callHistory.py)
    const outgoing = (flags & 1) === 1;
    const facetime = (flags & 16) === 16;
    const app = facetime ? 'facetime' : 'phone';
    const address = str(r.address);
    const remote = address ? [party(address, app, str(r.name))] : [];
    const duration = num(r.duration);
    const date = big(r.date);
    await ctx.emit({
      kind: 'call',
      locator: `call:${String(r.ROWID)}`,
      app,
      direction: outgoing ? 'outgoing' : 'incoming',
      startedAt: date !== null ? { value: date, encoding: 'unix-s' } : null,
      durationS: duration,
      caller: outgoing ? OWNER : (remote[0] ?? null),
      callees: outgoing ? remote : [OWNER],
      status: duration && duration > 0 ? 'answered' : outgoing ? 'unknown' : 'missed',
      recovery: walOnly.has(big(r.ROWID) ?? -1n) ? 'wal-only' : 'live',
      raw: pickRaw(r, wanted),
    });
  }
}

export const iosCallHistoryParser: Parser = {
  id: 'ios-callhistory',
  version: '1.0.0',
  label: 'iOS call history (CallHistory.storedata, call_history.db)',
  artefacts: ['calls'],

  async bid(probe) {
    const core = await sqliteBid(probe, {
      required: ['ZCALLRECORD'],
      names: ['CallHistory.storedata', 'CallHistoryTemp.storedata'],
      score: 75,
    });
    if (core) return core;
    // the legacy table is called just `call`: only with its own file name
    if (probe.file.name !== 'call_history.db') return 0;
    return sqliteBid(probe, { required: ['call'], score: 70 });
  },

  async parse(ctx) {
    const db = await ctx.openSqlite();
    if (db.hasTable('ZCALLRECORD')) await parseCoreData(ctx, db);
    else await parseLegacy(ctx, db);
  },
};
