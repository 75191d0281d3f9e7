// `threadline models import DIR | list`: Bergamot model packs. Import checks every file against the
// published manifest (size, SHA-256) and copies only verified pairs into the data folder; a file
// that does not match is refused with MODEL_HASH_MISMATCH and the command exits 1.
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import {
  importPack,
  listImported,
  loadManifest,
} from '../../language/engines/bergamot/model-pack.js';

export const registerModels: RegisterCommand = (program, deps) => {
  const cmd = program
    .command('models')
    .description('translation model packs (Bergamot / Firefox Translations)');

  cmd
    .command('import <dir>')
    .description(
      'check a model pack folder (models/<tier>/<pair>/<file>) against the published SHA-256 values and import the pairs that match',
    )
    .option(
      '--manifest <file>',
      'manifest to check against (default: data/models/firefox-translations.json)',
    )
    .action(async (dir: string, o: { manifest?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const manifest = loadManifest(o.manifest);
        const r = await importPack(dir, app.dataDir, manifest);
        await app.audit.record({
          actor: app.actor.id,
          action: 'models.import',
          caseId: null,
          outcome: r.refused.length ? 'error' : 'success',
          details: {
            dir,
            manifestCommit: manifest.commit,
            imported: r.imported.map((e) => e.key),
            refused: r.refused.map((x) => ({ key: x.key, code: x.error.code })),
          },
          origin: 'cli',
        });
        if (r.refused.length) process.exitCode = 1;
        printResult(
          g,
          {
            imported: r.imported.map((e) => ({ key: e.key, from: e.from, to: e.to, tier: e.tier })),
            refused: r.refused.map((x) => ({ key: x.key, error: x.error.toJSON() })),
            root: r.root,
          },
          () =>
            [
              ...r.imported.map((e) => `imported ${e.key} (${e.from} → ${e.to}, ${e.tier})`),
              ...r.refused.map((x) => `REFUSED ${x.key}: ${x.error.describe()}`),
            ].join('\n'),
        );
      }),
    );

  cmd
    .command('list')
    .description('list imported model packs')
    .action(async (_o, c) =>
      deps.withApp(c, async (app, g) => {
        const list = listImported(app.dataDir);
        printResult(g, list, () =>
          list.length
            ? table(
                list.map((e) => [e.key, `${e.from} → ${e.to}`, e.tier, e.importedAt]),
                ['PACK', 'PAIR', 'TIER', 'IMPORTED'],
              )
            : 'no model pack imported (threadline models import DIR)',
        );
      }),
    );
};
