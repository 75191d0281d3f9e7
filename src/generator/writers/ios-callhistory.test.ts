// The CallHistory.storedata device writer: what it writes is exactly what the parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { iosCallHistoryWriter } from './ios-callhistory.js';
import { iosCallHistoryParser } from '../../ingest/formats/ios-callhistory/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';
import { iosTestDevice } from '../../testkit/ios-device.js';
import type { DraftCall } from '../../model/entities.js';
import { findWriter } from './index.js';

describe('ios-callhistory device writer', () => {
  it('is registered', () => expect(findWriter('ios-callhistory')).toBe(iosCallHistoryWriter));

  it('writes the phone and FaceTime calls and predicts the parse counts exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const out = await iosCallHistoryWriter.write(dir, iosTestDevice());
      expect(out).toEqual({
        files: ['private/var/mobile/Library/CallHistoryDB/CallHistory.storedata'],
        counts: { call: 3 },
      });
      const run = await runParser(iosCallHistoryParser, join(dir, out.files[0]!));
      expect(countKinds(run.drafts)).toEqual(out.counts);
      const calls = run.drafts as DraftCall[];
      expect(calls.map((c) => [c.app, c.direction, c.status, c.video, c.durationS])).toEqual([
        ['phone', 'outgoing', 'answered', false, 65],
        ['phone', 'incoming', 'missed', false, 0],
        ['facetime', 'incoming', 'answered', true, 120],
      ]);
      expect(calls[0]!.callees).toEqual([{ value: '+447700900101', hint: 'phone', name: 'Jay' }]);
      expect(run.warnings).toHaveLength(1);
      // calls 4 and 5 are WhatsApp's (another database), call 6 was deleted
      expect(run.warnings[0]).toMatch(
        /^DELETED_RECORD @ ZCALLRECORD: 3 call records with Z_PK 1\.\.6/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
