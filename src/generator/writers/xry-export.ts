// Writes a device as MSAB XRY text exports: one UTF-16LE file with BOM per report (Calls,
// Messages-SMS, Contacts-Contacts, Device-General Information), CRLF lines, a five-line header,
// blank-line separated entities with From/To namespaces, times in XRY's `M/d/yyyy h:mm:ss AM UTC+1
// (Device)` form, and long SMS split into segments. Predicts exactly what xry-export reads back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenDevice, GenParty } from '../device-data.js';

export const XRY_DIR = 'xry';

/** Characters per segment: 67 for text that needs UCS-2, 153 for plain GSM-like text. */
function segmentsOf(body: string): string[] {
  const size = /^[\x20-\x7e\n]*$/.test(body) ? 153 : 67;
  const chars = [...body];
  if (chars.length <= (size === 153 ? 160 : 70)) return [body];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function offsetMin(ms: number, zone: string): number {
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
  const local = Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute'));
  return Math.round((local - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** `10/26/2024 11:15:00 PM UTC+1 (Device)` in the device's zone. */
export function xryTimeText(
  ms: number,
  zone: string,
  clock: 'Device' | 'Network' = 'Device',
): string {
  const off = offsetMin(ms, zone);
  const d = new Date(ms + off * 60_000);
  const h = d.getUTCHours();
  const p = (n: number) => String(n).padStart(2, '0');
  const utc = off === 0 ? 'UTC' : `UTC${off > 0 ? '+' : '-'}${Math.abs(off) / 60}`;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'} ${utc} (${clock})`;
}

function file(type: string, entities: string[][]): Buffer {
  const lines = ['XRY Export', `Exhibit export`, type, 'Exported with XRY', ''];
  const body = entities.map((e) => e.join('\r\n')).join('\r\n\r\n');
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n' + body + '\r\n', 'utf16le');
}

function partyLines(ns: 'From' | 'To', p: GenParty): string[] {
  return [ns, `Tel:\t\t${p.written}`, ...(p.name ? [`Name (Matched):\t${p.name}`] : [])];
}

export interface XryFiles {
  files: Record<string, Buffer>;
  counts: Record<string, number>;
}

export function xryExport(device: GenDevice): XryFiles {
  const files: Record<string, Buffer> = {};
  const counts: Record<string, number> = {};
  const tz = device.timezone;

  const calls = device.calls.filter((c) => c.app === 'phone' || c.app === 'cdr');
  if (calls.length) {
    files['Calls.txt'] = file(
      'Calls',
      calls.map((c, i) => [
        `Calls #\t${i + 1}`,
        `Call Type:\t${c.status === 'missed' ? 'Missed' : c.status === 'rejected' ? 'Rejected' : c.direction === 'incoming' ? 'Received' : 'Dialed'}`,
        `Time:\t\t${xryTimeText(c.at, tz)}`,
        ...(c.status === 'answered'
          ? [`Duration:\t${new Date(c.durationS * 1000).toISOString().slice(11, 19)}`]
          : []),
        ...(c.deleted ? ['Deleted:\tYes'] : []),
        ...partyLines(c.direction === 'incoming' ? 'From' : 'To', c.party),
      ]),
    );
    counts.call = calls.length;
  }

  const threads = new Map(
    device.threads.filter((t) => t.app === 'sms' && !t.isGroup).map((t) => [t.id, t]),
  );
  const entities: string[][] = [];
  let messages = 0;
  let ref = 0;
  for (const m of device.messages) {
    const t = threads.get(m.threadId);
    if (!t || m.body === null || /\n\s*\n/.test(m.body)) continue;
    const other = m.direction === 'incoming' ? (m.from ?? t.participants[0]!) : t.participants[0]!;
    const parts = segmentsOf(m.body);
    ref++;
    parts.forEach((text, i) => {
      entities.push([
        `Messages-SMS #\t${entities.length + 1}`,
        `Text:\t${text.replace(/\n/g, '\r\n')}`,
        `Time:\t${xryTimeText(m.at, tz, m.direction === 'incoming' ? 'Network' : 'Device')}`,
        `Type:\t${m.direction === 'incoming' ? 'Deliver' : 'Submit'}`,
        `Status:\t${m.direction === 'incoming' ? (m.read === false ? 'Unread' : 'Read') : 'Sent'}`,
        ...(m.deleted ? ['Deleted:\tYes'] : []),
        ...(parts.length > 1
          ? [`Reference Number:\t${ref}`, `Segment Number:\t${i + 1}`, `Segments:\t${parts.length}`]
          : []),
        ...partyLines(m.direction === 'incoming' ? 'From' : 'To', other),
      ]);
    });
    messages++;
  }
  if (messages) {
    files['Messages-SMS.txt'] = file('Messages/SMS', entities);
    counts.message = messages;
  }

  const contacts = device.contacts.filter((c) => !c.deleted);
  if (contacts.length) {
    files['Contacts-Contacts.txt'] = file(
      'Contacts/Contacts',
      contacts.map((c, i) => [
        `Contacts-Contacts #\t${i + 1}`,
        `Name:\t\t${c.name}`,
        ...c.entries.filter((e) => e.kind === 'phone').map((e) => `Tel:\t\t${e.written}`),
        ...c.entries.filter((e) => e.kind === 'email').map((e) => `E-mail:\t\t${e.written}`),
        'Storage:\tDevice',
      ]),
    );
    counts.contact = contacts.length;
  }

  const info: Array<[string, string]> = [['Device Name', device.label]];
  if (device.owner.model) info.push(['Model', device.owner.model]);
  if (device.owner.imei) info.push(['Mobile Id (IMEI)', device.owner.imei]);
  if (device.owner.imsi) info.push(['Subscriber Id (IMSI)', device.owner.imsi]);
  if (device.owner.iccid) info.push(['SIM Identification (ICCID)', device.owner.iccid]);
  info.push(['MSISDN', device.owner.msisdn.written]);
  files['Device-General Information.txt'] = file(
    'Device/General Information',
    info.map(([a, d], i) => [
      `Device-General Information #\t${i + 1}`,
      `Data:\t${d}`,
      `Attribute:\t${a}`,
    ]),
  );
  counts['device-info'] = info.length;
  return { files, counts };
}

export const xryExportWriter: DeviceWriter = {
  id: 'xry-export',
  write(dir, device) {
    const { files, counts } = xryExport(device);
    mkdirSync(join(dir, XRY_DIR), { recursive: true });
    for (const [name, bytes] of Object.entries(files))
      writeFileSync(join(dir, XRY_DIR, name), bytes);
    return { files: Object.keys(files).map((f) => `${XRY_DIR}/${f}`), counts };
  },
};
