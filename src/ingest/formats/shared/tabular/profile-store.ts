// Mapping profiles: the built-in ones shipped in data/csv-profiles/ and the user's own, saved as
// JSON in a folder of the data directory. Loading validates every file; a broken user profile is
// reported by name, never silently skipped.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCodes } from '../../../../model/errors.js';
import { ProfileSchema, type Profile } from './profile-schema.js';

/** The repository's built-in profiles folder (same depth under src/ and dist/). */
export const BUILTIN_PROFILE_DIR = fileURLToPath(
  new URL('../../../../../data/csv-profiles/', import.meta.url),
);

export interface StoredProfile {
  profile: Profile;
  origin: 'builtin' | 'user';
  path: string;
}

function readProfile(path: string, origin: StoredProfile['origin']): StoredProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError(
      ErrorCodes.CONFIG_INVALID,
      `profile is not valid JSON: ${(e as Error).message}`,
      {
        file: path,
      },
    );
  }
  const parsed = ProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new AppError(ErrorCodes.CONFIG_INVALID, `invalid profile: ${issues}`, { file: path });
  }
  return { profile: parsed.data, origin, path };
}

function readDir(dir: string, origin: StoredProfile['origin']): StoredProfile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readProfile(join(dir, f), origin));
}

let builtins: StoredProfile[] | null = null;

export function builtinProfiles(): StoredProfile[] {
  builtins ??= readDir(BUILTIN_PROFILE_DIR, 'builtin');
  return builtins;
}

/** Every profile: the user's first (a user profile with a built-in's name replaces it). */
export function allProfiles(userDir?: string | null): StoredProfile[] {
  const user = userDir ? readDir(userDir, 'user') : [];
  const names = new Set(user.map((p) => p.profile.name));
  return [...user, ...builtinProfiles().filter((p) => !names.has(p.profile.name))];
}

export function findProfile(name: string, userDir?: string | null): StoredProfile {
  const hit = allProfiles(userDir).find((p) => p.profile.name === name);
  if (!hit)
    throw new AppError(
      ErrorCodes.NOT_FOUND,
      `no CSV profile named ${JSON.stringify(name)} (see \`threadline csv-profile list\`)`,
    );
  return hit;
}

/** Validate and save a user profile as `<userDir>/<name>.json` (atomic rename). */
export function saveProfile(userDir: string, input: unknown, overwrite = false): StoredProfile {
  const parsed = ProfileSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `invalid profile: ${issues}`);
  }
  const profile = parsed.data;
  mkdirSync(userDir, { recursive: true });
  const path = join(userDir, `${profile.name}.json`);
  if (existsSync(path) && !overwrite)
    throw new AppError(
      ErrorCodes.CONFLICT,
      `a user profile named ${profile.name} already exists (use --force to replace it)`,
      { file: path },
    );
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
  return { profile, origin: 'user', path };
}
