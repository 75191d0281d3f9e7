// Writes a device's line as an operator's call data records, in the three invented operator layouts
// of data/csv-profiles/uk-cdr-operator-*.json (a title block naming the target and split local
// date/time; semicolons, UTC and CGIs; ECGIs with cell-site positions), and predicts exactly what
// the uk-cdr parser reads back. The writer registered for devices uses layout A.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenDevice, GenParty } from '../device-data.js';
import { csvLine, dayFirst } from './csv-text.js';

export interface CdrRecord {
  ref: string;
  type: 'voice' | 'sms' | 'data';
  direction: 'incoming' | 'outgoing';
  other: GenParty | null;
  at: number;
  durationS: number;
  cell: { mcc: string; mnc: string; lac: string; cid: string };
  /** A different cell at the end of a long call. */
  endCell: { mcc: string; mnc: string; lac: string; cid: string } | null;
  lat: number;
  lon: number;
}

function cellFor(n: number): CdrRecord['cell'] {
  return {
    mcc: '234',
    mnc: '15',
    lac: String(1000 + (n % 7)),
    cid: String(20000 + ((n * 37) % 900)),
  };
}

/** The device's line as operator records, in time order (deleted handset items are still on the network). */
export function cdrRecords(device: GenDevice): CdrRecord[] {
  const out: CdrRecord[] = [];
  const threads = new Map(device.threads.map((t) => [t.id, t]));
  for (const c of device.calls) {
    if (c.app !== 'phone' && c.app !== 'cdr') continue;
    const cell = cellFor(c.id);
    out.push({
      ref: `V${c.id}`,
      type: 'voice',
      direction: c.direction,
      other: c.party,
      at: c.at,
      durationS: c.status === 'answered' || c.status === 'voicemail' ? c.durationS : 0,
      cell,
      endCell: c.durationS > 60 && c.status === 'answered' ? cellFor(c.id + 3) : null,
      lat: 51.5 + (c.id % 10) / 100,
      lon: -0.12 - (c.id % 10) / 100,
    });
  }
  for (const m of device.messages) {
    const t = threads.get(m.threadId);
    if (!t || t.app !== 'sms' || t.isGroup) continue;
    out.push({
      ref: `S${m.id}`,
      type: 'sms',
      direction: m.direction,
      other:
        m.direction === 'incoming'
          ? (m.from ?? t.participants[0] ?? null)
          : (t.participants[0] ?? null),
      at: m.at,
      durationS: 0,
      cell: cellFor(100 + m.id),
      endCell: null,
      lat: 51.45,
      lon: -0.2,
    });
  }
  for (const l of device.locations) {
    if (l.origin !== 'cell' || !l.cell) continue;
    out.push({
      ref: `D${l.id}`,
      type: 'data',
      direction: 'outgoing',
      other: null,
      at: l.at,
      durationS: 600,
      cell: l.cell,
      endCell: null,
      lat: l.lat,
      lon: l.lon,
    });
  }
  return out.sort((a, b) => a.at - b.at || a.ref.localeCompare(b.ref));
}

/** Expected parse counts for a set of records. */
export function cdrCounts(device: GenDevice, records: CdrRecord[]): Record<string, number> {
  return {
    call: records.filter((r) => r.type === 'voice').length,
    message: records.filter((r) => r.type === 'sms').length,
    location: records.length + records.filter((r) => r.endCell).length,
    'device-info': 1 + (device.owner.imei ? 1 : 0) + (device.owner.imsi ? 1 : 0),
  };
}

/** Offset of Europe/London at a UTC instant (minutes), for writing local times. */
function londonOffset(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: 'numeric',
    hourCycle: 'h23',
    day: 'numeric',
  }).formatToParts(new Date(ms));
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  return (h - new Date(ms).getUTCHours() + 24) % 24 === 1 ? 60 : 0;
}

const cgi = (c: CdrRecord['cell']) => `${c.mcc}-${c.mnc}-${c.lac}-${c.cid}`;

/** Layout A: title block, comma-separated, split local date and time, MOC/MTC/SMS-MO/SMS-MT/GPRS. */
export function cdrLayoutA(device: GenDevice, records: CdrRecord[]): string {
  const own = device.owner.msisdn.written;
  let s = csvLine(['Communications Data Disclosure - Call Data Records']);
  s += csvLine(['Operator: Operator A (invented)']);
  s += csvLine([`Target MSISDN: ${own}`]);
  s += csvLine(['Period: as requested']);
  s += '\r\n';
  s += csvLine([
    'Record ID',
    'Call Type',
    'Calling Number',
    'Called Number',
    'Forwarded Number',
    'Start Date',
    'Start Time',
    'Duration (hh:mm:ss)',
    'IMEI',
    'IMSI',
    'Start Cell ID',
    'End Cell ID',
    'LAC',
    'Roaming Network',
  ]);
  for (const r of records) {
    const out = r.direction === 'outgoing';
    const type =
      r.type === 'voice'
        ? out
          ? 'MOC'
          : 'MTC'
        : r.type === 'sms'
          ? out
            ? 'SMS-MO'
            : 'SMS-MT'
          : 'GPRS';
    const [date, time] = dayFirst(r.at, londonOffset(r.at)).split(' ');
    const other = r.other?.written ?? '';
    const d = r.durationS;
    const hh = `${String(Math.floor(d / 3600)).padStart(2, '0')}:${String(Math.floor((d % 3600) / 60)).padStart(2, '0')}:${String(d % 60).padStart(2, '0')}`;
    s += csvLine([
      r.ref,
      type,
      r.type === 'data' ? own : out ? own : other,
      r.type === 'data' ? 'internet' : out ? other : own,
      '',
      date,
      time,
      hh,
      device.owner.imei ?? '',
      device.owner.imsi ?? '',
      r.cell.cid,
      r.endCell?.cid ?? '',
      r.cell.lac,
      '',
    ]);
  }
  return s;
}

/** Layout B: semicolons, UTC, MO/MT, seconds, CGIs. */
export function cdrLayoutB(device: GenDevice, records: CdrRecord[]): string {
  const own = device.owner.msisdn.written.replace(/\s/g, '');
  let s = csvLine(
    [
      'EVENT_REF',
      'EVENT_TYPE',
      'DIRECTION',
      'A_PARTY',
      'B_PARTY',
      'C_PARTY',
      'EVENT_START_UTC',
      'DURATION_SECS',
      'SERVED_IMEI',
      'SERVED_IMSI',
      'FIRST_CGI',
      'LAST_CGI',
    ],
    ';',
    '\n',
  );
  for (const r of records) {
    const out = r.direction === 'outgoing';
    const other = r.other?.written ?? '';
    s += csvLine(
      [
        r.ref,
        r.type.toUpperCase(),
        out ? 'MO' : 'MT',
        r.type === 'data' ? own : out ? own : other,
        r.type === 'data' ? '' : out ? other : own,
        '',
        new Date(r.at).toISOString().replace('T', ' ').slice(0, 19),
        r.durationS,
        device.owner.imei ?? '',
        device.owner.imsi ?? '',
        cgi(r.cell),
        r.endCell ? cgi(r.endCell) : '',
      ],
      ';',
      '\n',
    );
  }
  return s;
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Layout C: target in every row, Direction + Other Party, local times with month names, ECGI and mast position. */
export function cdrLayoutC(device: GenDevice, records: CdrRecord[]): string {
  let s = csvLine([
    'Target',
    'Type',
    'Direction',
    'Other Party',
    'Date/Time (Local)',
    'Duration (s)',
    'IMEI',
    'IMSI',
    'Start ECGI',
    'End ECGI',
    'Cell Site Name',
    'Latitude',
    'Longitude',
    'Azimuth',
  ]);
  for (const r of records) {
    const d = new Date(r.at + londonOffset(r.at) * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    const local = `${p(d.getUTCDate())}-${MON[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    const ecgi = (c: CdrRecord['cell']) => `${c.mcc}-${c.mnc}-${c.lac}${c.cid}`;
    s += csvLine([
      device.owner.msisdn.written,
      r.type === 'voice' ? 'Voice' : r.type === 'sms' ? 'SMS' : 'Data',
      r.direction === 'outgoing' ? 'Outgoing' : 'Incoming',
      r.other?.written ?? 'internet',
      local,
      r.durationS,
      device.owner.imei ?? '',
      device.owner.imsi ?? '',
      ecgi(r.cell),
      r.endCell ? ecgi(r.endCell) : '',
      `Mast ${r.cell.cid}`,
      r.lat.toFixed(5),
      r.lon.toFixed(5),
      (Number(r.cell.cid) * 7) % 360,
    ]);
  }
  return s;
}

export const UK_CDR_FILE = 'cdr/call-data-records.csv';

export const ukCdrWriter: DeviceWriter = {
  id: 'uk-cdr',
  write(dir, device) {
    const records = cdrRecords(device);
    mkdirSync(join(dir, 'cdr'), { recursive: true });
    writeFileSync(join(dir, UK_CDR_FILE), cdrLayoutA(device, records), 'utf8');
    return { files: [UK_CDR_FILE], counts: cdrCounts(device, records) };
  },
};
