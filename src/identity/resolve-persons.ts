// Identity resolution for one case: identifiers that the evidence says belong together become one
// Person, with the reason and a confidence for every identifier, and each device gets its owner.
// Analysts' merges and splits are applied first and win over the evidence; evidence links are then
// taken strongest first, skipping any that would undo a split. Deterministic for the same store.
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import { makeId } from '../model/ids.js';
import { displayIdentifier, parseIdentifierKey } from '../model/identifiers.js';
import { canonicalJson } from '../model/canonical-json.js';
import {
  isPersonIdentifier,
  readIdentityLinks,
  type IdentityLink,
  type LinkReason,
} from './identity-evidence.js';
import { listDecisions, type PersonDecision } from './person-decisions.js';

/** Bumped when resolution rules change (a stored resolution is then stale). */
export const RESOLVER_VERSION = '1.0.0';

export interface PersonReason {
  reason: LinkReason;
  text: string;
  /** The identifier this one is linked to by this reason. */
  with: string;
  confidence: number;
  evidence?: IdentityLink['evidence'];
  decision?: { id: string; by: string; why: string; at: number };
}

export interface ResolvedIdentifier {
  key: string;
  confidence: number;
  reasons: PersonReason[];
}

export interface ResolvedPerson {
  id: string;
  label: string;
  confidence: number;
  /** single: one identifier; evidence: grouped by evidence; analyst: a merge or split shaped it. */
  origin: 'single' | 'evidence' | 'analyst';
  identifiers: ResolvedIdentifier[];
}

export interface DeviceOwner {
  deviceId: string;
  personId: string;
  confidence: number;
  evidence: Array<{
    key: string;
    reason: LinkReason;
    text: string;
    sourceId?: string;
    locator?: string;
  }>;
}

export interface Resolution {
  caseId: string;
  persons: ResolvedPerson[];
  owners: DeviceOwner[];
  /** Evidence links not applied because an analyst's split separates their identifiers. */
  blocked: Array<{ link: IdentityLink; decisionId: string }>;
  fingerprint: string;
}

const TYPE_RANK: Record<string, number> = { device: 0, phone: 1, whatsapp: 2, email: 3 };

function rank(key: string): [number, string] {
  const t = parseIdentifierKey(key)?.type ?? key;
  return [TYPE_RANK[t] ?? 4, key];
}

function byRank(a: string, b: string): number {
  const [ra, ka] = rank(a);
  const [rb, kb] = rank(b);
  return ra - rb || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/** What a case's resolution depends on: its ingests, the decisions, and the resolver version. */
export async function resolutionFingerprint(store: Store, caseId: string): Promise<string> {
  const ingests = await store.db
    .selectFrom('ingests')
    .select(['id', 'counts', 'tool_version'])
    .where('case_id', '=', caseId)
    .where('status', '=', 'committed')
    .orderBy('id')
    .execute();
  const sources = await store.db
    .selectFrom('sources')
    .select(['id', 'parser'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  const decisions = await store.db
    .selectFrom('person_decisions')
    .select(['id'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return createHash('sha256')
    .update(canonicalJson({ v: RESOLVER_VERSION, ingests, sources, decisions }))
    .digest('hex');
}

class Components {
  private readonly parent = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();
  constructor(private readonly cannot: Map<string, Map<string, string>>) {}

  add(k: string): void {
    if (this.parent.has(k)) return;
    this.parent.set(k, k);
    this.members.set(k, new Set([k]));
  }

  find(k: string): string {
    let r = k;
    while (this.parent.get(r) !== r) r = this.parent.get(r)!;
    let c = k;
    while (c !== r) {
      const n = this.parent.get(c)!;
      this.parent.set(c, r);
      c = n;
    }
    return r;
  }

  /** The decision id forbidding a union of the two components, if any. */
  blocker(a: string, b: string): string | null {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return null;
    const [small, other] =
      this.members.get(ra)!.size <= this.members.get(rb)!.size ? [ra, rb] : [rb, ra];
    for (const k of this.members.get(small)!) {
      const forbidden = this.cannot.get(k);
      if (!forbidden) continue;
      for (const [f, decision] of forbidden) if (this.find(f) === other) return decision;
    }
    return null;
  }

  union(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(drop, keep);
    for (const k of this.members.get(drop)!) this.members.get(keep)!.add(k);
    this.members.delete(drop);
    return true;
  }

  groups(): string[][] {
    return [...this.members.values()].map((s) => [...s].sort(byRank));
  }
}

/** Turns decisions into must-link links and cannot-link pairs, later decisions overriding earlier. */
function constraints(decisions: readonly PersonDecision[]) {
  let must: Array<IdentityLink & { decision: PersonDecision }> = [];
  const cannot = new Map<string, Map<string, string>>();
  const forbid = (a: string, b: string, id: string) => {
    (cannot.get(a) ?? cannot.set(a, new Map()).get(a)!).set(b, id);
    (cannot.get(b) ?? cannot.set(b, new Map()).get(b)!).set(a, id);
  };
  const allow = (a: string, b: string) => {
    cannot.get(a)?.delete(b);
    cannot.get(b)?.delete(a);
  };
  for (const d of decisions) {
    if (d.kind === 'merge') {
      const groups = d.keys.filter((g) => g.length).map((g) => [...g].sort(byRank));
      for (let i = 0; i < groups.length; i++)
        for (let j = i + 1; j < groups.length; j++)
          for (const a of groups[i]!) for (const b of groups[j]!) allow(a, b);
      for (const g of groups.slice(1))
        must.push({
          a: groups[0]![0]!,
          b: g[0]!,
          reason: 'analyst-merge',
          text: `merged by ${d.actor.name}: ${d.reason}`,
          confidence: 1,
          decision: d,
        });
    } else {
      const s = new Set(d.keys[0] ?? []);
      const r = new Set(d.otherKeys);
      must = must.filter((m) => !((s.has(m.a) && r.has(m.b)) || (r.has(m.a) && s.has(m.b))));
      for (const a of s) for (const b of r) forbid(a, b, d.id);
      const list = [...s].sort(byRank);
      for (const k of list.slice(1))
        must.push({
          a: list[0]!,
          b: k,
          reason: 'analyst-split',
          text: `kept together when split out by ${d.actor.name}: ${d.reason}`,
          confidence: 1,
          decision: d,
        });
    }
  }
  return { must, cannot };
}

export async function computeResolution(store: Store, caseId: string): Promise<Resolution> {
  const fingerprint = await resolutionFingerprint(store, caseId);
  const ids = await store.db
    .selectFrom('identifiers')
    .select('key')
    .where('case_id', '=', caseId)
    .orderBy('key')
    .execute();
  const evidence = await readIdentityLinks(store, caseId);
  const decisions = await listDecisions(store, caseId);
  const { must, cannot } = constraints(decisions);

  const comps = new Components(cannot);
  for (const { key } of ids) if (isPersonIdentifier(key)) comps.add(key);
  for (const l of evidence) {
    comps.add(l.a);
    comps.add(l.b);
  }
  const deviceLabels = new Map(
    (
      await store.db
        .selectFrom('devices')
        .select(['id', 'label'])
        .where('case_id', '=', caseId)
        .execute()
    ).map((d) => [d.id, d.label]),
  );
  // every device has an owner, known or not
  for (const id of deviceLabels.keys()) comps.add(`device:${id}`);
  const known = new Set(ids.map((i) => i.key));
  for (const id of deviceLabels.keys()) known.add(`device:${id}`);
  for (const l of evidence) {
    known.add(l.a);
    known.add(l.b);
  }

  const applied: Array<IdentityLink & { decision?: PersonDecision }> = [];
  for (const m of must) {
    if (!known.has(m.a) || !known.has(m.b)) continue;
    if (comps.blocker(m.a, m.b)) continue;
    comps.union(m.a, m.b);
    applied.push(m);
  }
  const blocked: Resolution['blocked'] = [];
  const sorted = [...evidence].sort(
    (x, y) =>
      y.confidence - x.confidence ||
      (x.reason < y.reason ? -1 : x.reason > y.reason ? 1 : 0) ||
      (x.a < y.a ? -1 : x.a > y.a ? 1 : 0) ||
      (x.b < y.b ? -1 : x.b > y.b ? 1 : 0),
  );
  for (const l of sorted) {
    const by = comps.blocker(l.a, l.b);
    if (by) {
      blocked.push({ link: l, decisionId: by });
      continue;
    }
    comps.union(l.a, l.b);
    applied.push(l);
  }

  // every link inside a person explains it, whether or not it was the one that joined it
  const reasonsOf = new Map<string, PersonReason[]>();
  const addReason = (k: string, r: PersonReason) =>
    (reasonsOf.get(k) ?? reasonsOf.set(k, []).get(k)!).push(r);
  const inside = [...applied, ...evidence.filter((l) => !applied.includes(l))].filter(
    (l) => known.has(l.a) && known.has(l.b) && comps.find(l.a) === comps.find(l.b),
  );
  const seen = new Set<string>();
  for (const l of inside) {
    const sig = `${l.a}|${l.b}|${l.reason}|${l.evidence?.sourceId ?? ''}|${l.evidence?.locator ?? ''}|${(l as { decision?: PersonDecision }).decision?.id ?? ''}`;
    if (seen.has(sig)) continue;
    seen.add(sig);
    const d = (l as { decision?: PersonDecision }).decision;
    const base = {
      reason: l.reason,
      text: l.text,
      confidence: l.confidence,
      ...(l.evidence ? { evidence: l.evidence } : {}),
      ...(d ? { decision: { id: d.id, by: d.actor.name, why: d.reason, at: d.createdAt } } : {}),
    };
    addReason(l.a, { ...base, with: l.b });
    addReason(l.b, { ...base, with: l.a });
  }

  const persons: ResolvedPerson[] = comps
    .groups()
    .map((keys) => {
      const single = keys.length === 1;
      const identifiers = keys.map((key) => {
        const reasons = (reasonsOf.get(key) ?? []).sort(
          (a, b) => b.confidence - a.confidence || (a.with + a.reason < b.with + b.reason ? -1 : 1),
        );
        return {
          key,
          confidence: single ? 1 : Math.max(0, ...reasons.map((r) => r.confidence)),
          reasons,
        };
      });
      const analyst = identifiers.some((i) => i.reasons.some((r) => r.decision));
      const anchor = keys[0]!;
      const phone =
        keys.find((k) => k.startsWith('phone:')) ??
        keys.find((k) => !k.startsWith('device:')) ??
        anchor;
      const owned = keys
        .filter((k) => k.startsWith('device:'))
        .map((k) => deviceLabels.get(k.slice(7)) ?? k.slice(7));
      const label =
        owned.length && phone === anchor
          ? `owner of ${owned.join(', ')}`
          : owned.length
            ? `${displayIdentifier(phone)} (owner of ${owned.join(', ')})`
            : displayIdentifier(phone);
      return {
        id: makeId('person', [caseId, anchor]),
        label,
        confidence: Math.min(...identifiers.map((i) => i.confidence)),
        origin: analyst
          ? ('analyst' as const)
          : single
            ? ('single' as const)
            : ('evidence' as const),
        identifiers,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const personOf = new Map<string, string>();
  for (const p of persons) for (const i of p.identifiers) personOf.set(i.key, p.id);
  const owners: DeviceOwner[] = [...deviceLabels.keys()].sort().map((deviceId) => {
    const key = `device:${deviceId}`;
    const personId = personOf.get(key)!;
    const ev = (reasonsOf.get(key) ?? [])
      .filter((r) => r.evidence?.deviceId === deviceId || r.decision)
      .map((r) => ({
        key: r.with,
        reason: r.reason,
        text: r.text,
        ...(r.evidence?.sourceId ? { sourceId: r.evidence.sourceId } : {}),
        ...(r.evidence?.locator ? { locator: r.evidence.locator } : {}),
      }));
    return {
      deviceId,
      personId,
      confidence: ev.length ? Math.max(...(reasonsOf.get(key) ?? []).map((r) => r.confidence)) : 0,
      evidence: ev,
    };
  });
  return { caseId, persons, owners, blocked, fingerprint };
}

const CHUNK = 400;

/** Computes the case's persons and device owners and stores them (replacing the previous ones). */
export async function resolvePersons(
  store: Store,
  caseId: string,
  now = Date.now(),
): Promise<Resolution> {
  const r = await computeResolution(store, caseId);
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('person_identifiers').where('case_id', '=', caseId).execute();
    await trx.deleteFrom('persons').where('case_id', '=', caseId).execute();
    await trx.deleteFrom('device_owners').where('case_id', '=', caseId).execute();
    const persons = r.persons.map((p) => ({
      id: p.id,
      case_id: caseId,
      label: p.label,
      origin: p.origin,
      confidence: p.confidence,
    }));
    for (let i = 0; i < persons.length; i += CHUNK)
      await trx
        .insertInto('persons')
        .values(persons.slice(i, i + CHUNK))
        .execute();
    const pis = r.persons.flatMap((p) =>
      p.identifiers.map((i) => ({
        case_id: caseId,
        person_id: p.id,
        key: i.key,
        reasons: canonicalJson(i.reasons),
        confidence: i.confidence,
      })),
    );
    for (let i = 0; i < pis.length; i += CHUNK)
      await trx
        .insertInto('person_identifiers')
        .values(pis.slice(i, i + CHUNK))
        .execute();
    if (r.owners.length)
      await trx
        .insertInto('device_owners')
        .values(
          r.owners.map((o) => ({
            case_id: caseId,
            device_id: o.deviceId,
            person_id: o.personId,
            confidence: o.confidence,
            evidence: canonicalJson(o.evidence),
          })),
        )
        .execute();
    await trx.deleteFrom('person_resolutions').where('case_id', '=', caseId).execute();
    await trx
      .insertInto('person_resolutions')
      .values({
        case_id: caseId,
        fingerprint: r.fingerprint,
        persons: r.persons.length,
        resolved_at: now,
      })
      .execute();
  });
  return r;
}

/** Resolves the case when its evidence or decisions changed since the last resolution. */
export async function ensureResolved(store: Store, caseId: string): Promise<boolean> {
  const fp = await resolutionFingerprint(store, caseId);
  const last = await store.db
    .selectFrom('person_resolutions')
    .select('fingerprint')
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (last?.fingerprint === fp) return false;
  await resolvePersons(store, caseId);
  return true;
}
