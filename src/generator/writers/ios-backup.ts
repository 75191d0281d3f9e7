// Writes an iPhone as an iTunes/Finder backup (iOS 10 and later layout): the other iOS writers'
// databases and plists stored as `<fileID[0:2]>/<fileID>` with fileID = SHA-1(domain-relativePath),
// the Manifest.db index (Files, Properties), Info.plist, Manifest.plist and Status.plist. Optionally
// encrypted: then every stored file and Manifest.db is opaque bytes and Manifest.plist says so.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { build as buildXmlPlist, buildBinary, type PlistValue } from 'plist';
import type { DeviceWriter, GenDevice } from '../device-data.js';
import { writeSqliteFile } from './sqlite-file.js';
import { guidFor } from './apple-values.js';
import { iosSmsWriter } from './ios-sms.js';
import { iosCallHistoryWriter } from './ios-callhistory.js';
import { iosAddressBookWriter } from './ios-addressbook.js';
import { whatsappIosWriter } from './whatsapp-ios.js';
import { IOS_COMMCENTER_PATH, writeIosCommCenter } from './ios-commcenter.js';

export const WHATSAPP_DOMAIN = 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared';

export interface BackupEntry {
  domain: string;
  relativePath: string;
  /** The file to store (its bytes are copied). */
  source: string;
}

export interface BackupMeta {
  udid: string;
  deviceName: string;
  productType: string;
  productVersion: string;
  serial: string;
  imei?: string;
  iccid?: string;
  phoneNumber?: string;
  date: Date;
  encrypted?: boolean;
}

export function fileIdOf(domain: string, relativePath: string): string {
  return createHash('sha1').update(`${domain}-${relativePath}`, 'utf8').digest('hex');
}

/** Deterministic opaque bytes (what an encrypted backup's files look like without the key). */
function opaque(seed: string, n: number): Buffer {
  const out = Buffer.alloc(n);
  let block = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    if (i % 32 === 0) block = createHash('sha256').update(`${seed}:${i}`).digest();
    out[i] = block[i % 32]!;
  }
  return out;
}

/** The file-system path iOS writers use → backup domain and relative path (null: not backed up). */
export function backupLocation(rel: string): { domain: string; relativePath: string } | null {
  const group = /^private\/var\/mobile\/Containers\/Shared\/AppGroup\/[^/]+\/(.+)$/.exec(rel);
  if (group) return { domain: WHATSAPP_DOMAIN, relativePath: group[1]! };
  if (rel.startsWith('private/var/mobile/'))
    return { domain: 'HomeDomain', relativePath: rel.slice(19) };
  if (rel.startsWith('private/var/wireless/')) {
    if (/_nobackup\.plist$/.test(rel)) return null;
    return { domain: 'WirelessDomain', relativePath: rel.slice(21) };
  }
  return null;
}

/**
 * Lay out a backup folder `root` (named after the device's UDID by iTunes) holding `entries`;
 * returns the paths written, relative to `root`.
 */
export function writeIosBackup(root: string, entries: BackupEntry[], meta: BackupMeta): string[] {
  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  const rows: Array<{ id: string; domain: string; rel: string; flags: number; size: number }> = [];
  const dirs = new Set<string>();
  for (const e of [...entries].sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1))) {
    const id = fileIdOf(e.domain, e.relativePath);
    const rel = `${id.slice(0, 2)}/${id}`;
    mkdirSync(join(root, id.slice(0, 2)), { recursive: true });
    const bytes = readFileSync(e.source);
    if (meta.encrypted)
      writeFileSync(join(root, rel), opaque(`${meta.udid}:${id}`, bytes.length + 16));
    else copyFileSync(e.source, join(root, rel));
    written.push(rel);
    rows.push({ id, domain: e.domain, rel: e.relativePath, flags: 1, size: bytes.length });
    const parts = e.relativePath.split('/');
    for (let i = 1; i < parts.length; i++)
      dirs.add(`${e.domain}\u0000${parts.slice(0, i).join('/')}`);
  }
  for (const d of [...dirs].sort()) {
    const [domain, rel] = d.split('\u0000') as [string, string];
    rows.push({ id: fileIdOf(domain, rel), domain, rel, flags: 2, size: 0 });
  }
  const mtime = Math.floor(meta.date.getTime() / 1000);
  const manifest = join(root, 'Manifest.db');
  if (meta.encrypted) writeFileSync(manifest, opaque(`${meta.udid}:manifest`, 4096 * 4));
  else
    writeSqliteFile(
      manifest,
      (db) => {
        db.exec(`CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);
          CREATE INDEX FilesDomainIdx ON Files(domain);
          CREATE INDEX FilesRelativePathIdx ON Files(relativePath);
          CREATE INDEX FilesFlagsIdx ON Files(flags);
          CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);`);
        const ins = db.prepare(
          'INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)',
        );
        for (const r of rows)
          // the per-file metadata, simplified: the real blob is an NSKeyedArchiver MBFile object
          ins.run(
            r.id,
            r.domain,
            r.rel,
            r.flags,
            Buffer.from(
              buildBinary({
                RelativePath: r.rel,
                Size: r.size,
                Mode: r.flags === 2 ? 16877 : 33188,
                LastModified: mtime,
                Birth: mtime,
                ProtectionClass: 3,
              }),
            ),
          );
      },
      { mode: 'delete' },
    );
  written.push('Manifest.db');

  const info: Record<string, PlistValue> = {
    'Build Version': '20F66',
    'Device Name': meta.deviceName,
    'Display Name': meta.deviceName,
    GUID: meta.udid.slice(0, 32).toUpperCase(),
    'Installed Applications': ['net.whatsapp.WhatsApp'],
    'Last Backup Date': meta.date,
    'Product Name': 'iPhone',
    'Product Type': meta.productType,
    'Product Version': meta.productVersion,
    'Serial Number': meta.serial,
    'Target Identifier': meta.udid,
    'Target Type': 'Device',
    'Unique Identifier': meta.udid.toUpperCase(),
    'iTunes Version': '12.13.1.3',
  };
  if (meta.imei) info.IMEI = meta.imei;
  if (meta.iccid) info.ICCID = meta.iccid;
  if (meta.phoneNumber) info['Phone Number'] = meta.phoneNumber;
  writeFileSync(join(root, 'Info.plist'), buildXmlPlist(info));
  writeFileSync(
    join(root, 'Manifest.plist'),
    buildBinary({
      Version: '10.0',
      Date: meta.date,
      SystemDomainsVersion: '24.0',
      WasPasscodeSet: true,
      IsEncrypted: !!meta.encrypted,
      Lockdown: {
        DeviceName: meta.deviceName,
        ProductType: meta.productType,
        ProductVersion: meta.productVersion,
        BuildVersion: '20F66',
        SerialNumber: meta.serial,
        UniqueDeviceID: meta.udid,
      },
      Applications: {},
      ...(meta.encrypted
        ? {
            BackupKeyBag: opaque(`${meta.udid}:keybag`, 64),
            ManifestKey: opaque(`${meta.udid}:mk`, 44),
          }
        : {}),
    }),
  );
  writeFileSync(
    join(root, 'Status.plist'),
    buildBinary({
      IsFullBackup: false,
      Version: '3.3',
      BackupState: 'new',
      Date: meta.date,
      UUID: guidFor(`${meta.udid}:status`),
      SnapshotState: 'finished',
    }),
  );
  written.push('Info.plist', 'Manifest.plist', 'Status.plist');
  return written;
}

function metaOf(device: GenDevice): BackupMeta {
  const udid = createHash('sha1').update(`${device.id}:udid`).digest('hex');
  return {
    udid,
    deviceName: `${device.label}`,
    productType: device.owner.model ?? 'iPhone14,2',
    productVersion: (device.owner.os ?? 'iOS 16.5').replace(/^iOS\s+/i, ''),
    serial: `F${udid.slice(0, 10).toUpperCase()}`,
    imei: device.owner.imei,
    iccid: device.owner.iccid,
    phoneNumber: device.owner.msisdn.written,
    date: new Date(Date.UTC(2024, 11, 1, 12, 0, 0)),
  };
}

/** Writes the device's iOS databases and plists as an (unencrypted) iTunes/Finder backup. */
export const iosBackupWriter: DeviceWriter = {
  id: 'ios-backup',
  async write(dir, device) {
    const tmp = mkdtempSync(join(tmpdir(), 'tl-backup-'));
    try {
      const counts: Record<string, number> = {};
      const entries: BackupEntry[] = [];
      const add = (files: string[], c: Record<string, number>) => {
        for (const [k, v] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + v;
        for (const f of files) {
          const loc = backupLocation(f);
          if (loc) entries.push({ ...loc, source: join(tmp, f) });
        }
      };
      for (const w of [
        iosSmsWriter,
        iosCallHistoryWriter,
        iosAddressBookWriter,
        whatsappIosWriter,
      ]) {
        const out = await w.write(tmp, device);
        add(out.files, out.counts);
      }
      // CommCenter: only com.apple.commcenter.plist is backed up (the other is `_nobackup`)
      const o = device.owner;
      writeIosCommCenter(tmp, {
        imeis: o.imei ? [o.imei] : [],
        sims: o.iccid ? [{ iccid: o.iccid, imsi: o.imsi }] : [],
      });
      add([IOS_COMMCENTER_PATH], { 'device-info': 1 + (o.iccid ? 1 : 0) });
      const meta = metaOf(device);
      const root = `Backup/${meta.udid}`;
      const written = writeIosBackup(join(dir, root), entries, meta);
      // Info.plist and Manifest.plist each describe the device
      counts['device-info'] = (counts['device-info'] ?? 0) + 2;
      return { files: written.map((f) => `${root}/${f}`), counts };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
