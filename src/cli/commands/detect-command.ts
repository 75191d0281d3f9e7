// `threadline analyse <ref>` (runs every detection rule, with a progress bar), `threadline findings
// <ref> [--status new]`, `threadline finding <ref> <id>` (indicators, evidence with highlights) and
// `threadline review <finding> --accept|--reject --reason "..."`. Findings are indicators for a
// person to review, never conclusions; every review needs a reason and is recorded.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { runDetection } from '../../detect/runner.js';
import {
  FINDING_NOTICE,
  FINDING_STATUSES,
  getFinding,
  listFindings,
  reviewFinding,
  type FindingDetail,
  type FindingStatus,
} from '../../detect/findings-store.js';
import { evidenceView, type EvidenceView } from '../../detect/finding-view.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { addLexiconTerm, listAges, listLexiconTerms, setAge } from '../../detect/case-settings.js';

function formatEvidence(e: EvidenceView): string {
  const text = e.segments.map((s) => (s.mark ? `[[${s.text}]]` : s.text)).join('');
  const when = e.at ? e.at.slice(0, 16).replace('T', ' ') : 'undated';
  if (e.kind === 'call')
    return `  call ${e.id}  ${when}  ${e.direction ?? ''}  ${e.durationS ?? '?'} s${e.note ? `  (${e.note})` : ''}`;
  if (!e.found) return `  ${e.kind} ${e.id}  (no longer in the store)`;
  const used = e.textUsed === 'translation' ? ' [translation]' : '';
  return `  ${e.kind} ${e.id}  ${when}  ${e.direction ?? ''}${used}\n      ${text || '(no text: operator record)'}${e.note ? `\n      (${e.note})` : ''}`;
}

export function formatFinding(f: FindingDetail, evidence: EvidenceView[]): string {
  const lines = [
    `${f.id}  ${f.title}`,
    `  rule ${f.ruleId} v${f.ruleVersion} (${f.crimeType}); score ${f.score}; severity ${f.severity}; status ${f.status}${f.active ? '' : ' (no longer produced by the latest analysis)'}`,
    `  ${FINDING_NOTICE}`,
    `  subject: ${f.subject.identifiers.join(', ')}`,
    '  indicators (score = sum of weights):',
    ...f.indicators.map((i) => `    +${i.weight}  ${i.id}  ${i.label}: ${i.detail}`),
    '  consider (benign explanations):',
    ...f.benign.map((b) => `    - ${b}`),
  ];
  if (f.missing.length) lines.push('  not seen:', ...f.missing.map((m) => `    - ${m}`));
  lines.push('  evidence:', ...evidence.map(formatEvidence));
  if (f.reviews.length)
    lines.push(
      '  reviews:',
      ...f.reviews.map(
        (r) =>
          `    ${new Date(r.createdAt).toISOString()}  ${r.decision} by ${r.actorName}: ${r.reason}`,
      ),
    );
  if (f.evidenceChangedSinceReview) lines.push('  the evidence has changed since the last review');
  return lines.join('\n');
}

export const registerDetect: RegisterCommand = (program, deps) => {
  program
    .command('analyse <ref>')
    .alias('analyze')
    .description('run every detection rule over a case: findings are indicators for review')
    .action(async (ref: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'analysis.run');
        const bar = progressBar('analyse', 'steps');
        const steps = ['messages', 'graph'];
        const r = await runDetection(app.store, kase.id, {
          onProgress: (step, done, total) => {
            const i = steps.indexOf(step);
            bar.update(i >= 0 ? i : steps.length, steps.length + 1, {
              items: done,
              rate: total,
              file: step,
            });
          },
        }).finally(() => bar.stop());
        printResult(
          g,
          {
            caseId: kase.id,
            rules: r.rules,
            saved: r.saved,
            findings: r.findings.map((f) => ({
              id: f.id,
              ruleId: f.ruleId,
              score: f.score,
              severity: f.severity,
              title: f.title,
              subject: f.subject,
            })),
            notice: FINDING_NOTICE,
          },
          () =>
            [
              `${r.findings.length} finding(s) from ${r.rules.length} rules: ${r.saved.new} to review, ${r.saved.accepted} accepted before, ${r.saved.stillRejected} rejected before (same evidence)${r.saved.returned ? `, ${r.saved.returned} rejected before but with new evidence` : ''}`,
              FINDING_NOTICE,
              table(
                r.findings.map((f) => [f.id, f.ruleId, f.score, f.severity, f.title]),
                ['finding', 'rule', 'score', 'severity', 'title'],
              ),
              `next: threadline findings ${kase.ref} --status new; threadline finding ${kase.ref} <finding>`,
            ].join('\n'),
        );
      }),
    );

  program
    .command('findings <ref>')
    .description('findings of a case (indicators for review), highest score first')
    .option('--status <status>', `only ${FINDING_STATUSES.join(' | ')}`)
    .option('--rule <id>', 'only this rule')
    .option('--crime <type>', 'only this crime type')
    .option('--all', 'also findings the latest analysis no longer produces')
    .action(
      async (
        ref: string,
        o: { status?: string; rule?: string; crime?: string; all?: boolean },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          if (o.status && !(FINDING_STATUSES as readonly string[]).includes(o.status))
            throw new AppError(
              ErrorCodes.INVALID_ARGUMENT,
              `--status must be one of ${FINDING_STATUSES.join(', ')}`,
            );
          const kase = await openCase(app, ref, 'finding.view', {
            details: { status: o.status ?? null, rule: o.rule ?? null },
          });
          const r = await listFindings(app.store, kase.id, {
            status: o.status as FindingStatus | undefined,
            ruleId: o.rule,
            crimeType: o.crime,
            includeInactive: !!o.all,
          });
          printResult(g, { ...r, notice: FINDING_NOTICE }, () =>
            r.findings.length
              ? [
                  FINDING_NOTICE,
                  table(
                    r.findings.map((f) => [
                      f.id,
                      f.status,
                      f.ruleId,
                      f.score,
                      f.severity,
                      f.subject.identifiers.slice(0, 3).join(' ') +
                        (f.subject.identifiers.length > 3 ? ' …' : ''),
                    ]),
                    ['finding', 'status', 'rule', 'score', 'severity', 'subject'],
                  ),
                ].join('\n')
              : 'no findings (run threadline analyse first?)',
          );
        }),
    );

  program
    .command('finding <ref> <finding>')
    .description(
      'one finding: its indicators, evidence (matches in [[ ]]), benign explanations, reviews',
    )
    .action(async (ref: string, id: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'finding.view', { objects: [id] });
        const f = await getFinding(app.store, kase.id, id);
        const evidence = await evidenceView(app.store, f);
        printResult(g, { ...f, evidence }, () => formatFinding(f, evidence));
      }),
    );

  program
    .command('review <finding>')
    .description(
      'accept or reject a finding, with the reason (recorded with who, when and the rule version)',
    )
    .option('--accept', 'the indicator is borne out by the evidence')
    .option('--reject', 'the indicator is not borne out (a benign explanation applies)')
    .option('--reason <text>', 'why (required)')
    .action(async (id: string, o: { accept?: boolean; reject?: boolean; reason?: string }, c) =>
      deps.withApp(c, async (app, g) => {
        if (!!o.accept === !!o.reject)
          throw new AppError(
            ErrorCodes.INVALID_ARGUMENT,
            'give exactly one of --accept or --reject',
          );
        if (!o.reason?.trim())
          throw new AppError(
            ErrorCodes.REASON_REQUIRED,
            'a review needs a reason: --reason "why the finding is accepted or rejected"',
          );
        const found = await getFinding(app.store, null, id);
        const kase = await openCase(app, found.caseId, 'finding.review', {
          objects: [id],
          purpose: o.reason,
          details: { decision: o.accept ? 'accept' : 'reject' },
        });
        const f = await reviewFinding(
          app.store,
          kase.id,
          id,
          { decision: o.accept ? 'accept' : 'reject', reason: o.reason },
          app.actor,
        );
        printResult(g, f, () => `${f.id}: ${f.status} (${f.reviews.length} review(s))`);
      }),
    );

  program
    .command('lexicon <ref>')
    .description(
      "this case's additions to and removals from a detection lexicon (listed without options)",
    )
    .option('--add', 'add --term to --indicator of --crime')
    .option('--remove', 'stop matching --term for this case')
    .option('--crime <type>', 'county-lines | grooming | modern-slavery | sextortion')
    .option('--indicator <id>', 'lexicon indicator (flare, debt, secrecy …)')
    .option('--term <text>', 'the word or phrase')
    .option('--note <text>', 'why (recorded)')
    .action(
      async (
        ref: string,
        o: {
          add?: boolean;
          remove?: boolean;
          crime?: string;
          indicator?: string;
          term?: string;
          note?: string;
        },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          if (o.add || o.remove) {
            if (o.add && o.remove)
              throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'give one of --add or --remove');
            const kase = await openCase(app, ref, 'case.update', {
              details: { lexicon: o.crime ?? null, indicator: o.indicator ?? null },
            });
            const r = await addLexiconTerm(
              app.store,
              kase.id,
              {
                crime: o.crime ?? '',
                indicator: o.indicator ?? '',
                term: o.term ?? '',
                action: o.add ? 'add' : 'remove',
                note: o.note,
              },
              app.actor,
            );
            printResult(
              g,
              r,
              () =>
                `${r.action === 'add' ? 'added' : 'removed'} "${r.term}" (${r.crime}/${r.indicator}) for ${kase.ref}: applies from the next analyse`,
            );
            return;
          }
          const kase = await openCase(app, ref, 'case.view');
          const list = await listLexiconTerms(app.store, kase.id);
          printResult(g, list, () =>
            list.length
              ? table(
                  list.map((t) => [
                    t.action,
                    t.crime,
                    t.indicator,
                    t.term,
                    t.createdBy,
                    t.note ?? '',
                  ]),
                  ['action', 'crime', 'indicator', 'term', 'by', 'note'],
                )
              : 'no case-specific lexicon terms',
          );
        }),
    );

  program
    .command('age <ref> [identifier] [years]')
    .description(
      "record a party's age for the case (from records; never inferred); lists ages without arguments",
    )
    .option('--note <text>', 'where the age comes from (recorded)')
    .action(
      async (
        ref: string,
        identifier: string | undefined,
        years: string | undefined,
        o: { note?: string },
        c,
      ) =>
        deps.withApp(c, async (app, g) => {
          if (identifier !== undefined) {
            if (years === undefined || !/^\d{1,3}$/.test(years))
              throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'give the age in whole years');
            const kase = await openCase(app, ref, 'case.update', { details: { age: true } });
            const r = await setAge(
              app.store,
              kase.id,
              identifier,
              Number(years),
              o.note ?? null,
              app.actor,
            );
            printResult(g, r, () => `${r.key}: ${r.years} (applies from the next analyse)`);
            return;
          }
          const kase = await openCase(app, ref, 'case.view');
          const list = await listAges(app.store, kase.id);
          printResult(g, list, () =>
            list.length
              ? table(
                  list.map((a) => [a.key, a.years, a.createdBy, a.note ?? '']),
                  ['identifier', 'age', 'by', 'note'],
                )
              : 'no ages recorded',
          );
        }),
    );
};
