// The CommCenter device writer: what it writes is exactly what the parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { iosCommCenterWriter } from './ios-commcenter.js';
import { iosCommCenterParser } from '../../ingest/formats/ios-commcenter/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';
import { iosTestDevice } from '../../testkit/ios-device.js';
import type { DraftDeviceInfo } from '../../model/entities.js';
import { findWriter } from './index.js';

describe('ios-commcenter device writer', () => {
  it('is registered', () => expect(findWriter('ios-commcenter')).toBe(iosCommCenterWriter));

  it('writes IMEI, ICCID, IMSI and own number and predicts the parse counts exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const out = await iosCommCenterWriter.write(dir, iosTestDevice());
      expect(out.counts).toEqual({ 'device-info': 4 });
      const drafts = [];
      for (const f of out.files)
        drafts.push(...(await runParser(iosCommCenterParser, join(dir, f))).drafts);
      expect(countKinds(drafts)).toEqual(out.counts);
      const ids = new Set(
        (drafts as DraftDeviceInfo[]).flatMap((d) =>
          (d.identifiers ?? []).map((i) => `${i.role}:${i.value}`),
        ),
      );
      expect([...ids].sort()).toEqual([
        'iccid:8944100000000000018',
        'imei:356938035643809',
        'imsi:234150000000001',
        'owner:+447700900100',
      ]);
      expect((drafts as DraftDeviceInfo[]).find((d) => d.os)?.os).toBe('iOS 16.5');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
