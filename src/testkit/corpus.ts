// Where the public sample corpus is: THREADLINE_CORPUS, else ../shared/corpus/public beside the
// project, else /work/shared/corpus/public. Tests skip with a message when it is absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function corpusRoot(): string | null {
  const candidates = [
    process.env.THREADLINE_CORPUS,
    resolve(process.cwd(), '../shared/corpus/public'),
    '/work/shared/corpus/public',
  ].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Absolute path of a file in the public corpus, or null when the corpus (or file) is absent. */
export function corpusPath(relative: string): string | null {
  const root = corpusRoot();
  if (!root) return null;
  const p = join(root, relative);
  return existsSync(p) ? p : null;
}
