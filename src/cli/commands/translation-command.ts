// `threadline translation show|verify|correct`: a linguist reviews a message's translation,
// confirms it or replaces it with a correction; both versions are kept with who did it.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { languageService } from './language-context.js';
import { isoUtc } from '../../model/timestamps.js';

export const registerTranslation: RegisterCommand = (program, deps) => {
  const cmd = program
    .command('translation')
    .description("review a message's translation (linguist sign-off)");

  cmd
    .command('show <ref> <messageId>')
    .description('the original and every version of its translation')
    .action(async (ref: string, messageId: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'message.view', { objects: [messageId] });
        const msg = await app.store.db
          .selectFrom('messages')
          .select(['id', 'body', 'language'])
          .where('case_id', '=', kase.id)
          .where('id', '=', messageId)
          .executeTakeFirst();
        const history = await languageService(app).history(kase.id, messageId);
        printResult(g, { message: msg ?? null, history }, () =>
          [
            `original (${msg?.language ?? '?'}): ${msg?.body ?? '(no such message)'}`,
            history.length
              ? table(
                  history.map((h) => [
                    h.id,
                    h.version,
                    h.current ? 'current' : '',
                    h.kind === 'machine' ? `machine (${h.engine})` : 'human',
                    h.verifiedBy ? `verified by ${h.verifiedBy}` : '',
                    isoUtc(h.createdAt) ?? '',
                    h.text,
                  ]),
                  ['ID', 'V', '', 'BY', 'REVIEW', 'AT', 'TEXT'],
                )
              : 'no translation',
          ].join('\n'),
        );
      }),
    );

  cmd
    .command('verify <ref> <translationId>')
    .description('confirm the current translation as correct')
    .action(async (ref: string, id: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'translation.review', { record: false });
        const r = await languageService(app).verify(kase.id, id, app.actor.id);
        printResult(g, r, () => `verified ${r.id} (by ${r.verifiedBy})`);
      }),
    );

  cmd
    .command('correct <ref> <translationId>')
    .description('replace the current translation with a correction (the old version is kept)')
    .requiredOption('--text <text>', 'the corrected translation')
    .option('--note <note>', 'why')
    .action(async (ref: string, id: string, o: { text: string; note?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'translation.review', { record: false });
        const r = await languageService(app).correct(kase.id, id, o.text, app.actor.id, o.note);
        printResult(
          g,
          r,
          () => `corrected: ${r.id} (version ${r.version}) replaces ${r.supersedes}`,
        );
      }),
    );
};
