// `threadline translate <ref> [--engine NAME] [--to en]`: identify languages and translate a
// case; prints the estimate first, shows a progress bar with lines/s and chars/s, and can be
// stopped (Ctrl-C) and rerun to carry on where it stopped.
import { openCase } from '../case-guard.js';
import cliProgress from 'cli-progress';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { languageService } from './language-context.js';
import { formatDuration } from '../../language/estimate.js';

export const registerTranslate: RegisterCommand = (program, deps) => {
  program
    .command('translate <ref>')
    .description('identify the language of every message and translate foreign ones (resumable)')
    .option('--to <lang>', 'target language (default from configuration: en)')
    .option(
      '--engine <name>',
      'use only this engine (apertium, bergamot, llm, libretranslate, azure, deepl)',
    )
    .option('--estimate', 'print the estimate (lines, characters, time, cost) and stop')
    .option('--redetect', 'identify languages again for messages already identified')
    .option('--batch <n>', 'messages per stored batch', '1000')
    .action(
      async (
        ref: string,
        o: { to?: string; engine?: string; estimate?: boolean; redetect?: boolean; batch: string },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const kase = await openCase(app, ref, 'translation.run', { record: false });
          const svc = languageService(app);
          try {
            const est = await svc.estimate(kase.id, {
              target: o.to,
              engine: o.engine,
              redetect: o.redetect,
            });
            const estText = () =>
              [
                `estimate for ${kase.ref}: ${est.lines.toLocaleString('en-GB')} lines, ${est.chars.toLocaleString('en-GB')} characters to look at; ` +
                  `about ${est.toTranslateLines.toLocaleString('en-GB')} lines to translate (${Math.round(est.repeatShare * 100)}% repeats translated once), ~${formatDuration(est.seconds)}` +
                  (est.cost.length
                    ? `; cost ${est.cost.map((x) => `${x.engine} ${x.amount.toFixed(2)} ${x.currency}`).join(', ')}`
                    : ''),
                est.pairs.length
                  ? table(
                      est.pairs.map((p) => [
                        p.source,
                        p.engine ?? 'no engine',
                        p.lines,
                        p.chars,
                        p.seconds === null ? '' : formatDuration(p.seconds),
                      ]),
                      ['FROM', 'ENGINE', 'LINES', 'CHARS', 'TIME'],
                    )
                  : '',
              ]
                .filter(Boolean)
                .join('\n');
            if (o.estimate) {
              printResult(g, { estimate: est }, estText);
              return;
            }
            if (!g.json) process.stderr.write(`${estText()}\n`);
            const ac = new AbortController();
            const onSigint = () => {
              process.stderr.write('\nstopping after the current batch (rerun to continue)…\n');
              ac.abort();
            };
            process.once('SIGINT', onSigint);
            const showBar = process.stderr.isTTY === true && !process.env.CI && !g.json;
            const bar = showBar
              ? new cliProgress.SingleBar(
                  {
                    format:
                      'translate [{bar}] {percentage}% | {value}/{total} lines | {lps} lines/s | {cps} chars/s | {translated} translated | cache {hits} | errors {errors} | ETA {eta_formatted}',
                    stream: process.stderr,
                    hideCursor: true,
                    barsize: 24,
                  },
                  cliProgress.Presets.shades_classic,
                )
              : null;
            let started = false;
            const result = await svc.translateCase(kase.id, app.actor.id, {
              target: o.to,
              engine: o.engine,
              redetect: o.redetect,
              batchSize: Number(o.batch),
              signal: ac.signal,
              onProgress: (p) => {
                if (!bar) return;
                const fields = {
                  lps: Math.round(p.linesPerSecond),
                  cps: Math.round(p.charsPerSecond),
                  translated: p.translated,
                  hits: p.cacheHits,
                  errors: p.errors,
                };
                if (!started) {
                  bar.start(Math.max(1, p.linesTotal), p.linesDone, fields);
                  started = true;
                } else bar.update(p.linesDone, fields);
              },
            });
            bar?.stop();
            process.removeListener('SIGINT', onSigint);
            printResult(g, { ...result, estimate: est }, () => {
              const secs = result.elapsedMs / 1000;
              const lines = [
                `${result.status === 'done' ? 'translated' : 'stopped'} ${kase.ref}: ${result.lines} lines (${result.translated} translated, ${result.sameLanguage} already ${o.to ?? app.config.translation.target}, ${result.undetermined} undetermined, ${result.errors} errors) in ${secs.toFixed(1)} s` +
                  (secs > 0
                    ? ` — ${Math.round(result.lines / secs)} lines/s, ${Math.round(result.chars / secs)} chars/s`
                    : '') +
                  `, cache hits ${result.cacheHits}`,
                `languages: ${Object.entries(result.byLanguage)
                  .sort((a, b) => b[1] - a[1])
                  .map(([l, n]) => `${l} ${n}`)
                  .join(', ')}`,
              ];
              if (Object.keys(result.engines).length)
                lines.push(
                  `engines: ${Object.entries(result.engines)
                    .map(([e, n]) => `${e} ${n}`)
                    .join(', ')}`,
                );
              if (result.errors)
                lines.push(
                  `errors: ${Object.entries(result.errorCodes)
                    .map(([e, n]) => `${e} ${n}`)
                    .join(', ')} (listed by \`threadline translate-errors ${kase.ref}\`)`,
                );
              for (const [e, s] of Object.entries(result.engineStates))
                if (s !== 'open') lines.push(`engine ${e}: ${s}`);
              if (result.status === 'interrupted')
                lines.push('run the same command again to continue');
              return lines.join('\n');
            });
          } finally {
            await svc.close();
          }
        }),
    );

  program
    .command('translate-errors <ref>')
    .description('messages that could not be translated, with the reason')
    .option('--to <lang>', 'target language', 'en')
    .action(async (ref: string, o: { to: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'case.view');
        const rows = await app.store.db
          .selectFrom('translation_errors')
          .select(['message_id', 'code', 'message'])
          .where('case_id', '=', kase.id)
          .where('target_language', '=', o.to)
          .orderBy('message_id')
          .execute();
        printResult(g, rows, () =>
          rows.length
            ? table(
                rows.map((r) => [r.message_id, r.code, r.message]),
                ['MESSAGE', 'CODE', 'REASON'],
              )
            : 'no translation errors',
        );
      }),
    );
};
