// `threadline transcribe <case>` (every voice note and audio attachment of a case, resumable, with a
// progress bar) and `threadline transcribe-file <audio>` (one file, printed with segment times).
import { resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { openCase } from '../case-guard.js';
import { printResult } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { createTranscribers } from '../../audio/engine-setup.js';
import { transcribeCase } from '../../audio/transcribe-case.js';
import { correctTranscript } from '../../audio/transcript-store.js';
import { decodeAudio } from '../../audio/decode-audio.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export const registerTranscribe: RegisterCommand = (program, deps) => {
  program
    .command('transcribe <ref>')
    .description('transcribe the voice notes and audio attachments of a case (resumable)')
    .option('--engine <name>', 'use only this engine (whisper, openai-http, pocketsphinx)')
    .option('--retry-failed', 'try again the items whose last attempt failed')
    .action(async (ref: string, o: { engine?: string; retryFailed?: boolean }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'translation.run');
        const engines = createTranscribers(app.config.audio, app.config.network.allowed, o.engine);
        const bar = progressBar('transcribe', 'items', { enabled: g.json ? false : undefined });
        const r = await transcribeCase({
          store: app.store,
          caseId: kase.id,
          engines,
          actor: app.actor.id,
          concurrency: app.config.audio.concurrency,
          decode: { maxSeconds: app.config.audio.maxSeconds, ffmpeg: app.config.audio.ffmpeg },
          retryFailed: o.retryFailed,
          onProgress: (done, total, file) => bar.update(done, total, { file }),
        });
        bar.stop();
        printResult(g, r, () =>
          [
            `transcribed ${kase.ref}: ${r.transcribed} of ${r.candidates} audio items (${r.alreadyDone} already done, ${r.failed} failed${r.failedBefore ? `, ${r.failedBefore} failed before: --retry-failed` : ''}), ${r.audioSeconds.toFixed(1)} s of audio in ${(r.wallMs / 1000).toFixed(1)} s` +
              (r.engines.length ? ` with ${r.engines.join(' > ')}` : ''),
            ...r.errors.map((e) => `  ${e.mediaId}: ${e.code} ${e.message}`),
          ].join('\n'),
        );
      }),
    );

  program
    .command('transcribe-file <audio>')
    .description('transcribe one audio or video file and print the transcript with segment times')
    .option('--engine <name>', 'use only this engine')
    .option('--language <lang>', 'a language hint for engines that take one')
    .action(async (file: string, o: { engine?: string; language?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const engines = createTranscribers(app.config.audio, app.config.network.allowed, o.engine);
        const audio = await decodeAudio(
          { path: resolve(file) },
          { maxSeconds: app.config.audio.maxSeconds, ffmpeg: app.config.audio.ffmpeg, label: file },
        );
        const reasons: string[] = [];
        for (const e of engines) {
          const why = await e.unavailable();
          if (why) {
            reasons.push(`${e.id}: ${why}`);
            continue;
          }
          const t = await e.transcribe(audio, { language: o.language });
          printResult(
            g,
            { file, seconds: audio.seconds, audioSha256: audio.sourceSha256, ...t },
            () =>
              [
                `${file} (${audio.seconds.toFixed(1)} s, sha256 ${audio.sourceSha256.slice(0, 16)}…) — ${t.engine}, ${t.model}, language ${t.language ?? 'unknown'}`,
                ...t.segments.map((s) => `[${s.start.toFixed(2)}–${s.end.toFixed(2)}] ${s.text}`),
              ].join('\n'),
          );
          return;
        }
        throw new AppError(
          ErrorCodes.ENGINE_UNAVAILABLE,
          `no transcription engine is available (${reasons.join('; ')})`,
        );
      }),
    );
};

export const registerTranscript: RegisterCommand = (program, deps) => {
  program
    .command('transcript-correct <ref> <transcriptId>')
    .description("a linguist's correction of a transcript (both versions kept)")
    .requiredOption('--text <text>', 'the corrected transcript')
    .option('--note <note>', 'why')
    .action(async (ref: string, id: string, o: { text: string; note?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'translation.review');
        const r = await correctTranscript(
          app.store,
          kase.id,
          id,
          o.text,
          app.actor.id,
          Date.now(),
          o.note ?? null,
        );
        printResult(
          g,
          r,
          () => `transcript ${r.id} (version ${r.version}) replaces ${r.supersedes}`,
        );
      }),
    );
};
