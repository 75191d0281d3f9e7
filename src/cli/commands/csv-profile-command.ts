// `threadline csv-profile list|show|save|match`: the column-mapping profiles of CSV and call data
// record imports, built-in (data/csv-profiles/) and the examiner's own (saved in the data folder).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { loadConfig } from '../../config/load-config.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { printResult, reportError, table } from '../output.js';
import {
  allProfiles,
  findProfile,
  saveProfile,
} from '../../ingest/formats/shared/tabular/profile-store.js';
import { headLines, matchHeader } from '../../ingest/formats/shared/tabular/table-reader.js';
import { DiskFile } from '../../evidence/disk-file.js';
import { statSync } from 'node:fs';

/** The user's profile folder inside the data folder. */
export function profileDirOf(dataDir: string): string {
  return join(resolve(dataDir), 'csv-profiles');
}

function userDir(cmd: Command): string {
  const g = cmd.optsWithGlobals() as { data?: string; config?: string };
  const config = loadConfig({
    file: g.config,
    env: process.env,
    flags: g.data ? { dataDir: g.data } : {},
  });
  return profileDirOf(config.dataDir);
}

function run(cmd: Command, fn: (json: boolean) => void | Promise<void>): Promise<void> {
  const g = cmd.optsWithGlobals() as { json?: boolean };
  return Promise.resolve()
    .then(() => fn(!!g.json))
    .catch((e: unknown) => {
      process.exitCode = reportError(e, g);
    });
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

interface SaveFlags {
  fromFile?: string;
  like?: string;
  format?: string;
  kind?: string;
  column?: string[];
  required?: string[];
  dateFormat?: string[];
  timezone?: string;
  encoding?: string;
  delimiter?: string;
  description?: string;
  force?: boolean;
}

export const registerCsvProfile: RegisterCommand = (program) => {
  const cmd = program
    .command('csv-profile')
    .description('column-mapping profiles for CSV and call data record imports');

  cmd
    .command('list')
    .description('list built-in and saved profiles')
    .action((_o, c: Command) =>
      run(c, (json) => {
        const ps = allProfiles(userDir(c));
        printResult(
          { json },
          ps.map((p) => ({ ...p.profile, origin: p.origin, path: p.path })),
          () =>
            table(
              ps.map((p) => [
                p.profile.name,
                p.origin,
                p.profile.format,
                p.profile.kind,
                p.profile.description,
              ]),
              ['NAME', 'ORIGIN', 'FORMAT', 'KIND', 'DESCRIPTION'],
            ),
        );
      }),
    );

  cmd
    .command('show <name>')
    .description('print a profile as JSON')
    .action((name: string, _o, c: Command) =>
      run(c, () => {
        const p = findProfile(name, userDir(c));
        process.stdout.write(JSON.stringify({ ...p.profile }, null, 2) + '\n');
      }),
    );

  cmd
    .command('save <name>')
    .description('save a profile to the data folder, from a JSON file or from flags')
    .option('--from-file <file>', 'a profile as JSON (its name is replaced by <name>)')
    .option('--like <profile>', 'start from an existing profile and change it with the flags')
    .option('--format <format>', 'generic-csv or uk-cdr')
    .option('--kind <kind>', 'messages, calls, contacts or cdr')
    .option('--column <field=header>', 'map a header to a field (repeat)', collect)
    .option(
      '--required <fields>',
      'a required field, or alternatives a|b (repeat; default: every mapped field)',
      collect,
    )
    .option(
      '--date-format <format>',
      'a date format such as "dd/MM/yyyy HH:mm:ss" or iso (repeat)',
      collect,
    )
    .option('--timezone <zone>', 'IANA zone of times written without one, e.g. Europe/London')
    .option('--encoding <encoding>', 'auto, utf-8, utf-16le, utf-16be, windows-1252 or iso-8859-1')
    .option('--delimiter <char>', 'auto, comma, semicolon, tab or pipe')
    .option('--description <text>', 'what files the profile is for')
    .option('--force', 'replace a saved profile of the same name')
    .action((name: string, o: SaveFlags, c: Command) =>
      run(c, (json) => {
        const dir = userDir(c);
        let base: Record<string, unknown> = {};
        if (o.fromFile) {
          try {
            base = JSON.parse(readFileSync(o.fromFile, 'utf8')) as Record<string, unknown>;
          } catch (e) {
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              `cannot read ${o.fromFile}: ${(e as Error).message}`,
            );
          }
        } else if (o.like) base = { ...findProfile(o.like, dir).profile };
        const columns = { ...((base.columns as Record<string, unknown[]>) ?? {}) };
        const mapped: string[] = [];
        for (const m of o.column ?? []) {
          const i = m.indexOf('=');
          if (i <= 0)
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              `--column wants field=header, got ${JSON.stringify(m)}`,
            );
          const field = m.slice(0, i).trim();
          columns[field] = [
            ...(mapped.includes(field) ? (columns[field] ?? []) : []),
            m.slice(i + 1).trim(),
          ];
          mapped.push(field);
        }
        const delimiters: Record<string, string> = {
          comma: ',',
          semicolon: ';',
          tab: '\t',
          pipe: '|',
        };
        const kind = o.kind ?? (base.kind as string | undefined) ?? 'messages';
        const profile: Record<string, unknown> = {
          ...base,
          name,
          format:
            o.format ??
            (base.format as string | undefined) ??
            (kind === 'cdr' ? 'uk-cdr' : 'generic-csv'),
          kind,
          columns,
          required: o.required ?? (mapped.length ? [...new Set(mapped)] : base.required),
        };
        if (o.description) profile.description = o.description;
        if (o.encoding) profile.encoding = o.encoding;
        if (o.delimiter) profile.delimiter = delimiters[o.delimiter] ?? o.delimiter;
        if (o.dateFormat || o.timezone) {
          const dates = { ...((base.dates as Record<string, unknown>) ?? {}) };
          if (o.dateFormat) dates.formats = o.dateFormat;
          if (o.timezone) dates.timezone = o.timezone;
          profile.dates = dates;
        }
        const saved = saveProfile(dir, profile, !!o.force);
        printResult(
          { json },
          { ...saved.profile, path: saved.path },
          () => `saved profile ${saved.profile.name} to ${saved.path}`,
        );
      }),
    );

  cmd
    .command('match <file>')
    .description('show which profile a file matches on its header, and how its columns map')
    .action((file: string, _o, c: Command) =>
      run(c, async (json) => {
        const f = new DiskFile(resolve(file), file, statSync(file).size, file);
        const head = await f.head(65536);
        const m = matchHeader(headLines(head), allProfiles(userDir(c)));
        if (!m)
          throw new AppError(ErrorCodes.CSV_MAPPING, 'no profile matches this file', {
            file,
            record: 'line 1',
          });
        const mapping = [...m.map.fields].flatMap(([field, cols]) =>
          cols.map((col) => [col.header, field]),
        );
        printResult(
          { json },
          {
            profile: m.stored.profile.name,
            origin: m.stored.origin,
            headerLine: m.line,
            mapping: Object.fromEntries(mapping),
            unexpected: m.map.unexpected.map((u) => u.header),
          },
          () =>
            [
              `profile ${m.stored.profile.name} (${m.stored.origin}), header on line ${m.line}`,
              table(mapping, ['COLUMN', 'FIELD']),
              m.map.unexpected.length
                ? `not mapped: ${m.map.unexpected.map((u) => u.header).join(', ')}`
                : '',
            ].join('\n'),
        );
      }),
    );
};
