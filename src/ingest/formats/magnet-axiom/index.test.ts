// magnet-axiom on writer-built AXIOM XML reports (UTC and UTC+01:00 day-first columns): exact
// counts and values; hostile XML; property test; an AXIOM report folder through the runner.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { magnetAxiomParser } from './index.js';
import { axiomDateColumn, axiomDurationSeconds, axiomTimeToIso } from './axiom-time.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { countKinds, runParser } from '../../../testkit/run-parser.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import { sampleDevice, SAMPLE_T0 } from '../../../testkit/sample-device.js';
import { writeAxiomDevice } from '../../../generator/writers/magnet-axiom.js';
import { decodeIsoTime } from '../../../model/timestamps.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { OWNER } from '../../../model/entities.js';
import type { Draft, DraftCall, DraftMessage, DraftThread } from '../../../model/entities.js';

const device = sampleDevice();
const EXPECTED = {
  thread: 4,
  message: 10,
  call: 4,
  contact: 3,
  location: 3,
  media: 2,
  'device-info': 3,
  'identifier-link': 1,
};
const of = <K extends Draft['kind']>(drafts: Draft[], kind: K) =>
  drafts.filter((d): d is Extract<Draft, { kind: K }> => d.kind === kind);
const at = (d: { sentAt?: { value: unknown } | null }) => decodeIsoTime(String(d.sentAt?.value)).ms;

function check(drafts: Draft[]): void {
  const msgs = of(drafts, 'message') as DraftMessage[];
  // AXIOM cells have whole seconds
  const find = (min: number) =>
    msgs.find((m) => at(m) === Math.floor((SAMPLE_T0 + min * 60_000) / 1000) * 1000)!;
  expect(find(0)).toMatchObject({
    app: 'whatsapp',
    direction: 'incoming',
    sender: { value: '447700900101@s.whatsapp.net', hint: 'whatsapp', name: 'Ala' },
    recipients: [OWNER],
    body: 'Cześć, gdzie jesteś?',
    recovery: 'live',
  });
  expect(find(3)).toMatchObject({ direction: 'outgoing', deleted: true, recovery: 'carved' });
  expect(find(11).recipients).toHaveLength(3);
  expect(find(20)).toMatchObject({
    app: 'sms',
    direction: 'incoming',
    body: 'Call me <now> & then',
    sender: { value: '+44 7700 900102', hint: 'phone' },
  });
  expect(find(21)).toMatchObject({
    app: 'sms',
    direction: 'outgoing',
    sender: OWNER,
    recipients: [{ value: '+44 7700 900102', hint: 'phone' }],
  });
  expect(find(30)).toMatchObject({
    app: 'telegram',
    sender: { value: '777000123', hint: 'telegram' },
  });
  const threads = of(drafts, 'thread') as DraftThread[];
  const group = threads.find((t) => t.isGroup)!;
  expect(group).toMatchObject({ app: 'whatsapp', name: 'Weekend 🚗' });
  expect(group.participants).toHaveLength(4);
  expect(find(10).threadRef).toBe(group.locator);
  const calls = of(drafts, 'call') as DraftCall[];
  expect(
    calls.map((c) => `${c.app}:${c.direction}:${c.status}:${c.durationS}:${c.video}`).sort(),
  ).toEqual([
    'phone:incoming:answered:125:false',
    'phone:incoming:missed:0:false',
    'phone:incoming:rejected:0:false',
    'whatsapp:outgoing:answered:3725:true',
  ]);
  const alice = of(drafts, 'contact').find((c) => c.name === 'Alice (work)')!;
  expect(alice.entries).toEqual([
    { value: '07700 900101', hint: 'phone', label: 'Mobile' },
    { value: 'alice@example.org', hint: 'email' },
  ]);
  expect(of(drafts, 'location').find((l) => l.origin === 'cell')).toMatchObject({
    cell: { mcc: '234', mnc: '15', lac: '1234', cid: '56789' },
    lat: 52.4862,
  });
  const dev = of(drafts, 'device-info').find((d) => d.model)!;
  expect(dev.identifiers).toEqual(
    expect.arrayContaining([
      { value: '356938035643809', role: 'imei' },
      { value: '234150999999999', role: 'imsi' },
      { value: '8944100000000000001', role: 'iccid' },
    ]),
  );
}

describeParserContract(magnetAxiomParser, [
  {
    name: 'AXIOM report, UTC, M/d/yyyy',
    build: (dir) => join(dir, writeAxiomDevice(dir, device).files[0]!),
    expect: EXPECTED,
    check(drafts) {
      check(drafts);
      const m = (of(drafts, 'message') as DraftMessage[]).find(
        (x) => x.body === 'Cześć, gdzie jesteś?',
      )!;
      expect(m.sentAt?.value).toBe('2024-03-01T09:30:15+00:00');
      expect(m.raw?.timeColumn).toBe('Message Sent Date/Time - UTC+00:00 (M/d/yyyy)');
      expect(of(drafts, 'media').every((x) => x.flags?.includes('file-missing'))).toBe(true);
    },
  },
  {
    name: 'AXIOM report, UTC+01:00, d/M/yyyy',
    build: (dir) =>
      join(
        dir,
        writeAxiomDevice(dir, device, { offsetMinutes: 60, datePattern: 'd/M/yyyy', folder: 'bst' })
          .files[0]!,
      ),
    expect: EXPECTED,
    noFuzz: 'the first fixture fuzzes the same structure',
    check(drafts) {
      check(drafts);
      const m = (of(drafts, 'message') as DraftMessage[]).find(
        (x) => x.body === 'Cześć, gdzie jesteś?',
      )!;
      expect(m.sentAt?.value).toBe('2024-03-01T10:30:15+01:00');
    },
  },
]);

const dir = mkdtempSync(join(tmpdir(), 'tl-axiom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('magnet-axiom', () => {
  it('reads date columns and cells', () => {
    expect(axiomDateColumn('Call Date/Time - UTC+01:00 (M/d/yyyy)')).toEqual({
      prefix: 'Call Date/Time',
      offset: '+01:00',
      dayFirst: false,
    });
    expect(axiomDateColumn('Created Date/Time - UTC-05:30 (dd/MM/yyyy)')).toEqual({
      prefix: 'Created Date/Time',
      offset: '-05:30',
      dayFirst: true,
    });
    expect(axiomDateColumn('Timestamp Date/Time - UTC (M/d/yyyy)')?.offset).toBe('+00:00');
    expect(axiomDateColumn('Message')).toBeNull();
    const col = axiomDateColumn('Sent Date/Time - UTC+00:00 (M/d/yyyy)');
    expect(axiomTimeToIso('3/1/2024 12:05:09 AM', col)).toBe('2024-03-01T00:05:09+00:00');
    expect(axiomTimeToIso('3/1/2024 12:05:09 PM', col)).toBe('2024-03-01T12:05:09+00:00');
    expect(axiomTimeToIso('13/1/2024 1:00:00 PM', col)).toBeNull();
    expect(axiomTimeToIso('2024-03-01 14:00:00', col)).toBe('2024-03-01T14:00:00+00:00');
    expect(axiomDurationSeconds('01:02:05')).toBe(3725);
    expect(axiomDurationSeconds('2:05')).toBe(125);
    expect(axiomDurationSeconds('n/a')).toBeNull();
  });

  it('the writer predicts the parse counts; unknown artifacts are reported as not read', async () => {
    const out = writeAxiomDevice(dir, device, { folder: 'counts' });
    expect(out.counts).toEqual(EXPECTED);
    const p = join(dir, out.files[0]!);
    const { readFileSync } = await import('node:fs');
    const xml = readFileSync(p, 'utf8').replace(
      '</Artifacts>',
      '<Artifact name="Chrome Web History"><Hits><Hit id="900"><Fragment name="URL">https://example.org</Fragment></Hit></Hits></Artifact></Artifacts>',
    );
    writeFileSync(p, xml);
    const run = await runParser(magnetAxiomParser, p);
    expect(countKinds(run.drafts)).toEqual(out.counts);
    expect(run.warnings).toContain(
      'UNSUPPORTED_FORMAT @ (document): artifacts not read: Chrome Web History (1 hits)',
    );
  });

  it('hostile report: DOCTYPE ignored, a huge fragment truncated on its hit, deep nesting limited, the rest read', async () => {
    const hit = (id: number, msg: string) =>
      `<Hit id="${id}"><Fragment name="Sender">+447700900201</Fragment><Fragment name="Message">${msg}</Fragment><Fragment name="Direction">Incoming</Fragment></Hit>`;
    const p = join(dir, 'hostile.xml');
    writeFileSync(
      p,
      `<?xml version="1.0"?><!DOCTYPE Case [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Case><Artifacts><Artifact name="Android SMS"><Hits>${hit(1, '&xxe;')}${hit(2, 'x'.repeat(3000))}<Hit id="3">${'<d>'.repeat(10_000)}${'</d>'.repeat(10_000)}</Hit>${hit(4, 'last')}</Hits></Artifact></Artifacts></Case>`,
    );
    const { createMagnetAxiomParser } = await import('./index.js');
    const run = await runParser(
      createMagnetAxiomParser({ xml: { maxFieldChars: 1000, keepChars: 10, chunkChars: 256 } }),
      p,
    );
    const msgs = of(run.drafts, 'message') as DraftMessage[];
    expect(msgs.map((m) => m.body)).toEqual(['&xxe;', 'xxxxxxxxxx', 'last']);
    expect(msgs[1]!.flags).toEqual(['field-truncated']);
    expect(run.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^XML_UNSAFE @ \(document\): DOCTYPE ignored/),
        expect.stringMatching(
          /^FIELD_TOO_LARGE @ Artifact\[@name="Android SMS"\]\/Hit\[@id="2"\]: text of 3000 characters/,
        ),
        'XML_LIMIT @ Artifact[@name="Android SMS"]/Hit[@id="3"]: elements nested deeper than 256 levels inside the record were not read',
      ]),
    );
  });

  it('property: arbitrary fragment values parse, or fail with an AppError, within a time bound', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'Message',
              'Sender',
              'Direction',
              'Partner',
              'Sent Date/Time - UTC+00:00 (M/d/yyyy)',
              'Chat ID',
              'Attachment',
            ),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 10 },
        ),
        async (frags) => {
          const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
          const p = join(dir, `prop-${n++}.xml`);
          writeFileSync(
            p,
            `<Case><Artifacts><Artifact name="Android WhatsApp Messages"><Hits><Hit id="1">${frags.map(([k, v]) => `<Fragment name="${esc(k)}">${esc(v)}</Fragment>`).join('')}</Hit></Hits></Artifact></Artifacts></Case>`,
          );
          const t0 = Date.now();
          try {
            const run = await runParser(magnetAxiomParser, p);
            expect(countKinds(run.drafts).message).toBe(1);
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
          }
          expect(Date.now() - t0).toBeLessThan(2000);
        },
      ),
      { numRuns: 80, seed: 3 },
    );
  });

  it('an AXIOM report folder through the runner: attachments resolved beside the report', async () => {
    writeAxiomDevice(dir, device, { folder: 'JS1-axiom' });
    const e = await ingestTwice([join(dir, 'JS1-axiom')], 'JS-1');
    const src = e.result.sources.find((s) => s.path.endsWith('Report.xml'))!;
    expect(src).toMatchObject({ status: 'parsed', parser: 'magnet-axiom@1.0.0' });
    expect(src.counts.messages).toBe(10);
    const img = e.rows.media!.find((m) => m.filename === '11_IMG-20240301-WA0001.jpg')!;
    expect(img.path).toBe('JS1-axiom/Attachments/11_IMG-20240301-WA0001.jpg');
    expect(String(img.sha256)).toMatch(/^[0-9a-f]{64}$/);
    expect(e.ids).toEqual(e.idsAgain);
    expect(src.anomalies.filter((a) => a.startsWith(ErrorCodes.NOT_FOUND))).toEqual([]);
  });
});
