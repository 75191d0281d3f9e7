// `threadline export <ref> --format jsonl --out FILE`: the canonical export (other formats register
// themselves in EXPORT_FORMATS).
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { exportCanonicalToFile } from '../../report/canonical-export.js';
import { printResult } from '../output.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type { AppContext } from '../../app/app-context.js';
import { GRAPH_EXPORT_FORMATS } from './graph-export-formats.js';
import { writeExportManifest } from '../../report/export-manifest.js';
import { loadRedactor, victimRedactionForced, type Redactor } from '../../report/redaction.js';

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export interface ExportRunOptions {
  purpose?: string;
  /** Victim redaction to apply (only formats with `redacts` accept one). */
  redactor?: Redactor | null;
}

export interface ExportFormat {
  name: string;
  description: string;
  /** True when the format applies victim redaction; others refuse a redacted export. */
  redacts?: boolean;
  run(
    app: AppContext,
    caseId: string,
    out: string,
    opts: ExportRunOptions,
  ): Promise<Record<string, unknown>>;
}

export const EXPORT_FORMATS: ExportFormat[] = [
  {
    name: 'jsonl',
    description: 'canonical JSON Lines (byte-identical for the same inputs)',
    redacts: true,
    run: async (app, caseId, out, o) => ({
      ...(await exportCanonicalToFile(app.store, caseId, out, {
        transform: o.redactor ? (row) => o.redactor!.value(row) : undefined,
      })),
    }),
  },
  ...GRAPH_EXPORT_FORMATS,
];

/** The small, numeric part of an export's result (counts, hashes), for the audit entry. */
function summary(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r))
    if (typeof v === 'number' || (typeof v === 'string' && v.length <= 128)) out[k] = v;
  return out;
}

export const registerExport: RegisterCommand = (program, deps) => {
  program
    .command('export <ref>')
    .description('export a case')
    .requiredOption('--format <format>', 'jsonl | csv | graphml | gexf | anx | html (as available)')
    .requiredOption('--out <file>', 'output file')
    .option('--purpose <text>', 'why this export is made (recorded in the audit)')
    .option(
      '--redact <what>',
      "'victims': replace every identifier flagged as a victim's with a stable pseudonym",
    )
    .option(
      '--redact-identifier <key>',
      'also redact this identifier key (repeatable)',
      collect,
      [],
    )
    .action(
      async (
        ref: string,
        o: {
          format: string;
          out: string;
          purpose?: string;
          redact?: string;
          redactIdentifier: string[];
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const kase = await openCase(app, ref, 'export.write', {
            record: false,
            purpose: o.purpose,
          });
          const fmt = EXPORT_FORMATS.find((f) => f.name === o.format);
          if (!fmt)
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              `unknown export format ${o.format}; available: ${EXPORT_FORMATS.map((f) => f.name).join(', ')}`,
            );
          if (o.redact !== undefined && o.redact !== 'victims')
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              `--redact takes 'victims', not ${o.redact}`,
            );
          // by role: who may not see victims' identities always gets them redacted
          const forced = victimRedactionForced(app.actor.roles);
          const redactor = await loadRedactor(app.store, kase.id, {
            victims: forced || o.redact === 'victims',
            identifiers: o.redactIdentifier,
          });
          if (redactor && redactor.summary.identifiers > 0 && !fmt.redacts)
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              `the ${fmt.name} export cannot redact victims yet; use jsonl or i2csv`,
            );
          const r = await fmt.run(app, kase.id, o.out, { purpose: o.purpose, redactor });
          // every export gets a manifest: files with sizes and SHA-256, case, marking, who and when
          const manifest = await writeExportManifest([o.out], {
            caseId: kase.id,
            caseRef: kase.ref,
            marking: kase.marking,
            format: fmt.name,
            toolVersion: app.toolVersion,
            exportedBy: { id: app.actor.id, name: app.actor.name, roles: app.actor.roles },
            purpose: o.purpose ?? null,
            redaction: redactor ? { ...redactor.summary, forcedByRole: forced } : null,
          });
          // disclosure: who, when, which case, why, in which format and to which file
          await app.audit.record({
            actor: app.actor.id,
            action: 'export.write',
            caseId: kase.id,
            purpose: o.purpose ?? null,
            outcome: 'success',
            details: {
              format: fmt.name,
              out: o.out,
              manifest: manifest.path,
              marking: kase.marking,
              redaction: redactor ? { ...redactor.summary, forcedByRole: forced } : null,
              ...summary(r),
            },
            origin: 'cli',
          });
          printResult(
            g,
            { format: fmt.name, out: o.out, manifest: manifest.path, ...r },
            () =>
              `wrote ${o.out} (${fmt.name}): ${JSON.stringify(r)}\nmanifest: ${manifest.path} (${manifest.manifest.marking})`,
          );
        }),
    );
};
