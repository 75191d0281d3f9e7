// The ordered list of store migrations. Add new ones at the end of their numbered range.
import type { StoreMigration } from './migration.js';
import { migration0001 } from './0001-core.js';

export const MIGRATIONS: readonly StoreMigration[] = [migration0001];
export type { StoreMigration, StoreDialect } from './migration.js';
