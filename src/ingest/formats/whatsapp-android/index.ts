// WhatsApp Android: msgstore.db in both schemas (current `message`/`jid`/`chat`, legacy
// `messages`), wa.db (`wa_contacts`) read as its own source and, for display names, as a companion
// of msgstore.db in the same folder, and the app's preferences (the registered number).
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import type { EvidenceFile } from '../../../evidence/evidence-file.js';
import type { ParseContext, Parser } from '../../parser.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { loadWaNames } from './jids.js';
import { readCallLog, readModernMsgstore } from './msgstore-modern.js';
import { readLegacyMsgstore } from './msgstore-legacy.js';
import { readWaDb } from './wa-db.js';
import { PREFERENCES_RE, readPreferences } from './preferences.js';

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(0, i) : '';
}

/** wa.db beside msgstore.db, opened as a scratch copy, when the extraction has it. */
async function companionWaDb(ctx: ParseContext): Promise<EvidenceDb | null> {
  if (!ctx.openOtherSqlite) return null;
  const dir = folderOf(ctx.file.path);
  const [wa] = ctx.findFiles(
    (f: EvidenceFile) => f.name === 'wa.db' && folderOf(f.path) === dir && !f.isCompanion,
  );
  if (!wa) return null;
  try {
    const db = await ctx.openOtherSqlite(wa);
    return db.tables().has('wa_contacts') ? db : null;
  } catch (e) {
    ctx.warn(
      'PARSE_ERROR',
      `companion wa.db could not be read for display names: ${(e as Error).message}`,
      wa.path,
    );
    return null;
  }
}

async function countRows(db: EvidenceDb, table: string): Promise<boolean> {
  for (const _ of db.iterate(`SELECT 1 FROM ${table} LIMIT 1`, [], table)) return true;
  return false;
}

export const whatsappAndroidParser: Parser = {
  id: 'whatsapp-android',
  version: '1.0.0',
  label: 'WhatsApp Android (msgstore.db, wa.db, preferences)',
  artefacts: [
    'messages',
    'threads',
    'calls',
    'media',
    'locations',
    'contacts',
    'accounts',
    'device-info',
  ],

  async bid(probe) {
    if (!probe.isSqlite) {
      if (!PREFERENCES_RE.test(probe.file.name)) return 0;
      return probe.head.toString('utf8').includes('<map') ? 80 : 0;
    }
    const t = await probe.sqliteTables();
    const named = (n: string) => (probe.file.name === n ? 10 : 0);
    if (t.has('message') && t.has('jid') && t.has('chat')) return 85 + named('msgstore.db');
    if (
      t.has('messages') &&
      ['chat_list', 'group_participants', 'messages_quotes', 'receipts'].some((x) => t.has(x))
    )
      return 80 + named('msgstore.db');
    if (t.has('wa_contacts')) return 80 + named('wa.db');
    return 0;
  },

  async parse(ctx) {
    if (!ctx.file.name.endsWith('.db') && PREFERENCES_RE.test(ctx.file.name)) {
      await readPreferences(ctx);
      return;
    }
    const db = await ctx.openSqlite();
    const t = db.tables();
    const modern = t.has('message') && t.has('jid') && t.has('chat');
    const legacy = t.has('messages') && (await countRows(db, 'messages'));
    if (!modern && !legacy && !t.has('messages')) {
      if (t.has('wa_contacts')) return readWaDb(ctx, db);
      throw new AppError(ErrorCodes.SQLITE_SCHEMA_UNKNOWN, 'no WhatsApp tables found', {
        file: ctx.file.path,
      });
    }
    const wa = await companionWaDb(ctx);
    const names = loadWaNames(wa);
    if (modern && (await countRows(db, 'message'))) {
      // during the migration the legacy table may still mirror the same messages
      if (legacy)
        ctx.warn(
          'PARSE_ERROR',
          'legacy `messages` table also holds rows; the current `message` table was read',
          'messages',
        );
      await readModernMsgstore(ctx, db, names);
    } else if (legacy) {
      await readLegacyMsgstore(ctx, db, names);
    } else if (modern) {
      await readModernMsgstore(ctx, db, names);
    }
    await readCallLog(ctx, db, names);
    if (t.has('wa_contacts')) await readWaDb(ctx, db);
  },
};
