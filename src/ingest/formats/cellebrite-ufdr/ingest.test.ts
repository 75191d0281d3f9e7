// A .ufdr and an extracted UFDR folder through the whole runner: the .ufdr is read as one container
// (not expanded), rows land in the store with provenance, attachments point into the container,
// ids are deterministic across stores, and the canonical counts match the writer's.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeUfdrDevice } from '../../../generator/writers/cellebrite-ufdr.js';
import { sampleDevice } from '../../../testkit/sample-device.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ufdr-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cellebrite-ufdr end to end', () => {
  it('ingests a .ufdr as one container with every item, deterministic ids and resolved media', async () => {
    const out = await writeUfdrDevice(dir, sampleDevice(), { alsoFolder: true, omitFiles: [12] });
    const e = await ingestTwice([join(dir, 'D1.ufdr')], 'JS-1');
    expect(e.result.sources).toHaveLength(1);
    const src = e.result.sources[0]!;
    expect(src).toMatchObject({
      status: 'parsed',
      parser: 'cellebrite-ufdr@1.0.0',
      errorCode: null,
    });
    expect(src.counts).toEqual({
      threads: 4,
      messages: 10,
      calls: 4,
      contacts: 3,
      locations: 3,
      media: 4,
      'device-info': 8,
      accounts: 7,
    });
    expect(src.anomalies.filter((a) => a.startsWith('NOT_FOUND'))).toHaveLength(2);
    expect(e.rows.messages).toHaveLength(out.counts.message!);
    expect(e.rows.calls).toHaveLength(out.counts.call!);
    expect(e.ids).toEqual(e.idsAgain);
    const media = e.rows.media!;
    const img = media.find((m) => m.message_id && m.filename === 'IMG-20240301-WA0001.jpg')!;
    expect(img.path).toMatch(/D1\.ufdr!\/files\/Image\/11_IMG-20240301-WA0001\.jpg$/);
    expect(String(img.sha256)).toMatch(/^[0-9a-f]{64}$/);
    const msg = e.rows.messages!.find((m) => m.id === img.message_id)!;
    expect(msg).toMatchObject({
      app: 'whatsapp',
      direction: 'incoming',
      sender: 'whatsapp:447700900101@s.whatsapp.net',
    });
    const cz = e.rows.messages!.find((m) => m.body === 'Cześć, gdzie jesteś?')!;
    expect(cz).toMatchObject({
      sent_enc: 'iso',
      sent_zone: 'explicit',
      sent_at: Date.UTC(2024, 2, 1, 9, 30, 15, 250),
    });
    expect(String(cz.locator)).toMatch(/^model\[@id="[0-9a-f-]{36}"\]$/);
    const owner = e.rows.device_identifiers!.map((r) => `${r.role}:${r.key}`).sort();
    expect(owner).toEqual(
      expect.arrayContaining([
        'imei:imei:356938035643809',
        'owner:phone:+447700900100',
        'imsi:imsi:234150999999999',
        'iccid:iccid:8944100000000000001',
        'account:whatsapp:447700900100@s.whatsapp.net',
        'account:telegram:@ownerhandle',
      ]),
    );
    const links = e.rows.identifier_links!.map((l) => `${l.a_key} ~ ${l.b_key}`);
    expect(links).toEqual(
      expect.arrayContaining([
        'phone:+447700900101 ~ whatsapp:447700900101@s.whatsapp.net',
        'phone:+447700900101 ~ email:alice@example.org',
        'whatsapp:447700900100@s.whatsapp.net ~ phone:+447700900100',
      ]),
    );
  });

  it('ingests an extracted UFDR folder: report.xml resolves attachments to the files beside it', async () => {
    const e = await ingestTwice([join(dir, 'D1')], 'JS-1');
    const report = e.result.sources.find((s) => s.path.endsWith('report.xml'))!;
    expect(report).toMatchObject({ status: 'parsed', parser: 'cellebrite-ufdr@1.0.0' });
    expect(report.counts.messages).toBe(10);
    const img = e.rows.media!.find(
      (m) => m.message_id && m.filename === 'IMG-20240301-WA0001.jpg',
    )!;
    expect(img.path).toBe('D1/files/Image/11_IMG-20240301-WA0001.jpg');
    expect(String(img.sha256)).toMatch(/^[0-9a-f]{64}$/);
    // the omitted audio file is absent from the folder too: recorded per record, not fatal
    expect(report.anomalies.filter((a) => a.startsWith('NOT_FOUND'))).toHaveLength(2);
  });
});
