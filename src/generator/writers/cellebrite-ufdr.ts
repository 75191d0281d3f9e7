// Writes a synthetic device as a Cellebrite .ufdr: a zip with report.xml (real namespace and
// element structure) and the extracted attachment files under files/<Category>/, as Physical
// Analyzer lays them out. Returns the exact draft counts the cellebrite-ufdr parser must read back.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type {
  DeviceWriter,
  GenApp,
  GenAttachment,
  GenDevice,
  WrittenFiles,
} from '../device-data.js';
import { FileSink, MemorySink, type TextSink, uuidFrom } from './xml-sink.js';
import {
  ReportXmlWriter,
  formatUfdrTime,
  type PartySpec,
  type UfdrTimeFormat,
} from './ufdr-report-xml.js';

export interface UfdrWriteOptions {
  /** Timestamp text format for model fields: one of the six, or `rotate` (record n uses format n % 6 + 1). */
  timeFormat?: UfdrTimeFormat | 'rotate';
  /** Attachment ids whose extracted file is left out of the zip (a report that references missing files). */
  omitFiles?: readonly number[];
  /** File name of the .ufdr (default `<device id>.ufdr`). */
  fileName?: string;
  /** Also write the bare report.xml (and files/) as an extracted folder next to the .ufdr. */
  alsoFolder?: boolean;
}

const CHAT_SOURCE: Partial<Record<GenApp, string>> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal',
  sms: 'Native Messages',
  mms: 'Native Messages',
  imessage: 'iMessage',
};
const CALL_SOURCE: Partial<Record<GenApp, string>> = {
  phone: 'Phone',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal',
  imessage: 'FaceTime',
};
const ACCOUNT_SOURCE: Record<string, string> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal',
  email: 'Email',
  'apple-id': 'Apple',
  instagram: 'Instagram',
  snapchat: 'Snapchat',
  facebook: 'Facebook',
};
const CONTACT_SOURCE: Partial<Record<GenApp, string>> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal',
};

function category(mime: string): string {
  if (mime.startsWith('image/')) return 'Image';
  if (mime.startsWith('video/')) return 'Video';
  if (mime.startsWith('audio/')) return 'Audio';
  return 'Document';
}

/** Content of an attachment: its bytes, or deterministic filler with a plausible magic number. */
export function attachmentBytes(a: GenAttachment): Buffer {
  if (a.bytes) return Buffer.from(a.bytes);
  const seed = createHash('sha256').update(`attachment:${a.id}:${a.filename}`).digest();
  const magic = a.mime.startsWith('image/jpeg')
    ? Buffer.from([0xff, 0xd8, 0xff, 0xe0])
    : a.mime.startsWith('image/png')
      ? Buffer.from([0x89, 0x50, 0x4e, 0x47])
      : Buffer.from('RIFF');
  const body = Buffer.alloc(512 + (seed[0]! << 2));
  for (let i = 0; i < body.length; i++) body[i] = seed[i % seed.length]! ^ (i & 0xff);
  return Buffer.concat([magic, body]);
}

interface Planned {
  xmlBytes: number;
  files: Array<{ zipPath: string; data: Buffer }>;
  counts: Record<string, number>;
}

/** Write the report.xml of a device to a sink; returns the files to put beside it and the counts. */
export function writeUfdrReport(
  sink: TextSink,
  device: GenDevice,
  opts: UfdrWriteOptions = {},
): Omit<Planned, 'xmlBytes'> & { written: NonNullable<WrittenFiles['written']> } {
  const w = new ReportXmlWriter(sink);
  const id = (...parts: Array<string | number>) => uuidFrom(device.id, ...parts);
  let timeN = 0;
  const fmt = (): UfdrTimeFormat => {
    const f = opts.timeFormat ?? 1;
    if (f === 'rotate') return ((timeN++ % 6) + 1) as UfdrTimeFormat;
    return f;
  };
  const time = (name: string, ms: number) => {
    const f = fmt();
    const text = formatUfdrTime(ms, f);
    w.timeField(name, text, f === 1 ? formatUfdrTime(ms, 3) : undefined);
  };
  const omit = new Set(opts.omitFiles ?? []);
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
  const files: Array<{ zipPath: string; data: Buffer }> = [];
  const o = device.owner;
  const written = {
    messages: [] as number[],
    calls: [] as number[],
    contacts: [] as number[],
    owner: [] as string[],
  };
  const firstAt = Math.min(
    ...device.messages.map((m) => m.at),
    ...device.calls.map((c) => c.at),
    Date.UTC(2024, 0, 1),
  );

  w.begin({
    id: id('project'),
    name: device.label,
    reportVersion: '7.69.0.45',
    licenseID: '0000000000',
    containsGarbage: 'False',
    extractionType: 'FileSystem',
  });
  w.extractions([
    {
      id: '0',
      name: 'File System',
      isCustomName: 'False',
      type: 'FileSystem',
      deviceName: o.model ?? 'Unknown',
      fullName: `${o.model ?? 'Device'} File System`,
      index: '0',
      IsPartialData: 'False',
    },
  ]);
  w.caseInformation([
    { name: 'Evidence number', fieldType: 'EvidenceNumber', value: device.exhibit },
    { name: 'Examiner name', fieldType: 'ExaminerName', value: 'Synthetic Examiner' },
  ]);
  counts['device-info']! += 1; // project, extractions and case information
  w.metadata('Additional Fields', [
    { id: id('m', 1), name: 'UFED_PA_Version', value: '7.69.0.45' },
    { id: id('m', 2), name: 'UfdrLanguage', value: 'en-GB' },
  ]);
  w.metadata('Extraction Data', [
    {
      id: id('m', 3),
      name: 'DeviceInfoExtractionStartDateTime',
      value: formatUfdrTime(firstAt, 1),
      sourceExtraction: '0',
    },
    {
      id: id('m', 4),
      name: 'Time zone settings (ID)',
      value: device.timezone,
      sourceExtraction: '0',
    },
  ]);
  const info: Array<{ id: string; name: string; value: string; sourceExtraction: string }> = [];
  const add = (name: string, value: string | undefined) => {
    if (value) info.push({ id: id('m', name), name, value, sourceExtraction: '0' });
  };
  add('IMEI', o.imei);
  add('MSISDN', o.msisdn.written);
  add('IMSI', o.imsi);
  add('ICCID', o.iccid);
  add('DeviceInfoDetectedModel', o.model);
  add('DeviceInfoOSVersion', o.os);
  w.metadata('Device Info', info);
  counts['device-info']! += 3;

  // Extracted files for every attachment (taggedFiles), in message order.
  const fileIds = new Map<number, { id: string; localPath: string }>();
  w.beginTaggedFiles();
  for (const m of device.messages) {
    for (const a of m.attachments ?? []) {
      if (fileIds.has(a.id)) continue;
      const data = attachmentBytes(a);
      const cat = category(a.mime);
      const zipPath = `files/${cat}/${a.id}_${a.filename}`;
      const fid = id('file', a.id);
      fileIds.set(a.id, { id: fid, localPath: zipPath });
      w.taggedFile({
        id: fid,
        devicePath: `/private/var/mobile/Media/Attachments/${a.id}/${a.filename}`,
        size: data.length,
        localPath: zipPath.replace(/\//g, '\\'),
        sha256: createHash('sha256').update(data).digest('hex'),
        md5: createHash('md5').update(data).digest('hex'),
        tag: cat,
        createdMs: m.at,
      });
      counts.media!++;
      if (!omit.has(a.id)) files.push({ zipPath, data });
    }
  }
  w.endTaggedFiles();

  w.beginDecoded();
  // Chats: one per thread of an app Physical Analyzer decodes as a chat.
  const ownerIdFor = (app: GenApp): string => {
    if (app === 'whatsapp' || app === 'telegram' || app === 'signal') {
      const acc = o.accounts?.find((a) => a.key.startsWith(`${app}:`));
      if (acc) return acc.written;
    }
    return o.msisdn.written;
  };
  const ownerIds = new Set<string>();
  const threads = device.threads.filter((t) => CHAT_SOURCE[t.app]);
  if (threads.length) {
    w.beginModelType('Chat');
    for (const t of threads) {
      const source = CHAT_SOURCE[t.app]!;
      const ownerIdent = ownerIdFor(t.app);
      ownerIds.add(ownerIdent);
      const msgs = device.messages.filter((m) => m.threadId === t.id);
      w.beginModel('Chat', { id: id('chat', t.id), deleted: t.deleted });
      w.field('Source', source);
      w.field('Id', t.groupId?.written ?? t.participants[0]?.written ?? null);
      w.field('Name', t.name ?? null);
      w.field('ChatType', t.isGroup ? 'Group' : 'OneOnOne', 'ChatType');
      if (msgs[0]) time('StartTime', msgs[0].at);
      w.beginMultiModel('Participants', 'Party');
      w.party({
        id: id('chat', t.id, 'owner'),
        identifier: ownerIdent,
        role: 'Participants',
        owner: true,
      });
      t.participants.forEach((p, i) =>
        w.party({
          id: id('chat', t.id, 'p', i),
          identifier: p.written,
          name: p.name,
          role: 'Participants',
        }),
      );
      w.endMultiModel();
      w.beginMultiModel('Messages', 'InstantMessage');
      for (const m of msgs) {
        const mid = id('msg', m.id);
        w.beginModel('InstantMessage', { id: mid, deleted: m.deleted });
        w.field('Source', source);
        if (t.app === 'sms' || t.app === 'mms' || t.app === 'imessage')
          w.field(
            'Type',
            t.app === 'imessage' ? 'iMessage' : t.app === 'mms' || t.isGroup ? 'MMS' : 'SMS',
          );
        w.field('Body', m.body);
        time('TimeStamp', m.at);
        w.field(
          'Status',
          m.direction === 'outgoing' ? 'Sent' : m.read === false ? 'Unread' : 'Read',
          'MessageStatus',
        );
        const from: PartySpec =
          m.direction === 'outgoing'
            ? { id: `${mid}-from`, identifier: ownerIdent, role: 'From', owner: true }
            : {
                id: `${mid}-from`,
                identifier: (m.from ?? t.participants[0])?.written ?? '',
                name: (m.from ?? t.participants[0])?.name,
                role: 'From',
              };
        w.beginModelField('From', 'Party');
        w.party(from);
        w.endModelField();
        const to: PartySpec[] =
          m.direction === 'outgoing'
            ? t.participants.map((p, i) => ({
                id: `${mid}-to${i}`,
                identifier: p.written,
                name: p.name,
                role: 'To' as const,
              }))
            : t.isGroup
              ? [] // group messages received: PA lists no recipients; the chat's participants stand for them
              : [{ id: `${mid}-to0`, identifier: ownerIdent, role: 'To' as const, owner: true }];
        if (to.length) {
          w.beginMultiModel('To', 'Party');
          to.forEach((p) => w.party(p));
          w.endMultiModel();
        }
        const atts = m.attachments ?? [];
        if (atts.length) {
          w.beginMultiModel('Attachments', 'Attachment');
          for (const a of atts) {
            const f = fileIds.get(a.id)!;
            w.beginModel('Attachment', { id: id('att', m.id, a.id) });
            w.field('Filename', a.filename);
            w.field('ContentType', a.mime);
            w.field('attachment_extracted_path', f.localPath.replace(/\//g, '\\'));
            w.jumpTargets([{ id: f.id, model: false }]);
            w.endModel();
            counts.media!++;
          }
          w.endMultiModel();
        }
        w.endModel();
        counts.message!++;
        written.messages.push(m.id);
      }
      w.endMultiModel();
      w.endModel();
      counts.thread!++;
    }
    w.endModelType();
  }

  const calls = device.calls.filter((c) => CALL_SOURCE[c.app]);
  if (calls.length) {
    w.beginModelType('Call');
    for (const c of calls) {
      const cid = id('call', c.id);
      const ownerIdent = ownerIdFor(c.app);
      ownerIds.add(ownerIdent);
      w.beginModel('Call', { id: cid, deleted: c.deleted });
      w.field('Source', CALL_SOURCE[c.app]!);
      w.field('Direction', c.direction === 'incoming' ? 'Incoming' : 'Outgoing', 'CallDirection');
      if (c.status === 'missed') w.field('Type', 'Missed', 'CallType');
      w.field(
        'Status',
        c.status === 'answered'
          ? 'Established'
          : c.status === 'missed'
            ? 'Missed'
            : c.status === 'rejected'
              ? 'Rejected'
              : 'Voicemail',
        'CallStatus',
      );
      time('TimeStamp', c.at);
      const hh = Math.floor(c.durationS / 3600);
      const mm = Math.floor((c.durationS % 3600) / 60);
      const ss = c.durationS % 60;
      w.field(
        'Duration',
        `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`,
        'TimeSpan',
      );
      w.field('VideoCall', !!c.video, 'Boolean');
      w.beginMultiModel('Parties', 'Party');
      const other: PartySpec = {
        id: `${cid}-p`,
        identifier: c.party.written,
        name: c.party.name,
        role: c.direction === 'incoming' ? 'From' : 'To',
      };
      const me: PartySpec = {
        id: `${cid}-o`,
        identifier: ownerIdent,
        role: c.direction === 'incoming' ? 'To' : 'From',
        owner: true,
      };
      for (const p of c.direction === 'incoming' ? [other, me] : [me, other]) w.party(p);
      w.endMultiModel();
      w.endModel();
      counts.call!++;
      written.calls.push(c.id);
    }
    w.endModelType();
  }

  if (device.contacts.length) {
    w.beginModelType('Contact');
    for (const c of device.contacts) {
      const kid = id('contact', c.id);
      w.beginModel('Contact', { id: kid, deleted: c.deleted });
      w.field('Name', c.name);
      w.field('Source', (c.app && CONTACT_SOURCE[c.app]) ?? 'Phone');
      w.beginMultiModel('Entries', 'ContactEntry');
      c.entries.forEach((e, i) => {
        const type =
          e.kind === 'phone' ? 'PhoneNumber' : e.kind === 'email' ? 'EmailAddress' : 'UserID';
        w.beginModel(type, { id: `${kid}-e${i}` });
        w.field(
          'Category',
          e.label ??
            (e.kind === 'phone'
              ? 'Mobile'
              : e.kind === 'whatsapp'
                ? 'WhatsApp'
                : e.kind === 'telegram'
                  ? 'Telegram'
                  : e.kind === 'email'
                    ? 'Home'
                    : 'Other'),
        );
        w.field('Value', e.written);
        w.endModel();
      });
      w.endMultiModel();
      w.endModel();
      counts.contact!++;
      written.contacts.push(c.id);
      const distinct = new Set(c.entries.map((e) => e.written)).size;
      if (distinct > 1) counts['identifier-link']! += distinct - 1;
    }
    w.endModelType();
  }

  const accounts = o.accounts ?? [];
  if (accounts.length) {
    w.beginModelType('UserAccount');
    accounts.forEach((a, i) => {
      const aid = id('account', i);
      const type = a.key.slice(0, a.key.indexOf(':'));
      w.beginModel('UserAccount', { id: aid });
      w.field('Source', ACCOUNT_SOURCE[type] ?? type);
      w.field('ServiceType', ACCOUNT_SOURCE[type] ?? type);
      w.field('Username', a.written);
      w.field('Name', a.name ?? null);
      w.beginMultiModel('Entries', 'ContactEntry');
      w.beginModel('PhoneNumber', { id: `${aid}-phone` });
      w.field('Category', 'Phone');
      w.field('Value', o.msisdn.written);
      w.endModel();
      w.endMultiModel();
      w.endModel();
      counts['device-info']!++;
      if (a.written !== o.msisdn.written) counts['identifier-link']!++;
    });
    w.endModelType();
  }

  const sim = [
    { name: 'ICCID', value: o.iccid },
    { name: 'IMSI', value: o.imsi },
  ].filter((s) => s.value);
  if (sim.length) {
    w.beginModelType('SIMData');
    sim.forEach((s, i) => {
      w.beginModel('SIMData', { id: id('sim', i) });
      w.field('Name', s.name);
      w.field('Value', s.value!);
      w.field('Category', 'SIM');
      w.endModel();
      counts['device-info']!++;
    });
    w.endModelType();
  }

  const gps = device.locations.filter((l) => l.origin !== 'cell');
  if (gps.length) {
    w.beginModelType('Location');
    for (const l of gps) {
      const lid = id('loc', l.id);
      w.beginModel('Location', { id: lid });
      time('TimeStamp', l.at);
      w.field('Origin', l.origin === 'wifi' ? 'WiFi' : 'GPS');
      w.field('Source', l.origin === 'wifi' ? 'WiFi Locations' : 'Location Services');
      if (l.accuracyM !== undefined) w.field('GpsHorizontalAccuracy', l.accuracyM, 'Double');
      w.beginModelField('Position', 'Coordinate');
      w.coordinate(`${lid}-pos`, l.lat, l.lon);
      w.endModelField();
      w.endModel();
      counts.location!++;
    }
    w.endModelType();
  }
  const cells = device.locations.filter((l) => l.origin === 'cell');
  if (cells.length) {
    w.beginModelType('CellTower');
    for (const l of cells) {
      const lid = id('cell', l.id);
      w.beginModel('CellTower', { id: lid });
      time('TimeStamp', l.at);
      w.field('MCC', l.cell?.mcc ?? null);
      w.field('MNC', l.cell?.mnc ?? null);
      w.field('LAC', l.cell?.lac ?? null);
      w.field('CID', l.cell?.cid ?? null);
      w.beginModelField('Position', 'Coordinate');
      w.coordinate(`${lid}-pos`, l.lat, l.lon);
      w.endModelField();
      w.endModel();
      counts.location!++;
    }
    w.endModelType();
  }
  w.endDecoded();
  w.end();
  // one owner ↔ identifier link per distinct identifier the report marks as the phone owner's
  counts['identifier-link']! += ownerIds.size;
  written.owner.push(o.msisdn.key, ...(o.accounts ?? []).map((a) => a.key));
  if (o.imei) written.owner.push(`imei:${o.imei}`);
  if (o.imsi) written.owner.push(`imsi:${o.imsi}`);
  if (o.iccid) written.owner.push(`iccid:${o.iccid}`);
  return { files, counts, written };
}

async function writeZip(
  path: string,
  reportPath: string,
  files: Array<{ zipPath: string; data: Buffer }>,
): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2024, 0, 1));
  zip.addFile(reportPath, 'report.xml', { compress: true, mtime });
  for (const f of files) zip.addBuffer(f.data, f.zipPath, { compress: false, mtime });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

/** Write a device as `<dir>/<name>.ufdr`. */
export async function writeUfdrDevice(
  dir: string,
  device: GenDevice,
  opts: UfdrWriteOptions = {},
): Promise<WrittenFiles> {
  const name = opts.fileName ?? `${device.id}.ufdr`;
  const out = join(dir, name);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'tl-ufdr-'));
  try {
    const reportPath = join(tmp, 'report.xml');
    const sink = new FileSink(reportPath);
    const { files, counts, written: ids } = writeUfdrReport(sink, device, opts);
    sink.close();
    await writeZip(out, reportPath, files);
    const written = [name];
    if (opts.alsoFolder) {
      const folder = join(dir, name.replace(/\.ufdr$/, ''));
      mkdirSync(folder, { recursive: true });
      const mem = new MemorySink();
      writeUfdrReport(mem, device, opts);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(folder, 'report.xml'), mem.toBuffer());
      written.push(`${name.replace(/\.ufdr$/, '')}/report.xml`);
      for (const f of files) {
        const p = join(folder, f.zipPath);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.data);
        written.push(`${name.replace(/\.ufdr$/, '')}/${f.zipPath}`);
      }
    }
    return { files: written, counts, written: ids };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The registered writer: a whole device as one .ufdr. */
export const cellebriteUfdrWriter: DeviceWriter = {
  id: 'cellebrite-ufdr',
  write: (dir, device) => writeUfdrDevice(dir, device),
};
