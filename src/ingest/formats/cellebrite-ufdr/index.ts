// Cellebrite UFDR: a .ufdr (zip with report.xml and the extracted files) read as one container, or
// a bare report.xml (namespace http://pa.cellebrite.com/report/2.0) with its files beside it.
// report.xml is streamed (it runs to gigabytes); budgets come from the options.
import { posix } from 'node:path';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { sha256Stream } from '../../../evidence/hash-file.js';
import type { EvidenceFile } from '../../../evidence/evidence-file.js';
import type { Parser, ParseContext, Probe } from '../../parser.js';
import {
  UFDR_NAMESPACE,
  normaliseLocalPath,
  readUfdrReport,
  type FileResolver,
  type UfdrParseOptions,
} from './ufdr-report.js';

export type { UfdrParseOptions } from './ufdr-report.js';

const REPORT_NAMES = ['report.xml', 'Report.xml'];

/** True when the first bytes look like a Cellebrite report.xml (UTF-8 or UTF-16). */
export function looksLikeUfdrReport(head: Buffer): boolean {
  const texts = [head.toString('utf8')];
  if ((head[0] === 0xff && head[1] === 0xfe) || head[1] === 0) texts.push(head.toString('utf16le'));
  return texts.some((t) => t.includes(UFDR_NAMESPACE) && /<project[\s>]/.test(t));
}

async function bid(probe: Probe): Promise<number> {
  if (probe.isZip) {
    const entries = await probe.zipEntries();
    const hasReport = entries.some((e) => REPORT_NAMES.includes(e));
    if (probe.ext === 'ufdr') return hasReport ? 95 : 40;
    // a renamed .ufdr: report.xml at the root beside Cellebrite's folders
    if (hasReport && entries.some((e) => e.startsWith('files/') || e.startsWith('DbData/')))
      return 60;
    return 0;
  }
  if (probe.isSqlite) return 0;
  return looksLikeUfdrReport(probe.head) ? 92 : 0;
}

async function resolverForZip(ctx: ParseContext, hash: boolean): Promise<FileResolver> {
  const zip = await ctx.openZip();
  return {
    async resolve(localPath) {
      const p = normaliseLocalPath(localPath);
      const info = zip.info(p);
      if (!info || info.isDirectory) return null;
      const path = `${ctx.file.path}!/${p}`;
      if (info.refused)
        throw new AppError(ErrorCodes.ZIP_BOMB, `entry refused: ${info.refused}`, { file: path });
      if (!hash) return { path, size: info.size, sha256: null };
      const r = await sha256Stream(await zip.openEntry(p));
      return { path, size: r.bytes, sha256: r.sha256 };
    },
  };
}

function resolverForFolder(ctx: ParseContext, hash: boolean): FileResolver {
  let index: Map<string, EvidenceFile> | null = null;
  const dir = posix.dirname(ctx.file.path.replace(/\\/g, '/'));
  return {
    async resolve(localPath) {
      index ??= new Map(ctx.findFiles(() => true).map((f) => [f.path.replace(/\\/g, '/'), f]));
      const p = normaliseLocalPath(localPath);
      const f = index.get(dir === '.' ? p : `${dir}/${p}`) ?? index.get(p);
      if (!f) return null;
      // the report's decoded models come from this file: it is not parsed a second time
      ctx.claim?.(f, 'extracted file the report lists in taggedFiles');
      return { path: f.path, size: f.size, sha256: hash ? await f.sha256() : null };
    },
  };
}

/** A Cellebrite UFDR parser with the given budgets (the registered one uses the defaults). */
export function createCellebriteUfdrParser(opts: UfdrParseOptions = {}): Parser {
  return {
    id: 'cellebrite-ufdr',
    version: '1.0.0',
    label: 'Cellebrite UFDR / report.xml',
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
    container: true,
    bid,
    readsFirst: (f) => REPORT_NAMES.includes(f.name),
    async parse(ctx) {
      const hash = opts.hashFiles ?? true;
      const head = await ctx.file.head(8);
      const isZip = head[0] === 0x50 && head[1] === 0x4b;
      if (isZip) {
        const zip = await ctx.openZip();
        const name = REPORT_NAMES.find((n) => zip.has(n));
        if (!name)
          throw new AppError(
            ErrorCodes.UNSUPPORTED_FORMAT,
            'the archive has no report.xml at its root',
            {
              file: ctx.file.path,
            },
          );
        const resolver = await resolverForZip(ctx, hash);
        await readUfdrReport(
          ctx,
          await zip.openEntry(name),
          `${ctx.file.path}!/${name}`,
          resolver,
          opts,
        );
        return;
      }
      await readUfdrReport(
        ctx,
        await ctx.file.open(),
        ctx.file.path,
        resolverForFolder(ctx, hash),
        opts,
      );
    },
  };
}

export const cellebriteUfdrParser: Parser = createCellebriteUfdrParser();
