// The ordered list of store migrations. Add new ones at the end of their numbered range.
import type { StoreMigration } from './migration.js';
import { migration0001 } from './0001-core.js';
import { migration0003 } from './0003-ios-backup.js';
import { migration0006 } from './0006-identity.js';
import { migration0010 } from './0010-language.js';
import { migration0020 } from './0020-detection.js';
import { migration0030 } from './0030-security.js';
import { migration0031 } from './0031-totp-step.js';
import { migration0035 } from './0035-victims.js';
import { migration0040 } from './0040-crossmatch.js';
import { migration0041 } from './0041-batch-queue.js';
import { migration0042 } from './0042-person-records.js';
import { migration0043 } from './0043-cold-review.js';
import { migration0050 } from './0050-jobs.js';
import { migration0060 } from './0060-audio.js';
import { migration0080 } from './0080-web-searches.js';
import { migration0090 } from './0090-postgres-search.js';

export const MIGRATIONS: readonly StoreMigration[] = [
  migration0001,
  migration0003,
  migration0006,
  migration0010,
  migration0020,
  migration0030,
  migration0031,
  migration0035,
  migration0040,
  migration0041,
  migration0042,
  migration0043,
  migration0050,
  migration0060,
  migration0080,
  migration0090,
];
export type { StoreMigration, StoreDialect } from './migration.js';
