// The sections of the canonical export, in output order. Each section streams one kind of object
// for a case, ordered by id. Later capabilities (persons, findings, links) add a section here.
import type { Store } from '../store/store.js';
import { isoUtc } from '../model/timestamps.js';
import { translationFields } from './translation-fields.js';
import { personSection } from '../identity/person-export-section.js';
import { linkSection } from './graph/link-section.js';
import { findingSection } from '../detect/finding-export-section.js';

export interface ExportContext {
  store: Store;
  caseId: string;
  /** Source id → provenance fields, loaded once. */
  sources: Map<string, { sha256: string; path: string }>;
}

export interface ExportSection {
  kind: string;
  rows(ctx: ExportContext): AsyncIterable<Record<string, unknown>>;
}

const PAGE = 5000;

/** Keyset pagination over a table ordered by a unique text column. */
export async function* pageBy<T extends Record<string, unknown>>(
  fetch: (after: string | null, limit: number) => Promise<T[]>,
  key: keyof T,
): AsyncGenerator<T> {
  let after: string | null = null;
  for (;;) {
    const rows = await fetch(after, PAGE);
    for (const r of rows) yield r;
    if (rows.length < PAGE) return;
    after = String(rows[rows.length - 1]![key]);
  }
}

export function provenanceOf(
  ctx: ExportContext,
  r: { source_id: string; locator: string; parser: string },
) {
  const s = ctx.sources.get(r.source_id);
  return { sha256: s?.sha256 ?? null, path: s?.path ?? null, locator: r.locator, parser: r.parser };
}

function json<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  return JSON.parse(text) as T;
}

export const caseSection: ExportSection = {
  kind: 'case',
  async *rows({ store, caseId }) {
    const c = await store.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    yield {
      id: c.id,
      ref: c.ref,
      title: c.title,
      marking: c.marking,
      status: c.status,
      crimeTypes: json(c.crime_types, []),
    };
  },
};

export const sourceSection: ExportSection = {
  kind: 'source',
  async *rows({ store, caseId }) {
    const rows = await store.db
      .selectFrom('sources')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
    for (const s of rows) {
      yield {
        id: s.id,
        device: s.device_id,
        sha256: s.sha256,
        path: s.path,
        size: Number(s.size),
        container: s.container_id,
        status: s.status,
        parser: s.parser,
        errorCode: s.error_code,
        errorMessage: s.error_message,
        counts: json(s.counts, {}),
        flags: json(s.flags, []),
        ...(s.stored_path ? { storedPath: s.stored_path } : {}),
      };
    }
  },
};

export const deviceSection: ExportSection = {
  kind: 'device',
  async *rows({ store, caseId }) {
    const rows = await store.db
      .selectFrom('devices')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
    const ids = await store.db
      .selectFrom('device_identifiers')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('device_id')
      .orderBy('key')
      .orderBy('role')
      // (a total order: the same on every store dialect)
      .orderBy('source_id')
      .orderBy('locator')
      .execute();
    for (const d of rows) {
      yield {
        id: d.id,
        label: d.label,
        exhibit: d.exhibit,
        region: d.region,
        timezone: d.timezone,
        model: d.model,
        os: d.os,
        name: d.name,
        facts: json(d.facts, {}),
        identifiers: ids
          .filter((i) => i.device_id === d.id)
          .map((i) => ({ key: i.key, role: i.role, source: i.source_id, locator: i.locator })),
      };
    }
  },
};

export const identifierSection: ExportSection = {
  kind: 'identifier',
  async *rows({ store, caseId }) {
    const names = new Map<string, Array<{ device: string; name: string }>>();
    const nameRows = await store.db
      .selectFrom('identifier_names')
      .select(['key', 'device_id', 'name'])
      .where('case_id', '=', caseId)
      .distinct()
      .execute();
    for (const n of nameRows) {
      const list = names.get(n.key) ?? [];
      if (!list.some((x) => x.device === n.device_id && x.name === n.name))
        list.push({ device: n.device_id, name: n.name });
      names.set(n.key, list);
    }
    for await (const r of pageBy(
      (after, limit) =>
        store.db
          .selectFrom('identifiers')
          .selectAll()
          .where('case_id', '=', caseId)
          .$if(after !== null, (q) => q.where('key', '>', after!))
          .orderBy('key')
          .limit(limit)
          .execute(),
      'key',
    )) {
      const n = (names.get(r.key) ?? []).sort((a, b) =>
        a.device + a.name < b.device + b.name ? -1 : 1,
      );
      yield { id: r.key, type: r.type, value: r.value, names: n };
    }
  },
};

export const contactSection: ExportSection = {
  kind: 'contact',
  async *rows(ctx) {
    for await (const r of pageBy(
      (after, limit) =>
        ctx.store.db
          .selectFrom('contacts')
          .selectAll()
          .where('case_id', '=', ctx.caseId)
          .$if(after !== null, (q) => q.where('id', '>', after!))
          .orderBy('id')
          .limit(limit)
          .execute(),
      'id',
    )) {
      yield {
        id: r.id,
        device: r.device_id,
        app: r.app,
        name: r.name,
        account: r.account,
        note: r.note,
        entries: json(r.entries, []),
        deleted: r.deleted === 1,
        recovery: r.recovery,
        flags: json(r.flags, []),
        source: provenanceOf(ctx, r),
      };
    }
  },
};

export const threadSection: ExportSection = {
  kind: 'thread',
  async *rows(ctx) {
    for await (const r of pageBy(
      (after, limit) =>
        ctx.store.db
          .selectFrom('threads')
          .selectAll()
          .where('case_id', '=', ctx.caseId)
          .$if(after !== null, (q) => q.where('id', '>', after!))
          .orderBy('id')
          .limit(limit)
          .execute(),
      'id',
    )) {
      yield {
        id: r.id,
        device: r.device_id,
        app: r.app,
        name: r.name,
        isGroup: r.is_group === 1,
        group: r.group_key,
        participants: json(r.participants, []),
        deleted: r.deleted === 1,
        source: provenanceOf(ctx, r),
      };
    }
  },
};

/** Extra fields for a page of messages (translations add theirs). */
export type MessageEnricher = (
  ctx: ExportContext,
  messageIds: string[],
) => Promise<Map<string, Record<string, unknown>>>;
export const MESSAGE_ENRICHERS: MessageEnricher[] = [translationFields];

export const messageSection: ExportSection = {
  kind: 'message',
  async *rows(ctx) {
    let after: string | null = null;
    for (;;) {
      const rows = await ctx.store.db
        .selectFrom('messages')
        .selectAll()
        .where('case_id', '=', ctx.caseId)
        .$if(after !== null, (q) => q.where('id', '>', after!))
        .orderBy('id')
        .limit(PAGE)
        .execute();
      const extras = new Map<string, Record<string, unknown>>();
      for (const enrich of MESSAGE_ENRICHERS) {
        for (const [id, fields] of await enrich(
          ctx,
          rows.map((r) => r.id),
        ))
          extras.set(id, { ...(extras.get(id) ?? {}), ...fields });
      }
      for (const r of rows) {
        yield {
          id: r.id,
          device: r.device_id,
          app: r.app,
          thread: r.thread_id,
          direction: r.direction,
          sentAt: isoUtc(r.sent_at === null ? null : Number(r.sent_at)),
          sentAtRaw: r.sent_raw,
          sentAtEncoding: r.sent_enc,
          sender: r.sender,
          recipients: json(r.recipients, []),
          body: r.body,
          subject: r.subject,
          status: r.status,
          type: r.type,
          language: r.language,
          translation: null,
          deleted: r.deleted === 1,
          recovery: r.recovery,
          flags: json(r.flags, []),
          source: provenanceOf(ctx, r),
          ...(extras.get(r.id) ?? {}),
        };
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.id;
    }
  },
};

export const callSection: ExportSection = {
  kind: 'call',
  async *rows(ctx) {
    for await (const r of pageBy(
      (after, limit) =>
        ctx.store.db
          .selectFrom('calls')
          .selectAll()
          .where('case_id', '=', ctx.caseId)
          .$if(after !== null, (q) => q.where('id', '>', after!))
          .orderBy('id')
          .limit(limit)
          .execute(),
      'id',
    )) {
      yield {
        id: r.id,
        device: r.device_id,
        app: r.app,
        direction: r.direction,
        startedAt: isoUtc(r.started_at === null ? null : Number(r.started_at)),
        startedAtRaw: r.started_raw,
        startedAtEncoding: r.started_enc,
        durationS: r.duration_s,
        caller: r.caller,
        callees: json(r.callees, []),
        status: r.status,
        video: r.video === 1,
        deleted: r.deleted === 1,
        recovery: r.recovery,
        flags: json(r.flags, []),
        source: provenanceOf(ctx, r),
      };
    }
  },
};

export const locationSection: ExportSection = {
  kind: 'location',
  async *rows(ctx) {
    for await (const r of pageBy(
      (after, limit) =>
        ctx.store.db
          .selectFrom('locations')
          .selectAll()
          .where('case_id', '=', ctx.caseId)
          .$if(after !== null, (q) => q.where('id', '>', after!))
          .orderBy('id')
          .limit(limit)
          .execute(),
      'id',
    )) {
      yield {
        id: r.id,
        device: r.device_id,
        at: isoUtc(r.at === null ? null : Number(r.at)),
        atRaw: r.at_raw,
        lat: r.lat,
        lon: r.lon,
        accuracyM: r.accuracy_m,
        label: r.label,
        origin: r.origin,
        app: r.app,
        cell: r.cell ? (JSON.parse(r.cell) as unknown) : null,
        deleted: r.deleted === 1,
        source: provenanceOf(ctx, r),
      };
    }
  },
};

export const mediaSection: ExportSection = {
  kind: 'media',
  async *rows(ctx) {
    for await (const r of pageBy(
      (after, limit) =>
        ctx.store.db
          .selectFrom('media')
          .selectAll()
          .where('case_id', '=', ctx.caseId)
          .$if(after !== null, (q) => q.where('id', '>', after!))
          .orderBy('id')
          .limit(limit)
          .execute(),
      'id',
    )) {
      yield {
        id: r.id,
        device: r.device_id,
        message: r.message_id,
        filename: r.filename,
        mime: r.mime,
        size: r.size === null ? null : Number(r.size),
        path: r.path,
        sha256: r.sha256,
        deleted: r.deleted === 1,
        source: provenanceOf(ctx, r),
      };
    }
  },
};

/** Output order of the canonical export. Add new sections here. */
export const EXPORT_SECTIONS: ExportSection[] = [
  caseSection,
  sourceSection,
  deviceSection,
  identifierSection,
  contactSection,
  threadSection,
  messageSection,
  callSection,
  locationSection,
  mediaSection,
  personSection,
  linkSection,
  findingSection,
];
