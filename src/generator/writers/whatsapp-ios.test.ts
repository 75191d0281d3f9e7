// The WhatsApp iOS device writer: what it writes is exactly what the whatsapp-ios parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ownJidOf, whatsappIosWriter } from './whatsapp-ios.js';
import { whatsappIosParser } from '../../ingest/formats/whatsapp-ios/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';
import { iosTestDevice } from '../../testkit/ios-device.js';
import type { Draft, DraftMessage, DraftThread } from '../../model/entities.js';
import { findWriter } from './index.js';

describe('whatsapp-ios device writer', () => {
  it('is registered', () => expect(findWriter('whatsapp-ios')).toBe(whatsappIosWriter));

  it('writes chats, calls and contacts and predicts the parse counts exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const device = iosTestDevice();
      expect(ownJidOf(device)).toBe('447700900100@s.whatsapp.net');
      const out = await whatsappIosWriter.write(dir, device);
      expect(out.files.map((f) => f.split('/').pop())).toEqual([
        'ChatStorage.sqlite',
        'ContactsV2.sqlite',
        'CallHistory.sqlite',
        'LID.sqlite',
      ]);
      expect(out.files[0]).toMatch(
        /^private\/var\/mobile\/Containers\/Shared\/AppGroup\/[0-9A-F-]{36}\/ChatStorage\.sqlite$/,
      );
      expect(out.counts).toEqual({
        thread: 2,
        message: 6,
        media: 1,
        location: 0,
        contact: 2,
        call: 2,
        'device-info': 2,
        'identifier-link': 9,
      });
      const drafts: Draft[] = [];
      const warnings: string[] = [];
      for (const f of out.files) {
        const run = await runParser(whatsappIosParser, join(dir, f));
        drafts.push(...run.drafts);
        warnings.push(...run.warnings);
      }
      // Z_PK is the device-data id: ids 1-6 belong to other apps' messages, so they read as absent
      expect(warnings).toEqual([
        'DELETED_RECORD @ ZWAMESSAGE: 6 messages with Z_PK 1..12 are absent (deleted on the device, or never stored)',
      ]);
      const counts = countKinds(drafts);
      expect(counts).toEqual(
        Object.fromEntries(Object.entries(out.counts).filter(([, v]) => v > 0)),
      );
      const group = drafts.find((d): d is DraftThread => d.kind === 'thread' && d.isGroup)!;
      expect(group.groupId).toEqual({ value: '120363000000000001@g.us', hint: 'whatsapp' });
      expect(group.participants).toEqual([
        'owner',
        { value: '447700900103@s.whatsapp.net', hint: 'whatsapp', name: 'Ana' },
        { value: '205690463334636@lid', hint: 'whatsapp', name: 'Kid' },
      ]);
      const msgs = drafts.filter((d): d is DraftMessage => d.kind === 'message');
      expect(msgs.map((m) => [m.locator, m.direction, m.type, m.body, m.deleted])).toEqual([
        ['ZWAMESSAGE:7', 'incoming', 'text', 'Bună! Ce faci?', false],
        ['ZWAMESSAGE:8', 'outgoing', 'text', 'Bine', false],
        ['ZWAMESSAGE:9', 'incoming', 'image', null, false],
        ['ZWAMESSAGE:10', 'incoming', 'text', 'run at 6', false],
        ['ZWAMESSAGE:11', 'outgoing', 'text', 'ok', false],
        ['ZWAMESSAGE:12', 'incoming', 'revoked', null, true],
      ]);
      expect(msgs.find((m) => m.locator === 'ZWAMESSAGE:10')!.sender).toEqual({
        value: '205690463334636@lid',
        hint: 'whatsapp',
        name: 'Kid',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
