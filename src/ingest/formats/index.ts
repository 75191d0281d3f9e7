// Registered input formats (one folder each). Order breaks ties between equal bids.
import type { Parser } from '../parser.js';
import { androidMmssmsParser } from './android-mmssms/index.js';
import { androidCalllogParser } from './android-calllog/index.js';
import { androidContacts2Parser } from './android-contacts2/index.js';
import { iosSmsParser } from './ios-sms/index.js';
import { iosCallHistoryParser } from './ios-callhistory/index.js';
import { iosAddressBookParser } from './ios-addressbook/index.js';
import { iosCommCenterParser } from './ios-commcenter/index.js';
import { cellebriteUfdrParser } from './cellebrite-ufdr/index.js';
import { whatsappAndroidParser } from './whatsapp-android/index.js';
import { magnetAxiomParser } from './magnet-axiom/index.js';
import { whatsappIosParser } from './whatsapp-ios/index.js';
import { iosBackupInfoParser } from './ios-backup-info/index.js';
import { genericCsvParser } from './generic-csv/index.js';
import { ukCdrParser } from './uk-cdr/index.js';
import { vcardParser } from './vcard/index.js';
import { xryExportParser } from './xry-export/index.js';
import { cellebriteExportParser } from './cellebrite-export/index.js';
import { googleMessagesParser } from './google-messages/index.js';
import { telegramAndroidParser } from './telegram-android/index.js';
import { androidSimParser } from './android-sim/index.js';
import { signalAndroidParser } from './signal-android/index.js';
import { telegramAndroidPrefsParser } from './telegram-android-prefs/index.js';

export const FORMAT_PARSERS: readonly Parser[] = [
  androidMmssmsParser,
  androidCalllogParser,
  androidContacts2Parser,
  iosSmsParser,
  iosCallHistoryParser,
  iosAddressBookParser,
  iosCommCenterParser,
  cellebriteUfdrParser,
  whatsappAndroidParser,
  magnetAxiomParser,
  whatsappIosParser,
  iosBackupInfoParser,
  genericCsvParser,
  ukCdrParser,
  vcardParser,
  xryExportParser,
  cellebriteExportParser,
  googleMessagesParser,
  telegramAndroidParser,
  androidSimParser,
  signalAndroidParser,
  telegramAndroidPrefsParser,
];
