// Where a logical evidence path lies on disk: logical paths start with the name of the input they
// were read from (`<input name>/…`), so they sit beside that input (its recorded origin), or under
// `root` when the evidence has moved.
import { dirname, join, resolve } from 'node:path';

export function sourceDiskPath(origin: string, logical: string, root?: string): string {
  return join(root ? resolve(root) : dirname(resolve(origin)), logical);
}
