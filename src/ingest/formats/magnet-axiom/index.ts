// Magnet AXIOM XML report export (Artifact / Hits / Hit / Fragment), streamed with the same
// hardening as report.xml; attachments resolved in the Attachments folder beside the report.
import { posix } from 'node:path';
import type { EvidenceFile } from '../../../evidence/evidence-file.js';
import type { Parser, Probe } from '../../parser.js';
import { readAxiomReport, type AxiomParseOptions } from './axiom-report.js';

export type { AxiomParseOptions } from './axiom-report.js';

/** True when the first bytes look like an AXIOM XML report. */
export function looksLikeAxiomReport(head: Buffer): boolean {
  const texts = [head.toString('utf8')];
  if ((head[0] === 0xff && head[1] === 0xfe) || head[1] === 0) texts.push(head.toString('utf16le'));
  return texts.some(
    (t) =>
      /<Artifact[\s>]/.test(t) &&
      (/<Hits?[\s>]/.test(t) || /<Fragment[\s>]/.test(t)) &&
      !t.includes('http://pa.cellebrite.com/report/2.0'),
  );
}

function bid(probe: Probe): number {
  if (probe.isZip || probe.isSqlite) return 0;
  if (looksLikeAxiomReport(probe.head)) return 85;
  const t = probe.head.toString('utf8');
  return probe.ext === 'xml' && /Magnet AXIOM/i.test(t) && /<Artifacts?[\s>]/.test(t) ? 50 : 0;
}

export function createMagnetAxiomParser(opts: AxiomParseOptions = {}): Parser {
  return {
    id: 'magnet-axiom',
    version: '1.0.0',
    label: 'Magnet AXIOM XML report',
    artefacts: [
      'messages',
      'threads',
      'calls',
      'contacts',
      'locations',
      'media',
      'device-info',
      'accounts',
    ],
    bid,
    async parse(ctx) {
      const hash = opts.hashFiles ?? true;
      const dir = posix.dirname(ctx.file.path.replace(/\\/g, '/'));
      let index: Map<string, EvidenceFile> | null = null;
      await readAxiomReport(
        ctx,
        await ctx.file.open(),
        ctx.file.path,
        {
          async resolve(name) {
            index ??= new Map(
              ctx.findFiles(() => true).map((f) => [f.path.replace(/\\/g, '/'), f]),
            );
            const rel = name.replace(/\\/g, '/').replace(/^\.?\//, '');
            const candidates = [`Attachments/${rel}`, rel].map((r) =>
              dir === '.' ? r : `${dir}/${r}`,
            );
            const f = candidates.map((c) => index!.get(c)).find(Boolean);
            if (!f) return null;
            return { path: f.path, size: f.size, sha256: hash ? await f.sha256() : null };
          },
        },
        opts,
      );
    },
  };
}

export const magnetAxiomParser: Parser = createMagnetAxiomParser();
