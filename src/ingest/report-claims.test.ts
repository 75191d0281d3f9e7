// An extracted UFDR folder whose report.xml lists a raw database it decoded: the runner reads the
// report first, records the listed database as read through the report (a companion source, never
// parsed a second time, so its messages are not counted twice), still parses files the report
// does not list, and keeps that outcome when the same folder is ingested again.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ingest } from './runner.js';
import { tempCase } from '../testkit/temp-store.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';
import { writeAndroidCalllog } from '../generator/writers/android-calllog.js';

const NS = 'http://pa.cellebrite.com/report/2.0';
const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);

// one decoded SMS (from the mmssms.db the report lists in taggedFiles)
const REPORT = `<?xml version="1.0" encoding="utf-8"?>
<project xmlns="${NS}" id="p1" name="t" reportVersion="7.60.0.0">
<taggedFiles>
<file fs="data" path="/data/user_de/0/com.android.providers.telephony/databases/mmssms.db" name="mmssms.db" size="1" id="f-1" deleted="Intact">
<metadata section="File"><item name="Local Path"><![CDATA[files\\Database\\mmssms.db]]></item></metadata>
</file>
</taggedFiles>
<decodedData><modelType type="SMS"><model type="SMS" id="sms-1" deleted_state="Intact">
<field name="Body" type="String"><value type="String">decoded once</value></field>
<field name="TimeStamp" type="TimeStamp"><value type="TimeStamp">2024-03-01T10:00:00.000+00:00</value></field>
<field name="Folder" type="String"><value type="String">Inbox</value></field>
<multiModelField name="Parties" type="Party"><model type="Party" id="pa-1"><field name="Identifier" type="String"><value type="String">+447700900201</value></field><field name="Role" type="String"><value type="String">From</value></field></model></multiModelField>
</model></modelType></decodedData>
</project>`;

function extraction(dir: string): string {
  const root = join(dir, 'UFDR-1');
  mkdirSync(join(root, 'files', 'Database'), { recursive: true });
  writeFileSync(join(root, 'report.xml'), REPORT);
  writeAndroidMmssms(join(root, 'files', 'Database', 'mmssms.db'), {
    threads: [{ id: 1, addresses: ['+447700900201'] }],
    sms: [1, 2, 3].map((id) => ({
      id,
      threadId: 1,
      address: '+447700900201',
      dateMs: T0 + id * 1000,
      type: 1 as const,
      body: `raw ${id}`,
    })),
  });
  // a database the report does not list: still read by its own parser
  writeAndroidCalllog(join(root, 'files', 'Database', 'calllog.db'), {
    calls: [{ id: 1, number: '+447700900201', dateMs: T0, durationS: 30, type: 1 }],
  });
  return root;
}

describe('files a report.xml lists are read through it, once', () => {
  it('records the listed database as a companion of the report and counts its messages once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-claims-'));
    const t = await tempCase({ ref: 'CLAIM-1' });
    try {
      const root = extraction(dir);
      const opts = { caseRef: 'CLAIM-1', inputs: [root], deviceLabel: 'U1', toolVersion: 'test' };
      const r = await ingest(t.store, opts);
      const by = (suffix: string) => r.sources.find((s) => s.path.endsWith(suffix))!;
      // report.xml is read first even though files/ sorts before it
      expect(r.sources[0]!.path).toBe('UFDR-1/report.xml');
      expect(by('report.xml')).toMatchObject({ status: 'parsed', counts: { messages: 1 } });
      const raw = by('files/Database/mmssms.db');
      expect(raw).toMatchObject({ status: 'companion', parser: null, counts: {} });
      expect(raw.anomalies).toEqual([
        'read through UFDR-1/report.xml (cellebrite-ufdr@1.0.0): extracted file the report lists in taggedFiles',
      ]);
      expect(by('files/Database/calllog.db')).toMatchObject({
        status: 'parsed',
        parser: 'android-calllog@1.0.0',
        counts: { calls: 1 },
      });
      expect(r.counts.messages).toBe(1);
      const stored = await t.store.db.selectFrom('messages').select(['body']).execute();
      expect(stored.map((m) => m.body)).toEqual(['decoded once']);

      // the same folder again into the same store: nothing is parsed twice
      const again = await ingest(t.store, opts);
      const raw2 = again.sources.find((s) => s.path.endsWith('mmssms.db'))!;
      expect(raw2).toMatchObject({ status: 'companion', unchanged: true });
      expect(await t.store.db.selectFrom('messages').select(['id']).execute()).toHaveLength(1);
    } finally {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
