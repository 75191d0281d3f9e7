// Every device of the generator's case family written as an AXIOM report and read back: message
// senders and recipients, call partners and contact numbers resolve to their ground-truth keys.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildWorld } from '../../../generator/scenario/index.js';
import { materialise } from '../../../generator/scenario/materialise.js';
import { writeAxiomDevice } from '../../../generator/writers/magnet-axiom.js';
import { runParser } from '../../../testkit/run-parser.js';
import { magnetAxiomParser } from './index.js';
import { IdentifierNormaliser } from '../../../model/identifiers.js';
import { decodeIsoTime } from '../../../model/timestamps.js';
import type { DraftCall, DraftContact, DraftMessage, Party } from '../../../model/entities.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-axiom-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APPS = ['whatsapp', 'telegram', 'signal', 'sms', 'mms', 'imessage'];

describe('magnet-axiom on the generated case family', () => {
  it('resolves every written identifier to its ground-truth key', async () => {
    const world = buildWorld({ seed: 1, family: true });
    let checked = 0;
    for (const spec of world.devices.filter((d) => d.platform !== 'operator')) {
      const device = materialise(world, spec).device;
      const out = writeAxiomDevice(dir, device, { folder: `${spec.caseRef}-${spec.id}` });
      const run = await runParser(magnetAxiomParser, join(dir, out.files[0]!), {
        region: device.region,
      });
      const norm = new IdentifierNormaliser(device.region);
      const key = (p: Party | null | undefined) =>
        !p || p === 'owner' ? p : norm.normalise(p.value, p.hint ?? 'auto')?.key;
      const where = `${spec.caseRef}/${spec.id}`;
      const msgs = run.drafts.filter((d): d is DraftMessage => d.kind === 'message');
      const sec = (v: unknown) => decodeIsoTime(String(v)).ms;
      for (const m of device.messages) {
        const thread = device.threads.find((t) => t.id === m.threadId)!;
        if (!APPS.includes(thread.app)) continue;
        const candidates = msgs.filter(
          (d) =>
            sec(d.sentAt?.value) === Math.floor(m.at / 1000) * 1000 && d.body === (m.body || null),
        );
        expect(candidates.length, `${where} message ${m.id}`).toBeGreaterThan(0);
        if (m.direction === 'incoming') {
          const want = (m.from ?? thread.participants[0]!).key;
          expect(
            candidates.map((d) => key(d.sender)),
            `${where} message ${m.id}`,
          ).toContain(want);
        } else {
          const want = thread.participants
            .map((p) => p.key)
            .sort()
            .join(' ');
          expect(
            candidates.map((d) => (d.recipients ?? []).map(key).sort().join(' ')),
            `${where} message ${m.id}`,
          ).toContain(want);
        }
        checked++;
      }
      const calls = run.drafts.filter((d): d is DraftCall => d.kind === 'call');
      for (const c of device.calls.filter((x) => x.app === 'phone' || x.app === 'whatsapp')) {
        const found = calls.filter(
          (x) => sec(x.startedAt?.value) === Math.floor(c.at / 1000) * 1000,
        );
        expect(found.length, `${where} call ${c.id}`).toBeGreaterThan(0);
        expect(
          found.map((d) => key(d.direction === 'outgoing' ? d.callees?.[0] : d.caller)),
          `${where} call ${c.id}`,
        ).toContain(c.party.key);
        checked++;
      }
      const contacts = run.drafts.filter((d): d is DraftContact => d.kind === 'contact');
      for (const c of device.contacts) {
        const want = c.entries
          .filter((e) => e.kind === 'phone' || e.kind === 'email')
          .map((e) => e.key)
          .join(' ');
        expect(
          contacts
            .filter((x) => x.name === c.name)
            .map((d) =>
              d.entries.map((e) => norm.normalise(e.value, e.hint ?? 'auto')?.key).join(' '),
            ),
          `${where} ${c.name}`,
        ).toContain(want);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000);
});
