// Locates the public sample corpus for tests: THREADLINE_CORPUS, else ../shared/corpus/public from
// the project root, else /work/shared/corpus/public. Tests skip with a message when it is absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function corpusRoot(): string | null {
  const candidates = [
    process.env.THREADLINE_CORPUS,
    resolve(process.cwd(), '../shared/corpus/public'),
    '/work/shared/corpus/public',
  ].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Absolute path of a corpus file, or null when the corpus (or that file) is absent. */
export function corpusFile(...parts: string[]): string | null {
  const root = corpusRoot();
  if (!root) return null;
  const p = join(root, ...parts);
  return existsSync(p) ? p : null;
}
