// The mmssms device writer: what it writes is exactly what the parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { androidMmssmsWriter } from './android-mmssms.js';
import { androidMmssmsParser } from '../../ingest/formats/android-mmssms/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';
import type { GenDevice } from '../device-data.js';

const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);
const alice = { key: 'phone:+447700900101', written: '07700 900101' };
const bob = { key: 'phone:+447700900102', written: '+44 7700 900102' };

const device: GenDevice = {
  id: 'D1',
  label: 'D1',
  exhibit: 'AB/1',
  platform: 'android',
  formats: ['android-mmssms'],
  ownerPersonId: 'P1',
  owner: { msisdn: { key: 'phone:+447700900100', written: '07700900100' } },
  region: 'GB',
  timezone: 'Europe/London',
  contacts: [],
  threads: [
    { id: 1, app: 'sms', isGroup: false, participants: [alice] },
    { id: 2, app: 'mms', isGroup: true, participants: [alice, bob] },
    { id: 3, app: 'whatsapp', isGroup: false, participants: [bob] },
  ],
  messages: [
    { id: 1, threadId: 1, at: T0, direction: 'incoming', from: alice, body: 'hello' },
    { id: 2, threadId: 1, at: T0 + 1000, direction: 'outgoing', body: 'hi' },
    { id: 3, threadId: 1, at: T0 + 2000, direction: 'outgoing', body: 'gone', deleted: true },
    {
      id: 4,
      threadId: 1,
      at: T0 + 3000,
      direction: 'incoming',
      from: alice,
      body: 'wal only',
      walOnly: true,
    },
    {
      id: 5,
      threadId: 2,
      at: T0 + 4000,
      direction: 'incoming',
      from: bob,
      body: 'group',
      attachments: [{ id: 1, mime: 'image/jpeg', filename: 'a.jpg' }],
    },
    { id: 6, threadId: 3, at: T0 + 5000, direction: 'incoming', from: bob, body: 'not sms' },
  ],
  calls: [],
  locations: [],
};

describe('android-mmssms device writer', () => {
  it('writes the SMS/MMS part of a device and predicts the parse counts exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const out = await androidMmssmsWriter.write(dir, device);
      expect(out.counts).toEqual({ thread: 2, message: 4, media: 1 });
      const run = await runParser(androidMmssmsParser, join(dir, out.files[0]!));
      const counts = countKinds(run.drafts);
      expect(counts).toMatchObject(out.counts);
      expect(
        run.drafts.filter((d) => d.kind === 'message' && d.recovery === 'wal-only'),
      ).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
