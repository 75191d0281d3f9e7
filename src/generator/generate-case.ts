// Generates the synthetic case family into a folder: every device written by the registered format
// writers it names (skipping ones not registered yet), then the ground truth beside it, exact for
// the files written. Same seed and writers: byte-identical files.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceWriter, GenDevice } from './device-data.js';
import { DEVICE_WRITERS } from './writers/index.js';
import { addCoverage, emptyCoverage, type Coverage } from './writer-coverage.js';
import { buildWorld } from './scenario/index.js';
import { materialise, type Materialised } from './scenario/materialise.js';
import type { DeviceSpec, World } from './scenario/world.js';
import { messageId, threadId } from './scenario/script.js';
import { generateScaleDevice } from './scale.js';
import { writeExtractionNoise } from './extraction-noise.js';
import { makeId, caseIdFor } from '../model/ids.js';
import {
  GROUND_TRUTH_FILE,
  GROUND_TRUTH_MESSAGES_FILE,
  GROUND_TRUTH_VERSION,
  type GroundTruth,
  type GtDevice,
  type GtIdentifier,
  type GtIdentityGroup,
  type GtLinkEvidence,
  type GtMessage,
  type GtPair,
  type GtPerson,
} from './ground-truth.js';

export const GENERATOR_ID = `threadline-generator@${GROUND_TRUTH_VERSION}`;

export interface GenerateOptions {
  seed?: number;
  /** Add the closed cases of 2014 and 2018 (the case family). */
  family?: boolean;
  /** Add scale devices holding this many messages in total (0: none). */
  scale?: number;
  /** How many devices the scale messages are spread over (default 1). */
  scaleDevices?: number;
  /** Writers to use (default: every registered writer). */
  writers?: readonly DeviceWriter[];
  /** A folder of recorded speech samples for voice notes that name one (see GenAttachment.sample). */
  voiceSamples?: string;
  onProgress?: (p: { step: string; done: number; total: number }) => void;
}

export interface GeneratedCase {
  dir: string;
  truth: GroundTruth;
  elapsedMs: number;
}

/** The store's id for a device ingested with `label` into case `ref`. */
export function storeDeviceId(ref: string, label: string): string {
  return makeId('device', [caseIdFor(ref), label]);
}

interface Written {
  spec: DeviceSpec;
  mat: Materialised;
  cov: Coverage;
  formats: GtDevice['formats'];
  unsupported: string[];
}

export async function generateCase(
  dir: string,
  opts: GenerateOptions = {},
): Promise<GeneratedCase> {
  const t0 = Date.now();
  const seed = opts.seed ?? 1;
  const family = opts.family ?? false;
  const scale = opts.scale ?? 0;
  const scaleDevices = Math.max(1, opts.scaleDevices ?? 1);
  const writers = opts.writers ?? DEVICE_WRITERS;
  const world = buildWorld({ seed, family });

  mkdirSync(dir, { recursive: true });
  for (const c of world.cases) rmSync(join(dir, c.ref), { recursive: true, force: true });

  const written: Written[] = [];
  const skipped: GroundTruth['formatsSkipped'] = [];
  let done = 0;
  for (const spec of world.devices) {
    opts.onProgress?.({
      step: `${spec.caseRef}/${spec.id}`,
      done: done++,
      total: world.devices.length,
    });
    const mat = materialise(world, spec);
    if (opts.voiceSamples) withVoiceSamples(mat.device, opts.voiceSamples);
    const byId = new Map(writers.map((w) => [w.id, w]));
    let chosen = spec.formats.filter((f) => byId.has(f));
    for (const f of spec.formats)
      if (!byId.has(f)) skipped.push({ caseRef: spec.caseRef, device: spec.id, format: f });
    if (chosen.length === 0 && spec.fallbackFormats) {
      // the first registered alternative writes the whole device
      const alt = spec.fallbackFormats.find((f) => byId.has(f));
      chosen = alt ? [alt] : [];
    }
    const deviceDir = join(dir, spec.caseRef, spec.id);
    mkdirSync(deviceDir, { recursive: true });
    const cov = emptyCoverage();
    const formats: GtDevice['formats'] = [];
    for (const f of chosen) {
      const out = await byId.get(f)!.write(deviceDir, mat.device);
      addCoverage(cov, f, mat.device, out, ownerKeys(spec, mat.device));
      formats.push({ writer: f, files: out.files, counts: out.counts });
    }
    const unsupported = formats.length ? writeExtractionNoise(deviceDir, mat.device) : [];
    written.push({ spec, mat, cov, formats, unsupported });
  }
  opts.onProgress?.({ step: 'ground truth', done, total: world.devices.length });

  const truth = groundTruth(world, written, { seed, family, scale, scaleDevices }, skipped);

  if (scale > 0) {
    const per = Math.ceil(scale / scaleDevices);
    for (let i = 0; i < scaleDevices; i++) {
      const id = `S${String(i + 1).padStart(2, '0')}`;
      const label = `SC/${i + 1} scale device`;
      const n = Math.min(per, scale - i * per);
      if (n <= 0) break;
      opts.onProgress?.({ step: `scale ${id}`, done: i, total: scaleDevices });
      const rel = join(truth.cases[0]!.ref, id);
      const r = await generateScaleDevice({ dir: join(dir, rel), messages: n, seed: seed + i });
      truth.cases[0]!.devices.push({
        id,
        label,
        storeDeviceId: storeDeviceId(truth.cases[0]!.ref, label),
        exhibit: `SC/${i + 1}`,
        platform: 'android',
        dir: rel,
        ownerPersonId: 'scale-owner',
        ownerKeys: [],
        formats: [{ writer: 'android-mmssms', files: r.files, counts: r.counts }],
        counts: r.counts,
        scale: true,
      });
    }
  }

  writeFileSync(join(dir, GROUND_TRUTH_FILE), JSON.stringify(truth, null, 2) + '\n');
  writeFileSync(
    join(dir, GROUND_TRUTH_MESSAGES_FILE),
    gtMessages(world, written)
      .map((m) => JSON.stringify(m))
      .join('\n') + '\n',
  );
  return { dir, truth, elapsedMs: Date.now() - t0 };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Per device: which message, call and contact ids are in evidence, and which keys appear. */
function evidenceKeys(w: Written): Set<string> {
  const { mat, cov, spec } = w;
  const keys = new Set<string>();
  const threads = new Map(mat.device.threads.map((t) => [t.id, t]));
  const threadsInEvidence = new Set<number>();
  for (const m of mat.device.messages) {
    if (!cov.messages.has(m.id)) continue;
    threadsInEvidence.add(m.threadId);
    if (m.from) keys.add(m.from.key);
  }
  for (const id of threadsInEvidence)
    for (const p of threads.get(id)?.participants ?? []) keys.add(p.key);
  for (const c of mat.device.calls) if (cov.calls.has(c.id)) keys.add(c.party.key);
  for (const c of mat.device.contacts)
    if (cov.contacts.has(c.id)) for (const e of c.entries) keys.add(e.key);
  if (cov.lidMap)
    for (const l of mat.device.lidMap ?? []) {
      keys.add(l.lid.key);
      keys.add(l.phoneJid.key);
    }
  for (const k of cov.owner) keys.add(k);
  if (cov.messages.size || cov.calls.size || cov.contacts.size || cov.owner.size)
    keys.add(`device:${storeDeviceId(spec.caseRef, spec.label)}`);
  return keys;
}

function ownerKeys(spec: DeviceSpec, d: GenDevice): string[] {
  const out = [d.owner.msisdn.key, ...spec.ownKeys, ...(d.owner.accounts ?? []).map((a) => a.key)];
  if (spec.imei) out.push(`imei:${spec.imei}`);
  if (spec.imsi) out.push(`imsi:${spec.imsi}`);
  if (spec.iccid) out.push(`iccid:${spec.iccid}`);
  return [...new Set(out)];
}

function groundTruth(
  world: World,
  written: Written[],
  options: GroundTruth['options'] & { seed: number },
  formatsSkipped: GroundTruth['formatsSkipped'],
): GroundTruth {
  const evKeys = new Map<Written, Set<string>>(written.map((x) => [x, evidenceKeys(x)]));
  const devKey = (x: Written) => `${x.spec.caseRef}/${x.spec.id}`;

  // persons, with every identifier and how each device wrote it
  const extraKeys = new Map<string, Map<string, GtIdentifier['kind']>>();
  const addExtra = (pid: string, key: string, kind: GtIdentifier['kind']) => {
    let m = extraKeys.get(pid);
    if (!m) extraKeys.set(pid, (m = new Map()));
    m.set(key, kind);
  };
  for (const x of written) {
    const pid = x.spec.ownerPersonId;
    addExtra(pid, `device:${storeDeviceId(x.spec.caseRef, x.spec.label)}`, 'device');
    if (x.spec.imsi) addExtra(pid, `imsi:${x.spec.imsi}`, 'imsi');
    if (x.spec.iccid) addExtra(pid, `iccid:${x.spec.iccid}`, 'iccid');
    if (x.spec.imei && !world.keyOwner.has(`imei:${x.spec.imei}`))
      addExtra(pid, `imei:${x.spec.imei}`, 'imei');
    for (const a of x.spec.accounts ?? []) if (!world.keyOwner.has(a)) addExtra(pid, a, 'email');
  }
  const writtenForms = new Map<string, GtIdentifier['written']>();
  const noteWritten = (key: string, caseRef: string, device: string, text: string) => {
    let l = writtenForms.get(key);
    if (!l) writtenForms.set(key, (l = []));
    if (!l.some((e) => e.caseRef === caseRef && e.device === device && e.written === text))
      l.push({ caseRef, device, written: text });
  };
  for (const x of written) {
    const d = x.mat.device;
    const c = x.spec.caseRef;
    noteWritten(d.owner.msisdn.key, c, d.id, d.owner.msisdn.written);
    for (const a of d.owner.accounts ?? []) noteWritten(a.key, c, d.id, a.written);
    if (d.owner.imei) noteWritten(`imei:${d.owner.imei}`, c, d.id, d.owner.imei);
    for (const t of d.threads)
      for (const p of t.participants) noteWritten(p.key, c, d.id, p.written);
    for (const ct of d.calls) noteWritten(ct.party.key, c, d.id, ct.party.written);
    for (const ct of d.contacts) for (const e of ct.entries) noteWritten(e.key, c, d.id, e.written);
  }
  const allEvidence = new Set<string>();
  for (const s of evKeys.values()) for (const k of s) allEvidence.add(k);

  const personCases = new Map<string, Set<string>>();
  const addCase = (pid: string, ref: string) => {
    let s = personCases.get(pid);
    if (!s) personCases.set(pid, (s = new Set()));
    s.add(ref);
  };
  for (const x of written) {
    addCase(x.spec.ownerPersonId, x.spec.caseRef);
    for (const k of evKeys.get(x)!) {
      const pid = world.keyOwner.get(k);
      if (pid) addCase(pid, x.spec.caseRef);
    }
  }
  const convById = new Map(world.conversations.map((c) => [c.id, c]));
  for (const m of world.messages) {
    const c = convById.get(m.conv)!;
    for (const k of c.members) addCase(world.ownerOf(k), c.caseRef);
  }

  const persons: GtPerson[] = [...world.persons.values()].map((p) => {
    const keys = new Map<string, GtIdentifier['kind']>([...p.keys, ...(extraKeys.get(p.id) ?? [])]);
    return {
      id: p.id,
      name: p.name,
      roles: p.roles,
      ...(p.age !== undefined ? { age: p.age } : {}),
      cases: [...(personCases.get(p.id) ?? [])].sort(),
      identifiers: [...keys].map(([key, kind]) => ({
        key,
        kind,
        written: writtenForms.get(key) ?? [],
        inEvidence: allEvidence.has(key),
      })),
      aliases: written.flatMap((x) => {
        const name = x.spec.aliases.get(p.id);
        return name ? [{ caseRef: x.spec.caseRef, device: x.spec.id, name }] : [];
      }),
      devices: written.filter((x) => x.spec.ownerPersonId === p.id).map(devKey),
    };
  });
  const keyPerson = new Map<string, string>();
  for (const p of persons) for (const i of p.identifiers) keyPerson.set(i.key, p.id);

  // identity evidence planted in what was written, and the groups it forms per case
  const links: GtLinkEvidence[] = [];
  for (const x of written) {
    const ref = x.spec.caseRef;
    const id = x.spec.id;
    for (const card of x.mat.cards) {
      if (card.keys.length < 2) continue;
      const inEv = x.cov.contacts.has(card.contactId);
      for (const k of card.keys.slice(1))
        links.push({
          a: card.keys[0]!,
          b: k,
          reason: 'contact-card',
          caseRef: ref,
          device: id,
          inEvidence: inEv,
        });
    }
    for (const l of x.mat.device.lidMap ?? [])
      links.push({
        a: l.lid.key,
        b: l.phoneJid.key,
        reason: 'whatsapp-lid-mapping',
        caseRef: ref,
        device: id,
        inEvidence: x.cov.lidMap,
      });
    const own = ownerKeys(x.spec, x.mat.device);
    const dk = `device:${storeDeviceId(ref, x.spec.label)}`;
    for (const k of own)
      links.push({
        a: dk,
        b: k,
        reason:
          k.startsWith('imsi:') || k.startsWith('iccid:')
            ? 'sim-card'
            : k.startsWith('email:')
              ? 'account'
              : 'device-owner',
        caseRef: ref,
        device: id,
        inEvidence: x.cov.owner.has(k),
      });
  }
  // messages sent from a device that arrive on another seized device name the sender's identifier
  {
    const mirrored = new Map<string, { ref: string; dev: Written; key: string; n: number }>();
    const copiesOf = new Map<number, Array<{ x: Written; out: boolean }>>();
    for (const x of written)
      for (const cp of x.mat.copies)
        if (x.cov.messages.has(cp.messageId))
          (copiesOf.get(cp.messageId) ?? copiesOf.set(cp.messageId, []).get(cp.messageId)!).push({
            x,
            out: cp.direction === 'outgoing',
          });
    // only texts sent at most three times in the case identify a sender (as the resolver rules)
    const sentTimes = new Map<string, number>();
    for (const m of world.messages)
      for (const c of copiesOf.get(m.id) ?? [])
        if (c.out && c.x.spec.platform !== 'operator' && m.body)
          sentTimes.set(
            `${c.x.spec.caseRef}|${m.body}`,
            (sentTimes.get(`${c.x.spec.caseRef}|${m.body}`) ?? 0) + 1,
          );
    for (const m of world.messages) {
      if ((m.body ?? '').length < 12) continue;
      const cps = (copiesOf.get(m.id) ?? []).filter((c) => c.x.spec.platform !== 'operator');
      if ((sentTimes.get(`${cps[0]?.x.spec.caseRef}|${m.body}`) ?? 0) > 3) continue;
      const received = cps.filter((c) => !c.out);
      if (!received.length) continue;
      for (const sent of cps.filter((c) => c.out)) {
        if (!received.some((r) => r.x !== sent.x)) continue;
        const k = `${sent.x.spec.caseRef}|${sent.x.spec.id}|${m.from}`;
        const e = mirrored.get(k) ?? { ref: sent.x.spec.caseRef, dev: sent.x, key: m.from, n: 0 };
        e.n++;
        mirrored.set(k, e);
      }
    }
    for (const e of mirrored.values())
      if (e.n >= 2)
        links.push({
          a: `device:${storeDeviceId(e.ref, e.dev.spec.label)}`,
          b: e.key,
          reason: 'mirrored-messages',
          caseRef: e.ref,
          device: e.dev.spec.id,
          inEvidence: true,
        });
  }
  // a phone-number WhatsApp id is that number's account: always evidence when both are present
  for (const c of world.cases) {
    const present = new Set<string>();
    for (const x of written)
      if (x.spec.caseRef === c.ref) for (const k of evKeys.get(x)!) present.add(k);
    for (const k of present) {
      const m = /^whatsapp:(\d+)@s\.whatsapp\.net$/.exec(k);
      if (m && present.has(`phone:+${m[1]}`))
        links.push({
          a: k,
          b: `phone:+${m[1]}`,
          reason: 'whatsapp-phone-jid',
          caseRef: c.ref,
          device: '*',
          inEvidence: true,
        });
    }
  }
  const identityGroups: GtIdentityGroup[] = [];
  for (const c of world.cases) {
    const present = new Set<string>();
    for (const x of written)
      if (x.spec.caseRef === c.ref) for (const k of evKeys.get(x)!) present.add(k);
    const parent = new Map<string, string>();
    const find = (k: string): string => {
      let r = k;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(k, r);
      return r;
    };
    for (const k of present) if (keyPerson.has(k)) parent.set(k, k);
    const used = links.filter(
      (l) => l.caseRef === c.ref && l.inEvidence && parent.has(l.a) && parent.has(l.b),
    );
    for (const l of used) {
      const [ra, rb] = [find(l.a), find(l.b)];
      if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
    }
    const groups = new Map<string, string[]>();
    for (const k of parent.keys()) {
      const r = find(k);
      const g = groups.get(r) ?? [];
      g.push(k);
      groups.set(r, g);
    }
    for (const keys of groups.values()) {
      keys.sort();
      const ks = new Set(keys);
      const owners = new Set(keys.map((k) => keyPerson.get(k)!));
      if (owners.size !== 1)
        throw new Error(
          `planted evidence joins different persons: ${[...owners].join(', ')} (${keys.join(', ')})`,
        );
      identityGroups.push({
        caseRef: c.ref,
        personId: [...owners][0]!,
        keys,
        links: used.filter((l) => ks.has(l.a)),
      });
    }
  }
  identityGroups.sort((a, b) =>
    a.caseRef + a.personId + a.keys[0] < b.caseRef + b.personId + b.keys[0] ? -1 : 1,
  );

  // communicating pairs (identifier level), from what is in evidence
  const pairs = new Map<string, GtPair>();
  const copiesByMessage = new Map<number, Array<{ x: Written; inEv: boolean }>>();
  for (const x of written)
    for (const cp of x.mat.copies) {
      const l = copiesByMessage.get(cp.messageId) ?? [];
      l.push({ x, inEv: x.cov.messages.has(cp.messageId) });
      copiesByMessage.set(cp.messageId, l);
    }
  const touch = (
    ref: string,
    a: string,
    b: string,
    at: number,
    app: string,
    devs: string[],
    kind: 'messages' | 'calls',
  ) => {
    if (a === b) return;
    const [ka, kb] = a < b ? [a, b] : [b, a];
    const k = `${ref}|${ka}|${kb}`;
    let p = pairs.get(k);
    if (!p) {
      p = {
        caseRef: ref,
        a: ka,
        b: kb,
        aPerson: keyPerson.get(ka)!,
        bPerson: keyPerson.get(kb)!,
        messages: 0,
        calls: 0,
        first: iso(at),
        last: iso(at),
        apps: [],
        devices: [],
      };
      pairs.set(k, p);
    }
    p[kind]++;
    if (iso(at) < p.first) p.first = iso(at);
    if (iso(at) > p.last) p.last = iso(at);
    if (!p.apps.includes(app)) p.apps.push(app);
    for (const d of devs) if (!p.devices.includes(d)) p.devices.push(d);
  };
  for (const m of world.messages) {
    const ev = (copiesByMessage.get(m.id) ?? []).filter((c) => c.inEv);
    if (!ev.length) continue;
    const c = convById.get(m.conv)!;
    for (const to of c.members)
      if (to !== m.from)
        touch(
          c.caseRef,
          m.from,
          to,
          m.at,
          c.app,
          ev.map((e) => e.x.spec.id),
          'messages',
        );
  }
  for (const call of world.calls) {
    const devs = written.filter(
      (x) =>
        x.spec.caseRef === call.caseRef && x.cov.calls.has(call.id) && x.mat.callApps.has(call.id),
    );
    if (!devs.length) continue;
    touch(
      call.caseRef,
      call.from,
      call.to,
      call.at,
      call.app,
      devs.map((x) => x.spec.id),
      'calls',
    );
  }

  // patterns
  const patterns = world.patterns.map((p) => {
    const threads = new Set(p.threads);
    const messagesByTag: Record<string, string[]> = {};
    const ns = `${p.type}:`;
    for (const m of world.messages) {
      if (!threads.has(m.conv)) continue;
      for (const t of m.tags) if (t.startsWith(ns)) (messagesByTag[t] ??= []).push(messageId(m.id));
    }
    return {
      id: p.id,
      type: p.type,
      ...(p.mimics ? { mimics: p.mimics } : {}),
      expectFlag: p.expectFlag,
      caseRef: p.caseRef,
      title: p.title,
      persons: p.persons,
      identifiers: p.identifiers,
      threads: [...threads].map((t) => ({
        id: threadId(t),
        devices: written
          .filter(
            (x) => x.spec.caseRef === p.caseRef && x.mat.device.threads.some((th) => th.id === t),
          )
          .map((x) => x.spec.id),
      })),
      messagesByTag,
      facts: p.facts,
    };
  });

  // identifiers shared across cases, and decoys
  const occurrences = (key: string) =>
    written.flatMap((x) => {
      const d = x.mat.device;
      const forms = (writtenForms.get(key) ?? []).filter(
        (f) => f.caseRef === x.spec.caseRef && f.device === d.id,
      );
      const own = ownerKeys(x.spec, d).includes(key);
      if (!forms.length && !own) return [];
      return [
        {
          caseRef: x.spec.caseRef,
          device: d.id,
          written: forms[0]?.written ?? key.slice(key.indexOf(':') + 1),
          carrier: own ? 'owner' : 'party',
          inEvidence: evKeys.get(x)!.has(key),
        },
      ];
    });
  const sharedIdentifiers = world.shared.map((s) => ({
    key: s.key,
    personId: s.personId,
    occurrences: occurrences(s.key),
  }));
  const decoys = world.decoys.flatMap((d) =>
    occurrences(d.key).map((o) => ({
      key: d.key,
      resembles: d.resembles,
      caseRef: o.caseRef,
      device: o.device,
      written: o.written,
      inEvidence: o.inEvidence,
    })),
  );

  // languages of the stored messages with text, per case
  const languages: GroundTruth['languages'] = {};
  for (const x of written) {
    const l = (languages[x.spec.caseRef] ??= {});
    for (const m of x.mat.device.messages) {
      if (!x.cov.messages.has(m.id) || m.body === null) continue;
      const lang = m.language ?? 'und';
      l[lang] = (l[lang] ?? 0) + 1;
    }
  }

  const cases = world.cases.map((c) => ({
    ref: c.ref,
    title: c.title,
    status: c.status,
    crimeTypes: c.crimeTypes,
    period: { from: iso(c.from).slice(0, 10), to: iso(c.to).slice(0, 10) },
    dir: c.ref,
    devices: written
      .filter((x) => x.spec.caseRef === c.ref)
      .map((x): GtDevice => {
        const counts: Record<string, number> = {};
        for (const f of x.formats)
          for (const [k, v] of Object.entries(f.counts)) counts[k] = (counts[k] ?? 0) + v;
        return {
          id: x.spec.id,
          label: x.spec.label,
          storeDeviceId: storeDeviceId(c.ref, x.spec.label),
          exhibit: x.spec.exhibit,
          platform: x.spec.platform,
          dir: `${c.ref}/${x.spec.id}`,
          ownerPersonId: x.spec.ownerPersonId,
          ownerKeys: ownerKeys(x.spec, x.mat.device),
          formats: x.formats,
          counts,
          unsupportedFiles: x.unsupported,
          ...(x.cov.inferred.length ? { coverageInferredFrom: x.cov.inferred } : {}),
        };
      }),
  }));

  return {
    version: GROUND_TRUTH_VERSION,
    generator: GENERATOR_ID,
    seed: options.seed,
    options: { family: options.family, scale: options.scale, scaleDevices: options.scaleDevices },
    cases,
    persons,
    identityGroups,
    pairs: [...pairs.values()].sort((a, b) =>
      `${a.caseRef}|${a.a}|${a.b}` < `${b.caseRef}|${b.a}|${b.b}` ? -1 : 1,
    ),
    patterns,
    sharedIdentifiers,
    decoys,
    languages,
    formatsSkipped,
  };
}

function gtMessages(world: World, written: Written[]): GtMessage[] {
  const conv = new Map(world.conversations.map((c) => [c.id, c]));
  const copies = new Map<number, GtMessage['copies']>();
  for (const x of written)
    for (const c of x.mat.copies) {
      const l = copies.get(c.messageId) ?? [];
      l.push({
        device: x.spec.id,
        direction: c.direction,
        deleted: c.deleted,
        walOnly: c.walOnly,
        inEvidence: x.cov.messages.has(c.messageId),
      });
      copies.set(c.messageId, l);
    }
  return world.messages.map((m) => {
    const c = conv.get(m.conv)!;
    return {
      id: messageId(m.id),
      caseRef: c.caseRef,
      thread: threadId(c.id),
      app: c.app,
      at: iso(m.at),
      fromPerson: world.ownerOf(m.from),
      fromKey: m.from,
      toKeys: c.members.filter((k) => k !== m.from),
      body: m.body,
      language: m.language,
      tags: m.tags,
      attachments: m.attachments.map((a) => ({
        mime: a.mime,
        filename: a.filename,
        ...(a.transcript ? { transcript: a.transcript } : {}),
      })),
      copies: copies.get(m.id) ?? [],
    };
  });
}

/** Give voice notes that name a recorded sample its bytes, when the samples folder holds it. */
function withVoiceSamples(device: Materialised['device'], folder: string): void {
  for (const m of device.messages)
    for (const a of m.attachments ?? [])
      if (a.sample && !a.bytes) {
        const p = join(folder, a.sample);
        if (existsSync(p)) a.bytes = new Uint8Array(readFileSync(p));
      }
}
