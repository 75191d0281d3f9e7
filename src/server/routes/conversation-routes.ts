// Conversations: the thread list, a thread's messages paged around any point, and one message
// with its provenance (source file, hash, record, parser, raw values).
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam, limitParam } from '../query-schemas.js';
import {
  decodeCursor,
  getMessage,
  getThread,
  listThreads,
  threadMessages,
} from '../../store/queries/conversations.js';
import { namesFor, pickName } from '../../store/queries/names.js';
import { annotationsFor } from '../../store/queries/annotations.js';
import type { Store } from '../../store/store.js';
import {
  correctTranslation,
  currentTranslations,
  verifyTranslation,
  type TranslationRecord,
} from '../../language/translation-store.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

/** A translation as the conversation view shows it beside the original. */
function translationView(t: TranslationRecord) {
  return {
    id: t.id,
    text: t.text,
    engine: t.engine ?? 'linguist',
    model: t.model,
    targetLanguage: t.targetLanguage,
    sourceLanguage: t.sourceLanguage,
    status: t.kind === 'human' ? 'corrected' : t.verifiedBy ? 'verified' : 'machine',
    verifiedBy: t.verifiedBy,
    verifiedAt: t.verifiedAt,
    version: t.version,
  };
}

/** Names of every key, as each device saved them. */
async function nameTable(store: Store, caseId: string, keys: string[]) {
  const names = await namesFor(store, caseId, keys);
  return Object.fromEntries([...names.entries()]);
}

export const conversationRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/threads',
    { config: { access: { action: 'thread.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(
        z.object({
          device: idParam.optional(),
          party: z.string().max(300).optional(),
          limit: limitParam(500, 100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        req.query,
        'query',
      );
      const r = await listThreads(app.store, kase.id, {
        deviceId: q.device,
        party: q.party,
        limit: q.limit,
        offset: q.offset,
      });
      const names = await namesFor(
        app.store,
        kase.id,
        r.threads.flatMap((t) => t.participants),
      );
      caseAccessRequest(req).objects = r.threads.map((t) => t.id);
      return {
        total: r.total,
        threads: r.threads.map((t) => ({
          ...t,
          participantNames: t.participants.map((k) => pickName(names, k, t.deviceId)),
        })),
      };
    },
  );

  api.get(
    '/cases/:caseId/threads/:threadId',
    { config: { access: { action: 'thread.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ threadId: idParam }), req.params, 'path');
      const thread = await getThread(app.store, kase.id, p.threadId);
      caseAccessRequest(req).objects = [thread.id];
      const device = await app.store.db
        .selectFrom('devices')
        .select(['id', 'label', 'exhibit'])
        .where('id', '=', thread.deviceId)
        .executeTakeFirst();
      const owner = await app.store.db
        .selectFrom('device_identifiers')
        .select('key')
        .where('case_id', '=', kase.id)
        .where('device_id', '=', thread.deviceId)
        .where('role', '=', 'owner')
        .orderBy('key')
        .executeTakeFirst();
      return {
        thread,
        device: device ?? null,
        owner: owner?.key ?? null,
        names: await nameTable(app.store, kase.id, thread.participants),
        annotations: await annotationsFor(app.store, kase.id, [thread.id]),
      };
    },
  );

  api.get(
    '/cases/:caseId/threads/:threadId/messages',
    { config: { access: { action: 'thread.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ threadId: idParam }), req.params, 'path');
      const q = parseInput(
        z.object({
          after: z.string().max(100).optional(),
          before: z.string().max(100).optional(),
          around: idParam.optional(),
          limit: limitParam(200, 60),
        }),
        req.query,
        'query',
      );
      const page = await threadMessages(app.store, kase.id, p.threadId, {
        after: q.after ? decodeCursor(q.after) : undefined,
        before: q.before ? decodeCursor(q.before) : undefined,
        around: q.around,
        limit: q.limit,
      });
      const ctx = caseAccessRequest(req);
      ctx.objects = [p.threadId, ...page.messages.map((m) => m.id)];
      const keys = page.messages.flatMap((m) => [m.sender ?? '', ...m.recipients]);
      const annotations = await annotationsFor(
        app.store,
        kase.id,
        page.messages.map((m) => m.id),
      );
      return {
        ...page,
        names: await nameTable(app.store, kase.id, keys),
        annotations,
        // the current translation of each message into the case's target language, if any
        translations: Object.fromEntries(
          [
            ...(
              await currentTranslations(
                app.store.db,
                kase.id,
                page.messages.map((m) => m.id),
                app.config.translation.target,
              )
            ).entries(),
          ].map(([id, t]) => [id, translationView(t)]),
        ),
      };
    },
  );

  api.get(
    '/cases/:caseId/messages/:messageId',
    { config: { access: { action: 'message.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ messageId: idParam }), req.params, 'path');
      const message = await getMessage(app.store, kase.id, p.messageId);
      caseAccessRequest(req).objects = [message.id];
      return {
        message,
        names: await nameTable(app.store, kase.id, [message.sender ?? '', ...message.recipients]),
        annotations: await annotationsFor(app.store, kase.id, [message.id]),
      };
    },
  );
  api.post(
    '/cases/:caseId/messages/:messageId/translation',
    { config: { access: { action: 'translation.review' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ messageId: idParam }), req.params, 'path');
      const body = parseInput(
        z.object({
          action: z.enum(['verify', 'correct']),
          text: z.string().max(20_000).optional(),
          note: z.string().max(2000).optional(),
        }),
        req.body,
        'review',
      );
      const ctx = caseAccessRequest(req);
      const current = (
        await currentTranslations(
          app.store.db,
          kase.id,
          [p.messageId],
          app.config.translation.target,
        )
      ).get(p.messageId);
      if (!current) throw new AppError(ErrorCodes.NOT_FOUND, 'this message has no translation');
      ctx.objects = [p.messageId, current.id];
      ctx.details = { action: body.action };
      const t =
        body.action === 'verify'
          ? await verifyTranslation(app.store, kase.id, current.id, ctx.actor.id, Date.now())
          : await correctTranslation(
              app.store,
              kase.id,
              current.id,
              body.text ?? '',
              ctx.actor.id,
              Date.now(),
              body.note ?? null,
            );
      return { translation: translationView(t) };
    },
  );
};
