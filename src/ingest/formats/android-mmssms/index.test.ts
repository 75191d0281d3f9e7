// Android mmssms.db: generated fixtures (SMS, MMS, threads, a WAL-only row) and the DFRWS 2021 sample.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { androidMmssmsParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { writeAndroidMmssms } from '../../../generator/writers/android-mmssms.js';
import type { DraftMessage } from '../../../model/entities.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);

function build(dir: string): string {
  const p = join(dir, 'mmssms.db');
  writeAndroidMmssms(p, {
    threads: [
      { id: 1, addresses: ['07700 900123'] },
      { id: 2, addresses: ['+447700900456', '+447700900789'] },
    ],
    sms: [
      {
        id: 1,
        threadId: 1,
        address: '07700 900123',
        dateMs: T0,
        dateSentMs: T0 - 2000,
        type: 1,
        body: 'Cześć, gdzie jesteś?',
      },
      {
        id: 2,
        threadId: 1,
        address: '07700 900123',
        dateMs: T0 + 60_000,
        type: 2,
        body: 'On my way',
      },
      {
        id: 3,
        threadId: 1,
        address: '07700 900123',
        dateMs: T0 + 120_000,
        type: 3,
        body: 'draft text',
      },
    ],
    mms: [
      {
        id: 1,
        threadId: 2,
        dateS: Math.floor(T0 / 1000) + 300,
        msgBox: 2,
        from: 'insert-address-token',
        to: ['+447700900456', '+447700900789'],
        text: 'group hello',
        attachments: [
          {
            ct: 'image/jpeg',
            name: 'IMG_1.jpg',
            data: '/data/user_de/0/com.android.providers.telephony/app_parts/PART_1',
          },
        ],
      },
      {
        id: 2,
        threadId: 2,
        dateS: Math.floor(T0 / 1000) + 400,
        msgBox: 1,
        from: '+447700900456',
        to: ['+447700900999'],
        text: 'reply in group',
      },
    ],
    walOnlySms: [
      {
        id: 4,
        threadId: 1,
        address: '07700 900123',
        dateMs: T0 + 180_000,
        type: 1,
        body: 'only in the WAL',
      },
    ],
  });
  return p;
}

describeParserContract(androidMmssmsParser, [
  {
    name: 'generated mmssms with WAL-only row',
    build,
    expect: { thread: 2, message: 6, media: 1 },
    check(drafts) {
      const msgs = drafts.filter((d): d is DraftMessage => d.kind === 'message');
      const wal = msgs.find((m) => m.body === 'only in the WAL');
      expect(wal?.recovery).toBe('wal-only');
      expect(msgs.filter((m) => m.recovery === 'wal-only')).toHaveLength(1);
      expect(msgs.filter((m) => m.recovery === 'live')).toHaveLength(5);
      const first = msgs.find((m) => m.locator === 'sms:1')!;
      expect(first.direction).toBe('incoming');
      expect(first.sentAt).toEqual({ value: BigInt(T0 - 2000), encoding: 'unix-ms' });
      expect(first.sender).toEqual({ value: '07700 900123', hint: 'phone' });
      expect(msgs.find((m) => m.locator === 'sms:3')!.status).toBe('draft');
      const mms = msgs.find((m) => m.locator === 'pdu:1')!;
      expect(mms.sender).toBe('owner');
      expect(mms.recipients).toHaveLength(2);
      expect(mms.sentAt?.encoding).toBe('unix-s');
    },
  },
]);

const DFRWS = join(process.cwd(), '../shared/corpus/public/dfrws2021-android/mmssms.db');

describe('android-mmssms on the public DFRWS 2021 sample', () => {
  it.skipIf(!existsSync(DFRWS))(
    'reads 32 SMS in 6 threads (skipped when ../shared/corpus/public is absent)',
    async () => {
      const run = await runParser(androidMmssmsParser, DFRWS);
      const msgs = run.drafts.filter((d) => d.kind === 'message');
      expect(msgs).toHaveLength(32);
      expect(run.drafts.filter((d) => d.kind === 'thread')).toHaveLength(6);
      expect(msgs.filter((m) => (m as DraftMessage).direction === 'incoming')).toHaveLength(18);
      expect(msgs.filter((m) => (m as DraftMessage).direction === 'outgoing')).toHaveLength(14);
    },
  );
  if (!existsSync(DFRWS))
    it('public corpus absent: DFRWS 2021 checks skipped', () =>
      expect(existsSync(DFRWS)).toBe(false));
});
