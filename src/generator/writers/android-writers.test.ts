// The Android device writers on one synthetic device: every file each writer produces is
// auto-detected by the right parser, and what the parsers read back equals the counts the writer
// predicted, exactly.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { androidDevice, T0 } from '../../testkit/android-device.js';
import { FORMAT_PARSERS } from '../../ingest/formats/index.js';
import { bidOn, countKinds, evidenceFiles, runParser } from '../../testkit/run-parser.js';
import { ScratchSpace } from '../../evidence/scratch-space.js';
import type { DeviceWriter } from '../device-data.js';
import type { Draft } from '../../model/entities.js';
import { androidCalllogWriter } from './android-calllog.js';
import { androidContacts2Writer } from './android-contacts2.js';
import { whatsappAndroidWriter } from './whatsapp-android.js';
import { googleMessagesWriter } from './google-messages.js';
import { telegramAndroidWriter } from './telegram-android.js';

/** Parse every written file with the parser that wins the bid; drafts and counts summed. */
async function readBack(dir: string, files: string[]) {
  const drafts: Draft[] = [];
  const parsers: string[] = [];
  const scratch = new ScratchSpace();
  try {
    for (const f of files) {
      if (/-(wal|shm|journal)$/.test(f)) continue;
      const path = join(dir, f);
      const [file] = evidenceFiles(path);
      let best = FORMAT_PARSERS[0]!;
      let score = -1;
      for (const p of FORMAT_PARSERS) {
        const s = await bidOn(p, file!, scratch);
        if (s > score) [best, score] = [p, s];
      }
      parsers.push(`${f}:${best.id}`);
      const others = files
        .filter((o) => o !== f && !/-(wal|shm|journal)$/.test(o))
        .map((o) => join(dir, o));
      drafts.push(...(await runParser(best, path, { others })).drafts);
    }
  } finally {
    scratch.dispose();
  }
  return { drafts, counts: countKinds(drafts), parsers };
}

async function roundTrip(writer: DeviceWriter) {
  const dir = mkdtempSync(join(tmpdir(), `tl-w-${writer.id}-`));
  try {
    const out = await writer.write(dir, androidDevice());
    for (const f of out.files) expect(existsSync(join(dir, f)), f).toBe(true);
    const back = await readBack(dir, out.files);
    const expected = Object.fromEntries(Object.entries(out.counts).filter(([, v]) => v > 0));
    expect(back.counts).toEqual(expected);
    return { out, ...back };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Android device writers read back exactly', () => {
  it('android-calllog: phone calls only, deleted and WAL-only rows kept', async () => {
    const r = await roundTrip(androidCalllogWriter);
    expect(r.parsers).toEqual([
      'data/data/com.android.providers.contacts/databases/calllog.db:android-calllog',
    ]);
    expect(r.out.counts).toEqual({ call: 5, 'device-info': 1 });
    const calls = r.drafts.filter((d) => d.kind === 'call');
    expect(calls.map((c) => [c.locator, c.direction, c.status, c.recovery])).toEqual([
      ['calls:1', 'incoming', 'answered', 'live'],
      ['calls:2', 'outgoing', 'answered', 'live'],
      ['calls:3', 'incoming', 'missed', 'live'],
      ['calls:4', 'incoming', 'rejected', 'deleted-flag'],
      ['calls:5', 'incoming', 'voicemail', 'wal-only'],
    ]);
  });

  it('android-contacts2: the phone book plus WhatsApp and Telegram raw contacts', async () => {
    const r = await roundTrip(androidContacts2Writer);
    // Marek: book + WhatsApp; Ioana: book + Telegram; Dan (deleted): book; Besnik: WhatsApp only
    expect(r.out.counts).toEqual({ contact: 6 });
    const contacts = r.drafts.filter((d) => d.kind === 'contact');
    expect(contacts.map((c) => [c.name, c.app, c.deleted])).toEqual([
      ['Marek Nowak', null, false],
      ['Marek Nowak', 'whatsapp', false],
      ['Ioana', null, false],
      ['Ioana', 'telegram', false],
      ['Dan Old', null, true],
      ['Besnik', 'whatsapp', false],
    ]);
  });

  it('whatsapp-android: msgstore.db, wa.db and preferences', async () => {
    const r = await roundTrip(whatsappAndroidWriter);
    expect(r.parsers.map((p) => p.split(':')[1])).toEqual([
      'whatsapp-android',
      'whatsapp-android',
      'whatsapp-android',
    ]);
    // 7 device messages; 2 attachments; 2 calls; the LID pair and 2 wa.db rows with numbers;
    // Marek, Besnik (contacts) and Ioana (group member); the registered number
    expect(r.out.counts).toEqual({
      thread: 2,
      message: 7,
      media: 2,
      call: 2,
      'identifier-link': 3,
      contact: 3,
      'device-info': 1,
    });
    const msgs = r.drafts.filter((d) => d.kind === 'message');
    const wal = msgs.filter((m) => m.recovery === 'wal-only');
    expect(wal.map((m) => m.body)).toEqual(['only in the WAL']);
    const revoked = msgs.find((m) => m.locator === 'message:6')!;
    expect(revoked).toMatchObject({ deleted: true, body: null, type: 'revoked' });
    const besnik = msgs.find((m) => m.locator === 'message:7')!;
    expect(besnik.sender).toEqual({ value: '98765432101234@lid', hint: 'whatsapp' });
    // GenMessage.at is the device's time: received then, sent by the other phone a little earlier
    expect(besnik.receivedAt).toEqual({ value: BigInt(T0 + 6 * 60_000), encoding: 'unix-ms' });
    expect(besnik.sentAt).toEqual({ value: BigInt(T0 + 6 * 60_000 - 1200), encoding: 'unix-ms' });
    expect(r.out.written).toEqual({
      messages: [3, 4, 5, 7, 8, 9],
      calls: [6, 7],
      contacts: [1, 4],
      owner: ['whatsapp:447700900100@s.whatsapp.net', 'phone:+447700900100'],
    });
  });

  it('google-messages: SMS and MMS conversations in bugle_db, WAL-only row kept', async () => {
    const r = await roundTrip(googleMessagesWriter);
    expect(r.parsers).toEqual([
      'data/data/com.google.android.apps.messaging/databases/bugle_db:google-messages',
    ]);
    // threads 1 (SMS with Marek) and 6 (MMS group); messages 1, 2, 14 and WAL-only 15
    expect(r.out.counts).toEqual({ thread: 2, message: 4, media: 1, 'device-info': 1 });
    const msgs = r.drafts.filter((d) => d.kind === 'message');
    expect(msgs.map((m) => [m.locator, m.direction, m.body, m.recovery])).toEqual([
      ['messages:1', 'incoming', 'Cześć', 'live'],
      ['messages:2', 'outgoing', 'Hi Marek', 'live'],
      ['messages:14', 'incoming', 'group text', 'live'],
      ['messages:15', 'incoming', 'late sms', 'wal-only'],
    ]);
    expect(msgs[0]!.sender).toEqual({ value: '+447700900201', hint: 'phone' });
    expect(msgs[2]!.app).toBe('mms');
    expect(r.out.written).toEqual({ messages: [1, 2, 14, 15], owner: ['phone:+447700900100'] });
  });

  it('telegram-android: 1:1 and group chats in cache4.db with TL blobs, users and own account', async () => {
    const r = await roundTrip(telegramAndroidWriter);
    expect(r.parsers).toEqual([
      'data/data/org.telegram.messenger/files/cache4.db:telegram-android',
      'data/data/org.telegram.messenger/shared_prefs/userconfing.xml:telegram-android-prefs',
    ]);
    // threads 4 and 5; messages 10–13 plus the group's "created" service message; Ioana and
    // Viktor as cached users, Ioana's number linked; the account's own user
    expect(r.out.counts).toEqual({
      thread: 2,
      message: 5,
      contact: 2,
      'identifier-link': 1,
      'device-info': 2,
    });
    const msgs = r.drafts.filter((d) => d.kind === 'message');
    expect(msgs.map((m) => [m.locator, m.direction, m.type, m.body])).toEqual([
      ['messages_v2:-400000005:12', 'incoming', 'text', 'drop at 9'],
      ['messages_v2:-400000005:13', 'outgoing', 'text', 'understood'],
      ['messages_v2:-400000005:1000005', 'incoming', 'service', null],
      ['messages_v2:700000002:10', 'incoming', 'text', 'Ne vedem mâine'],
      ['messages_v2:700000002:11', 'outgoing', 'text', 'ok'],
    ]);
    expect(msgs[0]!.sender).toEqual({ value: '700000003', hint: 'telegram', name: 'Viktor' });
    const group = r.drafts.find((d) => d.kind === 'thread' && d.isGroup);
    expect(group).toMatchObject({ name: 'runners', groupId: { value: '-400000005' } });
    expect(group!.kind === 'thread' && group!.participants).toHaveLength(3);
    const slot = r.drafts.find(
      (d) => d.kind === 'device-info' && d.locator.startsWith('userconfing.xml'),
    );
    expect(slot).toMatchObject({
      identifiers: [
        { value: '700000001', hint: 'telegram', role: 'account' },
        { value: '+447700900100', hint: 'phone', role: 'owner' },
      ],
      facts: { 'telegram.slot0.user': '700000001' },
    });
    const own = r.drafts.find((d) => d.kind === 'device-info');
    expect(own).toMatchObject({
      identifiers: [
        { value: '700000001', hint: 'telegram', role: 'account' },
        { value: '+447700900100', hint: 'phone', role: 'owner' },
      ],
    });
    expect(r.out.written).toEqual({
      messages: [10, 11, 12, 13],
      owner: ['telegram:700000001', 'phone:+447700900100'],
    });
  });
});
