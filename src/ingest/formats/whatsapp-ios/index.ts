// WhatsApp for iOS (app group `group.net.whatsapp.WhatsApp.shared`): ChatStorage.sqlite (chats,
// groups, messages, media, locations), ContactsV2.sqlite (contacts), CallHistory.sqlite (calls) and
// LID.sqlite (LID-to-phone pairs). Each file is bid on and parsed on its own; identifier links tie
// phone-number JIDs to numbers and LIDs to phone-number JIDs wherever the store records them.
import type { Parser } from '../../parser.js';
import { sqliteBid } from '../shared/sqlite-bid.js';
import { parseChatStorage } from './chat-storage.js';
import { parseContactsV2, parseLidPairs } from './contacts.js';
import { parseCallHistory } from './calls.js';

export const whatsappIosParser: Parser = {
  id: 'whatsapp-ios',
  version: '1.0.0',
  label: 'WhatsApp iOS (ChatStorage, ContactsV2, CallHistory, LID)',
  artefacts: [
    'messages',
    'threads',
    'media',
    'locations',
    'calls',
    'contacts',
    'accounts',
    'device-info',
  ],

  async bid(probe) {
    const bids = await Promise.all([
      sqliteBid(probe, {
        required: ['ZWAMESSAGE', 'ZWACHATSESSION'],
        names: ['ChatStorage.sqlite'],
        score: 80,
      }),
      sqliteBid(probe, {
        required: ['ZWAADDRESSBOOKCONTACT'],
        names: ['ContactsV2.sqlite'],
        score: 80,
      }),
      sqliteBid(probe, { required: ['ZWACDCALLEVENT'], names: ['CallHistory.sqlite'], score: 80 }),
      sqliteBid(probe, { required: ['ZWAPHONENUMBERLIDPAIR'], names: ['LID.sqlite'], score: 80 }),
    ]);
    return Math.max(...bids);
  },

  async parse(ctx) {
    const db = await ctx.openSqlite();
    if (db.hasTable('ZWAMESSAGE') && db.hasTable('ZWACHATSESSION')) await parseChatStorage(ctx, db);
    else if (db.hasTable('ZWAADDRESSBOOKCONTACT')) await parseContactsV2(ctx, db);
    else if (db.hasTable('ZWACDCALLEVENT')) await parseCallHistory(ctx, db);
    else if (db.hasTable('ZWAPHONENUMBERLIDPAIR')) await parseLidPairs(ctx, db);
  },
};
