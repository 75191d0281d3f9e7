// The validated shape of a column-mapping profile (built-in ones in data/csv-profiles/, user ones
// saved in the data folder): which header names mean which field, date formats and time zones,
// value vocabularies, and which parser uses it (generic CSV import or operator call data records).
import { z } from 'zod';
import { TEXT_ENCODINGS } from '../../../../evidence/text-lines.js';
import { isValidZone } from './zoned-time.js';

/** Fields a profile can map, by kind of record. */
export const PROFILE_FIELDS = {
  common: ['id', 'timestamp', 'date', 'time', 'direction', 'app', 'deleted', 'status', 'owner'],
  messages: [
    'sender',
    'senderName',
    'recipients',
    'party',
    'partyName',
    'body',
    'subject',
    'thread',
    'type',
    'read',
  ],
  calls: ['caller', 'callee', 'party', 'partyName', 'duration', 'callType', 'video'],
  contacts: [
    'name',
    'firstName',
    'lastName',
    'phone',
    'email',
    'whatsapp',
    'telegram',
    'account',
    'note',
    'group',
  ],
  cdr: [
    'recordType',
    'party',
    'aNumber',
    'bNumber',
    'cNumber',
    'target',
    'duration',
    'endTime',
    'imei',
    'imsi',
    'startCell',
    'endCell',
    'lac',
    'cid',
    'ecgi',
    'mcc',
    'mnc',
    'cellName',
    'cellLat',
    'cellLon',
    'azimuth',
    'roaming',
    'reference',
  ],
} as const;

const ColumnSpec = z.union([
  z.string().min(1),
  z
    .object({
      header: z.string().min(1),
      /** Zone that applies to this column's times (`Timestamp (UTC)` → `UTC`). */
      timezone: z.string().optional(),
      /** Label kept with an identifier read from this column (`Mobile`, `Home`). */
      label: z.string().optional(),
    })
    .strict(),
]);
export type ColumnSpec = z.infer<typeof ColumnSpec>;

const zone = z.string().refine((v) => isValidZone(v), { message: 'not a known IANA time zone' });

export const ProfileSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case: lower-case letters, digits and dashes'),
    description: z.string().default(''),
    /** The parser that reads files with this profile. */
    format: z.enum(['generic-csv', 'uk-cdr']),
    kind: z.enum(['messages', 'calls', 'contacts', 'cdr']),
    /** True for layouts invented for testing (no public specification exists). */
    madeUp: z.boolean().default(false),
    /** Operator or tool whose layout this is. */
    operator: z.string().optional(),
    /** App recorded on items (default: sms for messages, phone for calls). */
    app: z.string().optional(),
    encoding: z.enum(TEXT_ENCODINGS).default('auto'),
    delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto'),
    /** 1-based line of the header, or auto (the first line in the first 30 that maps enough fields). */
    headerLine: z.union([z.literal('auto'), z.number().int().min(1).max(1000)]).default('auto'),
    columns: z.record(z.string(), z.array(ColumnSpec).min(1)),
    /** Fields that must be mapped for the profile to apply (`a|b` means either). */
    required: z.array(z.string()).min(1),
    dates: z
      .object({
        formats: z.array(z.string().min(1)).min(1).default(['iso']),
        /** Zone of times without one (IANA); absent: the ingest's --timezone, else unknown. */
        timezone: zone.optional(),
      })
      .strict()
      .default({ formats: ['iso'] }),
    /** Value vocabularies (lower-case cell text → meaning), merged over the defaults. */
    values: z
      .object({
        direction: z
          .object({
            incoming: z.array(z.string()).default([]),
            outgoing: z.array(z.string()).default([]),
          })
          .partial()
          .optional(),
        recordType: z.record(z.string(), z.array(z.string())).optional(),
        status: z.record(z.string(), z.array(z.string())).optional(),
      })
      .strict()
      .default({}),
    /** Separator of several identifiers in one cell (recipients). */
    listSeparator: z.string().min(1).max(3).default(';'),
    /** Lines above the header that carry facts (`Target MSISDN: 07700 900123`): label → field. */
    preamble: z.record(z.string(), z.string()).default({}),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const allowed = new Set<string>([...PROFILE_FIELDS.common, ...PROFILE_FIELDS[p.kind]]);
    for (const f of Object.keys(p.columns))
      if (!allowed.has(f))
        ctx.addIssue({
          code: 'custom',
          path: ['columns', f],
          message: `field ${f} is not one of: ${[...allowed].join(', ')}`,
        });
    for (const r of p.required)
      for (const f of r.split('|'))
        if (!allowed.has(f))
          ctx.addIssue({ code: 'custom', path: ['required'], message: `unknown field ${f}` });
    if ((p.format === 'uk-cdr') !== (p.kind === 'cdr'))
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'kind cdr goes with format uk-cdr, and only with it',
      });
  });

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
