// Telegram Android account slots: the signed-in user of userconfing.xml / userconfig1..3.xml as the
// device's own Telegram account and number; an empty slot; hostile records (unknown constructor,
// truncated record, oversized file) raise typed errors naming the file and record.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { telegramAndroidPrefsParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser } from '../../../testkit/run-parser.js';
import { writeTelegramUserConfig } from '../../../generator/writers/telegram-android.js';
import { tlUser } from '../../../generator/writers/telegram-tl.js';
import { AppError } from '../../../model/errors.js';
import type { DraftDeviceInfo } from '../../../model/entities.js';

const ME = tlUser({
  id: 700000001n,
  self: true,
  accessHash: 9n,
  firstName: 'Kuba',
  username: 'kuba_k',
  phone: '447700900100',
});

async function failure(p: string): Promise<AppError> {
  const e = await runParser(telegramAndroidPrefsParser, p).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describeParserContract(telegramAndroidPrefsParser, [
  {
    name: 'slot 0 (userconfing.xml)',
    build(dir) {
      const p = join(dir, 'userconfing.xml');
      writeTelegramUserConfig(p, ME);
      return p;
    },
    expect: { 'device-info': 1 },
    check(drafts) {
      const d = drafts[0] as DraftDeviceInfo;
      expect(d.locator).toBe('userconfing.xml:string[@name="user"]');
      expect(d.identifiers).toEqual([
        { value: '700000001', hint: 'telegram', role: 'account' },
        { value: '@kuba_k', hint: 'telegram', role: 'account' },
        { value: '+447700900100', hint: 'phone', role: 'owner' },
      ]);
      expect(d.facts).toEqual({ 'telegram.slot0.user': '700000001' });
    },
  },
  {
    name: 'slot 2, never signed in',
    build(dir) {
      const p = join(dir, 'userconfig2.xml');
      writeTelegramUserConfig(p, null);
      return p;
    },
    expect: { 'device-info': 0 },
  },
]);

describeParserProperties(telegramAndroidPrefsParser, {
  fileName: 'userconfing.xml',
  seed: () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tgp-seed-'));
    try {
      const p = join(dir, 'userconfing.xml');
      writeTelegramUserConfig(p, ME);
      return readFileSync(p);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  runs: 40,
});

describe('telegram-android-prefs hostile input', () => {
  it('an unknown user constructor is UNSUPPORTED_FORMAT naming the file and record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tgp-bad-'));
    try {
      const p = join(dir, 'userconfig1.xml');
      writeTelegramUserConfig(p, Buffer.from('78563412000000000000000000000000', 'hex'));
      const e = await failure(p);
      expect(e.code).toBe('UNSUPPORTED_FORMAT');
      expect(e.message).toMatch(/0x12345678/);
      expect(e.details).toEqual({ file: 'userconfig1.xml', record: 'string[@name="user"]' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a truncated user record is PARSE_ERROR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tgp-cut-'));
    try {
      const p = join(dir, 'userconfing.xml');
      writeTelegramUserConfig(p, ME.subarray(0, 20));
      expect((await failure(p)).code).toBe('PARSE_ERROR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an oversized file is FIELD_TOO_LARGE, not read into memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tgp-big-'));
    try {
      const p = join(dir, 'userconfing.xml');
      writeFileSync(p, `<map>${' '.repeat(2 << 20)}</map>`);
      expect((await failure(p)).code).toBe('FIELD_TOO_LARGE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
