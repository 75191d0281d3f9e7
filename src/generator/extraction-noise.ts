// Files every real extraction holds that no parser reads: an app database of an unknown notes app.
// The ground truth lists them so `threadline stats` can be checked to report them as not supported.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GenDevice } from './device-data.js';
import { writeSqliteFile } from './writers/sqlite-file.js';

const PATHS: Partial<Record<GenDevice['platform'], string>> = {
  android: 'data/data/org.example.quicknotes/databases/notes.db',
  ios: 'private/var/mobile/Containers/Data/Application/5E1B2C3D-QUICKNOTES/Documents/notes.sqlite',
};

/** Writes the unsupported files of a device; returns their paths relative to the device folder. */
export function writeExtractionNoise(dir: string, device: GenDevice): string[] {
  const rel = PATHS[device.platform];
  if (!rel) return [];
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeSqliteFile(
    path,
    (db) => {
      db.exec(
        'CREATE TABLE qn_note (qn_id INTEGER PRIMARY KEY, qn_title TEXT, qn_body TEXT, qn_modified INTEGER)',
      );
      const ins = db.prepare('INSERT INTO qn_note VALUES (?, ?, ?, ?)');
      ins.run(1, 'shopping', 'milk, bread, eggs', 1704067200);
      ins.run(2, 'todo', `phone contract renewal (${device.label})`, 1706745600);
    },
    { mode: 'delete' },
  );
  return [rel];
}
