// Signal Android: the encrypted signal.db of a live phone is reported as ENCRYPTED_DATABASE naming
// the file (never skipped silently); a decrypted copy is read (1:1 and group threads, directions,
// remote-deleted rows); hostile inputs and the runner end to end.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { signalAndroidParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { bidOn, evidenceFiles, runParser } from '../../../testkit/run-parser.js';
import { ScratchSpace } from '../../../evidence/scratch-space.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import {
  SIGNAL_PATH,
  writeEncryptedSignalDb,
  writeSignalDb,
  type SignalData,
} from '../../../generator/writers/signal-android.js';
import type { DraftMessage } from '../../../model/entities.js';
import { AppError } from '../../../model/errors.js';

const T0 = Date.UTC(2024, 9, 3, 20, 0, 0);
const GROUP = '__signal_group__v2__!6f0a1b2c3d4e5f60718293a4b5c6d7e8';
const DATA: SignalData = {
  recipients: [
    { id: 1, e164: '+447700900100', aci: '0b7f0d4e-0000-4000-8000-000000000001', name: 'Me' },
    { id: 2, e164: '+447700900401', name: 'Sam' },
    { id: 3, aci: '5a1c2d3e-0000-4000-8000-000000000003' },
    { id: 4, type: 3, groupId: GROUP, name: 'Crew' },
  ],
  threads: [
    { id: 1, recipientId: 2 },
    { id: 2, recipientId: 4 },
  ],
  messages: [
    {
      id: 1,
      threadId: 1,
      from: 2,
      to: 1,
      type: 20 | 0x8000,
      sentMs: T0 - 900,
      receivedMs: T0,
      body: 'where r u',
    },
    {
      id: 2,
      threadId: 1,
      from: 1,
      to: 2,
      type: 23 | 0x8000,
      sentMs: T0 + 5000,
      receivedMs: T0 + 5000,
      body: 'home',
    },
    {
      id: 3,
      threadId: 2,
      from: 3,
      to: 4,
      type: 20,
      sentMs: T0 + 9000,
      receivedMs: T0 + 9500,
      body: 'meet 9',
    },
    {
      id: 4,
      threadId: 2,
      from: 3,
      to: 4,
      type: 20,
      sentMs: T0 + 9900,
      receivedMs: T0 + 9950,
      body: null,
      remoteDeleted: true,
    },
    {
      id: 5,
      threadId: 1,
      from: 1,
      to: 2,
      type: 27,
      sentMs: T0 + 20000,
      receivedMs: T0 + 20000,
      body: 'draft',
    },
  ],
};

function msg(drafts: readonly unknown[], id: number): DraftMessage {
  const m = (drafts as DraftMessage[]).find(
    (d) => d.kind === 'message' && d.locator === `message:${id}`,
  );
  if (!m) throw new Error(`no message ${id}`);
  return m;
}

describeParserContract(signalAndroidParser, [
  {
    name: 'decrypted signal.db',
    build(dir) {
      const p = join(dir, 'signal.db');
      writeSignalDb(p, DATA);
      return p;
    },
    expect: { thread: 2, message: 5 },
    check(drafts) {
      expect(msg(drafts, 1)).toMatchObject({
        app: 'signal',
        direction: 'incoming',
        body: 'where r u',
        status: 'received',
        sender: { value: '+447700900401', hint: 'phone', name: 'Sam' },
        recipients: ['owner'],
        sentAt: { value: BigInt(T0 - 900), encoding: 'unix-ms' },
        receivedAt: { value: BigInt(T0), encoding: 'unix-ms' },
        threadRef: 'thread:1',
      });
      expect(msg(drafts, 2)).toMatchObject({
        direction: 'outgoing',
        status: 'sent',
        sender: 'owner',
        recipients: [{ value: '+447700900401', hint: 'phone', name: 'Sam' }],
      });
      expect(msg(drafts, 3).sender).toEqual({
        value: '5a1c2d3e-0000-4000-8000-000000000003',
        hint: 'signal',
      });
      expect(msg(drafts, 4)).toMatchObject({
        deleted: true,
        body: null,
        flags: ['remote-deleted'],
      });
      expect(msg(drafts, 5).status).toBe('draft');
      const group = drafts.find((d) => d.kind === 'thread' && d.locator === 'thread:2');
      expect(group).toMatchObject({
        isGroup: true,
        name: 'Crew',
        groupId: { value: GROUP, hint: 'signal' },
      });
    },
  },
]);

describeParserProperties(signalAndroidParser, {
  fileName: 'signal.db',
  seed: () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-signal-seed-'));
    try {
      const p = join(dir, 'signal.db');
      writeSignalDb(p, DATA);
      return readFileSync(p);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  runs: 25,
});

describe('signal-android: the encrypted database', () => {
  it('claims an encrypted signal.db and raises ENCRYPTED_DATABASE naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-signal-enc-'));
    try {
      const p = join(dir, 'signal.db');
      writeEncryptedSignalDb(p);
      const run = runParser(signalAndroidParser, p);
      const err = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('ENCRYPTED_DATABASE');
      expect((err as AppError).details).toEqual({ file: 'signal.db', record: 'header' });
      expect((err as AppError).message).toMatch(/signal\.db is encrypted \(SQLCipher/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not claim other non-SQLite files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-signal-other-'));
    try {
      const p = join(dir, 'signal.txt');
      writeFileSync(p, 'not a database');
      const scratch = new ScratchSpace();
      try {
        expect(await bidOn(signalAndroidParser, evidenceFiles(p)[0]!, scratch)).toBe(0);
      } finally {
        scratch.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in an extraction: the source is recorded as failed with ENCRYPTED_DATABASE, the rest is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-signal-e2e-'));
    try {
      const root = join(dir, 'extraction');
      writeEncryptedSignalDb(join(root, SIGNAL_PATH));
      const other = join(root, 'data/data/other/databases/signal.db');
      mkdirSync(join(root, 'data/data/other/databases'), { recursive: true });
      writeSignalDb(other, DATA);
      const e2e = await ingestTwice([root]);
      const enc = e2e.result.sources.find((s) => s.path.endsWith(SIGNAL_PATH))!;
      expect(enc).toMatchObject({
        status: 'failed',
        parser: 'signal-android@1.0.0',
        errorCode: 'ENCRYPTED_DATABASE',
      });
      expect(enc.errorMessage).toMatch(/encrypted/);
      const ok = e2e.result.sources.find((s) => s.path.endsWith('other/databases/signal.db'))!;
      expect(ok).toMatchObject({ status: 'parsed', counts: { threads: 2, messages: 5 } });
      expect(e2e.rows.messages!.find((r) => r.locator === 'message:1')).toMatchObject({
        sender: 'phone:+447700900401',
        sent_at: T0 - 900,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
