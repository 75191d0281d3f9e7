// The demo's language steps: transcribe the voice notes (so their words are identified and
// translated too), then identify every message's language and translate foreign ones offline.
import type { DemoStep } from './demo-steps.js';
import { languageServiceFor } from './language-service-for.js';
import { createTranscribers } from '../audio/engine-setup.js';
import { transcribeCase } from '../audio/transcribe-case.js';
import { isAppError } from '../model/errors.js';

export const transcribeStep: DemoStep = {
  id: 'transcribe',
  title: 'Transcribe voice notes',
  async run(ctx) {
    const engines = createTranscribers(ctx.app.config.audio, ctx.app.config.network.allowed);
    const out: Record<string, unknown> = {};
    for (const kase of ctx.state.cases) {
      try {
        const r = await transcribeCase({
          store: ctx.app.store,
          caseId: kase.id,
          engines,
          actor: ctx.app.actor.id,
          concurrency: ctx.app.config.audio.concurrency,
          decode: {
            maxSeconds: ctx.app.config.audio.maxSeconds,
            ffmpeg: ctx.app.config.audio.ffmpeg,
          },
        });
        out[kase.ref] = { transcribed: r.transcribed, failed: r.failed, engines: r.engines };
        if (r.candidates)
          ctx.log(
            `transcribed ${kase.ref}: ${r.transcribed} voice note(s) with ${r.engines.join(', ') || 'no engine'}` +
              (r.failed ? `, ${r.failed} could not be decoded (recorded)` : ''),
          );
      } catch (e) {
        if (!isAppError(e)) throw e;
        out[kase.ref] = { error: e.code };
        ctx.log(`transcription skipped for ${kase.ref}: ${e.message}`);
      }
    }
    ctx.results.transcribe = out;
  },
};

export const translateStep: DemoStep = {
  id: 'translate',
  title: 'Identify languages and translate',
  async run(ctx) {
    const svc = languageServiceFor(ctx.app);
    const out: Record<string, unknown> = {};
    try {
      for (const kase of ctx.state.cases) {
        const bar = ctx.progress(`translate ${kase.ref}`, 'lines');
        try {
          const r = await svc.translateCase(kase.id, ctx.app.actor.id, {
            onProgress: (p) =>
              bar.update(p.linesDone, Math.max(1, p.linesTotal), {
                items: p.translated,
                rate: Math.round(p.linesPerSecond),
                file: kase.ref,
              }),
          });
          out[kase.ref] = {
            lines: r.lines,
            translated: r.translated,
            errors: r.errors,
            byLanguage: r.byLanguage,
            engines: r.engines,
          };
          ctx.log(
            `translated ${kase.ref}: ${r.lines} lines identified, ${r.translated} translated` +
              (Object.keys(r.engines).length
                ? ` (${Object.entries(r.engines)
                    .map(([e, n]) => `${e} ${n}`)
                    .join(', ')})`
                : '') +
              (r.errors
                ? `; ${r.errors} without an installed engine for their language (${Object.entries(
                    r.errorCodes,
                  )
                    .map(([c, n]) => `${c} ${n}`)
                    .join(', ')})`
                : ''),
          );
        } catch (e) {
          if (!isAppError(e)) throw e;
          out[kase.ref] = { error: e.code };
          ctx.log(`translation skipped for ${kase.ref}: ${e.message}`);
        } finally {
          bar.stop();
        }
      }
    } finally {
      await svc.close();
    }
    ctx.results.translate = out;
  },
};
