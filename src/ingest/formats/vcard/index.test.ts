// vCard: writer-built 2.1/3.0/4.0 cards with exact entries, folding, quoted-printable soft breaks,
// charsets, escapes, app identifiers, bad input (truncated cards, junk, invalid bytes), fuzzing, e2e.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { vcardParser, decodeQuotedPrintable, parseContentLine } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser } from '../../../testkit/run-parser.js';
import { ingestAndStats } from '../../../testkit/ingest-stats.js';
import { tabularDevice } from '../../../testkit/tabular-device.js';
import { vcardText, vcardWriter } from '../../../generator/writers/vcard.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { DraftContact } from '../../../model/entities.js';

const device = tabularDevice();

function write(name: string, content: string | Buffer): string {
  const p = join(mkdtempSync(join(tmpdir(), 'tl-vcf-')), name);
  writeFileSync(p, content);
  return p;
}

describeParserContract(vcardParser, [
  {
    name: 'contacts.vcf from the writer (a 2.1 QP card and a 3.0 card; the deleted contact not exported)',
    build: (dir) => join(dir, vcardWriter.write(dir, device) && 'contacts/contacts.vcf'),
    expect: { contact: 2 },
    check(drafts) {
      const [alina, borys] = drafts as DraftContact[];
      // id 1 → 3.0 card: item groups with X-ABLabel, escaped note
      expect(alina).toMatchObject({
        locator: 'line:1',
        name: 'Alina P',
        note: 'saved as Alina P, id 1',
        entries: [
          { value: '+44 7700 900101', hint: 'phone', label: 'Mobile' },
          { value: 'Alina@Example.org', hint: 'email', label: 'home' },
        ],
      });
      // id 2 → 4.0 card: quoted TYPE list, tel: URIs, IMPP whatsapp
      expect(borys!.name).toBe('Borys „B” Nowak');
      expect(borys!.entries).toEqual([
        { value: '07700900102', hint: 'phone', label: 'cell' },
        { value: '07700900112', hint: 'phone', label: 'work' },
        { value: '447700900102@s.whatsapp.net', hint: 'whatsapp', label: 'whatsapp' },
      ]);
    },
  },
  {
    name: 'Android-style 2.1 with quoted-printable soft line breaks',
    build: (dir) => {
      const p = join(dir, 'android.vcf');
      const d = tabularDevice();
      d.contacts = [
        {
          id: 3,
          name: 'Żaneta Wiśniewska-Kowalczyk (siostra Borysa, nie dzwonić po 22)',
          entries: [
            { key: 'phone:+447700900120', written: '07700 900120', kind: 'phone' },
            {
              key: 'whatsapp:447700900120@s.whatsapp.net',
              written: '447700900120',
              kind: 'whatsapp',
            },
          ],
        },
      ];
      writeFileSync(p, vcardText(d).text);
      return p;
    },
    expect: { contact: 1 },
    check(drafts) {
      const c = drafts[0] as DraftContact;
      expect(c.name).toBe('Żaneta Wiśniewska-Kowalczyk (siostra Borysa, nie dzwonić po 22)');
      expect(c.entries).toEqual([
        { value: '07700 900120', hint: 'phone', label: 'cell' },
        { value: '447700900120', hint: 'whatsapp', label: 'WhatsApp' },
      ]);
    },
  },
]);

describe('vcard details', () => {
  it('decodes quoted-printable and content lines with parameters, groups and quoted values', () => {
    expect(decodeQuotedPrintable('=C5=BCab=3D').toString('utf8')).toBe('żab=');
    expect(parseContentLine('item1.TEL;TYPE="cell,voice";VALUE=uri:tel:+447700900101', 3)).toEqual({
      group: 'item1',
      name: 'TEL',
      params: { TYPE: ['cell', 'voice'], VALUE: ['uri'] },
      value: 'tel:+447700900101',
      line: 3,
      flags: [],
    });
    expect(parseContentLine('no colon here', 1)).toBeNull();
  });

  it('reads 8-bit 2.1 values in their declared CHARSET instead of flagging them', async () => {
    const bytes = Buffer.concat([
      Buffer.from('BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Andr'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nTEL;HOME:01632 960123\r\nEND:VCARD\r\n'),
    ]);
    const run = await runParser(vcardParser, write('latin.vcf', bytes));
    expect(run.drafts[0]).toMatchObject({
      name: 'André',
      entries: [{ value: '01632 960123', hint: 'phone', label: 'home' }],
    });
    expect(run.drafts[0]!.flags).toBeUndefined();
    expect(run.warnings).toEqual([]);
  });

  it('flags invalid UTF-8 with no charset, keeps the card, and warns ENCODING_INVALID at the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad '),
      Buffer.from([0xff]),
      Buffer.from('\r\nEND:VCARD\r\n'),
    ]);
    const run = await runParser(vcardParser, write('bad.vcf', bytes));
    expect(run.drafts[0]!.flags).toEqual(['invalid-utf8']);
    expect(run.warnings).toEqual([
      expect.stringMatching(/^ENCODING_INVALID @ line 3: value of FN/),
    ]);
  });

  it('UTF-16LE with BOM, X- app fields and IMPP schemes become typed identifiers', async () => {
    const text =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mixed\r\nX-TELEGRAM:@drit0n\r\nX-SIGNAL:07700900103\r\nIMPP:xmpp:d@example.org\r\nIMPP;X-SERVICE-TYPE=Snapchat:x-apple:dritonsnap\r\nEND:VCARD\r\n';
    const run = await runParser(
      vcardParser,
      write('u16.vcf', Buffer.from('\ufeff' + text, 'utf16le')),
    );
    expect((run.drafts[0] as DraftContact).entries).toEqual([
      { value: '@drit0n', hint: 'telegram', label: 'Telegram' },
      { value: '07700900103', hint: 'signal', label: 'Signal' },
      { value: 'd@example.org', hint: 'username', label: 'xmpp' },
      { value: 'dritonsnap', hint: 'snapchat', label: 'Snapchat' },
    ]);
  });

  it('a truncated last card is kept and flagged; junk between cards is warned about', async () => {
    const p = write(
      't.vcf',
      'BEGIN:VCARD\nVERSION:3.0\nFN:One\nTEL:07700900101\nEND:VCARD\ngarbage line\nBEGIN:VCARD\nVERSION:3.0\nFN:Two\nTEL:07700900102\n',
    );
    const run = await runParser(vcardParser, p);
    expect((run.drafts as DraftContact[]).map((d) => [d.name, d.flags])).toEqual([
      ['One', undefined],
      ['Two', ['truncated']],
    ]);
    expect(run.warnings).toEqual([
      'PARSE_ERROR @ line 6: text outside any BEGIN:VCARD … END:VCARD is ignored',
      'PARSE_ERROR @ line 7: file ends inside a card (no END:VCARD): the card is kept, flagged truncated',
    ]);
  });

  it('a .vcf with no card is a PARSE_ERROR naming the file', async () => {
    const p = write('empty.vcf', 'BEGIN:VCALENDAR\nEND:VCALENDAR\n');
    const err = (await runParser(vcardParser, p).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe(ErrorCodes.PARSE_ERROR);
    expect(err.details.file).toBe('empty.vcf');
  });
});

describeParserProperties(vcardParser, {
  fileName: 'contacts.vcf',
  seed: () => Buffer.from(vcardText(device).text),
});

describe('vcard end to end', () => {
  it('ingests the writer output; contacts reach stats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-vcf-e2e-'));
    const dev = join(dir, 'PHONE');
    mkdirSync(dev);
    const w = vcardWriter.write(dev, device) as { counts: Record<string, number> };
    const { result, stats } = await ingestAndStats([dev]);
    expect(result.sources.map((s) => [s.status, s.parser])).toEqual([['parsed', 'vcard@1.0.0']]);
    expect(stats.devices[0]!.counts.contacts).toBe(w.counts.contact);
  });
});
