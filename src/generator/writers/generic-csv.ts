// Writes a device's messages, calls and contacts as the CSV files a phone tool or backup app
// exports (UTF-8 with BOM, CRLF, quoted multi-line bodies), laid out for the built-in generic
// profiles, and predicts exactly what the generic-csv parser reads back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenDevice } from '../device-data.js';
import { csvLine, dayFirst, hms } from './csv-text.js';

export const GENERIC_CSV_DIR = 'csv-export';
const BOM = '\ufeff';

const APP_LABEL: Record<string, string> = {
  sms: 'SMS',
  mms: 'MMS',
  imessage: 'iMessage',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal',
  phone: 'Phone',
  cdr: 'Phone',
};

export function messagesCsv(device: GenDevice): { text: string; rows: number } {
  const threads = new Map(device.threads.map((t) => [t.id, t]));
  let text =
    BOM +
    csvLine([
      '#',
      'Timestamp (UTC)',
      'Direction',
      'From',
      'Sender Name',
      'To',
      'Body',
      'App',
      'Deleted',
      'Owner Number',
    ]);
  let rows = 0;
  for (const m of device.messages) {
    const t = threads.get(m.threadId);
    if (!t) continue;
    const owner = device.owner.msisdn.written;
    const from =
      m.direction === 'incoming' ? (m.from?.written ?? t.participants[0]?.written ?? '') : owner;
    const fromName = m.direction === 'incoming' ? (m.from?.name ?? '') : '';
    const to = m.direction === 'incoming' ? owner : t.participants.map((p) => p.written).join('; ');
    text += csvLine([
      m.id,
      new Date(m.at).toISOString(),
      m.direction === 'incoming' ? 'Incoming' : 'Outgoing',
      from,
      fromName,
      to,
      m.body ?? '',
      APP_LABEL[t.app] ?? t.app,
      m.deleted ? 'Yes' : 'No',
      owner,
    ]);
    rows++;
  }
  return { text, rows };
}

export function callsCsv(device: GenDevice): { text: string; rows: number } {
  let text =
    BOM + csvLine(['Start Time (UTC)', 'Call Type', 'Number', 'Name', 'Duration', 'Video', 'App']);
  for (const c of device.calls) {
    const type =
      c.status === 'missed'
        ? 'Missed'
        : c.status === 'rejected'
          ? 'Rejected'
          : c.direction === 'incoming'
            ? 'Incoming'
            : 'Outgoing';
    text += csvLine([
      dayFirst(c.at),
      type,
      c.party.written,
      c.party.name ?? '',
      hms(c.durationS),
      c.video ? 'Yes' : 'No',
      APP_LABEL[c.app] ?? c.app,
    ]);
  }
  return { text, rows: device.calls.length };
}

export function contactsCsv(device: GenDevice): { text: string; rows: number } {
  let text =
    BOM +
    csvLine([
      'Name',
      'Mobile',
      'Other Phone',
      'Email',
      'WhatsApp',
      'Telegram',
      'Source',
      'Deleted',
    ]);
  for (const c of device.contacts) {
    const of = (k: string) => c.entries.filter((e) => e.kind === k).map((e) => e.written);
    const phones = of('phone');
    text += csvLine([
      c.name,
      phones[0] ?? '',
      phones.slice(1).join('; '),
      of('email').join('; '),
      of('whatsapp').join('; '),
      of('telegram').join('; '),
      c.app ? (APP_LABEL[c.app] ?? c.app) : 'Phone',
      c.deleted ? 'Yes' : 'No',
    ]);
  }
  return { text, rows: device.contacts.length };
}

export const genericCsvWriter: DeviceWriter = {
  id: 'generic-csv',
  write(dir, device) {
    const out = join(dir, GENERIC_CSV_DIR);
    mkdirSync(out, { recursive: true });
    const files: string[] = [];
    const counts: Record<string, number> = {};
    const parts: Array<[string, string, { text: string; rows: number }]> = [
      ['messages.csv', 'message', messagesCsv(device)],
      ['calls.csv', 'call', callsCsv(device)],
      ['contacts.csv', 'contact', contactsCsv(device)],
    ];
    for (const [name, kind, { text, rows }] of parts) {
      if (rows === 0) continue;
      writeFileSync(join(out, name), text, 'utf8');
      files.push(`${GENERIC_CSV_DIR}/${name}`);
      counts[kind] = rows;
    }
    return { files, counts };
  },
};
