// Resolves configuration in layers (defaults → file → THREADLINE_* env → flags), validates it and
// freezes it. Only composition roots call this; libraries receive options.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCodes } from '../model/errors.js';
import { ConfigSchema, type Config } from './config-schema.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  }
  return out;
}

function coerce(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^[[{]/.test(v.trim())) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

const ENV_ALIASES: Record<string, string[]> = {
  THREADLINE_DATABASE_URL: ['database', 'url'],
  THREADLINE_DATA_DIR: ['dataDir'],
  THREADLINE_MODE: ['mode'],
  THREADLINE_PORT: ['server', 'port'],
  THREADLINE_HOST: ['server', 'host'],
  THREADLINE_NETWORK_ALLOWED: ['network', 'allowed'],
  THREADLINE_LOG_LEVEL: ['log', 'level'],
  THREADLINE_REGION: ['region'],
};

/** THREADLINE_* variables: known aliases, plus THREADLINE_A__B=v for nested key a.b. */
export function configFromEnv(env: NodeJS.ProcessEnv): Json {
  let out: Json = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('THREADLINE_') || value === undefined || name === 'THREADLINE_CONFIG')
      continue;
    const path =
      ENV_ALIASES[name] ??
      name
        .slice('THREADLINE_'.length)
        .split('__')
        .map((p) => p.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
    const leaf = path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), coerce(value));
    out = deepMerge(out, leaf as Json);
  }
  return out;
}

export interface LoadConfigOptions {
  /** Explicit config file (else THREADLINE_CONFIG, else <dataDir>/threadline.config.json if present). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags (highest precedence). */
  flags?: Json;
}

export function loadConfig(opts: LoadConfigOptions = {}): Readonly<Config> {
  const env = opts.env ?? {};
  const envLayer = configFromEnv(env);
  const flags = opts.flags ?? {};
  const dataDir =
    (flags.dataDir as string | undefined) ??
    (envLayer.dataDir as string | undefined) ??
    '.threadline';
  const file =
    opts.file ??
    env.THREADLINE_CONFIG ??
    (existsSync(join(dataDir, 'threadline.config.json'))
      ? join(dataDir, 'threadline.config.json')
      : undefined);
  let fileLayer: Json = {};
  if (file) {
    try {
      fileLayer = JSON.parse(readFileSync(file, 'utf8')) as Json;
    } catch (e) {
      throw new AppError(
        ErrorCodes.CONFIG_INVALID,
        `cannot read config file: ${(e as Error).message}`,
        { file },
      );
    }
  }
  const merged = deepMerge(deepMerge(fileLayer, envLayer), flags);
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new AppError(ErrorCodes.CONFIG_INVALID, `invalid configuration: ${issues}`, { file });
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(o: T): T {
  if (isObject(o)) for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
}
