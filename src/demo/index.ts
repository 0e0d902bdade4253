import { join } from 'node:path';
import { generateToDirectory, type SplitSummary } from '../generate/index.js';
import { loadSpec } from '../spec/index.js';
import { packageRoot } from '../version.js';

/** One finished part of the demo: what it made and where. */
export interface DemoStep {
  readonly title: string;
  readonly outputs: readonly { readonly path: string; readonly what: string }[];
}

/**
 * Runs trainkit's main job end to end on the embedded default (SQLite and files, no server):
 * each capability adds its step here.
 *
 * @example
 * for (const step of await runDemo('./trainkit-demo')) console.log(step.title);
 */
export async function runDemo(dir: string, onStep: (step: DemoStep) => void = () => {}): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  const done = (s: DemoStep) => {
    steps.push(s);
    onStep(s);
  };

  const examples = join(packageRoot(), 'examples');
  const { spec } = loadSpec(join(examples, 'ecommerce.yaml'));
  const db = await generateToDirectory(spec, { out: join(dir, 'ecommerce'), format: 'sqlite' });
  const csv = await generateToDirectory(spec, { out: join(dir, 'ecommerce-csv'), format: 'csv' });
  const rows = db.manifest.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
  done({
    title: `Generated the e-commerce example (examples/ecommerce.yaml): ${rows}`,
    outputs: [
      {
        path: join(db.outDir, db.manifest.files[0]!.path),
        what: 'SQLite database with primary and foreign keys',
      },
      {
        path: join(db.outDir, 'manifest.json'),
        what: 'manifest: version, spec hash, seed, SHA-256 of each file',
      },
      {
        path: `${csv.outDir}/`,
        what: `the same data as CSV, one file per table (${csv.manifest.files.length} files)`,
      },
    ],
  });
  done(
    await validateStep(csv.outDir, join(examples, 'ecommerce.yaml'), join(dir, 'ecommerce-validation.html')),
  );
  done(await fraudStep(join(examples, 'fraud-detection.yaml'), join(dir, 'fraud')));
  done(await learnStep(join(examples, 'samples', 'shop'), join(dir, 'learned-shop.yaml')));
  const { Deidentifier, DEMO_KEY, deidentifyInputs, loadPolicy, readInputs } = await import(
    '../deid/index.js'
  );
  const notesOut = join(dir, 'notes-deidentified');
  const deid = new Deidentifier({ policy: loadPolicy('synthesize'), key: DEMO_KEY });
  const report = await deidentifyInputs(readInputs(join(examples, 'notes')), deid, {
    out: notesOut,
    options: { textFields: ['text'], idField: 'id', columns: {} },
  });
  const redacted = join(dir, 'notes-redacted');
  await deidentifyInputs(
    readInputs(join(examples, 'notes')),
    new Deidentifier({ policy: loadPolicy('redact'), key: DEMO_KEY }),
    {
      out: redacted,
      options: { textFields: ['text'], idField: 'id', columns: {} },
    },
  );
  const found = Object.entries(report.entities)
    .sort(([, a], [, b]) => b - a)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  done({
    title: `De-identified ${report.documents} fictional clinical notes (examples/notes): ${found}`,
    outputs: [
      {
        path: `${notesOut}/`,
        what: 'surrogates: realistic, consistent names, shifted dates in their own format',
      },
      { path: `${redacted}/`, what: 'the same notes redacted to type labels: [NAME], [DATE], …' },
    ],
  });
  return steps;
}

/**
 * Generates the fraud example into SQLite as a train/test split and says what it made: the
 * transactions of each split, their fraud rate, and where the ground truth is.
 */
async function fraudStep(file: string, out: string): Promise<DemoStep> {
  const { spec } = loadSpec(file);
  const shares = [
    { name: 'train', fraction: 0.8 },
    { name: 'test', fraction: 0.2 },
  ];
  const run = await generateToDirectory(spec, { out, format: 'sqlite', split: { shares } });
  const parts = (run.manifest.splits as { parts: SplitSummary[] }).parts;
  const count = (n: number) => n.toLocaleString('en-US');
  const describe = (p: SplitSummary) =>
    `${p.name} ${count(p.rows.transactions ?? 0)} transactions, ${(100 * (p.labelRates['transactions.is_fraud'] ?? 0)).toFixed(1)}% fraud`;
  return {
    title: `Generated the fraud example (examples/fraud-detection.yaml) into SQLite, split by customer: ${parts.map(describe).join('; ')}`,
    outputs: [
      ...run.manifest.files.map((f) => ({
        path: join(run.outDir, f.path),
        what: 'label is_fraud in transactions; which scenario or edge case made a row in transactions_truth',
      })),
      {
        path: join(run.outDir, 'manifest.json'),
        what: 'manifest: the splits, the label, the fraud scenario and the edge cases with their stated rates',
      },
    ],
  };
}

/** Validates the generated CSV against its spec and writes the HTML report. */
async function validateStep(data: string, spec: string, report: string): Promise<DemoStep> {
  const [{ validateData, renderReportHtml }, { writeFileAtomic }] = await Promise.all([
    import('../validate/index.js'),
    import('../io/index.js'),
  ]);
  const result = await validateData({ data, spec });
  writeFileAtomic(report, renderReportHtml(result));
  const s = result.summary;
  return {
    title: `Validated the e-commerce CSV against its spec: ${s.passed} of ${s.checks} checks passed${s.failed ? `, ${s.failed} failed` : ''}${s.warnings ? `, ${s.warnings} warnings` : ''}`,
    outputs: [
      {
        path: report,
        what: 'the validation report: every check, measured against the spec, as one HTML page',
      },
    ],
  };
}

/**
 * Learns a spec from the bundled two-table sample (customers and their transactions, with a
 * fraud label), then generates from it and scores the result against the sample.
 */
async function learnStep(sample: string, specFile: string): Promise<DemoStep> {
  const [{ learnSource, validateLearned }, { writeFileAtomic }] = await Promise.all([
    import('../learn/index.js'),
    import('../io/index.js'),
  ]);
  const learned = await learnSource(sample, { target: 'is_fraud' });
  writeFileAtomic(specFile, learned.yaml);
  const report = await validateLearned(learned.spec, specFile, { source: sample, target: 'is_fraud' });
  const score = report.fidelity?.score;
  const auc = (report.utility as { synthetic?: { rocAuc?: number } } | undefined)?.synthetic?.rocAuc;
  const copies = (report.privacy as { exactCopies?: { rate?: number } } | undefined)?.exactCopies?.rate;
  const parts = [
    score === undefined ? '' : `quality score ${score.toFixed(3)}`,
    auc === undefined
      ? ''
      : `fraud ROC AUC ${auc.toFixed(3)} (trained on generated rows, tested on the sample)`,
    copies === undefined ? '' : `${(100 * copies).toFixed(2)}% exact copies`,
  ].filter(Boolean);
  return {
    title: `Learned a spec from the bundled sample (examples/samples/shop: customers and transactions) and generated look-alike data: ${parts.join(', ')}`,
    outputs: [
      {
        path: specFile,
        what: 'the learned spec: readable YAML, each decision (kept, merged, generated instead of copied) a comment',
      },
    ],
  };
}
