// `threadline glossary add|list|remove|import`: the case glossary (slang, code words, names) that
// every translation engine works around, shown to the reader beside each translation.
import { openCase } from '../case-guard.js';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { languageService } from './language-context.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type { NewGlossaryTerm } from '../../language/glossary/glossary-store.js';

export const registerGlossary: RegisterCommand = (program, deps) => {
  const cmd = program
    .command('glossary')
    .description('the case glossary: terms protected from translation or glossed');

  cmd
    .command('add <ref> <term>')
    .description(
      'add or replace a term; with --gloss its meaning is shown after it in translations',
    )
    .option('--gloss <meaning>', 'what the term means in this case (e.g. "drugs")')
    .option('--protect', 'keep the term untranslated, without a gloss (names, code words)')
    .option('--lang <code...>', 'only for messages in these languages')
    .option('--note <text>', 'a note for other readers')
    .action(
      async (
        ref: string,
        term: string,
        o: { gloss?: string; protect?: boolean; lang?: string[]; note?: string },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const kase = await openCase(app, ref, 'glossary.write', { record: false });
          const svc = languageService(app);
          const [e] = await svc.addGlossaryTerms(
            kase.id,
            [
              {
                term,
                gloss: o.gloss,
                kind: o.protect ? 'protect' : undefined,
                languages: o.lang,
                note: o.note,
              },
            ],
            app.actor.id,
          );
          printResult(
            g,
            e,
            () => `glossary ${kase.ref}: ${e!.term} (${e!.kind}${e!.gloss ? `: ${e!.gloss}` : ''})`,
          );
        }),
    );

  cmd
    .command('list <ref>')
    .description('list the case glossary')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'case.view');
        const terms = await languageService(app).glossary(kase.id);
        printResult(g, terms, () =>
          terms.length
            ? table(
                terms.map((t) => [
                  t.term,
                  t.kind,
                  t.gloss ?? '',
                  (t.languages ?? []).join(' ') || 'all',
                  t.note ?? '',
                ]),
                ['TERM', 'KIND', 'GLOSS', 'LANGUAGES', 'NOTE'],
              )
            : 'the glossary is empty',
        );
      }),
    );

  cmd
    .command('remove <ref> <term>')
    .description('remove a term')
    .action(async (ref: string, term: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'glossary.write', { record: false });
        await languageService(app).removeGlossaryTerm(kase.id, term, app.actor.id);
        printResult(g, { removed: term }, () => `removed ${term}`);
      }),
    );

  cmd
    .command('import <ref> <file>')
    .description('import terms from a CSV file with columns term, gloss, kind, languages, note')
    .action(async (ref: string, file: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'glossary.write', { record: false });
        let rows: Array<Record<string, string>>;
        try {
          rows = parse(readFileSync(file), {
            columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
            skip_empty_lines: true,
            bom: true,
            trim: true,
          });
        } catch (e) {
          throw new AppError(
            ErrorCodes.CSV_MALFORMED,
            `cannot read glossary CSV: ${(e as Error).message}`,
            { file },
          );
        }
        const terms: NewGlossaryTerm[] = rows.map((r, i) => {
          if (!r.term)
            throw new AppError(ErrorCodes.CSV_MAPPING, 'every row needs a term', {
              file,
              record: `line ${i + 2}`,
            });
          const kind = r.kind === 'protect' || r.kind === 'gloss' ? r.kind : undefined;
          return {
            term: r.term,
            gloss: r.gloss || null,
            kind,
            languages: r.languages ? r.languages.split(/[\s,;]+/).filter(Boolean) : [],
            note: r.note || null,
          };
        });
        const out = await languageService(app).addGlossaryTerms(kase.id, terms, app.actor.id);
        printResult(
          g,
          { imported: out.length },
          () => `imported ${out.length} glossary terms into ${kase.ref}`,
        );
      }),
    );
};
