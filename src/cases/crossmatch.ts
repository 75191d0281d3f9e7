// Cross-case matching as a user sees it: the identifiers a case shares with other cases (where each
// appears), clusters of cases linked by shared identifiers, and watch alerts. Access: in a case the
// actor may open, every detail; in one they may not, only that a match exists and who to contact
// (the case reference only when the actor may know the case exists), never its content.
import type { Actor } from '../app/app-context.js';
import type { CaseAccessPolicy } from '../security/case-access-policy.js';
import type { Store } from '../store/store.js';
import type { CrossmatchIndexTable } from '../store/schema.js';
import {
  requireCase,
  toCaseRecord,
  type CaseRecord,
  type CaseStatus,
} from '../store/queries/cases.js';
import { ensureCrossmatchIndex, listCrossmatchAlerts } from '../store/queries/crossmatch-index.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { displayIdentifier } from '../model/identifiers.js';
import { isoUtc } from '../model/timestamps.js';

export interface CrossmatchAccess {
  actor: Actor;
  policy: CaseAccessPolicy;
}

/** Where an identifier appears on one device. */
export interface Occurrence {
  deviceId: string;
  deviceLabel: string;
  exhibit: string | null;
  /** The stored keys behind the match (a phone number and its WhatsApp id). */
  keys: string[];
  /** owner, imei, imsi, iccid, account, message, call, contact, thread … */
  roles: string[];
  /** Contact names given to it on this device. */
  names: string[];
  messages: number;
  calls: number;
  contacts: number;
  /** ISO-8601 UTC of the first and last message or call with it, when dated. */
  first: string | null;
  last: string | null;
}

/** A case the actor may open: what it is and where the identifier appears in it. */
export interface OpenCaseMatch {
  access: 'open';
  caseId: string;
  caseRef: string;
  title: string | null;
  status: CaseStatus;
  occurrences: Occurrence[];
}

/** A case the actor may not open: only that a match exists, and who to contact. */
export interface RestrictedCaseMatch {
  access: 'restricted';
  /** The case reference when the actor may know the case exists, else null. */
  caseRef: string | null;
  contact: string;
}

export type CaseMatch = OpenCaseMatch | RestrictedCaseMatch;

export interface SharedIdentifier {
  /** The identifier key it is matched on (`phone:+447700900123`, `imei:…`). */
  key: string;
  type: string;
  display: string;
  /** Where it appears in the case asked about. */
  here: Occurrence[];
  /** The other cases holding it: open ones first (by reference), then restricted ones. */
  elsewhere: CaseMatch[];
}

export interface OtherCaseSummary {
  access: 'open' | 'restricted';
  caseRef: string | null;
  title: string | null;
  status: CaseStatus | null;
  contact: string | null;
  /** How many of this case's identifiers it shares. */
  sharedIdentifiers: number;
}

export interface CaseCrossmatch {
  caseId: string;
  caseRef: string;
  shared: SharedIdentifier[];
  cases: OtherCaseSummary[];
}

/** Who to contact about a case: its supervisor, else its owner. */
export function caseContact(c: CaseRecord): string {
  return c.supervisor ?? c.owner ?? `the supervisor of this case (no contact recorded)`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface CaseAccessView {
  record: CaseRecord;
  open: boolean;
  visible: boolean;
}

async function accessFor(
  store: Store,
  access: CrossmatchAccess,
  caseIds: readonly string[],
): Promise<Map<string, CaseAccessView>> {
  const out = new Map<string, CaseAccessView>();
  if (!caseIds.length) return out;
  const visible = new Set(await access.policy.visibleCases(access.actor, caseIds));
  const rows = await store.db.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute();
  for (const r of rows) {
    const decision = await access.policy.decide(access.actor, r.id, 'identifier.view');
    out.set(r.id, { record: toCaseRecord(r), open: decision.allowed, visible: visible.has(r.id) });
  }
  return out;
}

async function deviceLabels(
  store: Store,
  ids: readonly string[],
): Promise<Map<string, { label: string; exhibit: string | null }>> {
  const out = new Map<string, { label: string; exhibit: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db
      .selectFrom('devices')
      .select(['id', 'label', 'exhibit'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, { label: r.label, exhibit: r.exhibit });
  }
  return out;
}

function occurrence(
  r: CrossmatchIndexTable,
  devices: Map<string, { label: string; exhibit: string | null }>,
): Occurrence {
  const d = devices.get(r.device_id);
  return {
    deviceId: r.device_id,
    deviceLabel: d?.label ?? r.device_id,
    exhibit: d?.exhibit ?? null,
    keys: JSON.parse(r.keys) as string[],
    roles: JSON.parse(r.roles) as string[],
    names: JSON.parse(r.names) as string[],
    messages: Number(r.messages),
    calls: Number(r.calls),
    contacts: Number(r.contacts),
    first: r.first_at === null ? null : isoUtc(Number(r.first_at)),
    last: r.last_at === null ? null : isoUtc(Number(r.last_at)),
  };
}

async function requireOpen(store: Store, access: CrossmatchAccess, refOrId: string) {
  const kase = await requireCase(store, refOrId);
  const d = await access.policy.decide(access.actor, kase.id, 'identifier.view');
  if (!d.allowed) throw new AppError(ErrorCodes.FORBIDDEN, 'you do not have access to this case');
  return kase;
}

/** The identifiers `caseRef` shares with any other case, with where each appears. */
export async function caseCrossmatch(
  store: Store,
  caseRef: string,
  access: CrossmatchAccess,
): Promise<CaseCrossmatch> {
  const kase = await requireOpen(store, access, caseRef);
  await ensureCrossmatchIndex(store);
  const mine = store.db
    .selectFrom('crossmatch_index')
    .select('match_key')
    .where('case_id', '=', kase.id);
  const others = await store.db
    .selectFrom('crossmatch_index')
    .selectAll()
    .where('match_key', 'in', mine)
    .where('case_id', '<>', kase.id)
    .execute();
  const sharedKeys = [...new Set(others.map((r) => r.match_key))].sort(cmp);
  const here: CrossmatchIndexTable[] = [];
  for (let i = 0; i < sharedKeys.length; i += 500)
    here.push(
      ...(await store.db
        .selectFrom('crossmatch_index')
        .selectAll()
        .where('case_id', '=', kase.id)
        .where('match_key', 'in', sharedKeys.slice(i, i + 500))
        .execute()),
    );

  const views = await accessFor(store, access, [...new Set(others.map((r) => r.case_id))]);
  const openDeviceIds = others.filter((r) => views.get(r.case_id)?.open).map((r) => r.device_id);
  const devices = await deviceLabels(store, [
    ...new Set([...here.map((r) => r.device_id), ...openDeviceIds]),
  ]);

  const byKeyHere = groupBy(here, (r) => r.match_key);
  const byKeyOther = groupBy(others, (r) => r.match_key);
  const perCase = new Map<string, number>();
  const shared: SharedIdentifier[] = sharedKeys.map((key) => {
    const hereRows = byKeyHere.get(key) ?? [];
    const otherRows = byKeyOther.get(key) ?? [];
    const byCase = groupBy(otherRows, (r) => r.case_id);
    const open: OpenCaseMatch[] = [];
    const restricted: RestrictedCaseMatch[] = [];
    for (const [caseId, rows] of byCase) {
      perCase.set(caseId, (perCase.get(caseId) ?? 0) + 1);
      const v = views.get(caseId);
      if (!v) continue;
      if (v.open)
        open.push({
          access: 'open',
          caseId,
          caseRef: v.record.ref,
          title: v.record.title,
          status: v.record.status,
          occurrences: rows
            .map((r) => occurrence(r, devices))
            .sort((a, b) => cmp(a.deviceLabel, b.deviceLabel)),
        });
      else
        restricted.push({
          access: 'restricted',
          caseRef: v.visible ? v.record.ref : null,
          contact: caseContact(v.record),
        });
    }
    open.sort((a, b) => cmp(a.caseRef, b.caseRef));
    restricted.sort((a, b) => cmp(a.caseRef ?? '~', b.caseRef ?? '~') || cmp(a.contact, b.contact));
    return {
      key,
      type: hereRows[0]?.type ?? otherRows[0]?.type ?? '',
      display: displayIdentifier(key),
      here: hereRows
        .map((r) => occurrence(r, devices))
        .sort((a, b) => cmp(a.deviceLabel, b.deviceLabel)),
      elsewhere: [...open, ...restricted],
    };
  });

  const cases: OtherCaseSummary[] = [...perCase]
    .map(([caseId, n]): OtherCaseSummary => {
      const v = views.get(caseId)!;
      return v.open
        ? {
            access: 'open',
            caseRef: v.record.ref,
            title: v.record.title,
            status: v.record.status,
            contact: caseContact(v.record),
            sharedIdentifiers: n,
          }
        : {
            access: 'restricted',
            caseRef: v.visible ? v.record.ref : null,
            title: null,
            status: null,
            contact: caseContact(v.record),
            sharedIdentifiers: n,
          };
    })
    .sort(
      (a, b) =>
        cmp(a.access, b.access) ||
        cmp(a.caseRef ?? '~', b.caseRef ?? '~') ||
        cmp(a.contact ?? '', b.contact ?? ''),
    );
  return { caseId: kase.id, caseRef: kase.ref, shared, cases };
}

export interface ClusterCase {
  access: 'open' | 'restricted';
  caseRef: string | null;
  title: string | null;
  status: CaseStatus | null;
  contact: string | null;
}

export interface CaseCluster {
  cases: ClusterCase[];
  /** Identifiers linking the cluster that appear in a case the actor may open, with those cases. */
  identifiers: Array<{ key: string; display: string; cases: string[] }>;
  /** Linking identifiers held only in cases the actor may not open (counted, not shown). */
  restrictedIdentifiers: number;
}

/** Connected components of cases linked by shared identifiers (cases the actor may open in each). */
export async function crossmatchClusters(
  store: Store,
  access: CrossmatchAccess,
): Promise<CaseCluster[]> {
  await ensureCrossmatchIndex(store);
  const sharedKeys = store.db
    .selectFrom('crossmatch_index')
    .select('match_key')
    .groupBy('match_key')
    .having((eb) => eb.fn.count('case_id').distinct(), '>', 1);
  const rows = await store.db
    .selectFrom('crossmatch_index')
    .select(['match_key', 'case_id'])
    .distinct()
    .where('match_key', 'in', sharedKeys)
    .orderBy('match_key')
    .orderBy('case_id')
    .execute();

  // union-find over case ids
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const n = parent.get(y)!;
      parent.set(y, r);
      y = n;
    }
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const casesByKey = groupBy(rows, (r) => r.match_key);
  for (const r of rows) if (!parent.has(r.case_id)) parent.set(r.case_id, r.case_id);
  for (const list of casesByKey.values())
    for (let i = 1; i < list.length; i++) union(list[0]!.case_id, list[i]!.case_id);

  const views = await accessFor(store, access, [...parent.keys()]);
  const components = groupBy([...parent.keys()], (id) => find(id));
  const keysByRoot = groupBy([...casesByKey.keys()], (k) => find(casesByKey.get(k)![0]!.case_id));

  const clusters: CaseCluster[] = [];
  for (const [root, ids] of components) {
    const vs = ids.map((id) => views.get(id)).filter((v): v is CaseAccessView => !!v);
    if (!vs.some((v) => v.open)) continue; // nothing here the actor may see
    const cases: ClusterCase[] = vs
      .map((v): ClusterCase =>
        v.open
          ? {
              access: 'open',
              caseRef: v.record.ref,
              title: v.record.title,
              status: v.record.status,
              contact: caseContact(v.record),
            }
          : {
              access: 'restricted',
              caseRef: v.visible ? v.record.ref : null,
              title: null,
              status: null,
              contact: caseContact(v.record),
            },
      )
      .sort(
        (a, b) =>
          cmp(a.access, b.access) ||
          cmp(a.caseRef ?? '~', b.caseRef ?? '~') ||
          cmp(a.contact ?? '', b.contact ?? ''),
      );
    const identifiers: CaseCluster['identifiers'] = [];
    let restrictedIdentifiers = 0;
    for (const key of (keysByRoot.get(root) ?? []).sort(cmp)) {
      const openRefs = casesByKey
        .get(key)!
        .map((r) => views.get(r.case_id))
        .filter((v): v is CaseAccessView => !!v?.open)
        .map((v) => v.record.ref)
        .sort(cmp);
      if (openRefs.length)
        identifiers.push({ key, display: displayIdentifier(key), cases: openRefs });
      else restrictedIdentifiers++;
    }
    clusters.push({ cases, identifiers, restrictedIdentifiers });
  }
  return clusters.sort(
    (a, b) =>
      b.cases.length - a.cases.length || cmp(a.cases[0]!.caseRef ?? '', b.cases[0]!.caseRef ?? ''),
  );
}

export interface AlertView {
  id: string;
  key: string;
  display: string;
  createdAt: string;
  seen: boolean;
  /** The case whose ingest held the identifier, as the actor may see it. */
  matched: CaseMatch;
}

/** A watching case's cross-case alerts, with the matched case shown as the actor may see it. */
export async function crossmatchAlerts(
  store: Store,
  caseRef: string,
  access: CrossmatchAccess,
): Promise<AlertView[]> {
  const kase = await requireOpen(store, access, caseRef);
  const alerts = await listCrossmatchAlerts(store, kase.id);
  const views = await accessFor(store, access, [...new Set(alerts.map((a) => a.matchedCaseId))]);
  const open = alerts.filter((a) => views.get(a.matchedCaseId)?.open);
  const index = new Map<string, CrossmatchIndexTable>();
  for (const a of open) {
    const r = await store.db
      .selectFrom('crossmatch_index')
      .selectAll()
      .where('match_key', '=', a.matchKey)
      .where('case_id', '=', a.matchedCaseId)
      .where('device_id', '=', a.matchedDeviceId)
      .executeTakeFirst();
    if (r) index.set(a.id, r);
  }
  const devices = await deviceLabels(store, [...new Set(open.map((a) => a.matchedDeviceId))]);
  return alerts.map((a) => {
    const v = views.get(a.matchedCaseId);
    const row = index.get(a.id);
    const matched: CaseMatch =
      v?.open === true
        ? {
            access: 'open',
            caseId: a.matchedCaseId,
            caseRef: v.record.ref,
            title: v.record.title,
            status: v.record.status,
            occurrences: row ? [occurrence(row, devices)] : [],
          }
        : {
            access: 'restricted',
            caseRef: v?.visible ? v.record.ref : null,
            contact: v ? caseContact(v.record) : 'unknown',
          };
    return {
      id: a.id,
      key: a.matchKey,
      display: displayIdentifier(a.matchKey),
      createdAt: isoUtc(a.createdAt) ?? '',
      seen: a.seenAt !== null,
      matched,
    };
  });
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
