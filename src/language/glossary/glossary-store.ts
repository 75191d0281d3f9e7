// The case glossary in the store: add, list, remove and import terms (slang, code words, names),
// each with who added it and when. Terms are unique per case, ignoring case.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { makeId } from '../../model/ids.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { Glossary, type GlossaryKind, type GlossaryTerm } from './glossary.js';

export interface GlossaryEntry extends GlossaryTerm {
  id: string;
  note: string | null;
  createdBy: string;
  createdAt: number;
}

export interface NewGlossaryTerm {
  term: string;
  kind?: GlossaryKind;
  gloss?: string | null;
  languages?: string[];
  note?: string | null;
}

const termKey = (t: string) => t.trim().normalize('NFC').toLocaleLowerCase('en-GB');

export async function listGlossary(db: Kysely<Database>, caseId: string): Promise<GlossaryEntry[]> {
  const rows = await db
    .selectFrom('glossary_terms')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('term_key')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    term: r.term,
    kind: r.kind === 'gloss' ? 'gloss' : 'protect',
    gloss: r.gloss,
    languages: JSON.parse(r.languages) as string[],
    note: r.note,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }));
}

export async function loadGlossary(db: Kysely<Database>, caseId: string): Promise<Glossary> {
  return new Glossary(await listGlossary(db, caseId));
}

function validate(t: NewGlossaryTerm): { term: string; kind: GlossaryKind; gloss: string | null } {
  const term = t.term.trim().normalize('NFC');
  if (!term) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a glossary term cannot be empty');
  if (term.length > 200)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a glossary term is at most 200 characters');
  const gloss = t.gloss?.trim() || null;
  const kind: GlossaryKind = t.kind ?? (gloss ? 'gloss' : 'protect');
  if (kind === 'gloss' && !gloss)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `glossary term ${JSON.stringify(term)} needs a gloss (what it means)`,
    );
  return { term, kind, gloss };
}

/** Add or replace terms (by term, ignoring case). Returns the stored entries. */
export async function upsertGlossaryTerms(
  db: Kysely<Database>,
  caseId: string,
  terms: readonly NewGlossaryTerm[],
  actor: string,
  at: number,
): Promise<GlossaryEntry[]> {
  const out: GlossaryEntry[] = [];
  await db.transaction().execute(async (trx) => {
    for (const t of terms) {
      const v = validate(t);
      const key = termKey(v.term);
      const row = {
        id: makeId('annotation', [caseId, 'glossary', key]),
        case_id: caseId,
        term: v.term,
        term_key: key,
        kind: v.kind,
        gloss: v.gloss,
        languages: JSON.stringify([...(t.languages ?? [])].sort()),
        note: t.note ?? null,
        created_by: actor,
        created_at: at,
      };
      await trx
        .insertInto('glossary_terms')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['case_id', 'term_key']).doUpdateSet({
            term: row.term,
            kind: row.kind,
            gloss: row.gloss,
            languages: row.languages,
            note: row.note,
            created_by: row.created_by,
            created_at: row.created_at,
          }),
        )
        .execute();
      out.push({
        id: row.id,
        term: v.term,
        kind: v.kind,
        gloss: v.gloss,
        languages: t.languages ?? [],
        note: row.note,
        createdBy: actor,
        createdAt: at,
      });
    }
  });
  return out;
}

export async function removeGlossaryTerm(
  db: Kysely<Database>,
  caseId: string,
  term: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('glossary_terms')
    .where('case_id', '=', caseId)
    .where('term_key', '=', termKey(term))
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
