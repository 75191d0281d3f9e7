// The iTunes/Finder backup writer: the iOS writers' files stored under their SHA-1 file ids with a
// Manifest.db index; the runner test (src/ingest/ios-backup.test.ts) reads it back end to end.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { backupLocation, fileIdOf, iosBackupWriter } from './ios-backup.js';
import { iosTestDevice } from '../../testkit/ios-device.js';
import { findWriter } from './index.js';

describe('ios-backup device writer', () => {
  it('is registered', () => expect(findWriter('ios-backup')).toBe(iosBackupWriter));

  it('maps file-system paths to backup domains (the _nobackup plist is not backed up)', () => {
    expect(backupLocation('private/var/mobile/Library/SMS/sms.db')).toEqual({
      domain: 'HomeDomain',
      relativePath: 'Library/SMS/sms.db',
    });
    expect(
      backupLocation('private/var/mobile/Containers/Shared/AppGroup/ABC/ChatStorage.sqlite'),
    ).toEqual({
      domain: 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared',
      relativePath: 'ChatStorage.sqlite',
    });
    expect(
      backupLocation(
        'private/var/wireless/Library/Preferences/com.apple.commcenter.device_specific_nobackup.plist',
      ),
    ).toBeNull();
    expect(
      fileIdOf('AppDomainGroup-group.net.whatsapp.WhatsApp.shared', 'ChatStorage.sqlite'),
    ).toBe('7c7fba66680ef796b916b067077cc246adacf01d');
  });

  it('writes a Manifest.db that lists every stored file with its domain and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const out = await iosBackupWriter.write(dir, iosTestDevice());
      const root = out.files[0]!.split('/').slice(0, 2).join('/');
      const db = new Database(join(dir, root, 'Manifest.db'), { readonly: true });
      const files = db
        .prepare(
          'SELECT fileID, domain, relativePath FROM Files WHERE flags = 1 ORDER BY domain, relativePath',
        )
        .all() as Array<{ fileID: string; domain: string; relativePath: string }>;
      db.close();
      expect(files.map((f) => `${f.domain}/${f.relativePath}`)).toEqual([
        'AppDomainGroup-group.net.whatsapp.WhatsApp.shared/CallHistory.sqlite',
        'AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite',
        'AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ContactsV2.sqlite',
        'AppDomainGroup-group.net.whatsapp.WhatsApp.shared/LID.sqlite',
        'HomeDomain/Library/AddressBook/AddressBook.sqlitedb',
        'HomeDomain/Library/CallHistoryDB/CallHistory.storedata',
        'HomeDomain/Library/SMS/sms.db',
        'HomeDomain/Library/SMS/sms.db-wal',
        'WirelessDomain/Library/Preferences/com.apple.commcenter.plist',
      ]);
      for (const f of files) {
        expect(f.fileID).toBe(fileIdOf(f.domain, f.relativePath));
        expect(out.files).toContain(`${root}/${f.fileID.slice(0, 2)}/${f.fileID}`);
      }
      expect(out.counts).toMatchObject({
        message: 11,
        thread: 4,
        call: 5,
        contact: 4,
        'device-info': 7,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
