// Telegram Android account slots: shared_prefs/userconfing.xml (slot 0, spelled so by the client)
// and userconfig1..3.xml hold the signed-in user as a base64 TL user record under the key "user"
// (ALEAPP scripts/artifacts/telegramAndroid.py get_telegramAccounts; docs/formats.md §2.1). Each
// slot gives the device's own Telegram account id, username and phone number.
import type { DeviceIdentifierRole, RawIdentifier } from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { Parser } from '../../parser.js';
import { hex, readUser, TlError } from '../telegram-android/tl.js';

const NAME = /^user(?:confing|config[1-3])\.xml$/;
/** A shared_prefs file is a few kilobytes; refuse anything absurd. */
const MAX_BYTES = 1 << 20;
const USER_RE = /<string\s+name="user"\s*>([A-Za-z0-9+/=\s]*)<\/string>/;

export const telegramAndroidPrefsParser: Parser = {
  id: 'telegram-android-prefs',
  version: '1.0.0',
  label: 'Telegram Android account slots (shared_prefs userconfing.xml)',
  artefacts: ['device-info'],

  bid(probe) {
    if (!NAME.test(probe.file.name) || probe.isSqlite || probe.isZip) return 0;
    const text = probe.head.toString('utf8');
    return /<map[\s>]/.test(text) ? 70 : 0;
  },

  async parse(ctx) {
    if (ctx.file.size > MAX_BYTES)
      throw new AppError(
        ErrorCodes.FIELD_TOO_LARGE,
        `${ctx.file.name} is ${ctx.file.size} bytes; a preferences file is expected to be small`,
        { file: ctx.file.path },
      );
    const chunks: Buffer[] = [];
    for await (const c of await ctx.file.open()) chunks.push(c as Buffer);
    const xml = Buffer.concat(chunks).toString('utf8');
    const m = USER_RE.exec(xml);
    if (!m) return; // a slot that was never signed in
    const record = 'string[@name="user"]';
    let user;
    try {
      user = readUser(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    } catch (e) {
      const c =
        e instanceof TlError && e.constructorId !== undefined ? ` 0x${hex(e.constructorId)}` : '';
      throw new AppError(
        e instanceof TlError && e.constructorId !== undefined
          ? ErrorCodes.UNSUPPORTED_FORMAT
          : ErrorCodes.PARSE_ERROR,
        `the account's TL user record is not decoded${c}: ${(e as Error).message}`,
        { file: ctx.file.path, record },
      );
    }
    const phone = user.phone?.trim();
    const ids: Array<RawIdentifier & { role: DeviceIdentifierRole }> = [
      { value: String(user.id), hint: 'telegram', role: 'account' },
      ...(user.username
        ? [{ value: `@${user.username}`, hint: 'telegram' as const, role: 'account' as const }]
        : []),
      ...(phone
        ? [
            {
              value: /^\d{7,15}$/.test(phone) ? `+${phone}` : phone,
              hint: 'phone' as const,
              role: 'owner' as const,
            },
          ]
        : []),
    ];
    const slot = ctx.file.name === 'userconfing.xml' ? '0' : ctx.file.name.replace(/\D/g, '');
    await ctx.emit({
      kind: 'device-info',
      locator: `${ctx.file.name}:${record}`,
      identifiers: ids,
      facts: { [`telegram.slot${slot}.user`]: String(user.id) },
      raw: { constructor: `0x${hex(user.constructorId)}`, self: user.self },
    });
  },
};
