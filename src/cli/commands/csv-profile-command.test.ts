// `threadline csv-profile list|show|save|match` and `ingest --csv-profile` through the real CLI.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../../testkit/run-cli.js';
import { saveProfile } from '../../ingest/formats/shared/tabular/profile-store.js';

describe('threadline csv-profile', () => {
  it('lists built-ins, saves a user profile from flags, matches and ingests with it', () => {
    const data = mkdtempSync(join(tmpdir(), 'tl-cli-prof-'));
    const list = runCli(['--data', data, '--json', 'csv-profile', 'list']).json<
      Array<{ name: string; origin: string }>
    >();
    expect(list.filter((p) => p.origin === 'builtin').map((p) => p.name)).toEqual(
      expect.arrayContaining(['generic-messages', 'generic-calls', 'generic-contacts']),
    );

    const saved = runCli([
      '--data',
      data,
      'csv-profile',
      'save',
      'shop-phone',
      '--kind',
      'messages',
      '--column',
      'date=Wann',
      '--column',
      'party=Nummer',
      '--column',
      'body=Nachricht',
      '--column',
      'direction=Richtung',
      '--date-format',
      'dd.MM.yyyy HH:mm',
      '--timezone',
      'Europe/Berlin',
      '--delimiter',
      'semicolon',
    ]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(existsSync(join(data, 'csv-profiles', 'shop-phone.json'))).toBe(true);
    const shown = JSON.parse(
      runCli(['--data', data, 'csv-profile', 'show', 'shop-phone']).stdout,
    ) as Record<string, unknown>;
    expect(shown).toMatchObject({
      name: 'shop-phone',
      format: 'generic-csv',
      delimiter: ';',
      required: ['date', 'party', 'body', 'direction'],
      dates: { formats: ['dd.MM.yyyy HH:mm'], timezone: 'Europe/Berlin' },
    });
    const csv = join(data, 'export.csv');
    writeFileSync(csv, 'Wann;Nummer;Richtung;Nachricht\n01.07.2024 18:05;01632 960001;out;Hallo\n');
    const m = runCli(['--data', data, '--json', 'csv-profile', 'match', csv]).json<{
      profile: string;
      mapping: Record<string, string>;
    }>();
    expect(m).toMatchObject({
      profile: 'shop-phone',
      mapping: { Wann: 'date', Nachricht: 'body' },
    });

    expect(runCli(['--data', data, 'case', 'create', 'OP-P']).status).toBe(0);
    const ing = runCli([
      '--data',
      data,
      '--json',
      'ingest',
      'OP-P',
      csv,
      '--csv-profile',
      'shop-phone',
    ]);
    expect(ing.status, ing.stderr).toBe(0);
    const r = ing.json<{
      counts: Record<string, number>;
      sources: Array<{ parser: string; status: string }>;
    }>();
    expect(r.counts).toEqual({ messages: 1 });
    expect(r.sources[0]).toMatchObject({ parser: 'generic-csv@1.0.0', status: 'parsed' });
  }, 300_000);

  it('refuses to overwrite a saved profile without --force, and refuses invalid profiles', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tl-prof-')), 'csv-profiles');
    const p = {
      name: 'x-one',
      format: 'generic-csv',
      kind: 'messages',
      columns: { body: ['B'] },
      required: ['body'],
    };
    expect(saveProfile(dir, p).profile.name).toBe('x-one');
    expect(() => saveProfile(dir, p)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(saveProfile(dir, { ...p, description: 'v2' }, true).profile.description).toBe('v2');
    expect(() => saveProfile(dir, { ...p, name: 'Bad Name' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => saveProfile(dir, { ...p, kind: 'cdr' })).toThrow(
      /kind cdr goes with format uk-cdr/,
    );
    expect(() => saveProfile(dir, { ...p, columns: { sender: ['S'], colour: ['C'] } })).toThrow(
      /field colour is not one of/,
    );
  });
});
