// i2 Analyst's Notebook CSV import layout: one row per communication (entity 1, link type, date,
// time, direction, duration, entity 2) plus provenance columns (device, exhibit, source SHA-256,
// path and locator, item id), and one row per saved contact. Stable column order, formula-safe
// cells, UTF-8 with a byte order mark (Excel and ANB's import wizard read it as UTF-8).
import type { Store } from '../../store/store.js';
import { forEachPairItem, contactEntries } from '../../graph/edge-query.js';
import { NodeResolver } from '../../graph/node-resolver.js';
import { defaultMode, type GraphExportOptions } from './graph-export-data.js';
import { makeId } from '../../model/ids.js';
import { isoUtc } from '../../model/timestamps.js';
import { TextSink } from './text-sink.js';
import { csvCell } from '../../model/csv-cell.js';

export const I2_CSV_COLUMNS = [
  'Entity1Type',
  'Entity1Id',
  'Entity1Label',
  'LinkType',
  'Date',
  'Time',
  'Direction',
  'DurationS',
  'App',
  'Entity2Type',
  'Entity2Id',
  'Entity2Label',
  'Identifier1',
  'Identifier2',
  'Device',
  'Exhibit',
  'SourceSha256',
  'SourcePath',
  'Locator',
  'ItemId',
  'LinkId',
] as const;

/** One CSV cell (the shared, formula-safe writer). */
export { csvCell };

const ENTITY_TYPE: Record<string, string> = {
  person: 'Person',
  phone: 'Phone',
  'phone-raw': 'Phone',
  email: 'Email Address',
  device: 'Mobile Phone',
};

export async function exportI2Csv(
  store: Store,
  caseId: string,
  file: string,
  opts: GraphExportOptions & { redact?: (s: string) => string } = {},
) {
  const redact = opts.redact;
  const mode = opts.mode ?? (await defaultMode(store, caseId));
  const resolver = await NodeResolver.load(store, caseId, mode);
  const devices = new Map<string, { label: string; exhibit: string | null }>();
  for (const d of await store.db
    .selectFrom('devices')
    .select(['id', 'label', 'exhibit'])
    .where('case_id', '=', caseId)
    .execute())
    devices.set(d.id, { label: d.label, exhibit: d.exhibit });
  const sources = new Map<string, { sha256: string; path: string }>();
  for (const s of await store.db
    .selectFrom('sources')
    .select(['id', 'sha256', 'path'])
    .where('case_id', '=', caseId)
    .execute())
    sources.set(s.id, { sha256: s.sha256, path: s.path });
  const out = new TextSink(file);
  await out.write('\ufeff' + I2_CSV_COLUMNS.join(',') + '\r\n');
  const entity = (key: string) => {
    const id = resolver.nodeOf(key);
    const info = resolver.describe(id);
    return [ENTITY_TYPE[info.type] ?? 'Account', id, info.label];
  };
  const linkId = (x: string, y: string) => {
    const [s, t] = x < y ? [x, y] : [y, x];
    return makeId('link', [caseId, mode, s, t]);
  };
  let rows = 0;
  await forEachPairItem(store, caseId, opts, async (r) => {
    const e1 = entity(r.a);
    const e2 = entity(r.b);
    const at = isoUtc(r.at);
    const dev = devices.get(r.device_id);
    const src = sources.get(r.source_id);
    const row = [
      ...e1,
      r.kind === 'call' ? 'Call' : 'Message',
      at?.slice(0, 10) ?? '',
      at?.slice(11, 19) ?? '',
      r.directed ? '1->2' : 'unknown',
      r.kind === 'call' ? r.seconds : '',
      r.app,
      ...e2,
      resolver.identifierOf(r.a),
      resolver.identifierOf(r.b),
      dev?.label ?? r.device_id,
      dev?.exhibit ?? '',
      src?.sha256 ?? '',
      src?.path ?? '',
      r.locator,
      r.id,
      e1[1] === e2[1] ? '' : linkId(e1[1]!, e2[1]!),
    ];
    await out.write(
      row.map((c) => csvCell(typeof c === 'string' && redact ? redact(c) : c)).join(',') + '\r\n',
    );
    rows++;
  });
  if (opts.includeContacts !== false) {
    const contacts = await contactEntries(store, caseId, opts);
    const contactRows = await store.db
      .selectFrom('contacts')
      .select(['id', 'locator', 'source_id'])
      .where('case_id', '=', caseId)
      .execute();
    const where = new Map(contactRows.map((c) => [c.id, c]));
    for (const c of contacts) {
      const owner = `device:${c.device_id}`;
      const e1 = entity(owner);
      const e2 = entity(c.key);
      const dev = devices.get(c.device_id);
      const src = sources.get(c.source_id);
      const row = [
        ...e1,
        'Saved Contact',
        '',
        '',
        '1->2',
        '',
        `saved as ${c.name ?? ''}`,
        ...e2,
        resolver.identifierOf(owner),
        c.key,
        dev?.label ?? c.device_id,
        dev?.exhibit ?? '',
        src?.sha256 ?? '',
        src?.path ?? '',
        where.get(c.contact_id)?.locator ?? c.locator,
        c.contact_id,
        e1[1] === e2[1] ? '' : linkId(e1[1]!, e2[1]!),
      ];
      await out.write(
        row.map((c) => csvCell(typeof c === 'string' && redact ? redact(c) : c)).join(',') + '\r\n',
      );
      rows++;
    }
  }
  const bytes = await out.close();
  return { rows, mode, bytes };
}
