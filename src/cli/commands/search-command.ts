// `threadline search <ref> <query>`: full-text search over message text (and translations).
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult } from '../output.js';
import { isoUtc } from '../../model/timestamps.js';
import { revealInvisibles } from '../../model/visible-controls.js';

export const registerSearch: RegisterCommand = (program, deps) => {
  program
    .command('search <ref> <query>')
    .description('full-text search of messages: words are ANDed; "phrases" and prefix* work')
    .option('--limit <n>', 'results per page', '50')
    .option('--offset <n>', 'skip results', '0')
    .option('--device <id...>', 'only these devices')
    .option('--app <app...>', 'only these apps')
    .option('--language <code...>', 'only these languages')
    .option('--party <key>', 'only messages to or from this identifier key')
    .option('--sort <order>', 'relevance | newest | oldest')
    .action(
      async (
        ref: string,
        query: string,
        o: {
          limit: string;
          offset: string;
          device?: string[];
          app?: string[];
          language?: string[];
          party?: string;
          sort?: 'relevance' | 'newest' | 'oldest';
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          const kase = await openCase(app, ref, 'search.query', {
            details: { query, device: o.device, app: o.app, language: o.language, party: o.party },
          });
          const page = await app.store.searchMessages(kase.id, {
            text: query,
            limit: Number(o.limit),
            offset: Number(o.offset),
            deviceIds: o.device,
            apps: o.app,
            languages: o.language,
            party: o.party,
            sort: o.sort,
          });
          printResult(g, page, () => {
            if (!page.hits.length) return `no messages match ${JSON.stringify(query)}`;
            // bidi overrides and zero-width characters shown as markers (⟨RLO⟩), never obeyed
            const mark = (s: string | null) =>
              revealInvisibles(s ?? '')
                .replace(/\u0002/g, '[')
                .replace(/\u0003/g, ']');
            return (
              page.hits
                .map((h) => {
                  const line = `${isoUtc(h.sentAt) ?? 'unknown time'}  ${h.app}  ${h.direction}  ${revealInvisibles(h.sender ?? '')}\n  ${mark(h.bodyHighlight ?? h.body)}`;
                  return h.translationHighlight
                    ? `${line}\n  translation: ${mark(h.translationHighlight)}`
                    : line;
                })
                .join('\n') + `\n${page.hits.length} shown (${page.tookMs.toFixed(1)} ms)`
            );
          });
        }),
    );
};
