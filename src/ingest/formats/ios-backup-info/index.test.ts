// The backup description parser: Info.plist and Manifest.plist beside a Manifest.db give the device
// facts and identifiers; an app bundle's Info.plist (no backup index beside it) is not read.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { build as buildXml } from 'plist';
import { iosBackupInfoParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { writeIosBackup } from '../../../generator/writers/ios-backup.js';
import { ErrorCodes } from '../../../model/errors.js';
import type { DraftDeviceInfo } from '../../../model/entities.js';

const META = {
  udid: '0123456789abcdef0123456789abcdef01234567',
  deviceName: 'Exhibit JS/1',
  productType: 'iPhone14,2',
  productVersion: '16.5',
  serial: 'F2LXYZ123ABC',
  imei: '356938035643809',
  iccid: '8944100000000000018',
  phoneNumber: '+44 7700 900100',
  date: new Date(Date.UTC(2024, 11, 1, 12, 0, 0)),
};

function build(name: 'Info.plist' | 'Manifest.plist', encrypted = false) {
  return (dir: string) => {
    writeIosBackup(dir, [], { ...META, encrypted });
    return { path: join(dir, name), others: [join(dir, 'Manifest.db')] };
  };
}

describeParserContract(iosBackupInfoParser, [
  {
    name: 'Info.plist (XML)',
    build: build('Info.plist'),
    expect: { 'device-info': 1 },
    noFuzz:
      'XML text; malformed plists are covered by the ios-commcenter hostile tests on the same reader',
    check(drafts) {
      const d = drafts[0] as DraftDeviceInfo;
      expect(d.identifiers).toEqual([
        { value: '356938035643809', role: 'imei' },
        { value: '8944100000000000018', role: 'iccid' },
        { value: '+44 7700 900100', hint: 'phone', role: 'owner' },
      ]);
      expect([d.model, d.os, d.name]).toEqual(['iPhone14,2', 'iOS 16.5', 'Exhibit JS/1']);
      expect(d.facts).toMatchObject({
        'backup.lastBackupDate': '2024-12-01T12:00:00.000Z',
        'backup.serialNumber': 'F2LXYZ123ABC',
        'backup.uniqueIdentifier': META.udid.toUpperCase(),
        'backup.installedApplications': '1',
      });
    },
  },
  {
    name: 'Manifest.plist (binary), encrypted backup',
    build: build('Manifest.plist', true),
    expect: { 'device-info': 1 },
    check(drafts) {
      const d = drafts[0] as DraftDeviceInfo;
      expect(d.identifiers).toEqual([]);
      expect(d.facts).toMatchObject({
        'backup.isEncrypted': 'true',
        'backup.serialNumber': 'F2LXYZ123ABC',
      });
      expect(d.model).toBe('iPhone14,2');
    },
  },
]);

describe('ios-backup-info', () => {
  it('does not read an app bundle Info.plist (no Manifest.db beside it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-bi-'));
    try {
      const p = join(dir, 'Info.plist');
      writeFileSync(p, buildXml({ CFBundleIdentifier: 'com.example.app', 'Product Type': 'x' }));
      await expect(runParser(iosBackupInfoParser, p)).rejects.toMatchObject({
        code: ErrorCodes.UNSUPPORTED_FORMAT,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
