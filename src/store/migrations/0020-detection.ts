// Detection: findings (one per rule and subject, id deterministic), their evidence with highlight
// spans, analysts' reviews (who, when, accept or reject, why, on which rule version and evidence),
// case-specific lexicon terms and case-supplied ages. Reviews are never deleted: re-analysis
// replaces findings and evidence but keeps every decision.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0020: StoreMigration = {
  name: '0020-detection',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('rule_version', 'integer', (c) => c.notNull())
      .addColumn('crime_type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      // JSON: { identifiers: [keys], threads: [ids], devices: [ids] }
      .addColumn('subject', 'text', (c) => c.notNull())
      // JSON: [{ id, label, weight, detail, evidence: [item ids] }]
      .addColumn('indicators', 'text', (c) => c.notNull())
      .addColumn('benign', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('missing', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('evidence_hash', 'text', (c) => c.notNull())
      // new | accepted | rejected
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
      // 1 while the latest analysis still produces it; 0 once it no longer fires (kept for its reviews)
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('analysed_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('findings_case')
      .on('findings')
      .columns(['case_id', 'status', 'rule_id'])
      .execute();

    await db.schema
      .createTable('finding_evidence')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('finding_id', 'text', (c) => c.notNull())
      .addColumn('ord', 'integer', (c) => c.notNull())
      .addColumn('item_kind', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('text_used', 'text')
      // JSON: [[start, end], …] into the text used
      .addColumn('spans', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('finding_evidence_pk', ['finding_id', 'ord'])
      .execute();
    await db.schema
      .createIndex('finding_evidence_case')
      .on('finding_evidence')
      .columns(['case_id', 'item_id'])
      .execute();

    await db.schema
      .createTable('finding_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('finding_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('rule_version', 'integer', (c) => c.notNull())
      .addColumn('evidence_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('finding_reviews_finding')
      .on('finding_reviews')
      .columns(['case_id', 'finding_id', 'seq'])
      .unique()
      .execute();

    await db.schema
      .createTable('detect_lexicon_terms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('crime', 'text', (c) => c.notNull())
      .addColumn('indicator', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      // add | remove
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('detect_ages')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('years', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('detect_ages_pk', ['case_id', 'key'])
      .execute();
  },
};
