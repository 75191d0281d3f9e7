// The streaming synthetic report.xml writer (used by bench/ufdr): it stops near the requested size
// and what it says it wrote is exactly what the cellebrite-ufdr parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeSyntheticUfdrReport } from './ufdr-stream.js';
import { createCellebriteUfdrParser } from '../../ingest/formats/cellebrite-ufdr/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';

describe('synthetic report.xml stream', () => {
  it('writes about the requested size, and the parser reads back exactly its counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ufdr-stream-'));
    try {
      const p = join(dir, 'report.xml');
      const r = writeSyntheticUfdrReport(p, { targetBytes: 3_000_000, messagesPerChat: 500 });
      expect(statSync(p).size).toBe(r.bytes);
      expect(r.bytes).toBeGreaterThan(1_500_000);
      expect(r.bytes).toBeLessThan(3_000_000 + (4 << 20));
      const run = await runParser(createCellebriteUfdrParser({ hashFiles: false }), p);
      const counts = countKinds(run.drafts);
      expect(counts.message).toBe(r.messages);
      expect(counts.thread).toBe(r.chats);
      expect(counts.call).toBe(r.calls);
      expect(run.warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
