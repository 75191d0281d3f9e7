// UK operator call data records: columns mapped by header name through per-operator profiles (the
// same engine as the generic CSV import). A CDR belongs to a subscriber line, not a seized handset:
// the target line is the device's owner, calls and SMS get their direction relative to it, cells
// become locations with origin 'cell', and the target number, IMEIs and IMSIs become device-info.
import type {
  Direction,
  DraftCall,
  DraftDeviceInfo,
  DraftLocation,
  DraftMessage,
  Party,
  RawTime,
} from '../../../model/entities.js';
import { OWNER } from '../../../model/entities.js';
import { ErrorCodes } from '../../../model/errors.js';
import { IdentifierNormaliser } from '../../../model/identifiers.js';
import { decodeTime } from '../../../model/timestamps.js';
import type { ParseContext, Parser } from '../../parser.js';
import { readDirection, type WarnLimiter } from '../shared/tabular/cell-values.js';
import { readDuration } from '../shared/tabular/date-format.js';
import type { Profile } from '../shared/tabular/profile-schema.js';
import { openForParse, tableBid, xlsxTableBid } from '../shared/tabular/table-parser.js';
import type { OpenedTable } from '../shared/tabular/table-reader.js';
import { rowTime, tableRow, type TableRow } from '../shared/tabular/table-row.js';

export type CdrRecordType = 'voice' | 'sms' | 'mms' | 'data' | 'voicemail' | 'forwarded';

const RECORD_WORDS: Record<CdrRecordType, string[]> = {
  voice: ['voice', 'call', 'speech', 'tel', 'telephony', 'moc', 'mtc', 'voice call', 'volte'],
  sms: ['sms', 'text', 'sms-mo', 'sms-mt', 'smsmo', 'smsmt', 'sms mo', 'sms mt'],
  mms: ['mms', 'mms-mo', 'mms-mt'],
  data: ['data', 'gprs', 'internet', 'ps', 'packet', 'lte data', 'umts data', 'data session'],
  voicemail: ['voicemail', 'voice mail', 'vm'],
  forwarded: ['forwarded', 'diverted', 'cfu', 'cfb', 'cfnr', 'call forward'],
};

/** Rows read to find the target line when neither a column nor the title block names it. */
const INFER_ROWS = 2000;

export function recordTypeOf(text: string | null, profile: Profile): CdrRecordType | null {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  for (const [k, words] of Object.entries(profile.values.recordType ?? {}))
    if (words.some((w) => w.toLowerCase() === t)) return k as CdrRecordType;
  for (const [k, words] of Object.entries(RECORD_WORDS))
    if (words.includes(t)) return k as CdrRecordType;
  return null;
}

export interface CellId {
  mcc?: string;
  mnc?: string;
  lac?: string;
  cid?: string;
}

/**
 * A cell id as operators write it: a CGI `MCC-MNC-LAC-CI`, an ECGI `MCC-MNC-ECI`, or a bare cell
 * id completed from the LAC / MCC / MNC columns. Values are kept as text (hex stays hex).
 */
export function parseCell(text: string | null, extra: CellId): CellId | null {
  if (!text) return null;
  const parts = text
    .trim()
    .split(/[-/:\s]+/)
    .filter(Boolean);
  let c: CellId;
  if (parts.length === 4) c = { mcc: parts[0], mnc: parts[1], lac: parts[2], cid: parts[3] };
  else if (parts.length === 3) c = { mcc: parts[0], mnc: parts[1], cid: parts[2] };
  else if (parts.length === 2) c = { lac: parts[0], cid: parts[1] };
  else c = { cid: parts[0] };
  const out: CellId = {};
  for (const k of ['mcc', 'mnc', 'lac', 'cid'] as const) {
    const v = c[k] ?? extra[k];
    if (v) out[k] = v;
  }
  return out.cid ? out : null;
}

/** Cached normalisers per region: phone parsing costs tens of microseconds a value. */
const normalisers = new Map<string, IdentifierNormaliser>();

function phoneKey(v: string | null, region: string): string | null {
  if (!v) return null;
  let n = normalisers.get(region);
  if (!n) normalisers.set(region, (n = new IdentifierNormaliser(region, 50_000)));
  return n.normalise(v, 'phone')?.key ?? null;
}

/** The number present in at least 80% of the first rows (A or B side): the line the CDR is for. */
async function inferTarget(ctx: ParseContext, region: string): Promise<string | null> {
  // a silent first pass: its problems are reported by the main pass
  const quiet: ParseContext = { ...ctx, warn: () => undefined, progress: () => undefined };
  const { table, warn } = await openForParse(quiet, 'uk-cdr');
  const counts = new Map<string, { n: number; raw: string }>();
  let rows = 0;
  try {
    for await (const rec of table.records) {
      const row = tableRow(table, rec, warn);
      if (!row) continue;
      rows++;
      const seen = new Set<string>();
      for (const f of ['aNumber', 'bNumber']) {
        const v = row.cells.get(f);
        const k = phoneKey(v, region);
        if (!k || seen.has(k)) continue;
        seen.add(k);
        const e = counts.get(k) ?? { n: 0, raw: v! };
        e.n++;
        counts.set(k, e);
      }
      if (rows >= INFER_ROWS) break;
    }
  } finally {
    table.close();
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best && rows > 0 && best.n / rows >= 0.8 ? best.raw : null;
}

interface TargetInfo {
  raw: string | null;
  key: string | null;
  source: 'column' | 'title' | 'inferred' | 'unknown';
}

function endTimeOf(start: RawTime | null, durationS: number | null): RawTime | null {
  if (!start || durationS === null) return null;
  const ms = decodeTime(start.value, start.encoding).ms;
  return ms === null ? null : { value: String(ms + durationS * 1000), encoding: 'unix-ms' };
}

class CdrEmitter {
  private readonly imeis = new Set<string>();
  private readonly imsis = new Set<string>();
  constructor(
    private readonly ctx: ParseContext,
    private readonly table: OpenedTable,
    private readonly warn: WarnLimiter,
    private target: TargetInfo,
  ) {}

  private side(value: string | null): Party | null {
    if (!value) return null;
    const k = phoneKey(value, this.ctx.region);
    if (k && k === this.target.key) return OWNER;
    return { value };
  }

  async device(): Promise<void> {
    const p = this.table.profile;
    const facts: Record<string, string> = {
      'cdr-profile': p.name,
      'cdr-target-source': this.target.source,
    };
    const op = this.table.preamble.operator ?? p.operator;
    if (op) facts['cdr-operator'] = op;
    const info: DraftDeviceInfo = {
      kind: 'device-info',
      locator: 'cdr:target',
      facts,
      identifiers: this.target.raw
        ? [{ value: this.target.raw, hint: 'phone', role: 'owner' }]
        : [],
      raw: { ...this.table.preamble, titleLines: this.table.titleLines },
    };
    await this.ctx.emit(info);
  }

  private async equipment(row: TableRow): Promise<void> {
    const imei = row.cells.get('imei');
    if (imei && !this.imeis.has(imei)) {
      this.imeis.add(imei);
      await this.ctx.emit({
        kind: 'device-info',
        locator: `cdr:imei:${imei}`,
        identifiers: [{ value: imei, role: 'imei' }],
        raw: { firstSeen: row.locator },
      });
    }
    const imsi = row.cells.get('imsi');
    if (imsi && !this.imsis.has(imsi)) {
      this.imsis.add(imsi);
      await this.ctx.emit({
        kind: 'device-info',
        locator: `cdr:imsi:${imsi}`,
        identifiers: [{ value: imsi, role: 'imsi' }],
        raw: { firstSeen: row.locator },
      });
    }
  }

  /** Take the target line from the row's target column when nothing named it before. */
  adopt(row: TableRow): void {
    if (this.target.key) return;
    const t = row.cells.get('target');
    if (t) this.target = { raw: t, key: phoneKey(t, this.ctx.region), source: 'column' };
  }

  async row(row: TableRow, zone: string | null): Promise<void> {
    const c = row.cells;
    const p = this.table.profile;
    this.adopt(row);
    await this.equipment(row);
    const typeText = c.get('recordType');
    const type = recordTypeOf(typeText, p);
    if (!type) {
      row.flags.push('record-type-unknown');
      this.warn.warn(
        ErrorCodes.CSV_MAPPING,
        `record type ${JSON.stringify(typeText ?? '')} is not one profile ${p.name} knows; read as a call`,
        row.locator.replace(':', ' '),
      );
    }
    const at = rowTime(row, this.table, zone, this.warn);
    const durText = c.get('duration');
    const durationS = durText ? readDuration(durText) : null;
    if (durText && durationS === null) row.flags.push('duration-unparsed');

    // parties and direction relative to the target line
    let a: Party | null;
    let b: Party | null;
    let direction: Direction =
      readDirection(c.get('direction'), p) ?? readDirection(typeText, p) ?? 'unknown';
    const other = c.get('party');
    if (other) {
      const o = this.side(other);
      if (direction === 'incoming') [a, b] = [o, OWNER];
      else if (direction === 'outgoing') [a, b] = [OWNER, o];
      else [a, b] = [null, o];
    } else {
      a = this.side(c.get('aNumber'));
      b = this.side(c.get('bNumber'));
      if (direction === 'unknown') {
        if (a === OWNER) direction = 'outgoing';
        else if (b === OWNER) direction = 'incoming';
      }
    }
    const forwardedTo = this.side(c.get('cNumber'));
    if (forwardedTo) row.flags.push('forwarded');
    if (this.target.key && a !== OWNER && b !== OWNER && !other)
      row.flags.push('target-not-a-party');
    const flags = row.flags.length ? { flags: [...new Set(row.flags)] } : {};

    if (type === 'sms' || type === 'mms') {
      const m: DraftMessage = {
        kind: 'message',
        locator: row.locator,
        app: type,
        direction,
        sentAt: at,
        sender: a,
        recipients: b ? [b] : [],
        body: null,
        type: `cdr-${type}`,
        raw: row.raw,
        ...flags,
      };
      await this.ctx.emit(m);
    } else if (type !== 'data') {
      const call: DraftCall = {
        kind: 'call',
        locator: row.locator,
        app: 'phone',
        direction,
        startedAt: at,
        durationS,
        caller: a,
        callees: [b, forwardedTo].filter((x): x is Party => !!x),
        status:
          type === 'voicemail'
            ? 'voicemail'
            : durationS && durationS > 0
              ? 'answered'
              : direction === 'incoming'
                ? 'missed'
                : 'unknown',
        raw: row.raw,
        ...flags,
      };
      await this.ctx.emit(call);
    }

    // cells as locations
    const extra: CellId = {
      mcc: c.get('mcc') ?? undefined,
      mnc: c.get('mnc') ?? undefined,
      lac: c.get('lac') ?? undefined,
    };
    const startText = c.get('startCell') ?? c.get('ecgi') ?? c.get('cid');
    const start = parseCell(startText, extra);
    const end = parseCell(c.get('endCell'), extra);
    const lat = Number(c.get('cellLat') ?? NaN);
    const lon = Number(c.get('cellLon') ?? NaN);
    const label = [
      c.get('cellName'),
      type === 'data' ? 'data session' : null,
      c.get('azimuth') ? `azimuth ${c.get('azimuth')}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    if (start) {
      const loc: DraftLocation = {
        kind: 'location',
        locator: `${row.locator}:start-cell`,
        at,
        lat: Number.isFinite(lat) ? lat : null,
        lon: Number.isFinite(lon) ? lon : null,
        label: label || null,
        origin: 'cell',
        app: 'cdr',
        cell: start,
        raw: { cell: startText },
      };
      await this.ctx.emit(loc);
    } else if (type === 'data') {
      this.warn.warn(
        ErrorCodes.CSV_MAPPING,
        'data record without a cell id: nothing to place (kept in the source only)',
        row.locator.replace(':', ' '),
      );
    }
    if (end && JSON.stringify(end) !== JSON.stringify(start)) {
      await this.ctx.emit({
        kind: 'location',
        locator: `${row.locator}:end-cell`,
        at: endTimeOf(at, durationS) ?? at,
        lat: null,
        lon: null,
        label: 'end of communication',
        origin: 'cell',
        app: 'cdr',
        cell: end,
        raw: { cell: c.get('endCell') },
      });
    }
  }
}

export const ukCdrParser: Parser = {
  id: 'uk-cdr',
  version: '1.0.0',
  label: 'UK operator call data records (per-operator column profiles)',
  artefacts: ['calls', 'messages', 'locations', 'device-info'],

  // a CDR profile's required columns are specific: it outbids the generic CSV import
  bid: (probe) =>
    probe.isZip
      ? xlsxTableBid(probe, 'uk-cdr', { matched: 85, named: 90 })
      : tableBid(probe, 'uk-cdr', { matched: 70, named: 90, fallback: 0 }),

  async parse(ctx) {
    const { table, warn } = await openForParse(ctx, 'uk-cdr');
    const zone = ctx.options?.timezone ?? null;
    let target: TargetInfo = { raw: null, key: null, source: 'unknown' };
    if (table.preamble.target)
      target = {
        raw: table.preamble.target,
        key: phoneKey(table.preamble.target, ctx.region),
        source: 'title',
      };
    else if (!table.match.map.fields.has('target')) {
      const raw = await inferTarget(ctx, ctx.region);
      if (raw) target = { raw, key: phoneKey(raw, ctx.region), source: 'inferred' };
      else
        warn.warn(
          ErrorCodes.CSV_MAPPING,
          'the target line is not named (no title line or column) and no number is in 80% of the records: directions are left unknown',
          `line ${table.match.line}`,
        );
    }
    const emitter = new CdrEmitter(ctx, table, warn, target);
    let first = true;
    try {
      for await (const rec of table.records) {
        if (ctx.signal.aborted) break;
        const row = tableRow(table, rec, warn);
        if (!row) continue;
        if (first) {
          emitter.adopt(row);
          await emitter.device();
          first = false;
        }
        await emitter.row(row, zone);
      }
      if (first) await emitter.device();
    } finally {
      table.close();
      warn.finish();
    }
  },
};
