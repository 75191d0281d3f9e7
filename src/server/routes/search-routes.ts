// Full-text search over originals and translations, with filters, highlighted hits and keyset
// paging; the query and what it returned are recorded in the audit.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam, limitParam, stringList, timeParam } from '../query-schemas.js';
import type { SearchQuery, SearchSort, Store } from '../../store/store.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { namesFor, pickName } from '../../store/queries/names.js';
import { normaliseIdentifier, parseIdentifierKey } from '../../model/identifiers.js';
import { findingMessageIds } from '../../detect/findings-store.js';

/** An identifier as an analyst types it (`07700 900123`) or as a key (`phone:+447700900123`). */
export function partyKey(input: string, region: string): string {
  const v = input.trim();
  if (parseIdentifierKey(v)) return v;
  const n = normaliseIdentifier(v, 'auto', { region });
  if (!n)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'not an identifier', { fields: ['party'] });
  return n.key;
}

export const SearchInput = z.object({
  q: z.string().max(500).default(''),
  device: stringList.optional(),
  app: stringList.optional(),
  language: stringList.optional(),
  direction: z.enum(['incoming', 'outgoing', 'unknown']).optional(),
  /** An identifier key (`phone:+447700900123`). */
  party: z.string().max(300).optional(),
  /** A resolved person id: their identifiers become the party filter. */
  person: idParam.optional(),
  thread: idParam.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  finding: z.enum(['any']).optional(),
  sort: z.enum(['relevance', 'newest', 'oldest']).optional(),
  cursor: z.string().max(200).optional(),
  limit: limitParam(200, 50),
  count: z.enum(['0', '1']).default('1'),
});
export type SearchInput = z.infer<typeof SearchInput>;

interface Cursor {
  k: SearchSort;
  t?: number | null;
  s?: number;
  o?: number;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (
      ['relevance', 'newest', 'oldest'].includes(c.k) &&
      (c.o === undefined || Number.isSafeInteger(c.o)) &&
      (c.s === undefined || Number.isSafeInteger(c.s)) &&
      (c.t === undefined || c.t === null || Number.isSafeInteger(c.t))
    )
      return c;
  } catch {
    // fall through
  }
  throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'invalid paging cursor', { fields: ['cursor'] });
}

/** The store query for validated input (a person expands to their identifiers). */
export async function toStoreQuery(
  store: Store,
  caseId: string,
  input: SearchInput,
  region = 'GB',
): Promise<SearchQuery> {
  let parties: string[] | undefined;
  if (input.person) {
    const rows = await store.db
      .selectFrom('person_identifiers')
      .select('key')
      .where('case_id', '=', caseId)
      .where('person_id', '=', input.person)
      .execute();
    if (!rows.length) throw new AppError(ErrorCodes.NOT_FOUND, 'no such person in this case');
    parties = rows.map((r) => r.key);
  }
  return {
    text: input.q,
    deviceIds: input.device,
    apps: input.app,
    languages: input.language,
    direction: input.direction,
    party: input.party ? partyKey(input.party, region) : undefined,
    parties,
    threadId: input.thread,
    from: input.from,
    to: input.to,
    sort: input.sort,
  };
}

/** Enriches hits with what the list shows: device label, sender name, conversation name. */
async function decorateHits(
  store: Store,
  caseId: string,
  hits: Awaited<ReturnType<Store['searchMessages']>>['hits'],
) {
  const devices = new Map(
    (
      await store.db
        .selectFrom('devices')
        .select(['id', 'label'])
        .where('case_id', '=', caseId)
        .execute()
    ).map((d) => [d.id, d.label]),
  );
  const threadIds = [...new Set(hits.map((h) => h.threadId).filter((t): t is string => !!t))];
  const threads = new Map(
    threadIds.length
      ? (
          await store.db
            .selectFrom('threads')
            .select(['id', 'name', 'is_group', 'participants'])
            .where('case_id', '=', caseId)
            .where('id', 'in', threadIds)
            .execute()
        ).map((t) => [t.id, t])
      : [],
  );
  const keys = [
    ...hits.map((h) => h.sender ?? ''),
    ...[...threads.values()].flatMap((t) => JSON.parse(t.participants) as string[]),
  ];
  const names = await namesFor(store, caseId, keys);
  return hits.map((h) => {
    const t = h.threadId ? threads.get(h.threadId) : undefined;
    const others = t ? (JSON.parse(t.participants) as string[]) : [];
    return {
      ...h,
      deviceLabel: devices.get(h.deviceId) ?? h.deviceId,
      senderName: pickName(names, h.sender, h.deviceId),
      thread: t
        ? {
            id: t.id,
            name:
              t.name ??
              (others
                .map((k) => pickName(names, k, h.deviceId))
                .filter(Boolean)
                .join(', ') ||
                null),
            isGroup: Number(t.is_group) === 1,
          }
        : null,
    };
  });
}

export async function runSearch(store: Store, caseId: string, input: SearchInput, region = 'GB') {
  const q = await toStoreQuery(store, caseId, input, region);
  if (input.finding) {
    // messages that are evidence in a finding the latest analysis produced
    const ids = await findingMessageIds(store, caseId);
    if (!ids.length)
      return {
        hits: [],
        next: null,
        total: 0,
        sort: q.sort ?? 'newest',
        count: { count: 0, capped: false },
        tookMs: 0,
        notice: 'no findings yet: run threadline analyse',
      };
    q.messageIds = ids;
  }
  if (input.cursor) {
    const c = decode(input.cursor);
    q.sort = c.k;
    if (c.k === 'relevance') q.offset = c.o ?? 0;
    else q.after = { sentAt: c.t ?? null, seq: c.s ?? 0 };
  }
  q.limit = input.limit;
  const page = await store.searchMessages(caseId, q);
  const sort = page.sort ?? q.sort ?? 'relevance';
  const last = page.hits[page.hits.length - 1];
  const more = page.more ?? page.hits.length === input.limit;
  const next =
    more && last
      ? encode(
          sort === 'relevance'
            ? { k: sort, o: (q.offset ?? 0) + page.hits.length }
            : { k: sort, t: last.sentAt, s: last.seq },
        )
      : null;
  const count =
    input.count === '1' && !input.cursor ? await store.countMessages(caseId, q, 10_000) : null;
  return {
    hits: await decorateHits(store, caseId, page.hits),
    next,
    total: page.total,
    sort,
    /** Requested relevance, but too many matched to rank: the hits are newest first. */
    rankedByTime: (q.sort ?? 'relevance') === 'relevance' && sort !== 'relevance',
    count,
    tookMs: Math.round(page.tookMs * 10) / 10,
    notice: null as string | null,
  };
}

/** Audit details of a search: the query and filters as asked (never the hits' text). */
export function searchAuditDetails(input: SearchInput): Record<string, unknown> {
  const { cursor: _c, count: _n, limit: _l, ...asked } = input;
  return Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== ''));
}

export const searchRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/search',
    { config: { access: { action: 'search.query' } } },
    async (req: FastifyRequest) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const input = parseInput(SearchInput, req.query, 'search');
      ctx.details = { query: searchAuditDetails(input), page: input.cursor ? 'next' : 'first' };
      const result = await runSearch(app.store, kase.id, input, app.config.region);
      ctx.objects = result.hits.map((h) => h.id);
      ctx.details.hits = result.hits.length;
      return result;
    },
  );
};
