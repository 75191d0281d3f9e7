// Every device of the generator's case family written as report.xml and read back: each party,
// contact entry and caller resolves to its ground-truth identifier key, however the device wrote it
// (national or international numbers, WhatsApp JIDs, Telegram ids, e-mail addresses).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildWorld } from '../../../generator/scenario/index.js';
import { materialise } from '../../../generator/scenario/materialise.js';
import { writeUfdrReport } from '../../../generator/writers/cellebrite-ufdr.js';
import { MemorySink, uuidFrom } from '../../../generator/writers/xml-sink.js';
import { runParser } from '../../../testkit/run-parser.js';
import { cellebriteUfdrParser } from './index.js';
import { IdentifierNormaliser } from '../../../model/identifiers.js';
import type {
  Draft,
  DraftCall,
  DraftContact,
  DraftMessage,
  Party,
} from '../../../model/entities.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ufdr-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cellebrite-ufdr on the generated case family', () => {
  it('resolves every written identifier to its ground-truth key', async () => {
    const world = buildWorld({ seed: 1, family: true });
    const devices = world.devices.filter((d) => d.platform !== 'operator');
    expect(devices.length).toBeGreaterThan(3);
    let checked = 0;
    for (const spec of devices) {
      const device = materialise(world, spec).device;
      const sink = new MemorySink();
      writeUfdrReport(sink, device);
      const p = join(dir, `${spec.caseRef}-${spec.id}.xml`);
      writeFileSync(p, sink.toBuffer());
      const run = await runParser(cellebriteUfdrParser, p, { region: device.region });
      const norm = new IdentifierNormaliser(device.region);
      const key = (party: Party | null | undefined) =>
        !party || party === 'owner'
          ? party
          : norm.normalise(party.value, party.hint ?? 'auto')?.key;
      const byLocator = new Map<string, Draft>(
        run.drafts.map((d) => [`${d.kind}|${d.locator}`, d]),
      );
      const where = `${spec.caseRef}/${spec.id}`;
      for (const m of device.messages) {
        const d = byLocator.get(`message|model[@id="${uuidFrom(device.id, 'msg', m.id)}"]`) as
          DraftMessage | undefined;
        const thread = device.threads.find((t) => t.id === m.threadId)!;
        if (!['whatsapp', 'telegram', 'signal', 'sms', 'mms', 'imessage'].includes(thread.app))
          continue;
        expect(d, `${where} message ${m.id}`).toBeDefined();
        if (m.direction === 'incoming') {
          const from = m.from ?? thread.participants[0]!;
          expect(key(d!.sender), `${where} message ${m.id} sender ${from.written}`).toBe(from.key);
        } else {
          expect(d!.sender).toBe('owner');
          expect(
            (d!.recipients ?? []).map(key).sort(),
            `${where} message ${m.id} recipients`,
          ).toEqual(thread.participants.map((x) => x.key).sort());
        }
        checked++;
      }
      for (const c of device.calls) {
        const d = byLocator.get(`call|model[@id="${uuidFrom(device.id, 'call', c.id)}"]`) as
          DraftCall | undefined;
        if (!d) continue;
        const other = c.direction === 'incoming' ? d.caller : d.callees?.[0];
        expect(key(other), `${where} call ${c.id} ${c.party.written}`).toBe(c.party.key);
        checked++;
      }
      for (const c of device.contacts) {
        const d = byLocator.get(`contact|model[@id="${uuidFrom(device.id, 'contact', c.id)}"]`) as
          DraftContact | undefined;
        expect(d, `${where} contact ${c.id}`).toBeDefined();
        expect(
          d!.entries.map((e) => norm.normalise(e.value, e.hint ?? 'auto')?.key),
          `${where} contact ${c.name}`,
        ).toEqual(c.entries.map((e) => e.key));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000);
});
