import { Rng } from '../random/index.js';
import {
  type AttackResult,
  inference,
  linkability,
  rowKey,
  sampleRows,
  singlingOut,
  wilsonRate,
} from './anonymeter.js';
import { comparedColumns, distanceSpace, encodeRows, nearestRecords, recordIndex } from './distance.js';
import { type Cell, type Frame, frameOf, type Metadata, numericValue } from './frame.js';
import type { ChartData, CheckResult } from './report-types.js';

/** Uniform random rows whose DCR median is the baseline (SDMetrics draws as many as synthetic rows). */
const RANDOM_ROWS = 2000;

/** What {@link privacyReport} compares against, and how hard it looks. */
export interface PrivacyOptions {
  /** Real rows held out from training: DCR overfitting protection and the copy-rate yardstick. */
  readonly holdout?: Frame;
  /** Real rows held out from training for the attacks; the holdout is used when this is absent. */
  readonly control?: Frame;
  readonly seed?: number;
  /** Attacks per anonymeter evaluator (default 500). */
  readonly attacks?: number;
  /** The inference attack's secret column (default: the last compared column). */
  readonly secret?: string;
  /** Synthetic rows measured by the distance metrics (default 50,000; the rest are not sampled). */
  readonly sample?: number;
}

/** Summary of a distribution. */
export interface Quantiles {
  readonly mean: number;
  readonly q05: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q95: number;
}

/** The privacy part of a report: counts, rates and scores, never a row's values. */
export interface PrivacyReport {
  /** The columns compared (numerical, datetime, categorical, boolean). */
  readonly columns: readonly string[];
  readonly rows: {
    readonly train: number;
    readonly synthetic: number;
    readonly holdout?: number;
    readonly control?: number;
  };
  /** Synthetic rows the distance metrics measured (a seeded sample when fewer than all). */
  readonly sampled: number;
  /** Uniform random rows measured for the DCR baseline. */
  readonly randomRows: number;
  readonly exactCopies: {
    readonly count: number;
    readonly rate: number;
    /** Share of holdout rows identical to a training row: the rate a fresh real sample shows. */
    readonly holdoutRate?: number;
    /** Upper end of the holdout rate's 95% Wilson interval. */
    readonly holdoutUpper?: number;
  };
  /** Distance to closest training record (SDMetrics' DCR), synthetic rows. */
  readonly dcr: Quantiles & {
    readonly holdout?: Quantiles;
    /** SDMetrics DCRBaselineProtection: min(1, median synthetic DCR / median DCR of uniform random rows). */
    readonly baselineProtection: {
      readonly score: number;
      readonly medianSynthetic: number;
      readonly medianRandom: number;
    };
    /** SDMetrics DCROverfittingProtection: min(1, 2 · share of synthetic rows not closer to training than to holdout). */
    readonly overfittingProtection?: {
      readonly score: number;
      readonly closerToTraining: number;
      readonly closerToHoldout: number;
      /** Rows of training and holdout compared (the larger is sampled down to the smaller's size). */
      readonly referenceRows: number;
    };
  };
  /** Nearest-neighbour distance ratio: DCR / distance to the second-closest training row (0/0 counts as 0). */
  readonly nndr: Quantiles;
  readonly attacks?: {
    readonly singlingOutUnivariate: AttackResult;
    readonly singlingOutMultivariate: AttackResult;
    readonly linkability: AttackResult & { readonly halves: readonly [readonly string[], readonly string[]] };
    readonly inference: AttackResult & { readonly secret: string };
  };
  /** Why the attacks did not run, when they did not. */
  readonly attacksSkipped?: string;
  readonly charts: Required<Pick<ChartData, 'dcr'>>;
  /** Seconds each stage took. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Quantiles of some values (linear interpolation, as pandas), NaNs left out. */
export function quantiles(values: ArrayLike<number>): Quantiles {
  const v = Float64Array.from(values)
    .filter((x) => !Number.isNaN(x))
    .sort();
  const at = (p: number) => {
    if (v.length === 0) return Number.NaN;
    const h = (v.length - 1) * p;
    const i = Math.floor(h);
    return v[i]! + (h - i) * ((v[Math.min(i + 1, v.length - 1)] ?? 0) - v[i]!);
  };
  const mean = v.length ? v.reduce((s, x) => s + x, 0) / v.length : Number.NaN;
  return { mean, q05: at(0.05), q25: at(0.25), median: at(0.5), q75: at(0.75), q95: at(0.95) };
}

/**
 * How many rows of `rows` are identical to some row of `reference` over the columns (rows hashed).
 *
 * @example
 * exactCopies(real, synthetic, ['age', 'sex']); // { count: 3, rate: 0.003 }
 */
export function exactCopies(
  reference: Frame,
  rows: Frame,
  columns: readonly string[],
): { count: number; rate: number } {
  const keys = new Set<string>();
  for (let r = 0; r < reference.rows; r++) keys.add(rowKey(reference, columns, r));
  let count = 0;
  for (let r = 0; r < rows.rows; r++) if (keys.has(rowKey(rows, columns, r))) count++;
  return { count, rate: rows.rows ? count / rows.rows : Number.NaN };
}

/**
 * Rows drawn uniformly within the reference's columns: numbers within [min, max] (integers when
 * the column holds only integers), datetimes within their span, categories among those present,
 * and nulls at the column's null rate. SDMetrics' baseline for DCR.
 *
 * @example
 * const random = uniformRows(real, meta, columns, 1000, Rng.from([7]));
 */
export function uniformRows(
  reference: Frame,
  meta: Metadata,
  columns: readonly string[],
  count: number,
  rng: Rng,
): Frame {
  const data: Record<string, Cell[]> = {};
  for (const column of columns) {
    const cells = reference.data[column] ?? [];
    const present = cells.filter((c): c is string | number => c !== null);
    const nullRate = cells.length ? 1 - present.length / cells.length : 0;
    const kind = meta[column];
    let draw: () => Cell;
    if ((kind === 'numerical' || kind === 'datetime') && present.length) {
      const values = present.map((c) => (kind === 'datetime' ? numericValue(c) : Number(c)));
      const min = values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      const max = values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
      const integers = kind === 'numerical' && values.every((x) => Number.isInteger(x));
      draw = integers ? () => min + rng.below(max - min + 1) : () => min + rng.float() * (max - min);
    } else {
      const categories = [...new Set(present)];
      draw = () => (categories.length ? rng.pick(categories) : null);
    }
    const out: Cell[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = rng.float() < nullRate ? null : draw();
    data[column] = out;
  }
  return frameOf('uniform random rows', data);
}

function histogram(synthetic: Float64Array, holdout?: Float64Array): ChartData['dcr'] & object {
  const bins = 20;
  let top = 0;
  for (const x of synthetic) if (x > top) top = x;
  if (holdout) for (const x of holdout) if (x > top) top = x;
  if (!(top > 0)) top = 1;
  const count = (values: Float64Array) => {
    const c = new Array<number>(bins).fill(0);
    let n = 0;
    for (const x of values) {
      if (Number.isNaN(x)) continue;
      c[Math.min(bins - 1, Math.floor((x / top) * bins))]!++;
      n++;
    }
    return c.map((v) => (n ? v / n : 0));
  };
  const syn = count(synthetic);
  const hold = holdout ? count(holdout) : undefined;
  return {
    bins: syn.map((s, i) => ({
      from: (top * i) / bins,
      to: (top * (i + 1)) / bins,
      synthetic: s,
      ...(hold ? { holdout: hold[i]! } : {}),
    })),
  };
}

function subFrame(frame: Frame, rows: Int32Array): Frame {
  const data: Record<string, Cell[]> = {};
  for (const c of frame.columns) {
    const cells = frame.data[c] ?? [];
    data[c] = Array.from(rows, (r) => cells[r] ?? null);
  }
  return { name: frame.name, columns: frame.columns, data, rows: rows.length };
}

/**
 * Measures how much synthetic data reveals of the real rows it was trained on: exact copies,
 * distance to closest record with SDMetrics' baseline and overfitting protection, the
 * nearest-neighbour distance ratio and anonymeter's three attacks. Seeded and deterministic.
 *
 * @example
 * const report = privacyReport(train, synthetic, inferMetadata(train), { holdout, seed: 1 });
 * report.dcr.baselineProtection.score; // 0.83
 */
export function privacyReport(
  train: Frame,
  synthetic: Frame,
  meta: Metadata,
  options: PrivacyOptions = {},
): PrivacyReport {
  const seed = options.seed ?? 0;
  const rng = (part: string) => Rng.from([seed, 'privacy', part]);
  const { holdout } = options;
  const control = options.control ?? holdout;
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = Math.round(now - clock) / 1000;
    clock = now;
  };
  const columns = comparedColumns(meta, train, synthetic, ...(holdout ? [holdout] : []));
  const copyColumns = train.columns.filter(
    (c) => meta[c] !== 'id' && synthetic.columns.includes(c) && (!holdout || holdout.columns.includes(c)),
  );

  const copies = exactCopies(train, synthetic, copyColumns);
  const holdoutCopies = holdout ? exactCopies(train, holdout, copyColumns) : undefined;
  lap('exactCopies');

  const sample = Math.min(options.sample ?? 50_000, synthetic.rows);
  const synRows = sampleRows(synthetic.rows, sample, rng('synthetic sample'));
  const space = distanceSpace(train, meta, columns);
  const trainIndex = recordIndex(encodeRows(space, train));
  const synNearest = nearestRecords(encodeRows(space, synthetic, synRows), trainIndex, 2);
  const dcr = synNearest.distance;
  const nndr = new Float64Array(dcr.length);
  const second = synNearest.second!;
  for (let i = 0; i < dcr.length; i++)
    nndr[i] = second[i]! > 0 ? dcr[i]! / second[i]! : second[i] === 0 ? 0 : Number.NaN;
  lap('dcr');

  // random rows sit far from everything, so the search prunes little: a median needs few of them
  const random = uniformRows(train, meta, columns, Math.min(sample, RANDOM_ROWS), rng('uniform rows'));
  const randomDcr = nearestRecords(encodeRows(space, random), trainIndex).distance;
  const medianSynthetic = quantiles(dcr).median;
  const medianRandom = quantiles(randomDcr).median;
  lap('baseline');

  let holdoutDcr: Float64Array | undefined;
  let overfitting: PrivacyReport['dcr']['overfittingProtection'];
  if (holdout && holdout.rows > 0) {
    const holdRows = sampleRows(holdout.rows, Math.min(sample, holdout.rows), rng('holdout sample'));
    holdoutDcr = nearestRecords(encodeRows(space, holdout, holdRows), trainIndex).distance;
    // equal-sized references, or the larger one is closer by its size alone
    const size = Math.min(train.rows, holdout.rows);
    const toTrain =
      size === train.rows
        ? dcr
        : (() => {
            const part = subFrame(train, sampleRows(train.rows, size, rng('training subsample')));
            const s = distanceSpace(part, meta, columns);
            return nearestRecords(encodeRows(s, synthetic, synRows), recordIndex(encodeRows(s, part)))
              .distance;
          })();
    const hold =
      size === holdout.rows
        ? holdout
        : subFrame(holdout, sampleRows(holdout.rows, size, rng('holdout subsample')));
    const hs = distanceSpace(hold, meta, columns);
    const toHoldout = nearestRecords(
      encodeRows(hs, synthetic, synRows),
      recordIndex(encodeRows(hs, hold)),
    ).distance;
    let closer = 0;
    for (let i = 0; i < toTrain.length; i++) if (toTrain[i]! < toHoldout[i]!) closer++;
    const closerToTraining = toTrain.length ? closer / toTrain.length : Number.NaN;
    overfitting = {
      score: Math.min(1, 2 * (1 - closerToTraining)),
      closerToTraining,
      closerToHoldout: 1 - closerToTraining,
      referenceRows: size,
    };
    lap('overfitting');
  }

  let attacks: PrivacyReport['attacks'];
  let attacksSkipped: string | undefined;
  if (!control || control.rows === 0)
    attacksSkipped = 'no control set: pass real rows held out from training';
  else if (columns.length < 2) attacksSkipped = 'fewer than two comparable columns';
  else {
    const secret = options.secret ?? columns[columns.length - 1]!;
    const common = { rng: rng('attacks'), ...(options.attacks ? { attacks: options.attacks } : {}) };
    attacks = {
      singlingOutUnivariate: singlingOut(train, synthetic, control, columns, meta, 'univariate', common),
      singlingOutMultivariate: singlingOut(train, synthetic, control, columns, meta, 'multivariate', common),
      linkability: linkability(train, synthetic, control, columns, meta, common),
      inference: inference(train, synthetic, control, columns, meta, secret, common),
    };
    lap('attacks');
  }

  const holdoutRate = holdoutCopies?.rate;
  return {
    columns,
    rows: {
      train: train.rows,
      synthetic: synthetic.rows,
      ...(holdout ? { holdout: holdout.rows } : {}),
      ...(control ? { control: control.rows } : {}),
    },
    sampled: sample,
    randomRows: random.rows,
    exactCopies: {
      ...copies,
      ...(holdoutCopies && holdout && holdoutRate !== undefined
        ? {
            holdoutRate,
            holdoutUpper: (() => {
              const w = wilsonRate(holdoutCopies.count, holdout.rows);
              return w.value + w.error;
            })(),
          }
        : {}),
    },
    dcr: {
      ...quantiles(dcr),
      ...(holdoutDcr ? { holdout: quantiles(holdoutDcr) } : {}),
      baselineProtection: {
        score: medianRandom > 0 ? Math.min(1, medianSynthetic / medianRandom) : Number.NaN,
        medianSynthetic,
        medianRandom,
      },
      ...(overfitting ? { overfittingProtection: overfitting } : {}),
    },
    nndr: quantiles(nndr),
    ...(attacks ? { attacks } : {}),
    ...(attacksSkipped ? { attacksSkipped } : {}),
    charts: { dcr: histogram(dcr, holdoutDcr) },
    timings,
  };
}

const fixed = (x: number | undefined, digits = 4) =>
  x === undefined || Number.isNaN(x) ? 'n/a' : Number(x.toFixed(digits)).toString();

/**
 * The privacy report as pass/fail checks: exact-copy rate no higher than a fresh real sample's
 * (the holdout's, within its 95% Wilson upper bound; 0 without a holdout), DCR baseline and
 * overfitting protection ≥ 0.5, and each anonymeter risk's upper 95% bound below 0.1.
 *
 * @example
 * privacyChecks(privacyReport(train, synthetic, meta, { holdout })).filter((c) => c.status === 'fail');
 */
export function privacyChecks(report: PrivacyReport): CheckResult[] {
  const checks: CheckResult[] = [];
  const status = (ok: boolean | undefined): CheckResult['status'] =>
    ok === undefined ? 'skip' : ok ? 'pass' : 'fail';
  const copies = report.exactCopies;
  const limit = copies.holdoutUpper ?? 0;
  checks.push({
    id: 'privacy.exact-copies',
    section: 'privacy',
    name: 'exact copies of training rows',
    status: status(copies.rate <= limit),
    severity: 'error',
    measured: copies.rate,
    expected:
      copies.holdoutRate === undefined
        ? '≤ 0 (no holdout given)'
        : `≤ ${fixed(copies.holdoutRate)} (holdout's copy rate)`,
    ...(copies.holdoutUpper === undefined
      ? {}
      : { tolerance: `up to ${fixed(copies.holdoutUpper)} (95% Wilson upper bound)` }),
    detail: `${copies.count} of ${report.rows.synthetic} synthetic rows equal a training row`,
  });
  const baseline = report.dcr.baselineProtection;
  checks.push({
    id: 'privacy.dcr-baseline-protection',
    section: 'privacy',
    name: 'DCR baseline protection',
    status: status(Number.isNaN(baseline.score) ? undefined : baseline.score >= 0.5),
    severity: 'warn',
    measured: baseline.score,
    expected: '≥ 0.5',
    detail: `median DCR ${fixed(baseline.medianSynthetic)} synthetic vs ${fixed(baseline.medianRandom)} uniform random rows, over ${report.sampled} synthetic rows`,
  });
  const over = report.dcr.overfittingProtection;
  checks.push({
    id: 'privacy.dcr-overfitting-protection',
    section: 'privacy',
    name: 'DCR overfitting protection',
    status: status(over ? over.score >= 0.5 : undefined),
    severity: 'error',
    measured: over?.score ?? null,
    expected: '≥ 0.5',
    detail: over
      ? `${fixed(over.closerToTraining * 100, 1)}% of synthetic rows closer to training than to holdout (${over.referenceRows} rows each)`
      : 'skipped: no holdout given',
  });
  const attacks = report.attacks;
  const named: [string, string, AttackResult | undefined][] = [
    ['singling-out-univariate', 'singling-out risk (univariate)', attacks?.singlingOutUnivariate],
    ['singling-out-multivariate', 'singling-out risk (multivariate)', attacks?.singlingOutMultivariate],
    ['linkability', 'linkability risk', attacks?.linkability],
    ['inference', `inference risk (${attacks?.inference.secret ?? 'secret'})`, attacks?.inference],
  ];
  for (const [id, name, result] of named) {
    const upper = result?.risk.ci[1];
    checks.push({
      id: `privacy.${id}`,
      section: 'privacy',
      name,
      status: status(upper === undefined || Number.isNaN(upper) ? undefined : upper < 0.1),
      severity: 'error',
      measured: result?.risk.value ?? null,
      expected: 'upper end of 95% CI < 0.1',
      detail: result
        ? `${result.success} of ${result.attacks} attacks on training rows, ${fixed(result.control, 1)} on control, ${result.baseline} by the random baseline; 95% CI ${fixed(result.risk.ci[0])}–${fixed(result.risk.ci[1])}`
        : `skipped: ${report.attacksSkipped ?? 'no attacks ran'}`,
    });
  }
  return checks;
}
