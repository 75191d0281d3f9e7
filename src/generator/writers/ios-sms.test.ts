// The sms.db device writer: what it writes is exactly what the ios-sms parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { iosSmsWriter } from './ios-sms.js';
import { iosSmsParser } from '../../ingest/formats/ios-sms/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';
import { iosTestDevice, IOS_T0 } from '../../testkit/ios-device.js';
import type { DraftMessage } from '../../model/entities.js';
import { findWriter } from './index.js';

describe('ios-sms device writer', () => {
  it('is registered', () => expect(findWriter('ios-sms')).toBe(iosSmsWriter));

  it('writes the SMS and iMessage part of a device and predicts the parse counts exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const out = await iosSmsWriter.write(dir, iosTestDevice());
      expect(out.files).toEqual([
        'private/var/mobile/Library/SMS/sms.db',
        'private/var/mobile/Library/SMS/sms.db-wal',
      ]);
      expect(out.counts).toEqual({ thread: 2, message: 5, media: 1, 'device-info': 1 });
      const run = await runParser(iosSmsParser, join(dir, out.files[0]!));
      expect(countKinds(run.drafts)).toEqual(out.counts);
      const msgs = run.drafts.filter((d): d is DraftMessage => d.kind === 'message');
      expect(msgs.map((m) => [m.locator, m.direction, m.body, m.recovery])).toEqual([
        ['message:1', 'incoming', 'Gdzie jesteś?', 'live'],
        ['message:2', 'outgoing', 'On my way', 'live'],
        ['message:3', 'incoming', 'only in the WAL', 'wal-only'],
        ['message:4', 'incoming', 'Lads tonight?', 'live'],
        ['message:6', 'outgoing', 'photo', 'live'],
      ]);
      // iMessage text with an even id is only in attributedBody
      expect(msgs.find((m) => m.locator === 'message:4')!.flags).toContain(
        'text-from-attributed-body',
      );
      expect(msgs.find((m) => m.locator === 'message:4')!.status).toBe('unread');
      expect(msgs[0]!.sentAt).toEqual({
        value: BigInt(IOS_T0 - 978_307_200_000) * 1_000_000n,
        encoding: 'cocoa-ns',
      });
      expect(run.warnings.filter((w) => w.startsWith('DELETED_RECORD'))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
