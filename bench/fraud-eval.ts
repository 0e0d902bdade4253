/**
 * `npm run eval:fraud [-- --json]`: the fraud example's bar. A logistic regression trained on the
 * 80% split of examples/fraud-detection.yaml must separate `is_fraud` on the 20% split with ROC
 * AUC ≥ 0.9; with the spec's scenarios removed the same model must score about 0.5 (within 3
 * Hanley–McNeil standard errors), because the label carries signal only through the scenarios.
 * The split is trainkit's own (`split: train=0.8,test=0.2`), which keeps each customer's
 * transactions in one split. Exit 1 when either half of the bar fails.
 */
import { join } from 'node:path';
import { generateToSink, SplitSink } from '../src/generate/index.js';
import type { CellValue, Chunk, Sink, TableLayout } from '../src/io/index.js';
import { loadSpec, type Spec } from '../src/spec/index.js';
import { encodeFeatures, LogisticRegression, rocAuc } from '../src/validate/index.js';
import { packageRoot } from '../src/version.js';

const TABLE = 'transactions';
const LABEL = 'is_fraud';
const BAR = 0.9;
/** Columns that are not evidence a model may use: keys, the label and the ground truth. */
const NOT_FEATURES = new Set(['id', 'key', 'ref', 'label', 'ground_truth']);

type Row = Record<string, CellValue>;

/** Keeps one table's rows in memory, named by the table's layout. */
class TableRows implements Sink {
  readonly format = 'memory';
  readonly rows: Row[] = [];
  layout: TableLayout | undefined;

  constructor(private readonly table: string) {}

  async open(dataset: { readonly tables: readonly TableLayout[] }): Promise<void> {
    this.layout = dataset.tables.find((t) => t.name === this.table);
  }

  write(chunk: Chunk): void {
    if (chunk.table !== this.table) return;
    const names = this.layout!.columns.map((c) => c.name);
    for (let r = 0; r < chunk.rows; r++) {
      const row: Row = {};
      names.forEach((name, i) => {
        row[name] = chunk.columns[i]![r]!;
      });
      this.rows.push(row);
    }
  }

  async close() {
    return [];
  }

  async abort(): Promise<void> {}
}

/** Hanley & McNeil (1982): the standard error of an AUC from its positives and negatives. */
function hanleyMcNeil(auc: number, positives: number, negatives: number): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc);
  return Math.sqrt(v / (positives * negatives));
}

/** Average precision: the mean, over the positives, of the precision at each one's rank. */
function averagePrecision(scores: ArrayLike<number>, labels: readonly boolean[]): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let hits = 0;
  let sum = 0;
  order.forEach((i, rank) => {
    if (!labels[i]) return;
    hits++;
    sum += hits / (rank + 1);
  });
  return hits === 0 ? Number.NaN : sum / hits;
}

interface Score {
  auc: number;
  se: number;
  averagePrecision: number;
  trainRows: number;
  testRows: number;
  testPositives: number;
  features: string[];
}

/** Generates the spec into an 80/20 split, fits on train and scores the test split. */
async function evaluate(spec: Spec): Promise<Score> {
  const train = new TableRows(TABLE);
  const test = new TableRows(TABLE);
  const shares = [
    { name: 'train', fraction: 0.8 },
    { name: 'test', fraction: 0.2 },
  ];
  await generateToSink(spec, (plan) => new SplitSink(plan, { shares }, [train, test]));
  const features = train.layout!.columns.filter((c) => !NOT_FEATURES.has(c.kind)).map((c) => c.name);
  // encode both splits together so they share one set of columns, then cut them apart again
  const { matrix, names } = encodeFeatures([...train.rows, ...test.rows], features);
  const labels = [...train.rows, ...test.rows].map((r) => r[LABEL] === true);
  const n = train.rows.length;
  const model = new LogisticRegression().fit(matrix.slice(0, n), labels.slice(0, n));
  const scores = model.predictProba(matrix.slice(n));
  const truth = labels.slice(n);
  const positives = truth.filter(Boolean).length;
  const auc = rocAuc(scores, truth);
  return {
    auc,
    se: hanleyMcNeil(auc, positives, truth.length - positives),
    averagePrecision: averagePrecision(scores, truth),
    trainRows: n,
    testRows: truth.length,
    testPositives: positives,
    features: names,
  };
}

const json = process.argv.slice(2).includes('--json');
const started = performance.now();
const file = join(packageRoot(), 'examples', 'fraud-detection.yaml');
const { spec } = loadSpec(file);
const withScenarios = await evaluate(spec);
const { scenarios: _dropped, ...plain } = spec.tables[TABLE]!;
const without = await evaluate({ ...spec, tables: { ...spec.tables, [TABLE]: plain } });
const seconds = (performance.now() - started) / 1000;

const round = (x: number, d = 4) => Number(x.toFixed(d));
const passes = withScenarios.auc >= BAR;
const aboutHalf = Math.abs(without.auc - 0.5) <= 3 * without.se;
const result = {
  auc: round(withScenarios.auc),
  aucStdError: round(withScenarios.se),
  averagePrecision: round(withScenarios.averagePrecision),
  aucWithoutScenarios: round(without.auc),
  aucWithoutScenariosStdError: round(without.se),
  averagePrecisionWithoutScenarios: round(without.averagePrecision),
  rows: withScenarios.trainRows + withScenarios.testRows,
  trainRows: withScenarios.trainRows,
  testRows: withScenarios.testRows,
  positives: withScenarios.testPositives,
  prevalence: round(withScenarios.testPositives / withScenarios.testRows),
  bar: BAR,
  pass: passes && aboutHalf,
  seconds: round(seconds, 1),
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const line = (name: string, s: Score) =>
    `  ${name.padEnd(20)} ${s.auc.toFixed(3)} ± ${s.se.toFixed(3)}   ${s.averagePrecision.toFixed(3)}`;
  process.stdout.write(
    [
      `examples/fraud-detection.yaml: ${result.rows} transactions, split by customer ${result.trainRows} train / ${result.testRows} test`,
      `test: ${result.positives} fraud (${pct(result.prevalence)}); logistic regression on ${withScenarios.features.length} encoded features`,
      `  ${''.padEnd(20)} ROC AUC ± s.e.    avg precision`,
      line('with scenarios', withScenarios),
      line('scenarios removed', without),
      `  (average precision of a random ranking is the prevalence, ${pct(result.prevalence)})`,
      `bar: AUC ≥ ${BAR} ${passes ? 'met' : 'NOT met'}; without scenarios within 3 s.e. of 0.5 ${aboutHalf ? 'yes' : 'NO'} (${result.seconds}s)`,
      '',
    ].join('\n'),
  );
}
if (!result.pass) process.exitCode = 1;
