// Security: the last TOTP time step each account used, so a one-time code is accepted once.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0031: StoreMigration = {
  name: '0031-totp-step',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
  },
};
