// Annotations an analyst puts on items: tags, notes and bookmarks (on messages, threads, calls,
// identifiers, findings). Who and when are kept; removing one is itself recorded by the audit.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export const ANNOTATION_KINDS = ['tag', 'note', 'bookmark'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const ANNOTATION_TARGETS = [
  'message',
  'thread',
  'call',
  'identifier',
  'finding',
  'media',
] as const;
export type AnnotationTarget = (typeof ANNOTATION_TARGETS)[number];

export interface Annotation {
  id: string;
  targetId: string;
  targetKind: AnnotationTarget;
  kind: AnnotationKind;
  value: string;
  createdBy: string;
  createdAt: number;
}

type Row = {
  id: string;
  target_id: string;
  target_kind: string;
  kind: string;
  value: string;
  created_by: string;
  created_at: number;
};

function toAnnotation(r: Row): Annotation {
  return {
    id: r.id,
    targetId: r.target_id,
    targetKind: r.target_kind as AnnotationTarget,
    kind: r.kind as AnnotationKind,
    value: r.value,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  };
}

export async function annotationsFor(
  store: Store,
  caseId: string,
  targetIds: readonly string[],
): Promise<Annotation[]> {
  if (!targetIds.length) return [];
  const out: Annotation[] = [];
  for (let i = 0; i < targetIds.length; i += 500) {
    const rows = await store.db
      .selectFrom('annotations')
      .select(['id', 'target_id', 'target_kind', 'kind', 'value', 'created_by', 'created_at'])
      .where('case_id', '=', caseId)
      .where('target_id', 'in', targetIds.slice(i, i + 500))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    out.push(...rows.map(toAnnotation));
  }
  return out;
}

export async function listAnnotations(
  store: Store,
  caseId: string,
  o: { kind?: AnnotationKind; limit?: number } = {},
): Promise<Annotation[]> {
  let q = store.db
    .selectFrom('annotations')
    .select(['id', 'target_id', 'target_kind', 'kind', 'value', 'created_by', 'created_at'])
    .where('case_id', '=', caseId);
  if (o.kind) q = q.where('kind', '=', o.kind);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(o.limit ?? 1000)
    .execute();
  return rows.map(toAnnotation);
}

/** The table holding each kind of annotatable item (to check the target is in the case). */
const TARGET_TABLES = {
  message: 'messages',
  thread: 'threads',
  call: 'calls',
  media: 'media',
} as const;

export async function addAnnotation(
  store: Store,
  caseId: string,
  a: {
    targetId: string;
    targetKind: AnnotationTarget;
    kind: AnnotationKind;
    value: string;
    createdBy: string;
    at?: number;
  },
): Promise<Annotation> {
  const value = a.value.trim();
  if (a.kind !== 'bookmark' && !value)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `a ${a.kind} needs text`);
  if (a.targetKind in TARGET_TABLES) {
    const table = TARGET_TABLES[a.targetKind as keyof typeof TARGET_TABLES];
    const found = await store.db
      .selectFrom(table)
      .select('id')
      .where('case_id', '=', caseId)
      .where('id', '=', a.targetId)
      .executeTakeFirst();
    if (!found) throw new AppError(ErrorCodes.NOT_FOUND, `no such ${a.targetKind} in this case`);
  } else if (a.targetKind === 'identifier') {
    const found = await store.db
      .selectFrom('identifiers')
      .select('key')
      .where('case_id', '=', caseId)
      .where('key', '=', a.targetId)
      .executeTakeFirst();
    if (!found) throw new AppError(ErrorCodes.NOT_FOUND, 'no such identifier in this case');
  }
  if (a.kind === 'bookmark') {
    const existing = await store.db
      .selectFrom('annotations')
      .select(['id', 'target_id', 'target_kind', 'kind', 'value', 'created_by', 'created_at'])
      .where('case_id', '=', caseId)
      .where('target_id', '=', a.targetId)
      .where('kind', '=', 'bookmark')
      .executeTakeFirst();
    if (existing) return toAnnotation(existing);
  }
  const row = {
    id: `ann_${randomUUID()}`,
    case_id: caseId,
    target_id: a.targetId,
    target_kind: a.targetKind,
    kind: a.kind,
    value,
    created_by: a.createdBy,
    created_at: a.at ?? Date.now(),
  };
  await store.db.insertInto('annotations').values(row).execute();
  return toAnnotation(row);
}

export async function deleteAnnotation(
  store: Store,
  caseId: string,
  id: string,
): Promise<Annotation> {
  const row = await store.db
    .selectFrom('annotations')
    .select(['id', 'target_id', 'target_kind', 'kind', 'value', 'created_by', 'created_at'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(ErrorCodes.NOT_FOUND, 'no such annotation in this case');
  await store.db.deleteFrom('annotations').where('id', '=', id).execute();
  return toAnnotation(row);
}
