// `threadline audit verify|list|export`: check the audit hash chain (in the store or in an exported
// file), read it with filters, export it as JSON Lines that anyone can re-verify. Reading the
// audit log is itself audited; only administrators and supervisors may (supervisors see the
// entries of their own cases).
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { RegisterCommand } from '../command.js';
import type { AppContext } from '../../app/app-context.js';
import { requireGlobal } from '../case-guard.js';
import { printResult, table } from '../output.js';
import { StoreAuditSink, type AuditFilter } from '../../security/store-audit-sink.js';
import { ChainVerifier, type AuditEntry, type ChainReport } from '../../security/audit-chain.js';
import { listCases, findCase } from '../../store/queries/cases.js';
import { caseIdFor } from '../../model/ids.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { canonicalJson } from '../../model/canonical-json.js';
import { rolesAllowGlobal } from '../../security/roles.js';

function parseTime(s: string | undefined, flag: string): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t))
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `${flag} must be an ISO-8601 date or time`);
  return t;
}

function parseCheckpoint(s: string | undefined): { seq: number; hash: string } | undefined {
  if (!s) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(s);
  if (!m) throw new AppError(ErrorCodes.INVALID_ARGUMENT, '--checkpoint must be SEQ:SHA256HEX');
  return { seq: Number(m[1]), hash: m[2]! };
}

/** Cases whose entries the actor may read: all for administrators, else the actor's own cases. */
async function scope(app: AppContext): Promise<string[] | undefined> {
  if (app.actor.id === 'local' || rolesAllowGlobal(app.actor, 'user.admin')) return undefined;
  const all = await listCases(app.store);
  return app.access.visibleCases(
    app.actor,
    all.map((c) => c.id),
  );
}

function describe(r: ChainReport): string {
  const head = `${r.count} entries, head ${r.headSeq}:${r.headHash}`;
  if (r.ok) return `audit chain intact: ${head}`;
  return [
    `AUDIT CHAIN BROKEN: ${r.problems.length} problem(s); ${head}`,
    ...r.problems.map((p) => `  entry ${p.seq}: ${p.kind}: ${p.message}`),
  ].join('\n');
}

async function verifyFile(file: string, checkpoint?: { seq: number; hash: string }) {
  const v = new ChainVerifier({ checkpoint });
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let e: AuditEntry;
    try {
      e = JSON.parse(line) as AuditEntry;
    } catch {
      throw new AppError(ErrorCodes.PARSE_ERROR, 'not a JSON line', { file, record: `line ${n}` });
    }
    v.push(e);
  }
  return v.report();
}

export const registerAudit: RegisterCommand = (program, deps) => {
  const cmd = program.command('audit').description('verify, read and export the audit log');

  cmd
    .command('verify')
    .description('check the hash chain: any edited, deleted or reordered entry is reported')
    .option('--checkpoint <seq:hash>', 'a head recorded earlier (detects a truncated log)')
    .option('--file <jsonl>', 'verify an exported audit file instead of the store')
    .action(async (o: { checkpoint?: string; file?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        await requireGlobal(app, 'audit.view', { command: 'audit verify' });
        const checkpoint = parseCheckpoint(o.checkpoint);
        const r = o.file
          ? await verifyFile(o.file, checkpoint)
          : await new StoreAuditSink(app.store).verify(checkpoint);
        // recorded after the check, so the entry does not change what was verified
        await app.audit.record({
          actor: app.actor.id,
          action: 'audit.verify',
          outcome: r.ok ? 'success' : 'error',
          details: {
            ok: r.ok,
            count: r.count,
            headSeq: r.headSeq,
            problems: r.problems.length,
            ...(o.file ? { file: o.file } : {}),
          },
          origin: 'cli',
        });
        printResult(g, r, () => describe(r));
        if (!r.ok) process.exitCode = 3;
      }),
    );

  cmd
    .command('list')
    .description('audit entries, newest first')
    .option('--case <ref>', 'only this case')
    .option('--actor <id>', 'only this actor')
    .option('--action <action>', 'this action, or a prefix ending in "." (session.)')
    .option('--outcome <outcome>', 'success | denied | error')
    .option('--since <iso>', 'from this time')
    .option('--until <iso>', 'before this time')
    .option('--limit <n>', 'entries per page', '50')
    .option('--cursor <seq>', 'continue below this entry')
    .action(
      async (
        o: {
          case?: string;
          actor?: string;
          action?: string;
          outcome?: string;
          since?: string;
          until?: string;
          limit: string;
          cursor?: string;
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          await requireGlobal(app, 'audit.view', { command: 'audit list' });
          const caseId = o.case
            ? ((await findCase(app.store, o.case))?.id ?? caseIdFor(o.case))
            : undefined;
          const f: AuditFilter = {
            caseId,
            caseIds: await scope(app),
            actor: o.actor,
            action: o.action,
            outcome: o.outcome,
            from: parseTime(o.since, '--since'),
            to: parseTime(o.until, '--until'),
            limit: Number(o.limit),
            cursor: o.cursor ? Number(o.cursor) : undefined,
          };
          const page = await new StoreAuditSink(app.store).list(f);
          await app.audit.record({
            actor: app.actor.id,
            action: 'audit.list',
            caseId: caseId ?? null,
            outcome: 'success',
            details: { filter: { ...f, caseIds: undefined }, count: page.entries.length },
            origin: 'cli',
          });
          printResult(g, page, () =>
            page.entries.length
              ? table(
                  page.entries.map((e) => [
                    e.seq,
                    new Date(e.at).toISOString(),
                    e.actor,
                    e.action,
                    e.outcome,
                    e.caseId ?? '',
                    e.purpose ?? '',
                  ]),
                  ['SEQ', 'AT', 'ACTOR', 'ACTION', 'OUTCOME', 'CASE', 'PURPOSE'],
                ) + (page.next ? `\nmore: --cursor ${page.next}` : '')
              : 'no audit entries',
          );
        }),
    );

  cmd
    .command('export')
    .description('write the audit log as JSON Lines (re-verifiable with audit verify --file)')
    .requiredOption('--out <file>', 'output file')
    .option('--purpose <text>', 'why the log is exported (recorded)')
    .action(async (o: { out: string; purpose?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        await requireGlobal(app, 'audit.view', { command: 'audit export' });
        if ((await scope(app)) !== undefined)
          throw new AppError(
            ErrorCodes.FORBIDDEN,
            'only an administrator may export the whole audit log (supervisors: audit list --case)',
          );
        const out = createWriteStream(o.out, { flags: 'wx' });
        let count = 0;
        for await (const e of new StoreAuditSink(app.store).entries()) {
          if (!out.write(canonicalJson(e) + '\n')) await once(out, 'drain');
          count++;
        }
        out.end();
        await once(out, 'finish');
        await app.audit.record({
          actor: app.actor.id,
          action: 'audit.export',
          purpose: o.purpose ?? null,
          outcome: 'success',
          details: { out: o.out, count },
          origin: 'cli',
        });
        printResult(g, { out: o.out, count }, () => `wrote ${count} audit entries to ${o.out}`);
      }),
    );
};
