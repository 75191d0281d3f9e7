// The canonical export's translation fields for messages: the current translation with engine,
// model and who verified it, labelled machine or human, plus the identified language and its
// confidence. No wall-clock fields, so exports stay byte-identical.
import type { ExportContext, MessageEnricher } from './export-sections.js';

const CHUNK = 500;

export const translationFields: MessageEnricher = async (
  ctx: ExportContext,
  messageIds: string[],
) => {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < messageIds.length; i += CHUNK) {
    const ids = messageIds.slice(i, i + CHUNK);
    if (!ids.length) continue;
    const rows = await ctx.store.db
      .selectFrom('translations')
      .select([
        'message_id',
        'kind',
        'text',
        'engine',
        'model',
        'model_hash',
        'verified_by',
        'source_language',
        'target_language',
        'version',
        'glossary',
        'source_sha256',
      ])
      .where('case_id', '=', ctx.caseId)
      .where('message_id', 'in', ids)
      .where('current', '=', 1)
      .orderBy('message_id')
      .orderBy('target_language')
      .execute();
    for (const r of rows) {
      if (out.has(r.message_id)) continue;
      out.set(r.message_id, {
        translation: {
          text: r.text,
          engine: r.engine,
          model: r.model,
          modelHash: r.model_hash,
          verifiedBy: r.verified_by,
          machine: r.kind !== 'human',
          label: r.kind === 'human' ? 'human translation' : 'machine translation',
          from: r.source_language,
          to: r.target_language,
          version: Number(r.version),
          sourceSha256: r.source_sha256,
          glossary: (JSON.parse(r.glossary) as Array<{ term: string; gloss: string | null }>).map(
            (g) => ({ term: g.term, gloss: g.gloss }),
          ),
        },
      });
    }
    const det = await ctx.store.db
      .selectFrom('language_detections')
      .select(['message_id', 'confidence', 'method'])
      .where('case_id', '=', ctx.caseId)
      .where('message_id', 'in', ids)
      .execute();
    for (const d of det)
      out.set(d.message_id, {
        ...(out.get(d.message_id) ?? {}),
        languageConfidence: Math.round(Number(d.confidence) * 1000) / 1000,
        languageMethod: d.method,
      });
  }
  return out;
};
