// `threadline translate-file in.csv --column Body --out out.csv`: bulk-translate a CSV phone
// download, adding language, confidence, translation and engine columns (streaming).
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult } from '../output.js';
import { createRouter } from '../../language/engine-setup.js';
import { MemoryTranslationCache } from '../../language/translation-cache.js';
import { LangIdPool } from '../../language/langid/langid-pool.js';
import { translateFile } from '../../language/translate-file.js';
import { Glossary } from '../../language/glossary/glossary.js';
import { listGlossary } from '../../language/glossary/glossary-store.js';
import { assertTarget } from '../../language/translate-case.js';
import { progressBar } from '../progress-bar.js';

export const registerTranslateFile: RegisterCommand = (program, deps) => {
  program
    .command('translate-file <input>')
    .description(
      'translate one column of a CSV file, adding language, confidence, translation and engine columns',
    )
    .requiredOption('--column <name>', 'the column holding the message text')
    .requiredOption('--out <file>', 'output CSV')
    .option('--to <lang>', 'target language (default from configuration: en)')
    .option('--engine <name>', 'use only this engine')
    .option('--delimiter <char>', 'field delimiter', ',')
    .option('--glossary-case <ref>', "apply this case's glossary")
    .action(
      async (
        input: string,
        o: {
          column: string;
          out: string;
          to?: string;
          engine?: string;
          delimiter: string;
          glossaryCase?: string;
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const target = assertTarget(o.to ?? app.config.translation.target);
          let glossary: Glossary | undefined;
          if (o.glossaryCase) {
            const kase = await openCase(app, o.glossaryCase, 'case.view');
            glossary = new Glossary(await listGlossary(app.store.db, kase.id));
          }
          const router = createRouter({
            settings: {
              engines: app.config.translation.engines as Record<string, Record<string, unknown>>,
              routes: app.config.translation.routes as Record<string, string[]>,
              target,
              maxChars: app.config.translation.maxChars,
              batchSize: app.config.translation.batchSize,
              workers: app.config.translation.workers,
            },
            networkAllowed: app.config.network.allowed,
            dataDir: app.dataDir,
            only: o.engine,
            cache: new MemoryTranslationCache(),
            glossary,
          });
          const langid = new LangIdPool({ workers: app.config.translation.workers });
          const bar = progressBar('translate-file', 'rows', {
            enabled: g.json ? false : undefined,
          });
          try {
            const r = await translateFile({
              input,
              output: o.out,
              column: o.column,
              target,
              router,
              langid,
              delimiter: o.delimiter,
              onProgress: (p) =>
                bar.update(p.rows, p.rows, {
                  items: p.translated,
                  rate: Math.round((p.rows * 1000) / Math.max(1, p.elapsedMs)),
                  file: `${Math.round((p.chars * 1000) / Math.max(1, p.elapsedMs))} chars/s`,
                }),
            });
            bar.stop();
            await app.audit.record({
              actor: app.actor.id,
              action: 'translation.file',
              outcome: 'success',
              details: { rows: r.rows, translated: r.translated, errors: r.errors },
              origin: 'cli',
            });
            printResult(
              g,
              { ...r, out: o.out, engines: router.engineStates() },
              () =>
                `wrote ${o.out}: ${r.rows} rows, ${r.translated} translated, ${r.sameLanguage} already ${target}, ${r.undetermined} undetermined, ${r.errors} errors, cache hits ${r.cacheHits} (${(r.elapsedMs / 1000).toFixed(1)} s)`,
            );
          } finally {
            bar.stop();
            await router.close();
            await langid.close();
          }
        }),
    );
};
