// WhatsApp iOS CallHistory.sqlite: one call per ZWACDCALLEVENT, its participants and flags from the
// aggregate event it belongs to (Core Data's Z1CALLEVENTS and Z1PARTICIPANTS both point at
// entity 1, WAAggregateCallEvent); direction from the call creator, else the aggregate's ZINCOMING.
import type { CallStatus, Party } from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import type { ParseContext } from '../../parser.js';
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { big, num, pickRaw, str } from '../shared/row-values.js';
import { cocoaSeconds } from '../shared/apple.js';
import { APP, jidOf, jidPhoneLink, phoneOfJid, waParty } from './jids.js';

const EVENT_RAW = [
  'Z_PK',
  'Z1CALLEVENTS',
  'ZDATE',
  'ZDURATION',
  'ZOUTCOME',
  'ZGROUPCALLCREATORUSERJIDSTRING',
  'ZGROUPJIDSTRING',
  'ZCALLIDSTRING',
  'ZBYTESSENT',
  'ZBYTESRECEIVED',
];

/** ZOUTCOME: 0 ended, 1 missed, 4 rejected (iLEAPP whatsApp.py; no vendor source). */
function statusOf(
  outcome: number | null,
  missed: number | null,
  duration: number | null,
): CallStatus {
  if (outcome === 1 || missed === 1) return 'missed';
  if (outcome === 4) return 'rejected';
  if (outcome === 0) return duration && duration > 0 ? 'answered' : 'unknown';
  return 'unknown';
}

export async function parseCallHistory(ctx: ParseContext, db: EvidenceDb): Promise<void> {
  const participants = new Map<string, string[]>();
  if (db.hasTable('ZWACDCALLEVENTPARTICIPANT')) {
    for (const r of db.iterate(
      'SELECT Z1PARTICIPANTS AS agg, ZJIDSTRING AS jid FROM ZWACDCALLEVENTPARTICIPANT ORDER BY Z1PARTICIPANTS, Z_PK',
      [],
      'ZWACDCALLEVENTPARTICIPANT',
    )) {
      const j = jidOf(str(r.jid));
      if (!j) continue;
      const k = String(r.agg);
      const list = participants.get(k) ?? [];
      if (!list.includes(j)) list.push(j);
      participants.set(k, list);
    }
  }
  const aggregates = new Map<string, Record<string, unknown>>();
  if (db.hasTable('ZWAAGGREGATECALLEVENT')) {
    const ac = db.columns('ZWAAGGREGATECALLEVENT');
    const wanted = ['Z_PK', 'ZINCOMING', 'ZVIDEO', 'ZMISSED', 'ZMISSEDREASON', 'ZFIRSTDATE'].filter(
      (c) => c === 'Z_PK' || ac.has(c),
    );
    for (const r of db.iterate(
      `SELECT ${wanted.join(', ')} FROM ZWAAGGREGATECALLEVENT`,
      [],
      'ZWAAGGREGATECALLEVENT',
    ))
      aggregates.set(String(r.Z_PK), r);
  }
  const ec = db.columns('ZWACDCALLEVENT');
  const wanted = EVENT_RAW.filter((c) => c === 'Z_PK' || ec.has(c));
  const walOnly = db.walOnlyRowids('ZWACDCALLEVENT', 'Z_PK');
  const seen = new Set<string>();
  const owns = new Map<string, number>();
  for (const r of db.iterate(
    `SELECT ${wanted.join(', ')} FROM ZWACDCALLEVENT ORDER BY Z_PK`,
    [],
    'ZWACDCALLEVENT',
  )) {
    const aggKey = String(r.Z1CALLEVENTS ?? '');
    const agg = aggregates.get(aggKey);
    const people = participants.get(aggKey) ?? [];
    const creator = jidOf(str(r.ZGROUPCALLCREATORUSERJIDSTRING));
    let outgoing: boolean | null;
    if (creator) outgoing = !people.includes(creator);
    else if (agg && num(agg.ZINCOMING) !== null) outgoing = num(agg.ZINCOMING) === 0;
    else outgoing = null;
    if (outgoing && creator) owns.set(creator, (owns.get(creator) ?? 0) + 1);
    for (const p of people) if (phoneOfJid(p)) seen.add(p);
    const remote: Party[] = people.map((p) => waParty(p));
    const duration = num(r.ZDURATION);
    const raw = pickRaw(r, wanted);
    if (agg) raw.aggregate = pickRaw(agg, Object.keys(agg));
    const pk = big(r.Z_PK);
    await ctx.emit({
      kind: 'call',
      locator: `ZWACDCALLEVENT:${String(r.Z_PK)}`,
      app: APP,
      direction: outgoing === null ? 'unknown' : outgoing ? 'outgoing' : 'incoming',
      startedAt: cocoaSeconds(r.ZDATE),
      durationS: duration,
      caller: outgoing ? OWNER : creator ? waParty(creator) : (remote[0] ?? null),
      callees: outgoing
        ? remote
        : [
            OWNER,
            ...remote
              .filter((p) => typeof p !== 'string' && p.value !== creator)
              .slice(creator ? 0 : 1),
          ],
      status: statusOf(num(r.ZOUTCOME), agg ? num(agg.ZMISSED) : null, duration),
      video: agg ? num(agg.ZVIDEO) === 1 : false,
      recovery: pk !== null && walOnly.has(pk) ? 'wal-only' : 'live',
      raw,
    });
  }
  const own = [...owns.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  if (own && phoneOfJid(own)) {
    seen.add(own);
    await ctx.emit({
      kind: 'device-info',
      locator: 'ZWACDCALLEVENT:creator',
      identifiers: [{ value: own, hint: 'whatsapp', role: 'account' }],
      facts: { 'whatsapp.ownJid': own },
    });
  }
  for (const j of [...seen].sort()) {
    const link = jidPhoneLink(`jid:${j}`, j);
    if (link) await ctx.emit(link);
  }
}
