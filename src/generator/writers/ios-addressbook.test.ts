// The AddressBook.sqlitedb device writer: what it writes is exactly what the parser reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { appleLabel, iosAddressBookWriter } from './ios-addressbook.js';
import { iosAddressBookParser } from '../../ingest/formats/ios-addressbook/index.js';
import { countKinds, runParser } from '../../testkit/run-parser.js';
import { iosTestDevice } from '../../testkit/ios-device.js';
import type { DraftContact } from '../../model/entities.js';
import { findWriter } from './index.js';

describe('ios-addressbook device writer', () => {
  it('is registered', () => expect(findWriter('ios-addressbook')).toBe(iosAddressBookWriter));

  it('stores built-in labels in the _$!<…>!$_ form and custom ones as typed', () => {
    expect(appleLabel('Mobile')).toBe('_$!<Mobile>!$_');
    expect(appleLabel('Burner')).toBe('Burner');
    expect(appleLabel(undefined)).toBeUndefined();
  });

  it('writes the phone’s own contacts and predicts the parse counts exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-w-'));
    try {
      const device = iosTestDevice();
      device.contacts.push({
        id: 9,
        name: 'Late Entry',
        entries: [{ key: 'phone:+447700900109', written: '07700 900109', kind: 'phone' }],
        walOnly: true,
      });
      const out = await iosAddressBookWriter.write(dir, device);
      expect(out).toEqual({
        files: [
          'private/var/mobile/Library/AddressBook/AddressBook.sqlitedb',
          'private/var/mobile/Library/AddressBook/AddressBook.sqlitedb-wal',
        ],
        counts: { contact: 3 },
      });
      const run = await runParser(iosAddressBookParser, join(dir, out.files[0]!));
      expect(countKinds(run.drafts)).toEqual(out.counts);
      const cs = run.drafts as DraftContact[];
      expect(cs.map((c) => [c.name, c.recovery, c.entries])).toEqual([
        [
          'Jay Smith',
          'live',
          [
            { value: '07700 900101', hint: 'phone', label: 'Mobile' },
            { value: 'jay@example.org', hint: 'email', label: 'Home' },
          ],
        ],
        ['Mo', 'live', [{ value: '+44 7700 900102', hint: 'phone', label: 'Work' }]],
        ['Late Entry', 'wal-only', [{ value: '07700 900109', hint: 'phone' }]],
      ]);
      expect(run.warnings).toEqual([
        // 3 was deleted, 4 and 5 are WhatsApp's contacts, 6 to 8 do not exist
        'DELETED_RECORD @ ABPerson: 6 ABPerson ROWIDs between 1 and 9 are absent (contacts deleted or moved)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
