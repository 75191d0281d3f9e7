// Saved searches and watch-lists (identifiers and terms with live hit counts) of a case.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam } from '../query-schemas.js';
import { SearchInput, searchAuditDetails } from './search-routes.js';
import {
  addWatchEntry,
  deleteSavedSearch,
  deleteWatchEntry,
  listSavedSearches,
  listWatchEntries,
  markWatchChecked,
  normaliseWatchValue,
  saveSearch,
  watchHits,
} from '../../store/queries/watch-list.js';

export const watchRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/saved-searches',
    { config: { access: { action: 'case.view' } } },
    async (req) => {
      const kase = requestCase(req);
      return { savedSearches: await listSavedSearches(app.store, kase.id) };
    },
  );

  api.post(
    '/cases/:caseId/saved-searches',
    { config: { access: { action: 'search.save' } } },
    async (req, reply) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const body = parseInput(
        z.object({ name: z.string().min(1).max(200), query: z.record(z.string(), z.unknown()) }),
        req.body,
        'saved search',
      );
      // store only what a search accepts, validated, without paging state
      const query = searchAuditDetails(parseInput(SearchInput, body.query, 'saved search query'));
      const s = await saveSearch(app.store, kase.id, {
        name: body.name,
        query,
        createdBy: ctx.actor.id,
      });
      ctx.objects = [s.id];
      ctx.details = { name: s.name, query };
      return reply.code(201).send({ savedSearch: s });
    },
  );

  api.delete(
    '/cases/:caseId/saved-searches/:searchId',
    { config: { access: { action: 'search.save' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ searchId: idParam }), req.params, 'path');
      await deleteSavedSearch(app.store, kase.id, p.searchId);
      caseAccessRequest(req).objects = [p.searchId];
      return { deleted: p.searchId };
    },
  );

  api.get(
    '/cases/:caseId/watchlist',
    { config: { access: { action: 'search.query' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const entries = await listWatchEntries(app.store, kase.id);
      const withHits = [];
      for (const e of entries)
        withHits.push({ ...e, hits: await watchHits(app.store, kase.id, e) });
      ctx.objects = entries.map((e) => e.id);
      ctx.details = { watchlist: entries.map((e) => `${e.kind}:${e.value}`) };
      return { entries: withHits };
    },
  );

  api.post(
    '/cases/:caseId/watchlist',
    { config: { access: { action: 'watchlist.write' } } },
    async (req, reply) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const body = parseInput(
        z.object({
          kind: z.enum(['identifier', 'term']),
          value: z.string().min(1).max(300),
          label: z.string().max(200).optional(),
        }),
        req.body,
        'watch-list entry',
      );
      const value = normaliseWatchValue(body.kind, body.value, app.config.region);
      const e = await addWatchEntry(app.store, kase.id, {
        kind: body.kind,
        value,
        label: body.label ?? null,
        createdBy: ctx.actor.id,
      });
      ctx.objects = [e.id];
      ctx.details = { kind: e.kind, value: e.value };
      return reply
        .code(201)
        .send({ entry: { ...e, hits: await watchHits(app.store, kase.id, e) } });
    },
  );

  api.post(
    '/cases/:caseId/watchlist/:entryId/checked',
    { config: { access: { action: 'watchlist.write' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const p = parseInput(z.object({ entryId: idParam }), req.params, 'path');
      const e = await markWatchChecked(app.store, kase.id, p.entryId, ctx.actor.id);
      ctx.objects = [e.id];
      return { entry: { ...e, hits: await watchHits(app.store, kase.id, e) } };
    },
  );

  api.delete(
    '/cases/:caseId/watchlist/:entryId',
    { config: { access: { action: 'watchlist.write' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ entryId: idParam }), req.params, 'path');
      await deleteWatchEntry(app.store, kase.id, p.entryId);
      caseAccessRequest(req).objects = [p.entryId];
      return { deleted: p.entryId };
    },
  );
};
