// Generic CSV import: writer-built fixtures with exact counts and values, encodings, bad input
// (broken quoting, ragged rows, unexpected columns, legacy encodings), profiles named, auto-matched
// and saved by the user, property tests, and an end-to-end ingest whose counts reach `stats`.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { genericCsvParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser, countKinds } from '../../../testkit/run-parser.js';
import { ingestAndStats } from '../../../testkit/ingest-stats.js';
import { tabularDevice, T0 } from '../../../testkit/tabular-device.js';
import { genericCsvWriter, messagesCsv } from '../../../generator/writers/generic-csv.js';
import { saveProfile } from '../shared/tabular/profile-store.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { DraftCall, DraftContact, DraftMessage } from '../../../model/entities.js';
import { decodeTime } from '../../../model/timestamps.js';

const device = tabularDevice();

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'tl-gcsv-'));
}

function write(name: string, content: string | Buffer): string {
  const p = join(tmp(), name);
  writeFileSync(p, content);
  return p;
}

const msOf = (t: DraftMessage['sentAt']) => (t ? decodeTime(t.value, t.encoding).ms : null);

describeParserContract(genericCsvParser, [
  {
    name: 'messages.csv from the writer',
    build: (dir) => join(dir, genericCsvWriter.write(dir, device) && 'csv-export/messages.csv'),
    expect: { message: 5 },
    check(drafts) {
      const msgs = drafts as DraftMessage[];
      expect(msgs.map((m) => m.locator)).toEqual([
        'line:2',
        'line:3',
        'line:4-6',
        'line:7',
        'line:8',
      ]);
      const [a, b, c, , e] = msgs;
      expect(a!).toMatchObject({
        direction: 'incoming',
        app: 'sms',
        body: 'Unde ești? Vino la 10, te rog.',
        sender: { value: '+44 7700 900101', name: 'Alina Popescu' },
        recipients: ['owner'],
      });
      expect(msOf(a!.sentAt)).toBe(T0);
      expect(b!).toMatchObject({
        direction: 'outgoing',
        sender: 'owner',
        body: 'On my way, "5 mins"',
      });
      expect(c!.body).toBe('Cześć, line one\nline two, with comma\nżółć 🚗');
      expect(c!.app).toBe('whatsapp');
      expect(e!.deleted).toBe(true);
    },
  },
  {
    name: 'calls.csv from the writer',
    build: (dir) => join(dir, genericCsvWriter.write(dir, device) && 'csv-export/calls.csv'),
    expect: { call: 3 },
    check(drafts) {
      const calls = drafts as DraftCall[];
      expect(calls.map((c) => [c.direction, c.status, c.durationS, c.video])).toEqual([
        ['outgoing', 'answered', 125, false],
        ['incoming', 'missed', 0, false],
        ['incoming', 'answered', 3725, true],
      ]);
      expect(calls[0]!.callees).toEqual([{ value: '+44 7700 900101', name: 'Alina Popescu' }]);
      expect(calls.map((c) => msOf(c.startedAt))).toEqual(device.calls.map((c) => c.at));
    },
  },
  {
    name: 'contacts.csv from the writer',
    build: (dir) => join(dir, genericCsvWriter.write(dir, device) && 'csv-export/contacts.csv'),
    expect: { contact: 3 },
    check(drafts) {
      const cs = drafts as DraftContact[];
      expect(cs[1]!.name).toBe('Borys „B” Nowak');
      expect(cs[1]!.entries).toEqual([
        { value: '07700900102', hint: 'phone', label: 'Mobile' },
        { value: '07700 900112', hint: 'phone', label: 'Other Phone' },
        { value: '447700900102@s.whatsapp.net', hint: 'whatsapp', label: 'WhatsApp' },
      ]);
      expect(cs[0]!.entries[1]).toEqual({
        value: 'Alina@Example.org',
        hint: 'email',
        label: 'Email',
      });
      expect(cs[2]!.deleted).toBe(true);
    },
  },
]);

describe('generic-csv: encodings', () => {
  const text = messagesCsv(device).text.replace(/^\ufeff/, '');
  const bom = (enc: 'utf-16le' | 'utf-16be') => {
    const le = Buffer.from('\ufeff' + text, 'utf16le');
    if (enc === 'utf-16le') return le;
    const be = Buffer.from(le);
    be.swap16();
    return be;
  };

  for (const [name, bytes] of [
    ['UTF-8 without BOM', Buffer.from(text, 'utf8')],
    ['UTF-8 with BOM', Buffer.from('\ufeff' + text, 'utf8')],
    ['UTF-16LE with BOM', bom('utf-16le')],
    ['UTF-16BE with BOM', bom('utf-16be')],
  ] as const) {
    it(`reads ${name} with the same drafts`, async () => {
      const run = await runParser(genericCsvParser, write('messages.csv', bytes));
      expect(countKinds(run.drafts)).toEqual({ message: 5 });
      expect((run.drafts[2] as DraftMessage).body).toBe(
        'Cześć, line one\nline two, with comma\nżółć 🚗',
      );
      expect(run.warnings).toEqual([]);
    });
  }

  it('refuses Windows-1252 with ENCODING_INVALID naming the file and line, rather than mojibake', async () => {
    const latin = Buffer.concat([
      Buffer.from('Timestamp (UTC),From,Body\r\n2024-01-01T10:00:00Z,07700900101,ok\r\n'),
      Buffer.from('2024-01-01T10:01:00Z,07700900101,caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\n'),
    ]);
    const p = write('latin.csv', latin);
    const err = await runParser(genericCsvParser, p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCodes.ENCODING_INVALID);
    expect((err as AppError).details).toMatchObject({ file: 'latin.csv', record: 'line 3' });
  });

  it('reads Windows-1252 when a profile declares it', async () => {
    const dir = tmp();
    saveProfile(join(dir, 'profiles'), {
      name: 'latin-sms',
      format: 'generic-csv',
      kind: 'messages',
      encoding: 'windows-1252',
      columns: { timestamp: ['Timestamp (UTC)'], sender: ['From'], body: ['Body'] },
      required: ['body', 'timestamp', 'sender'],
    });
    const p = join(dir, 'latin.csv');
    writeFileSync(
      p,
      Buffer.concat([
        Buffer.from('Timestamp (UTC),From,Body\r\n2024-01-01T10:01:00Z,07700900101,caf'),
        Buffer.from([0xe9, 0x80]),
        Buffer.from('\r\n'),
      ]),
    );
    const run = await runParser(genericCsvParser, p, {
      options: { csvProfile: 'latin-sms', profileDir: join(dir, 'profiles') },
    });
    expect((run.drafts[0] as DraftMessage).body).toBe('café€');
  });

  it('refuses UTF-16 without a BOM and names the likely encoding', async () => {
    const p = write('nobom.csv', Buffer.from(text, 'utf16le'));
    const err = (await runParser(genericCsvParser, p).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe(ErrorCodes.ENCODING_INVALID);
    expect(err.details.detected).toBe('utf-16le');
  });

  it('keeps a row with invalid UTF-8 past the sniffed head, flagged, with its bytes', async () => {
    const good = Array.from(
      { length: 2000 },
      (_, i) => `2024-01-01T10:00:${String(i % 60).padStart(2, '0')}Z,07700900101,row ${i}\r\n`,
    ).join('');
    const bytes = Buffer.concat([
      Buffer.from('Timestamp (UTC),From,Body\r\n' + good),
      Buffer.from('2024-01-02T10:00:00Z,07700900101,bad '),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from('\r\n2024-01-02T10:00:01Z,07700900101,after\r\n'),
    ]);
    const run = await runParser(genericCsvParser, write('late.csv', bytes));
    expect(run.drafts).toHaveLength(2002);
    const bad = run.drafts[2000] as DraftMessage;
    expect(bad.flags).toContain('invalid-utf8');
    expect(bad.body).toBe('bad \ufffd\ufffdA');
    expect(Object.values(bad.raw!['invalid bytes (base64, by line)'] as object)[0]).toBe(
      Buffer.from('2024-01-02T10:00:00Z,07700900101,bad \xff\xfeA', 'latin1').toString('base64'),
    );
    expect(run.warnings).toEqual([expect.stringMatching(/^ENCODING_INVALID @ line 2002: /)]);
    expect((run.drafts[2001] as DraftMessage).body).toBe('after');
  });
});

describe('generic-csv: bad input keeps the good rows', () => {
  const header = 'Timestamp (UTC),Direction,Number,Body\r\n';
  const row = (i: number, body = `m${i}`) =>
    `2024-03-0${1 + (i % 9)}T12:00:00Z,Incoming,07700900101,${body}\r\n`;

  it('broken quoting: the bad record is reported with its line, the rest kept', async () => {
    const p = write(
      'broken.csv',
      header + row(1) + '2024-03-02T12:00:00Z,Incoming,07700900101,"bad"x\r\n' + row(3) + row(4),
    );
    const run = await runParser(genericCsvParser, p);
    expect((run.drafts as DraftMessage[]).map((d) => d.body)).toEqual(['m1', 'm3', 'm4']);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(
      /^CSV_MALFORMED @ line 3: malformed CSV record: .*Closing Quote/,
    );
  });

  it('a quote never closed: reported at its line, reading resumes on the next line', async () => {
    const p = write(
      'open.csv',
      header +
        row(1) +
        '2024-03-02T12:00:00Z,Incoming,07700900101,"never closed\r\n' +
        row(3) +
        row(4),
    );
    const run = await runParser(genericCsvParser, p);
    expect((run.drafts as DraftMessage[]).map((d) => d.body)).toEqual(['m1', 'm3', 'm4']);
    expect(run.warnings).toEqual([
      expect.stringMatching(/^CSV_MALFORMED @ line 3: quoted field opened on line 3 is not closed/),
    ]);
  });

  it('a stray quote inside a field swallows nothing after it', async () => {
    const p = write(
      'stray.csv',
      header +
        row(1) +
        '2024-03-02T12:00:00Z,Incoming,07700900101,5" screen\r\n' +
        row(3) +
        '2024-03-04T12:00:00Z,Incoming,07700900101,"quoted ""ok"""\r\n',
    );
    const run = await runParser(genericCsvParser, p);
    expect((run.drafts as DraftMessage[]).map((d) => d.body)).toEqual(['m1', 'm3', 'quoted "ok"']);
    expect(run.warnings[0]).toMatch(/^CSV_MALFORMED @ line 3: /);
  });

  it('ragged rows: short and long rows are reported and skipped; trailing empty cells tolerated', async () => {
    const p = write(
      'ragged.csv',
      header +
        row(1) +
        '2024-03-02T12:00:00Z,Incoming,07700900101\r\n' +
        '2024-03-03T12:00:00Z,Incoming,07700900101,a,b\r\n' +
        '2024-03-04T12:00:00Z,Incoming,07700900101,trailing,,\r\n',
    );
    const run = await runParser(genericCsvParser, p);
    expect((run.drafts as DraftMessage[]).map((d) => d.body)).toEqual(['m1', 'trailing']);
    expect(run.warnings).toEqual([
      'CSV_MALFORMED @ line 3: row has 3 field(s) where the header (line 1) has 4; the row is skipped',
      'CSV_MALFORMED @ line 4: row has 5 field(s) where the header (line 1) has 4; the row is skipped',
    ]);
  });

  it('unexpected columns: one CSV_MAPPING warning naming them, values kept raw', async () => {
    const p = write(
      'extra.csv',
      'Timestamp (UTC),Direction,Number,Body,Case Note,Colour\r\n2024-03-01T12:00:00Z,Incoming,07700900101,hi,seen by DC,red\r\n',
    );
    const run = await runParser(genericCsvParser, p);
    expect(run.warnings).toEqual([
      'CSV_MAPPING @ line 1: columns not in profile generic-messages are kept as raw values only: "Case Note", "Colour"',
    ]);
    expect(run.drafts[0]!.raw).toMatchObject({ 'Case Note': 'seen by DC', Colour: 'red' });
  });

  it('no profile fits: CSV_MAPPING naming the file, the columns seen and the closest profile', async () => {
    const p = write('odd.csv', 'Alpha,Beta,Body\r\n1,2,3\r\n');
    expect(await genericCsvParser.bid(await probeOf(p))).toBe(12);
    const err = (await runParser(genericCsvParser, p).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe(ErrorCodes.CSV_MAPPING);
    expect(err.details).toMatchObject({ file: 'odd.csv', record: 'line 1' });
    expect(err.message).toContain('columns seen: "Alpha", "Beta", "Body"');
    expect(err.message).toContain('closest profile generic-messages');
  });

  it('a time that fits no declared format is flagged and warned, the row kept', async () => {
    const p = write('time.csv', header + 'next tuesday,Incoming,07700900101,hi\r\n');
    const run = await runParser(genericCsvParser, p);
    expect(run.drafts[0]!.flags).toEqual(['time-unparsed']);
    expect((run.drafts[0] as DraftMessage).sentAt).toBeNull();
    expect(run.warnings[0]).toMatch(
      /^CSV_MAPPING @ line 2: time "next tuesday" fits none of the formats/,
    );
  });

  it('repeated warnings are capped with a summary', async () => {
    const rows = Array.from({ length: 80 }, () => '2024-03-02T12:00:00Z,Incoming\r\n').join('');
    const run = await runParser(genericCsvParser, write('many.csv', header + rows));
    expect(run.warnings).toHaveLength(51);
    expect(run.warnings[50]).toBe(
      'CSV_MALFORMED: 30 more CSV_MALFORMED problems not listed (80 in all)',
    );
  });
});

async function probeOf(path: string) {
  const { FileProbe } = await import('../../probe.js');
  const { DiskFile } = await import('../../../evidence/disk-file.js');
  const f = new DiskFile(path, path.split('/').pop()!, readFileSync(path).length, path);
  return new FileProbe(
    f,
    await f.head(4096),
    () => Promise.reject(new Error('no')),
    () => Promise.reject(new Error('no')),
  );
}

describe('generic-csv: profiles, dates and time zones', () => {
  it('a user profile saved in the data folder is auto-matched on its header, and wins the bid', async () => {
    const dir = tmp();
    const profileDir = join(dir, 'csv-profiles');
    saveProfile(profileDir, {
      name: 'burner-app',
      format: 'generic-csv',
      kind: 'messages',
      app: 'burner',
      columns: {
        date: [{ header: 'Quand', timezone: 'Europe/Paris' }],
        party: ['Numéro'],
        direction: ['Sens'],
        body: ['Contenu'],
      },
      values: { direction: { incoming: ['reçu'], outgoing: ['envoyé'] } },
      required: ['body', 'date', 'party'],
      dates: { formats: ['dd/MM/yyyy HH:mm'] },
    });
    const p = join(dir, 'export.csv');
    writeFileSync(
      p,
      'Quand;Numéro;Sens;Contenu\n27/10/2024 02:30;07700900101;reçu;salut\n31/03/2024 02:30;07700900101;envoyé;gap\n',
    );
    const run = await runParser(genericCsvParser, p, { options: { profileDir } });
    expect(run.bid).toBe(60);
    const [a, b] = run.drafts as DraftMessage[];
    expect(a).toMatchObject({ app: 'burner', direction: 'incoming', body: 'salut' });
    // 02:30 happened twice in Paris on 27 Oct 2024: the earlier (CEST, +02:00) is taken and flagged
    expect(a!.sentAt).toEqual({ value: '2024-10-27T02:30:00.000+02:00', encoding: 'iso' });
    expect(a!.flags).toEqual(['time-ambiguous-dst']);
    // 02:30 never happened on 31 Mar 2024: read with the offset before the change, flagged
    expect(b!.sentAt).toEqual({ value: '2024-03-31T02:30:00.000+01:00', encoding: 'iso' });
    expect(b!.flags).toEqual(['time-nonexistent-dst']);
  });

  it('a named profile is used even when another would match; a misfit names the missing fields', async () => {
    const p = write(
      'calls.csv',
      'Start Time (UTC),Call Type,Number,Duration\r\n01/02/2024 10:00:00,Outgoing,07700900101,1:05\r\n',
    );
    const err = (await runParser(genericCsvParser, p, {
      options: { csvProfile: 'generic-contacts' },
    }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe(ErrorCodes.CSV_MAPPING);
    expect(err.message).toMatch(
      /^profile generic-contacts does not fit this file: .*lacks name\|firstName\|lastName/,
    );
    const ok = await runParser(genericCsvParser, p, { options: { csvProfile: 'generic-calls' } });
    expect(ok.bid).toBe(90);
    expect(ok.drafts[0]).toMatchObject({ kind: 'call', durationS: 65, direction: 'outgoing' });
  });

  it('local times take the ingest time zone, else are flagged time-zone-unknown', async () => {
    const p = write(
      'local.csv',
      'Date,Time,Number,Direction,Message\r\n27/10/2024,01:30:00,07700900101,Incoming,x\r\n',
    );
    const none = await runParser(genericCsvParser, p);
    expect((none.drafts[0] as DraftMessage).sentAt).toEqual({
      value: '2024-10-27T01:30:00.000',
      encoding: 'iso',
    });
    expect(none.drafts[0]!.flags).toEqual(['time-zone-unknown']);
    const london = await runParser(genericCsvParser, p, { options: { timezone: 'Europe/London' } });
    expect(london.drafts[0]!.flags).toEqual(['time-ambiguous-dst']);
    expect(msOf((london.drafts[0] as DraftMessage).sentAt)).toBe(Date.UTC(2024, 9, 27, 0, 30));
  });

  it('title rows above the header are skipped', async () => {
    const p = write(
      'titled.csv',
      'Messages export for exhibit AB/1\r\n\r\nTimestamp (UTC),From,To,Body\r\n2024-05-01 08:00:00Z,07700900101,07700900100,hello\r\n',
    );
    const run = await runParser(genericCsvParser, p);
    expect(run.drafts[0]).toMatchObject({
      locator: 'line:4',
      body: 'hello',
      sender: { value: '07700900101' },
    });
  });
});

describeParserProperties(genericCsvParser, {
  fileName: 'messages.csv',
  seed: () => Buffer.from(messagesCsv(device).text, 'utf8'),
});

describe('generic-csv end to end', () => {
  it('ingests the writer output; counts reach stats exactly', async () => {
    const dir = tmp();
    const dev = join(dir, 'D9');
    mkdirSync(dev);
    const w = genericCsvWriter.write(dev, device) as { counts: Record<string, number> };
    const { result, stats } = await ingestAndStats([dev]);
    expect(result.sources.map((s) => [s.path, s.status, s.parser])).toEqual([
      ['D9/csv-export/calls.csv', 'parsed', 'generic-csv@1.0.0'],
      ['D9/csv-export/contacts.csv', 'parsed', 'generic-csv@1.0.0'],
      ['D9/csv-export/messages.csv', 'parsed', 'generic-csv@1.0.0'],
    ]);
    expect(stats.devices[0]!.counts).toMatchObject({
      messages: w.counts.message,
      calls: w.counts.call,
      contacts: w.counts.contact,
    });
    expect(stats.devices[0]!.counts.threads).toBe(4);
  });
});
