// Shape of a numbered migration: portable Kysely schema code, with a dialect switch where SQL differs.
import type { Kysely } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export interface StoreMigration {
  /** `NNNN-name`; migrations run in name order. Ranges: 0001–0009 core, 0010s language, 0020s
   * detection, 0030s security, 0040s cases, 0050s jobs, 0060s audio. */
  name: string;
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}
