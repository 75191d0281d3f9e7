// Writes a synthetic device as a Magnet AXIOM XML report export: one Artifact per artifact type,
// each Hit one record, each Fragment one column, date columns named with their zone and format
// (`Message Sent Date/Time - UTC+00:00 (M/d/yyyy)`), attachments in an Attachments folder beside
// the report. Returns the exact draft counts the magnet-axiom parser must read back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenApp, GenDevice, GenMessage, WrittenFiles } from '../device-data.js';
import { FileSink, attrs, escapeText, type TextSink } from './xml-sink.js';
import { attachmentBytes } from './cellebrite-ufdr.js';

export interface AxiomWriteOptions {
  /** Zone of the date columns, minutes east of UTC (default 0). */
  offsetMinutes?: number;
  /** Date order in the date columns (default `M/d/yyyy`, as AXIOM's US default). */
  datePattern?: 'M/d/yyyy' | 'd/M/yyyy';
  /** Folder (inside the device folder) holding Report.xml and Attachments/. */
  folder?: string;
}

const p2 = (n: number) => String(n).padStart(2, '0');

function zoneLabel(min: number): string {
  const a = Math.abs(min);
  return `UTC${min < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** AXIOM's date cell text: `3/1/2024 9:30:15 AM` in the column's zone and date order. */
export function formatAxiomTime(ms: number, offsetMinutes = 0, pattern = 'M/d/yyyy'): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const M = d.getUTCMonth() + 1;
  const D = d.getUTCDate();
  const h24 = d.getUTCHours();
  const h = h24 % 12 === 0 ? 12 : h24 % 12;
  const date =
    pattern === 'd/M/yyyy' ? `${D}/${M}/${d.getUTCFullYear()}` : `${M}/${D}/${d.getUTCFullYear()}`;
  return `${date} ${h}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${h24 < 12 ? 'AM' : 'PM'}`;
}

const CHAT_ARTIFACT: Partial<Record<GenApp, [string, string]>> = {
  whatsapp: ['Android WhatsApp Messages', 'iOS WhatsApp Messages'],
  telegram: ['Android Telegram Messages', 'Telegram Messages - iOS'],
  signal: ['Signal Messages', 'Signal Messages - iOS'],
};
const SMS_ARTIFACT: [string, string] = ['Android SMS/MMS', 'iOS iMessage/SMS/MMS'];
const CALL_ARTIFACT: Partial<Record<GenApp, [string, string]>> = {
  phone: ['Android Call Logs', 'iOS Call Logs'],
  whatsapp: ['Android WhatsApp Call Logs', 'iOS WhatsApp Call Logs'],
};

/** Write the XML report of a device to a sink; returns the attachment files and the counts. */
export function writeAxiomReport(
  sink: TextSink,
  device: GenDevice,
  opts: AxiomWriteOptions = {},
): {
  files: Array<{ name: string; data: Buffer }>;
  counts: Record<string, number>;
  written: NonNullable<WrittenFiles['written']>;
} {
  const ios = device.platform === 'ios' ? 1 : 0;
  const off = opts.offsetMinutes ?? 0;
  const pattern = opts.datePattern ?? 'M/d/yyyy';
  const dateCol = (prefix: string) => `${prefix} - ${zoneLabel(off)} (${pattern})`;
  const t = (ms: number) => formatAxiomTime(ms, off, pattern);
  const counts: Record<string, number> = {
    thread: 0,
    message: 0,
    call: 0,
    contact: 0,
    location: 0,
    media: 0,
    'device-info': 0,
    'identifier-link': 0,
  };
  const files: Array<{ name: string; data: Buffer }> = [];
  const o = device.owner;
  const written = {
    messages: [] as number[],
    calls: [] as number[],
    contacts: [] as number[],
    owner: [] as string[],
  };
  const w = (s: string) => sink.write(s);
  let hitId = 0;
  const artifact = (
    name: string,
    hits: Array<Array<[string, string | number | null | undefined]>>,
  ) => {
    if (!hits.length) return;
    w(`    <Artifact${attrs({ name, version: '1' })}>\n      <Hits>\n`);
    for (const frags of hits) {
      w(`        <Hit${attrs({ id: ++hitId })}>\n`);
      for (const [k, v] of frags)
        if (v !== null && v !== undefined && v !== '')
          w(`          <Fragment${attrs({ name: k })}>${escapeText(String(v))}</Fragment>\n`);
      w('        </Hit>\n');
    }
    w('      </Hits>\n    </Artifact>\n');
  };

  w('<?xml version="1.0" encoding="utf-8"?>\n');
  w(`<Case${attrs({ name: device.label, product: 'Magnet AXIOM Process', version: '7.10.0' })}>\n`);
  w(
    `  <CaseInformation><Item name="Evidence number">${escapeText(device.exhibit)}</Item></CaseInformation>\n`,
  );
  w('  <Artifacts>\n');

  artifact(ios ? 'iOS Device Information' : 'Android Device Information', [
    [
      ['Device Name', device.label],
      ['Model ID', o.model],
      ['OS Version', o.os],
      ['IMEI', o.imei],
      ['IMSI', o.imsi],
      ['ICCID', o.iccid],
      ['Source', ios ? 'SystemVersion.plist' : 'build.prop'],
      ['Recovery Method', 'Parsing'],
    ],
  ]);
  counts['device-info']!++;
  artifact('SIM Card Activity', [
    [
      ['Phone Number', o.msisdn.written],
      ['ICCID', o.iccid],
      ['Source', 'telephony.db'],
      ['Recovery Method', 'Parsing'],
    ],
  ]);
  counts['device-info']!++;
  const waAccount = o.accounts?.find((a) => a.key.startsWith('whatsapp:'));
  if (waAccount) {
    artifact('Android WhatsApp Accounts Information', [
      [
        ['Phone Number', waAccount.written],
        ['WhatsApp Name', waAccount.name ?? device.label],
        ['Source', 'com.whatsapp_preferences.xml'],
        ['Recovery Method', 'Parsing'],
      ],
    ]);
    counts['device-info']!++;
  }

  const recovery = (m: { deleted?: boolean }) => (m.deleted ? 'Carving' : 'Parsing');
  const attachmentCell = (m: GenMessage) => {
    const names = (m.attachments ?? []).map((a) => `${a.id}_${a.filename}`);
    for (const a of m.attachments ?? []) {
      files.push({ name: `${a.id}_${a.filename}`, data: attachmentBytes(a) });
      counts.media!++;
    }
    return names.length ? names.join('; ') : null;
  };

  // native messaging: one artifact for SMS, MMS and iMessage
  const smsThreads = device.threads.filter(
    (th) => th.app === 'sms' || th.app === 'mms' || th.app === 'imessage',
  );
  const smsHits: Array<Array<[string, string | number | null | undefined]>> = [];
  for (const th of smsThreads) {
    const msgs = device.messages.filter((m) => m.threadId === th.id);
    if (msgs.length) counts.thread!++;
    for (const m of msgs) {
      const other =
        m.direction === 'incoming' ? (m.from ?? th.participants[0]) : th.participants[0];
      smsHits.push([
        ['Partner', th.isGroup ? th.participants.map((p) => p.written).join(', ') : other?.written],
        ['Partner Name', th.isGroup ? null : other?.name],
        ['Sender', m.direction === 'incoming' ? other?.written : o.msisdn.written],
        [
          'Recipient(s)',
          m.direction === 'incoming'
            ? o.msisdn.written
            : th.participants.map((p) => p.written).join(', '),
        ],
        ['Message', m.body],
        [dateCol(m.direction === 'incoming' ? 'Received Date/Time' : 'Sent Date/Time'), t(m.at)],
        ['Message Direction', m.direction === 'incoming' ? 'Incoming' : 'Outgoing'],
        [
          'Type',
          th.app === 'imessage' ? 'iMessage' : th.app === 'mms' || th.isGroup ? 'MMS' : 'SMS',
        ],
        ['Thread ID', `sms-${th.id}`],
        ['Attachments', attachmentCell(m)],
        ['Source', ios ? 'sms.db' : 'mmssms.db'],
        ['Location', `Table: messages(id: ${m.id})`],
        ['Recovery Method', recovery(m)],
      ]);
      counts.message!++;
      written.messages.push(m.id);
    }
  }
  artifact(SMS_ARTIFACT[ios]!, smsHits);

  for (const app of ['whatsapp', 'telegram', 'signal'] as const) {
    const hits: Array<Array<[string, string | number | null | undefined]>> = [];
    const ownerId =
      o.accounts?.find((a) => a.key.startsWith(`${app}:`))?.written ?? o.msisdn.written;
    for (const th of device.threads.filter((x) => x.app === app)) {
      const msgs = device.messages.filter((m) => m.threadId === th.id);
      if (msgs.length) counts.thread!++;
      for (const m of msgs) {
        const from = m.direction === 'incoming' ? (m.from ?? th.participants[0]) : null;
        hits.push([
          ['Chat ID', th.groupId?.written ?? `${app}-chat-${th.id}`],
          ['Conversation Name', th.name],
          ['Sender', from ? from.written : ownerId],
          ['Sender Name', from?.name],
          [
            'Receiver',
            m.direction === 'outgoing'
              ? th.participants.map((p) => p.written).join(', ')
              : th.isGroup
                ? null
                : ownerId,
          ],
          ['Message', m.body],
          [dateCol('Message Sent Date/Time'), t(m.at)],
          [
            'Message Status',
            m.direction === 'outgoing' ? 'Sent' : m.read === false ? 'Unread' : 'Read',
          ],
          ['Direction', m.direction === 'incoming' ? 'Incoming' : 'Outgoing'],
          ['Attachment', attachmentCell(m)],
          ['Source', `${app}.db`],
          ['Location', `Table: messages(rowid: ${m.id})`],
          ['Recovery Method', recovery(m)],
        ]);
        counts.message!++;
        written.messages.push(m.id);
      }
    }
    artifact(CHAT_ARTIFACT[app]![ios]!, hits);
  }

  for (const app of ['phone', 'whatsapp'] as const) {
    const calls = device.calls.filter((c) => c.app === app);
    artifact(
      CALL_ARTIFACT[app]![ios]!,
      calls.map((c) => {
        counts.call!++;
        written.calls.push(c.id);
        const dir =
          c.status === 'missed'
            ? 'Missed'
            : c.status === 'rejected'
              ? 'Rejected'
              : c.direction === 'incoming'
                ? 'Incoming'
                : 'Outgoing';
        return [
          ['Partner', c.party.written],
          ['Partner Name', c.party.name],
          ['Direction', dir],
          [dateCol('Call Date/Time'), t(c.at)],
          [
            'Call Duration',
            `${p2(Math.floor(c.durationS / 3600))}:${p2(Math.floor((c.durationS % 3600) / 60))}:${p2(c.durationS % 60)}`,
          ],
          ['Call Type', c.video ? 'Video' : 'Voice'],
          ['Source', app === 'phone' ? 'calllog.db' : 'msgstore.db'],
          ['Recovery Method', recovery(c)],
        ];
      }),
    );
  }

  artifact(
    ios ? 'Apple Contacts - iOS' : 'Android Contacts',
    device.contacts.map((c) => {
      counts.contact!++;
      written.contacts.push(c.id);
      const phones = c.entries.filter((e) => e.kind === 'phone');
      const emails = c.entries.filter((e) => e.kind === 'email');
      const distinct = new Set([...phones, ...emails].map((e) => e.written)).size;
      if (distinct > 1) counts['identifier-link']! += distinct - 1;
      return [
        ['Display Name', c.name],
        ['Phone Number(s)', phones.map((e) => `${e.label ?? 'Mobile'}: ${e.written}`).join('\n')],
        ['Email(s)', emails.map((e) => e.written).join('\n')],
        ['Source', ios ? 'AddressBook.sqlitedb' : 'contacts2.db'],
        ['Recovery Method', recovery(c)],
      ];
    }),
  );

  const loc = (origin: string) => device.locations.filter((l) => l.origin === origin);
  artifact(
    'Cell Tower Locations',
    loc('cell').map((l) => {
      counts.location!++;
      return [
        ['CellID', l.cell?.cid],
        ['Location Area Code', l.cell?.lac],
        ['Mobile Country Code', l.cell?.mcc],
        ['Mobile Network Code', l.cell?.mnc],
        ['Latitude', l.lat],
        ['Longitude', l.lon],
        [dateCol('Timestamp Date/Time'), t(l.at)],
        ['Recovery Method', 'Parsing'],
      ];
    }),
  );
  artifact(
    'WiFi Locations',
    loc('wifi').map((l) => {
      counts.location!++;
      return [
        ['Latitude', l.lat],
        ['Longitude', l.lon],
        [dateCol('Timestamp Date/Time'), t(l.at)],
        ['Accuracy (meters)', l.accuracyM],
        ['Recovery Method', 'Parsing'],
      ];
    }),
  );
  artifact(
    'Significant Locations',
    loc('gps').map((l) => {
      counts.location!++;
      return [
        ['Latitude', l.lat],
        ['Longitude', l.lon],
        [dateCol('Created Date/Time'), t(l.at)],
        ['Horizontal Accuracy (meters)', l.accuracyM],
        ['Recovery Method', 'Parsing'],
      ];
    }),
  );
  w('  </Artifacts>\n</Case>\n');
  written.owner.push(o.msisdn.key);
  if (waAccount) written.owner.push(waAccount.key);
  if (o.imei) written.owner.push(`imei:${o.imei}`);
  if (o.imsi) written.owner.push(`imsi:${o.imsi}`);
  if (o.iccid) written.owner.push(`iccid:${o.iccid}`);
  return { files, counts, written };
}

/** Write a device as `<dir>/<folder>/Report.xml` with `Attachments/`. */
export function writeAxiomDevice(
  dir: string,
  device: GenDevice,
  opts: AxiomWriteOptions = {},
): WrittenFiles {
  const folder = opts.folder ?? `${device.id}-axiom`;
  const root = join(dir, folder);
  mkdirSync(join(root, 'Attachments'), { recursive: true });
  const sink = new FileSink(join(root, 'Report.xml'));
  const { files, counts, written: ids } = writeAxiomReport(sink, device, opts);
  sink.close();
  const written = [`${folder}/Report.xml`];
  for (const f of files) {
    writeFileSync(join(root, 'Attachments', f.name), f.data);
    written.push(`${folder}/Attachments/${f.name}`);
  }
  return { files: written, counts, written: ids };
}

/** The registered writer: a device as an AXIOM XML report folder. */
export const magnetAxiomWriter: DeviceWriter = {
  id: 'magnet-axiom',
  write: (dir, device) => writeAxiomDevice(dir, device),
};
