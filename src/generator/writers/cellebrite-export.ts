// Writes a device as a Cellebrite Physical Analyzer / Reader export: an XLSX with one sheet per
// artefact type (a merged title row above the header, multi-line Parties / Participants / Entries
// cells with roles and an owner marker, `dd/MM/yyyy HH:mm:ss(UTC+1)` times) and the same tables as
// CSV files. The layout follows the public descriptions in docs/formats.md section 1.2; no public
// sample exists, so details such as the owner marker are our reading. Predicts exact parse counts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenDevice, GenParty } from '../device-data.js';
import { csvLine } from './csv-text.js';
import { writeXlsx, type XlsxSheetSpec } from './xlsx-file.js';

export const CELLEBRITE_XLSX = 'cellebrite/Report.xlsx';

const SOURCE: Record<string, string> = {
  sms: 'Native Messages',
  mms: 'Native Messages',
  imessage: 'iMessage',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal',
  phone: 'Phone',
  cdr: 'Phone',
};

function offsetOf(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(ms));
  const g = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Math.round(
    (Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute')) -
      Math.floor(ms / 60_000) * 60_000) /
      60_000,
  );
}

/** `27/10/2024 01:45:00(UTC+1)`: local time in the device's zone with its offset. */
export function cellebriteTime(ms: number, zone: string): string {
  const off = offsetOf(ms, zone);
  const d = new Date(ms + off * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = off < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(off) / 60);
  const m = Math.abs(off) % 60;
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}(UTC${sign}${h}${m ? `:${p(m)}` : ''})`;
}

const who = (p: GenParty) => (p.name ? `${p.written} ${p.name}` : p.written);

export interface CellebriteTables {
  sheets: XlsxSheetSpec[];
  counts: Record<string, number>;
}

export function cellebriteTables(device: GenDevice): CellebriteTables {
  const tz = device.timezone;
  const owner = `${device.owner.msisdn.written} (owner)`;
  const sheets: XlsxSheetSpec[] = [];
  const counts: Record<string, number> = {};
  const table = (name: string, header: string[], rows: string[][]) => {
    sheets.push({ name, rows: [[name], header, ...rows], mergeTitle: header.length });
  };

  const info: Array<[string, string]> = [['Device Name', device.label]];
  if (device.owner.model) info.push(['Model', device.owner.model]);
  if (device.owner.imei) info.push(['IMEI', device.owner.imei]);
  if (device.owner.imsi) info.push(['IMSI', device.owner.imsi]);
  if (device.owner.iccid) info.push(['ICCID', device.owner.iccid]);
  info.push(['MSISDN', device.owner.msisdn.written], ['Time Zone', tz]);
  // older exports: 'Device Info' with the table in columns B-D
  sheets.push({
    name: 'Device Info',
    rows: [
      ['', 'Device Info'],
      ['', '#', 'Name', 'Value'],
      ...info.map(([k, v], i) => ['', String(i + 1), k, v]),
    ],
  });
  counts['device-info'] = info.length;

  const entryLines = (c: GenDevice['contacts'][number]) =>
    c.entries
      .map((e) =>
        e.kind === 'phone'
          ? `Phone-${e.label ?? 'Mobile'}: ${e.written}`
          : e.kind === 'email'
            ? `Email-Home: ${e.written}`
            : e.kind === 'whatsapp'
              ? `User ID-WhatsApp: ${e.written}`
              : e.kind === 'telegram'
                ? `User ID-Username: ${e.written}`
                : `User ID-Other: ${e.written}`,
      )
      .join('\n');
  table(
    'Contacts',
    ['#', 'Name', 'Interaction Statuses', 'Entries', 'Source', 'Account', 'Deleted'],
    device.contacts.map((c, i) => [
      String(i + 1),
      c.name,
      '',
      entryLines(c),
      c.app ? (SOURCE[c.app] ?? c.app) : '',
      '',
      c.deleted ? 'Yes' : '',
    ]),
  );
  counts.contact = device.contacts.length;

  table(
    'Call Log',
    ['#', 'Type', 'Video call', 'Timestamp: Time', 'Duration', 'Parties', 'Source', 'Deleted'],
    device.calls.map((c, i) => [
      String(i + 1),
      c.status === 'missed'
        ? 'Missed'
        : c.status === 'rejected'
          ? 'Rejected'
          : c.direction === 'incoming'
            ? 'Incoming'
            : 'Outgoing',
      c.video ? 'Yes' : 'No',
      cellebriteTime(c.at, tz),
      new Date(c.durationS * 1000).toISOString().slice(11, 19),
      c.direction === 'incoming'
        ? `From: ${who(c.party)}\nTo: ${owner}`
        : `From: ${owner}\nTo: ${who(c.party)}`,
      SOURCE[c.app] ?? c.app,
      c.deleted ? 'Yes' : '',
    ]),
  );
  counts.call = device.calls.length;

  const threads = new Map(device.threads.map((t) => [t.id, t]));
  const sms: string[][] = [];
  const chats: string[][] = [];
  const chatIds = new Set<number>();
  for (const m of device.messages) {
    const t = threads.get(m.threadId);
    if (!t) continue;
    const from = m.direction === 'incoming' ? who(m.from ?? t.participants[0]!) : owner;
    const to = m.direction === 'incoming' ? [owner] : t.participants.map(who);
    if ((t.app === 'sms' || t.app === 'mms') && !t.isGroup) {
      sms.push([
        String(sms.length + 1),
        m.direction === 'incoming' ? 'Inbox' : 'Sent',
        m.direction === 'incoming' ? (m.read === false ? 'Unread' : 'Read') : 'Sent',
        cellebriteTime(m.at, tz),
        [`From: ${from}`, ...to.map((x) => `To: ${x}`)].join('\n'),
        m.body ?? '',
        'Native Messages',
        m.deleted ? 'Yes' : '',
      ]);
    } else {
      chatIds.add(t.id);
      chats.push([
        String(chats.length + 1),
        String(t.id),
        SOURCE[t.app] ?? t.app,
        [owner, ...t.participants.map(who)].join('\n'),
        cellebriteTime(m.at, tz),
        from,
        to.join('\n'),
        m.body ?? '',
        m.direction === 'incoming' ? 'Incoming' : 'Outgoing',
        m.deleted ? 'Yes' : '',
      ]);
    }
  }
  table(
    'SMS Messages',
    ['#', 'Folder', 'Status', 'Timestamp: Time', 'Parties', 'Body', 'Source', 'Deleted'],
    sms,
  );
  table(
    'Chats',
    [
      '#',
      'Chat #',
      'Source',
      'Participants',
      'Timestamp: Time',
      'From',
      'To',
      'Body',
      'Direction',
      'Deleted',
    ],
    chats,
  );
  counts.message = sms.length + chats.length;
  counts.thread = chatIds.size;
  return { sheets, counts };
}

/** The same tables as Cellebrite CSV files (one per type, title row first, UTF-8 with BOM). */
export function writeCellebriteCsv(
  dir: string,
  device: GenDevice,
): { files: string[]; counts: Record<string, number> } {
  const { sheets, counts } = cellebriteTables(device);
  mkdirSync(join(dir, 'cellebrite-csv'), { recursive: true });
  const files: string[] = [];
  for (const s of sheets) {
    const name = `cellebrite-csv/${s.name}.csv`;
    writeFileSync(join(dir, name), '\ufeff' + s.rows.map((r) => csvLine(r)).join(''), 'utf8');
    files.push(name);
  }
  return { files, counts };
}

export const cellebriteExportWriter: DeviceWriter = {
  id: 'cellebrite-export',
  async write(dir, device) {
    const { sheets, counts } = cellebriteTables(device);
    await writeXlsx(join(dir, CELLEBRITE_XLSX), sheets);
    return { files: [CELLEBRITE_XLSX], counts };
  },
};
