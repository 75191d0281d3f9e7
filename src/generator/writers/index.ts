// Every synthetic-device writer, registered once (one line each). The scenario writes each device
// with the writers named in its `formats`.
import type { DeviceWriter } from '../device-data.js';
import { androidMmssmsWriter } from './android-mmssms.js';
import { androidCalllogWriter } from './android-calllog.js';
import { androidContacts2Writer } from './android-contacts2.js';
import { iosSmsWriter } from './ios-sms.js';
import { iosCallHistoryWriter } from './ios-callhistory.js';
import { iosAddressBookWriter } from './ios-addressbook.js';
import { iosCommCenterWriter } from './ios-commcenter.js';
import { cellebriteUfdrWriter } from './cellebrite-ufdr.js';
import { whatsappAndroidWriter } from './whatsapp-android.js';
import { magnetAxiomWriter } from './magnet-axiom.js';
import { whatsappIosWriter } from './whatsapp-ios.js';
import { iosBackupWriter } from './ios-backup.js';
import { genericCsvWriter } from './generic-csv.js';
import { ukCdrWriter } from './uk-cdr.js';
import { vcardWriter } from './vcard.js';
import { xryExportWriter } from './xry-export.js';
import { cellebriteExportWriter } from './cellebrite-export.js';
import { googleMessagesWriter } from './google-messages.js';
import { telegramAndroidWriter } from './telegram-android.js';

export const DEVICE_WRITERS: readonly DeviceWriter[] = [
  androidMmssmsWriter,
  androidCalllogWriter,
  androidContacts2Writer,
  iosSmsWriter,
  iosCallHistoryWriter,
  iosAddressBookWriter,
  iosCommCenterWriter,
  cellebriteUfdrWriter,
  whatsappAndroidWriter,
  magnetAxiomWriter,
  whatsappIosWriter,
  iosBackupWriter,
  genericCsvWriter,
  ukCdrWriter,
  vcardWriter,
  xryExportWriter,
  cellebriteExportWriter,
  googleMessagesWriter,
  telegramAndroidWriter,
];

export function findWriter(id: string): DeviceWriter | undefined {
  return DEVICE_WRITERS.find((w) => w.id === id);
}
