// `threadline demo` as an ordered list of steps. Each capability adds its step with one line in
// DEMO_STEPS (translate after ingest, analyse after that, serve last); a step reads what earlier
// steps left in `ctx.state` and records what it did in `ctx.results[step.id]`.
import { join } from 'node:path';
import type { AppContext } from './app-context.js';
import { generateCase, type GeneratedCase } from '../generator/generate-case.js';
import { createCase, findCase, type CaseRecord } from '../store/queries/cases.js';
import { ingest, type IngestResult } from '../ingest/runner.js';
import { caseStats } from '../store/queries/stats.js';
import { resolvePersons } from '../identity/resolve-persons.js';
import { analyseGraphStep } from '../graph/analyse-demo-step.js';
import { serveStep, type DemoServeOptions } from './demo-serve-step.js';
import { transcribeStep, translateStep } from './demo-language-steps.js';

/** A progress display (the CLI passes a terminal bar; tests pass a silent one). */
export interface DemoProgress {
  update(done: number, total: number, fields?: Record<string, string | number>): void;
  stop(): void;
}

export interface DemoOptions {
  seed: number;
  /** Generate and ingest the closed cases of the case family too. */
  family: boolean;
  /** Extra messages on scale devices (0: none). */
  scale: number;
  /** Where the synthetic case is generated (default `<data>/demo/case`). */
  dir: string;
  /** Recorded speech samples for the case's voice notes (Debian pocketsphinx-testdata), if present. */
  voiceSamples?: string;
  /** How the last step serves the workbench (default: check it starts, then stop). */
  serve?: DemoServeOptions;
}

export interface DemoState {
  generated?: GeneratedCase;
  cases: CaseRecord[];
  ingests: Array<{ caseRef: string; device: string; label: string; result: IngestResult }>;
  [key: string]: unknown;
}

export interface DemoContext {
  app: AppContext;
  options: DemoOptions;
  state: DemoState;
  /** What each step did, by step id (printed with --json). */
  results: Record<string, unknown>;
  log(line: string): void;
  progress(label: string, unit?: string): DemoProgress;
}

export interface DemoStep {
  id: string;
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

export const generateStep: DemoStep = {
  id: 'generate',
  title: 'Generate the synthetic case family',
  async run(ctx) {
    const bar = ctx.progress('generate', 'devices');
    const g = await generateCase(ctx.options.dir, {
      seed: ctx.options.seed,
      family: ctx.options.family,
      scale: ctx.options.scale,
      voiceSamples: ctx.options.voiceSamples,
      onProgress: (p) => bar.update(p.done, p.total, { items: 0, rate: 0, file: p.step }),
    }).finally(() => bar.stop());
    ctx.state.generated = g;
    const devices = g.truth.cases.reduce((n, c) => n + c.devices.length, 0);
    ctx.results.generate = {
      dir: g.dir,
      seed: g.truth.seed,
      cases: g.truth.cases.length,
      devices,
      elapsedMs: g.elapsedMs,
    };
    ctx.log(
      `generated ${g.truth.cases.length} case(s), ${devices} devices in ${g.dir} (${(g.elapsedMs / 1000).toFixed(1)} s)`,
    );
  },
};

export const casesStep: DemoStep = {
  id: 'cases',
  title: 'Create the cases',
  async run(ctx) {
    const truth = ctx.state.generated!.truth;
    const created: string[] = [];
    for (const c of truth.cases) {
      let rec = await findCase(ctx.app.store, c.ref);
      if (!rec) {
        rec = await createCase(ctx.app.store, {
          ref: c.ref,
          title: c.title,
          status: c.status,
          crimeTypes: c.crimeTypes,
        });
        created.push(c.ref);
      }
      ctx.state.cases.push(rec);
    }
    ctx.results.cases = { cases: truth.cases.map((c) => c.ref), created };
    ctx.log(`cases: ${truth.cases.map((c) => `${c.ref} (${c.status})`).join(', ')}`);
  },
};

export const ingestStep: DemoStep = {
  id: 'ingest',
  title: 'Ingest every device',
  async run(ctx) {
    const truth = ctx.state.generated!.truth;
    const devices = truth.cases.flatMap((c) =>
      c.devices.filter((d) => d.formats.length > 0).map((d) => ({ c, d })),
    );
    const bar = ctx.progress('ingest', 'devices');
    const t0 = Date.now();
    let items = 0;
    try {
      for (const [i, { c, d }] of devices.entries()) {
        const result = await ingest(ctx.app.store, {
          caseRef: c.ref,
          inputs: [join(ctx.options.dir, d.dir)],
          deviceLabel: d.label,
          exhibit: d.exhibit,
          region: ctx.app.config.region,
          timezone: 'Europe/London',
          toolVersion: ctx.app.toolVersion,
          scratchParent: ctx.app.scratchDir,
          batchRows: ctx.app.config.ingest.batchRows,
          onProgress: (p) =>
            bar.update(i, devices.length, {
              items: items + p.items,
              rate: Math.round(((items + p.items) / Math.max(1, Date.now() - t0)) * 1000),
              file: `${c.ref}/${d.id}`,
            }),
        });
        items += result.counts.messages ?? 0;
        bar.update(i + 1, devices.length, {
          items,
          rate: Math.round((items / Math.max(1, Date.now() - t0)) * 1000),
          file: `${c.ref}/${d.id}`,
        });
        ctx.state.ingests.push({ caseRef: c.ref, device: d.id, label: d.label, result });
      }
    } finally {
      bar.stop();
    }
    const skipped = truth.cases.flatMap((c) =>
      c.devices.filter((d) => d.formats.length === 0).map((d) => `${c.ref}/${d.id}`),
    );
    ctx.results.ingest = {
      devices: ctx.state.ingests.map((x) => ({
        case: x.caseRef,
        device: x.device,
        counts: x.result.counts,
        elapsedMs: x.result.elapsedMs,
      })),
      notWritten: skipped,
      elapsedMs: Date.now() - t0,
    };
    ctx.log(
      `ingested ${ctx.state.ingests.length} devices, ${items.toLocaleString('en-GB')} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (skipped.length)
      ctx.log(`not written yet (their format writers are not registered): ${skipped.join(', ')}`);
  },
};

export const resolveStep: DemoStep = {
  id: 'resolve',
  title: 'Resolve identities: who is who',
  async run(ctx) {
    const out: Record<string, unknown> = {};
    for (const c of ctx.state.cases) {
      const r = await resolvePersons(ctx.app.store, c.id);
      const grouped = r.persons.filter((p) => p.identifiers.length > 1);
      const owners = r.owners.filter((o) => o.confidence > 0).length;
      out[c.ref] = {
        persons: r.persons.length,
        grouped: grouped.length,
        ownersIdentified: owners,
        devices: r.owners.length,
      };
      ctx.log(
        `${c.ref}: ${r.persons.length} persons, ${grouped.length} grouping several identifiers; owner identified for ${owners} of ${r.owners.length} devices`,
      );
    }
    ctx.results.resolve = out;
  },
};

export const summaryStep: DemoStep = {
  id: 'summary',
  title: 'Summary',
  async run(ctx) {
    const truth = ctx.state.generated!.truth;
    const lines: string[] = [];
    const summary: Record<string, unknown> = {};
    for (const c of ctx.state.cases) {
      const s = await caseStats(ctx.app.store, c.id);
      summary[c.ref] = { totals: s.totals, identifiers: s.identifiers, devices: s.devices.length };
      lines.push(
        `${c.ref}: ${s.devices.length} devices, ${s.totals.messages} messages, ${s.totals.calls} calls, ${s.totals.contacts} contacts, ${s.identifiers} identifiers`,
      );
    }
    const planted = truth.patterns.map(
      (p) => `${p.id} ${p.expectFlag ? 'planted' : 'look-alike'}: ${p.title}`,
    );
    summary.patterns = truth.patterns.map((p) => ({
      id: p.id,
      type: p.type,
      expectFlag: p.expectFlag,
    }));
    ctx.results.summary = summary;
    ctx.log(
      ['', ...lines, '', 'ground truth planted in the case:', ...planted.map((p) => `  ${p}`)].join(
        '\n',
      ),
    );
    const live = truth.cases[0]!.ref;
    ctx.log(
      [
        '',
        'try:',
        `  npx threadline --data ${ctx.app.dataDir} stats ${live}`,
        `  npx threadline --data ${ctx.app.dataDir} persons ${live}`,
        `  npx threadline --data ${ctx.app.dataDir} search ${live} "new number"`,
        `  npx threadline --data ${ctx.app.dataDir} export ${live} --format jsonl --out ${live}.jsonl`,
        `ground truth: ${join(ctx.options.dir, 'ground-truth.json')}`,
      ].join('\n'),
    );
  },
};

/** The demo, in order. Add a capability's step with one line at its place. */
export const DEMO_STEPS: DemoStep[] = [
  generateStep,
  casesStep,
  ingestStep,
  resolveStep,
  transcribeStep,
  translateStep,
  analyseGraphStep,
  summaryStep,
  serveStep,
];

export function newDemoState(): DemoState {
  return { cases: [], ingests: [] };
}
