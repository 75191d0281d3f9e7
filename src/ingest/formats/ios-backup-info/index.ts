// The device description an iTunes/Finder backup carries beside its Manifest.db: Info.plist (device
// name, model, iOS version, serial number, IMEI, ICCID, phone number, last backup date) and
// Manifest.plist (its Lockdown copy of the same, and whether the backup is encrypted). Only plists
// next to a backup index are read: app bundles have Info.plist files of their own.
import type {
  DeviceIdentifierRole,
  DraftDeviceInfo,
  RawIdentifier,
} from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { Parser } from '../../parser.js';
import {
  MAX_PLIST_BYTES,
  dict,
  isBinaryPlist,
  isXmlPlist,
  parsePlist,
  readAll,
  text,
} from '../shared/apple.js';

type Ident = RawIdentifier & { role: DeviceIdentifierRole };

const NAMES = new Set(['Info.plist', 'Manifest.plist']);

function iso(v: unknown): string | null {
  return v instanceof Date && Number.isFinite(v.getTime()) ? v.toISOString() : text(v);
}

export const iosBackupInfoParser: Parser = {
  id: 'ios-backup-info',
  version: '1.0.0',
  label: 'iTunes/Finder backup description (Info.plist, Manifest.plist)',
  artefacts: ['device-info'],

  bid(probe) {
    if (!NAMES.has(probe.file.name)) return 0;
    return isBinaryPlist(probe.head) || isXmlPlist(probe.head) ? 30 : 0;
  },

  async parse(ctx) {
    const dir = ctx.file.path.slice(0, ctx.file.path.lastIndexOf('/') + 1);
    const index = ctx.findFiles(
      (f) => f.path === `${dir}Manifest.db` || f.path === `${dir}Manifest.mbdb`,
    );
    if (!index.length)
      throw new AppError(
        ErrorCodes.UNSUPPORTED_FORMAT,
        `${ctx.file.name} without a Manifest.db beside it is not an iTunes/Finder backup description`,
        { file: ctx.file.path },
      );
    const root = dict(
      parsePlist(
        await readAll(await ctx.file.open(), MAX_PLIST_BYTES, ctx.file.path),
        ctx.file.path,
      ),
    );
    if (!root)
      throw new AppError(ErrorCodes.PARSE_ERROR, 'property list root is not a dictionary', {
        file: ctx.file.path,
      });

    const ids: Ident[] = [];
    const add = (role: DeviceIdentifierRole, v: unknown, hint?: RawIdentifier['hint']) => {
      const t = text(v);
      if (t && !ids.some((i) => i.role === role && i.value === t))
        ids.push(hint ? { value: t, hint, role } : { value: t, role });
    };
    const facts: Record<string, string> = {};
    const fact = (k: string, v: unknown) => {
      const t = iso(v);
      if (t) facts[k] = t;
    };
    const draft: DraftDeviceInfo = {
      kind: 'device-info',
      locator: 'plist:/',
      identifiers: ids,
      facts,
    };

    if (ctx.file.name === 'Info.plist') {
      add('imei', root.IMEI);
      add('imei', root['IMEI 2']);
      add('iccid', root.ICCID);
      add('owner', root['Phone Number'], 'phone');
      fact('backup.serialNumber', root['Serial Number']);
      draft.model = text(root['Product Type']);
      const v = text(root['Product Version']);
      if (v) draft.os = `iOS ${v}`;
      draft.name = text(root['Device Name']) ?? text(root['Display Name']);
      fact('backup.lastBackupDate', root['Last Backup Date']);
      fact('backup.uniqueIdentifier', root['Unique Identifier']);
      fact('backup.buildVersion', root['Build Version']);
      fact('backup.meid', root.MEID);
      const apps = root['Installed Applications'];
      if (Array.isArray(apps)) facts['backup.installedApplications'] = String(apps.length);
    } else {
      const lock = dict(root.Lockdown) ?? {};
      fact('backup.serialNumber', lock.SerialNumber);
      draft.model = text(lock.ProductType);
      const v = text(lock.ProductVersion);
      if (v) draft.os = `iOS ${v}`;
      draft.name = text(lock.DeviceName);
      fact('backup.uniqueIdentifier', lock.UniqueDeviceID);
      fact('backup.buildVersion', lock.BuildVersion);
      fact('backup.date', root.Date);
      if (root.IsEncrypted !== undefined)
        facts['backup.isEncrypted'] = String(root.IsEncrypted === true);
      if (root.WasPasscodeSet !== undefined)
        facts['backup.wasPasscodeSet'] = String(root.WasPasscodeSet === true);
    }
    await ctx.emit(draft);
  },
};
