// cellebrite-ufdr on writer-built fixtures: a .ufdr with the six timestamp formats, a .ufdr that
// references a missing file, and a bare report.xml; exact counts and field values (party roles,
// direction, group chats, attachments resolved to container paths, deleted flags, device facts).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellebriteUfdrParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { countKinds, runParser } from '../../../testkit/run-parser.js';
import { sampleDevice, SAMPLE_T0 } from '../../../testkit/sample-device.js';
import {
  attachmentBytes,
  writeUfdrDevice,
  writeUfdrReport,
} from '../../../generator/writers/cellebrite-ufdr.js';
import { MemorySink } from '../../../generator/writers/xml-sink.js';
import { decodeIsoTime } from '../../../model/timestamps.js';
import { OWNER } from '../../../model/entities.js';
import type {
  Draft,
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftIdentifierLink,
  DraftLocation,
  DraftMedia,
  DraftMessage,
  DraftThread,
} from '../../../model/entities.js';

const device = sampleDevice();
const EXPECTED = {
  thread: 4,
  message: 10,
  call: 4,
  contact: 3,
  location: 3,
  media: 4,
  'device-info': 8,
  'identifier-link': 7,
};

const of = <K extends Draft['kind']>(drafts: Draft[], kind: K) =>
  drafts.filter((d): d is Extract<Draft, { kind: K }> => d.kind === kind);

/** The message draft for a GenMessage id, found by its body/time (locators are model ids). */
function msgAt(drafts: Draft[], minute: number): DraftMessage {
  const want = SAMPLE_T0 + minute * 60_000;
  const hit = of(drafts, 'message').find((m) => {
    const ms = decodeIsoTime(String(m.sentAt?.value)).ms!;
    return Math.abs(ms - want) < 1000;
  });
  if (!hit) throw new Error(`no message at minute ${minute}`);
  return hit;
}

function checkSample(drafts: Draft[], opts: { files: boolean }): void {
  const threads = of(drafts, 'thread') as DraftThread[];
  const group = threads.find((t) => t.isGroup)!;
  expect(group.app).toBe('whatsapp');
  expect(group.name).toBe('Weekend 🚗');
  expect(group.groupId).toEqual({ value: '120363025246125486@g.us', hint: 'whatsapp' });
  expect(group.participants).toHaveLength(4);
  expect(group.participants[0]).toBe(OWNER);
  expect(threads.map((t) => t.app).sort()).toEqual(['sms', 'telegram', 'whatsapp', 'whatsapp']);

  const m1 = msgAt(drafts, 0);
  expect(m1).toMatchObject({
    app: 'whatsapp',
    direction: 'incoming',
    sender: { value: '447700900101@s.whatsapp.net', hint: 'whatsapp', name: 'Ala' },
    recipients: [OWNER],
    body: 'Cześć, gdzie jesteś?',
    deleted: false,
    recovery: 'live',
  });
  expect(m1.threadRef).toBe(threads.find((t) => !t.isGroup && t.app === 'whatsapp')!.locator);
  const m2 = msgAt(drafts, 1);
  expect(m2).toMatchObject({ direction: 'outgoing', sender: OWNER, body: 'On my way' });
  expect(m2.recipients).toEqual([
    { value: '447700900101@s.whatsapp.net', hint: 'whatsapp', name: 'Ala' },
  ]);
  expect(msgAt(drafts, 3)).toMatchObject({ deleted: true, recovery: 'deleted-flag' });
  // group: outgoing to every member; incoming with no To in the report is received by the owner
  const g2 = msgAt(drafts, 11);
  expect(g2.threadRef).toBe(group.locator);
  expect(g2.recipients?.map((p) => (p === OWNER ? p : p.value))).toEqual([
    '447700900101@s.whatsapp.net',
    '447700900102@s.whatsapp.net',
    '447700900103@s.whatsapp.net',
  ]);
  expect(msgAt(drafts, 12)).toMatchObject({
    direction: 'incoming',
    sender: { value: '447700900103@s.whatsapp.net', name: 'Carol' },
    recipients: [OWNER],
    body: 'آپ کہاں ہیں؟',
  });
  expect(msgAt(drafts, 20)).toMatchObject({
    app: 'sms',
    type: 'sms',
    direction: 'incoming',
    status: 'unread',
    sender: { value: '+44 7700 900102', hint: 'phone', name: 'Bob' },
    body: 'Call me <now> & then',
  });
  expect(msgAt(drafts, 21).body).toBe('ok ]]> done');
  expect(msgAt(drafts, 30)).toMatchObject({
    app: 'telegram',
    sender: { value: '777000123', hint: 'telegram', name: 'Dmitri' },
  });

  // attachments resolve to the extracted file inside the container, hashed
  const media = of(drafts, 'media') as DraftMedia[];
  const img = media.find((m) => m.messageRef === msgAt(drafts, 2).locator)!;
  const bytes = attachmentBytes({
    id: 11,
    mime: 'image/jpeg',
    filename: 'IMG-20240301-WA0001.jpg',
  });
  expect(img).toMatchObject({ filename: 'IMG-20240301-WA0001.jpg', mime: 'image/jpeg' });
  if (opts.files) {
    expect(img.path).toMatch(/\.ufdr!\/files\/Image\/11_IMG-20240301-WA0001\.jpg$/);
    expect(img.size).toBe(bytes.length);
    expect(img.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(img.flags).toBeUndefined();
  } else {
    expect(img.path).toBeNull();
    expect(img.flags).toContain('file-missing');
    expect(img.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  }
  const tagged = media.filter((m) => !m.messageRef);
  expect(tagged.map((m) => m.filename).sort()).toEqual([
    'IMG-20240301-WA0001.jpg',
    'PTT-20240301-WA0002.opus',
  ]);
  expect(tagged.every((m) => String(m.raw?.devicePath).startsWith('/private/var/mobile/'))).toBe(
    true,
  );

  const calls = of(drafts, 'call') as DraftCall[];
  const byMin = (min: number) =>
    calls.find(
      (c) =>
        decodeIsoTime(String(c.startedAt?.value)).ms! - (SAMPLE_T0 + min * 60_000) > -1000 &&
        decodeIsoTime(String(c.startedAt?.value)).ms! - (SAMPLE_T0 + min * 60_000) < 1000,
    )!;
  expect(byMin(40)).toMatchObject({
    app: 'phone',
    direction: 'incoming',
    status: 'answered',
    durationS: 125,
    callees: [OWNER],
  });
  expect(byMin(40).caller).toMatchObject({ value: '+44 7700 900102', name: 'Bob' });
  expect(byMin(41)).toMatchObject({ direction: 'outgoing', status: 'rejected', caller: OWNER });
  expect(byMin(42)).toMatchObject({
    direction: 'incoming',
    status: 'missed',
    caller: { value: '07700 900150' },
  });
  expect(byMin(43)).toMatchObject({
    app: 'whatsapp',
    video: true,
    durationS: 3725,
    status: 'answered',
  });

  const contacts = of(drafts, 'contact') as DraftContact[];
  const alice = contacts.find((c) => c.name === 'Alice (work)')!;
  expect(alice.entries).toEqual([
    { value: '07700 900101', hint: 'phone', label: 'Mobile' },
    { value: '447700900101@s.whatsapp.net', hint: 'whatsapp', label: 'WhatsApp' },
    { value: 'alice@example.org', hint: 'email', label: 'Home' },
  ]);
  expect(contacts.find((c) => c.name === 'Old number')).toMatchObject({ deleted: true });

  const links = of(drafts, 'identifier-link') as DraftIdentifierLink[];
  expect(links.filter((l) => l.locator.startsWith(`${alice.locator}/link[`))).toHaveLength(2);
  expect(
    links.find((l) => l.a === OWNER && (l.b as { value: string }).value === '+447700900100')
      ?.reason,
  ).toMatch(/IsPhoneOwner/);
  const wa = links.find(
    (l) => l.a !== OWNER && (l.a as { value: string }).value === '447700900100@s.whatsapp.net',
  )!;
  expect(wa).toMatchObject({ b: { value: '+447700900100', hint: 'phone' }, confidence: 0.9 });

  const infos = of(drafts, 'device-info') as DraftDeviceInfo[];
  const di = infos.find((d) => d.locator === 'metadata[@section="Device Info"]')!;
  expect(di.identifiers).toEqual([
    { value: '356938035643809', role: 'imei' },
    { value: '+447700900100', role: 'owner' },
    { value: '234150999999999', role: 'imsi' },
    { value: '8944100000000000001', role: 'iccid' },
  ]);
  expect(di).toMatchObject({ model: 'SM-G991B', os: 'Android 13' });
  expect(infos.find((d) => d.timezone)?.timezone).toBe('Europe/London');
  expect(infos.find((d) => d.locator === 'project')?.facts?.['case: EvidenceNumber']).toBe('JS/1');

  const locs = of(drafts, 'location') as DraftLocation[];
  expect(locs.map((l) => l.origin).sort()).toEqual(['cell', 'gps', 'wifi']);
  expect(locs.find((l) => l.origin === 'cell')).toMatchObject({
    lat: 52.4862,
    lon: -1.8904,
    cell: { mcc: '234', mnc: '15', lac: '1234', cid: '56789' },
  });
  expect(locs.find((l) => l.origin === 'gps')).toMatchObject({ accuracyM: 12, lat: 51.5072 });
}

describeParserContract(cellebriteUfdrParser, [
  {
    name: 'generated .ufdr, every timestamp format',
    build: async (dir) =>
      join(dir, (await writeUfdrDevice(dir, device, { timeFormat: 'rotate' })).files[0]!),
    expect: EXPECTED,
    check(drafts) {
      checkSample(drafts, { files: true });
      // all six formats were read, each to the instant written (formats 3–6 have whole seconds)
      const raws = of(drafts, 'message').map((m) => String(m.raw?.TimeStamp));
      for (const re of [
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/,
        /^\d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d \+00:00$/,
        /^\d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d {2}\+00:00$/,
        /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \+00:00$/,
      ])
        expect(
          raws.some((r) => re.test(r)),
          String(re),
        ).toBe(true);
      for (const m of of(drafts, 'message')) {
        const d = decodeIsoTime(String(m.sentAt?.value));
        expect(d.ms, String(m.raw?.TimeStamp)).not.toBeNull();
        expect(d.zone).toBe(
          /[+-]\d\d:\d\d$/.test(String(m.raw?.TimeStamp)) ? 'explicit' : 'unknown',
        );
      }
    },
  },
  {
    name: 'generated .ufdr whose report references a missing file',
    build: async (dir) =>
      join(
        dir,
        (await writeUfdrDevice(dir, device, { omitFiles: [12], fileName: 'gap.ufdr' })).files[0]!,
      ),
    expect: EXPECTED,
    noFuzz: 'the first fixture fuzzes the same container',
    check(drafts) {
      const missing = (of(drafts, 'media') as DraftMedia[]).filter((m) =>
        m.flags?.includes('file-missing'),
      );
      expect(missing.map((m) => m.filename)).toEqual([
        'PTT-20240301-WA0002.opus',
        'PTT-20240301-WA0002.opus',
      ]);
      expect(missing.every((m) => m.path === null)).toBe(true);
      checkSample(drafts, { files: true });
    },
  },
  {
    name: 'bare report.xml',
    build: (dir) => {
      const sink = new MemorySink();
      writeUfdrReport(sink, device, { timeFormat: 1 });
      const p = join(dir, 'report.xml');
      writeFileSync(p, sink.toBuffer());
      return p;
    },
    expect: EXPECTED,
    check: (drafts) => checkSample(drafts, { files: false }),
  },
]);

describe('cellebrite-ufdr writer and parser agree', () => {
  it('the writer predicts the parse counts exactly, and missing files are per-record warnings', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tl-ufdr-'));
    try {
      const out = await writeUfdrDevice(dir, device, { omitFiles: [11] });
      expect(out.counts).toEqual(EXPECTED);
      const run = await runParser(cellebriteUfdrParser, join(dir, out.files[0]!));
      expect(countKinds(run.drafts)).toEqual(out.counts);
      expect(run.warnings).toHaveLength(2);
      for (const w of run.warnings)
        expect(w).toMatch(
          /^NOT_FOUND @ (file\[@id="[^"]+"\]|model\[@id="[^"]+"\]\/attachment\[1\]): the report references files\/Image\/11_IMG-20240301-WA0001\.jpg, which is not in the extraction$/,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
