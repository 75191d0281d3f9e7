// One validated configuration schema with a description per field. Resolved as defaults, then a
// config file, then THREADLINE_* environment variables, then command-line flags.
import { z } from 'zod';

export const ConfigSchema = z
  .object({
    dataDir: z
      .string()
      .default('.threadline')
      .describe('Folder of the embedded store, scratch space and imported models'),
    mode: z
      .enum(['embedded', 'server'])
      .default('embedded')
      .describe('embedded: SQLite and in-process jobs; server: PostgreSQL and worker processes'),
    database: z
      .object({
        url: z
          .string()
          .optional()
          .describe('PostgreSQL connection URL (server mode); never logged'),
      })
      .default({}),
    store: z
      .object({
        kind: z
          .enum(['sqlite', 'postgres'])
          .optional()
          .describe('Store: sqlite (embedded default) or postgres (server mode default)'),
        url: z
          .string()
          .optional()
          .describe('PostgreSQL connection URL (overrides database.url); never logged'),
      })
      .default({})
      .describe('Which store to open (THREADLINE_STORE__KIND, THREADLINE_STORE__URL)'),
    region: z
      .string()
      .length(2)
      .default('GB')
      .describe('Default ISO region for national phone numbers'),
    server: z
      .object({
        host: z.string().default('127.0.0.1').describe('Address to listen on'),
        port: z.coerce.number().int().min(0).max(65535).default(7474),
        trustProxy: z.boolean().default(false),
        secureCookies: z
          .boolean()
          .default(false)
          .describe('Mark session cookies Secure (set true behind TLS)'),
      })
      .default({ host: '127.0.0.1', port: 7474, trustProxy: false, secureCookies: false }),
    network: z
      .object({
        allowed: z
          .boolean()
          .default(false)
          .describe('Allow outbound network use (HTTP translation engines); off by default'),
      })
      .default({ allowed: false }),
    ingest: z
      .object({
        batchRows: z.coerce.number().int().min(100).max(100_000).default(5000),
      })
      .default({ batchRows: 5000 }),
    translation: z
      .object({
        engines: z
          .record(z.string(), z.record(z.string(), z.unknown()))
          .default({})
          .describe(
            'Per-engine settings by engine name (apertium, llm, libretranslate, azure, deepl; see docs/language.md). HTTP engines are off unless listed here with a url or apiKey and network.allowed is true; keys via THREADLINE_TRANSLATION__ENGINES__<NAME>__API_KEY, never logged',
          ),
        routes: z
          .record(z.string(), z.array(z.string()))
          .default({})
          .describe('Language pair (or *) to engine fallback chain'),
        target: z.string().default('en'),
        maxChars: z.coerce
          .number()
          .int()
          .min(100)
          .max(1_000_000)
          .default(20_000)
          .describe('Longest message translated; longer ones get a FIELD_TOO_LARGE error'),
        batchSize: z.coerce
          .number()
          .int()
          .min(1)
          .max(10_000)
          .default(64)
          .describe('Items per engine call'),
        workers: z.coerce
          .number()
          .int()
          .min(0)
          .max(64)
          .default(2)
          .describe('Worker threads/processes for language identification and offline engines'),
      })
      .default({
        engines: {},
        routes: {},
        target: 'en',
        maxChars: 20_000,
        batchSize: 64,
        workers: 2,
      }),
    audio: z
      .object({
        engines: z
          .record(z.string(), z.record(z.string(), z.unknown()))
          .default({})
          .describe(
            'Per-engine settings by engine name (whisper: binary, model, sha256; openai-http: url, model, apiKey)',
          ),
        order: z
          .array(z.string())
          .default(['whisper', 'openai-http', 'pocketsphinx'])
          .describe('Transcription engines in preference order; unavailable ones are passed over'),
        maxSeconds: z.coerce
          .number()
          .int()
          .min(1)
          .max(24 * 3600)
          .default(3 * 3600)
          .describe('Longest audio transcribed as one item'),
        concurrency: z.coerce.number().int().min(1).max(64).default(2),
        ffmpeg: z.string().default('ffmpeg'),
      })
      .default({
        engines: {},
        order: ['whisper', 'openai-http', 'pocketsphinx'],
        maxSeconds: 3 * 3600,
        concurrency: 2,
        ffmpeg: 'ffmpeg',
      }),
    auth: z
      .object({
        required: z
          .boolean()
          .optional()
          .describe(
            'Require sign-in with accounts, roles and case membership (default: on in server mode, off in embedded mode, where the single local user acts)',
          ),
        maxFailures: z.coerce.number().int().min(1).max(100).default(5),
        lockoutMinutes: z.coerce
          .number()
          .min(1)
          .max(24 * 60)
          .default(10),
        idleMinutes: z.coerce
          .number()
          .min(1)
          .max(24 * 60)
          .default(30),
        absoluteHours: z.coerce.number().min(1).max(72).default(12),
        loginsPerMinute: z.coerce
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(10)
          .describe('Sign-in attempts per minute from one address'),
        requestsPerMinute: z.coerce
          .number()
          .int()
          .min(10)
          .max(1_000_000)
          .default(1200)
          .describe('API requests per minute from one address'),
      })
      .default({
        maxFailures: 5,
        lockoutMinutes: 10,
        idleMinutes: 30,
        absoluteHours: 12,
        loginsPerMinute: 10,
        requestsPerMinute: 1200,
      }),
    log: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info'),
      })
      .default({ level: 'info' }),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
