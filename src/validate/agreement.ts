import { normalQuantile, Rng } from '../random/index.js';

/** One annotator's label for one item: a category name or a number. */
export type Value = number | string;

/**
 * Reliability data, one row per unit (item) and one entry per coder (annotator), the same coder
 * in the same position on every row; `null` marks a label the coder did not give. This is the
 * transpose of Krippendorff's coders × units table.
 */
export type ReliabilityData = readonly (readonly (Value | null)[])[];

/** How Cohen's kappa credits a disagreement between two ordered categories. */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Krippendorff's difference functions: which disagreements count and how much. */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Cohen's kappa with its large-sample standard error. */
export interface KappaResult {
  readonly kappa: number;
  /** (Weighted) proportion of agreement observed. */
  readonly observed: number;
  /** (Weighted) proportion of agreement expected by chance from each rater's own marginals. */
  readonly expected: number;
  /** Items both raters labelled. */
  readonly n: number;
  /** Asymptotic standard error (Fleiss, Cohen & Everitt 1969), the one SAS PROC FREQ prints. */
  readonly se: number;
  /** kappa ± 1.96 se. */
  readonly ci95: readonly [number, number];
}

/** Fleiss' kappa and its two parts. */
export interface FleissResult {
  readonly kappa: number;
  /** Mean agreement within a subject, P̄. */
  readonly pBar: number;
  /** Chance agreement from the pooled category proportions, P̄e. */
  readonly pE: number;
  /** Subjects with at least two ratings (the others carry no agreement and are left out). */
  readonly subjects: number;
}

/** Krippendorff's alpha with the disagreements it is made of. */
export interface AlphaResult {
  readonly alpha: number;
  /** Observed disagreement Do. */
  readonly observed: number;
  /** Disagreement expected by chance De. */
  readonly expected: number;
  /** Pairable values n: values in units that hold at least two. */
  readonly pairable: number;
  /** Units holding at least two values (units with fewer are dropped, as Krippendorff defines). */
  readonly units: number;
  /** The distinct values, in order, that index the coincidence matrix. */
  readonly values: readonly Value[];
}

/** Numbers ascending, then strings in code-unit order: the order labels sort themselves into. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedDistinct(values: Iterable<Value | null>): Value[] {
  const set = new Set<Value>();
  for (const v of values) if (v !== null) set.add(v);
  return [...set].sort(compareValues);
}

function indexOf(values: readonly Value[]): Map<Value, number> {
  return new Map(values.map((v, i) => [v, i]));
}

function lookup(index: ReadonlyMap<Value, number>, v: Value): number {
  const i = index.get(v);
  if (i === undefined) throw new RangeError(`label ${JSON.stringify(v)} is not in the category list`);
  return i;
}

function needsOrder(values: readonly Value[], what: string): void {
  if (values.some((v) => typeof v === 'string')) {
    throw new TypeError(`${what} over string labels needs the categories in order`);
  }
}

/**
 * The k × k table of two raters' labels over the items both labelled: rows rater a, columns
 * rater b. Categories default to the labels seen, sorted.
 *
 * @example
 * confusionMatrix(['x', 'y', 'y'], ['x', 'y', 'x']).counts; // [[1, 0], [1, 1]]
 */
export function confusionMatrix(
  a: readonly (Value | null)[],
  b: readonly (Value | null)[],
  categories?: readonly Value[],
): { readonly categories: readonly Value[]; readonly counts: readonly (readonly number[])[] } {
  if (a.length !== b.length) throw new RangeError(`${a.length} labels for rater a but ${b.length} for b`);
  const cats = categories ?? sortedDistinct([...a, ...b]);
  const index = indexOf(cats);
  const counts = cats.map(() => cats.map(() => 0));
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    counts[lookup(index, x)]![lookup(index, y)]!++;
  }
  return { categories: cats, counts };
}

/** Agreement weight of categories i and j among k ordered ones. */
function agreementWeight(i: number, j: number, k: number, weights: KappaWeights): number {
  if (weights === 'none' || k < 2) return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return weights === 'linear' ? 1 - d : 1 - d * d;
}

function marginals(counts: readonly (readonly number[])[]) {
  const k = counts.length;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  let n = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i]![j]!;
      rows[i]! += c;
      cols[j]! += c;
      n += c;
    }
  }
  return { rows: rows.map((r) => r / n), cols: cols.map((c) => c / n), n };
}

/**
 * Cohen's kappa from a square confusion matrix (rows one rater, columns the other, categories in
 * order when weighted). Linear and quadratic weights are 1 − |i−j|/(k−1) and 1 − (i−j)²/(k−1)²
 * over category positions, as R irr's kappa2 and SAS's Cicchetti–Allison weights with equally
 * spaced scores.
 *
 * @example
 * cohenKappaFromMatrix([[0, 4, 1], [0, 8, 0], [0, 1, 5]]).kappa; // 0.4842 (SAS PROC FREQ)
 */
export function cohenKappaFromMatrix(
  counts: readonly (readonly number[])[],
  weights: KappaWeights = 'none',
): KappaResult {
  const k = counts.length;
  const { rows, cols, n } = marginals(counts);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = agreementWeight(i, j, k, weights);
      observed += (w * counts[i]![j]!) / n;
      expected += w * rows[i]! * cols[j]!;
    }
  }
  const kappa = (observed - expected) / (1 - expected);
  // Fleiss, Cohen & Everitt (1969): the variance without assuming kappa = 0
  const rowMean = rows.map((_, i) => cols.reduce((s, c, j) => s + c * agreementWeight(i, j, k, weights), 0));
  const colMean = cols.map((_, j) => rows.reduce((s, r, i) => s + r * agreementWeight(i, j, k, weights), 0));
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = agreementWeight(i, j, k, weights) - (rowMean[i]! + colMean[j]!) * (1 - kappa);
      sum += (counts[i]![j]! / n) * d * d;
    }
  }
  const tail = kappa - expected * (1 - kappa);
  const se = Math.sqrt(Math.max(0, sum - tail * tail) / (n * (1 - expected) ** 2));
  const z = normalQuantile(0.975);
  return { kappa, observed, expected, n, se, ci95: [kappa - z * se, kappa + z * se] };
}

/**
 * Cohen's kappa between two raters' labels, item by item; items either rater skipped (`null`) are
 * left out. Categories default to the labels seen, sorted (numbers by value); weighted kappa uses
 * their positions, so give `categories` in order for string labels.
 *
 * @example
 * cohenKappa([1, 2, 3, 3], [1, 2, 3, 2], { weights: 'quadratic' }).kappa; // 0.8
 */
export function cohenKappa(
  a: readonly (Value | null)[],
  b: readonly (Value | null)[],
  options: { readonly weights?: KappaWeights; readonly categories?: readonly Value[] } = {},
): KappaResult {
  const weights = options.weights ?? 'none';
  const m = confusionMatrix(a, b, options.categories);
  if (weights !== 'none' && options.categories === undefined) needsOrder(m.categories, 'weighted kappa');
  return cohenKappaFromMatrix(m.counts, weights);
}

/** Proportion of items on whose category two raters agree, from their confusion matrix. */
export function observedAgreement(counts: readonly (readonly number[])[]): number {
  let same = 0;
  let n = 0;
  counts.forEach((row, i) => {
    row.forEach((c, j) => {
      n += c;
      if (i === j) same += c;
    });
  });
  return same / n;
}

/**
 * Scott's pi from a confusion matrix: chance agreement from the two raters' pooled proportions.
 *
 * @example
 * scottPiFromMatrix([[46, 6, 0], [0, 32, 0], [0, 6, 10]]); // 0.7995 (Artstein & Poesio 2008)
 */
export function scottPiFromMatrix(counts: readonly (readonly number[])[]): number {
  const { rows, cols } = marginals(counts);
  const expected = rows.reduce((s, r, i) => s + ((r + cols[i]!) / 2) ** 2, 0);
  return (observedAgreement(counts) - expected) / (1 - expected);
}

/**
 * Scott's pi between two raters' labels; items either skipped are left out.
 *
 * @example
 * scottPi(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']); // 0.4667
 */
export function scottPi(a: readonly (Value | null)[], b: readonly (Value | null)[]): number {
  return scottPiFromMatrix(confusionMatrix(a, b).counts);
}

/**
 * Bennett, Alpert & Goldstein's S: chance agreement 1/k with k the number of categories.
 *
 * @example
 * bennettSFromMatrix([[46, 6, 0], [0, 32, 0], [0, 6, 10]]); // 0.82
 */
export function bennettSFromMatrix(counts: readonly (readonly number[])[]): number {
  const chance = 1 / counts.length;
  return (observedAgreement(counts) - chance) / (1 - chance);
}

/**
 * Fleiss' kappa from a subjects × categories table of how many raters put each subject in each
 * category. Subjects may have different numbers of raters: each subject's agreement is over its
 * own pairs and the category proportions pool all ratings (Fleiss' formula when the number is
 * constant). Subjects with fewer than two ratings are left out.
 *
 * @example
 * fleissKappaFromCounts([[3, 0], [0, 3], [2, 1]]).kappa; // 0.55
 */
export function fleissKappaFromCounts(counts: readonly (readonly number[])[]): FleissResult {
  const k = counts[0]?.length ?? 0;
  const totals = new Array<number>(k).fill(0);
  let ratings = 0;
  let agreement = 0;
  let subjects = 0;
  for (const row of counts) {
    const m = row.reduce((s, c) => s + c, 0);
    if (m < 2) continue;
    subjects++;
    agreement += row.reduce((s, c) => s + c * (c - 1), 0) / (m * (m - 1));
    row.forEach((c, j) => {
      totals[j]! += c;
    });
    ratings += m;
  }
  const pBar = agreement / subjects;
  const pE = totals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  return { kappa: (pBar - pE) / (1 - pE), pBar, pE, subjects };
}

/**
 * Fleiss' kappa from reliability data (units × coders, `null` for missing).
 *
 * @example
 * fleissKappa([['a', 'a', 'a'], ['b', 'b', 'b'], ['a', 'a', 'b']]).kappa; // 0.55
 */
export function fleissKappa(units: ReliabilityData, categories?: readonly Value[]): FleissResult {
  const cats = categories ?? sortedDistinct(units.flat());
  const index = indexOf(cats);
  return fleissKappaFromCounts(
    units.map((unit) => {
      const row = cats.map(() => 0);
      for (const v of unit) if (v !== null) row[lookup(index, v)]!++;
      return row;
    }),
  );
}

/** Per unit, how many times each value occurs: the sparse counts the coincidences come from. */
function unitCounts(units: ReliabilityData, index: ReadonlyMap<Value, number>): Map<number, number>[] {
  const out: Map<number, number>[] = [];
  for (const unit of units) {
    const counts = new Map<number, number>();
    let m = 0;
    for (const v of unit) {
      if (v === null) continue;
      const i = lookup(index, v);
      counts.set(i, (counts.get(i) ?? 0) + 1);
      m++;
    }
    if (m >= 2) out.push(counts);
  }
  return out;
}

/** Adds one unit's coincidences: each ordered pair of its values weighs 1 / (m_u − 1). */
function addUnit(matrix: number[][], counts: ReadonlyMap<number, number>): void {
  let m = 0;
  for (const c of counts.values()) m += c;
  for (const [c, nc] of counts) {
    for (const [k, nk] of counts) {
      matrix[c]![k]! += (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
    }
  }
}

/**
 * Krippendorff's coincidence matrix: o[c][k] counts the c–k pairs of values within units, each
 * unit's pairs weighing 1 / (m_u − 1); units with fewer than two values are dropped.
 *
 * @example
 * coincidenceMatrix([[1, 1], [1, 2]]).counts; // [[2, 1], [1, 0]]
 */
export function coincidenceMatrix(
  units: ReliabilityData,
  values?: readonly Value[],
): { readonly values: readonly Value[]; readonly counts: readonly (readonly number[])[] } {
  const vals = values ?? sortedDistinct(units.flat());
  const matrix = vals.map(() => vals.map(() => 0));
  for (const counts of unitCounts(units, indexOf(vals))) addUnit(matrix, counts);
  return { values: vals, counts: matrix };
}

/** Squared difference δ² between every two values under a metric, given the value marginals. */
function differences(values: readonly Value[], totals: readonly number[], metric: AlphaMetric): number[][] {
  const k = values.length;
  const numeric = values.map((v, i) => (typeof v === 'number' ? v : i + 1));
  const prefix = [0];
  for (const t of totals) prefix.push(prefix[prefix.length - 1]! + t);
  const out: number[][] = [];
  for (let c = 0; c < k; c++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++) {
      if (c === j) {
        row.push(0);
        continue;
      }
      const a = numeric[c]!;
      const b = numeric[j]!;
      if (metric === 'nominal') row.push(1);
      else if (metric === 'interval') row.push((a - b) ** 2);
      else if (metric === 'ratio') row.push(a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2);
      else {
        const lo = Math.min(c, j);
        const hi = Math.max(c, j);
        row.push((prefix[hi + 1]! - prefix[lo]! - (totals[lo]! + totals[hi]!) / 2) ** 2);
      }
    }
    out.push(row);
  }
  return out;
}

function alphaOf(matrix: readonly (readonly number[])[], values: readonly Value[], metric: AlphaMetric) {
  const totals = matrix.map((row) => row.reduce((s, x) => s + x, 0));
  const n = totals.reduce((s, x) => s + x, 0);
  const delta = differences(values, totals, metric);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c++) {
    for (let k = 0; k < values.length; k++) {
      observed += matrix[c]![k]! * delta[c]![k]!;
      expected += totals[c]! * totals[k]! * delta[c]![k]!;
    }
  }
  observed /= n;
  expected /= n * (n - 1);
  return { alpha: 1 - observed / expected, observed, expected, pairable: n };
}

/** The ordered values alpha runs over, checking the metric can use them. */
function alphaValues(units: ReliabilityData, metric: AlphaMetric, order?: readonly Value[]): Value[] {
  const seen = sortedDistinct(units.flat());
  if (order !== undefined) {
    const known = new Set(order);
    for (const v of seen) if (!known.has(v)) lookup(indexOf(order), v);
    if (metric === 'ratio') needsOrder(order, 'a ratio alpha (it needs numbers)');
    return [...order];
  }
  if (metric === 'ordinal' || metric === 'interval' || metric === 'ratio') {
    needsOrder(seen, `an ${metric} alpha`);
  }
  return seen;
}

/**
 * Krippendorff's alpha, computed from the coincidence matrix, for reliability data with any number
 * of coders and missing values. Ordinal uses ranks (give `order` for string labels); interval uses
 * numeric values, or 1-based positions in `order` for strings; ratio needs numbers.
 *
 * @example
 * krippendorffAlpha([[1, 1], [2, 2], [3, 3], [1, 2]], 'interval').alpha; // 0.8205
 */
export function krippendorffAlpha(
  units: ReliabilityData,
  metric: AlphaMetric = 'nominal',
  options: { readonly order?: readonly Value[] } = {},
): AlphaResult {
  const values = alphaValues(units, metric, options.order);
  const per = unitCounts(units, indexOf(values));
  const matrix = values.map(() => values.map(() => 0));
  for (const counts of per) addUnit(matrix, counts);
  return { ...alphaOf(matrix, values, metric), units: per.length, values };
}

/** A bootstrap confidence interval. */
export interface BootstrapInterval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly samples: number;
}

/**
 * Percentile bootstrap interval for Krippendorff's alpha, resampling units with replacement from
 * a seeded stream (the same seed gives the same interval). Resamples where alpha is undefined
 * (one value only) are skipped.
 *
 * @example
 * alphaBootstrap(units, 'nominal', { samples: 1000, seed: 7 }); // { estimate, low, high, … }
 */
export function alphaBootstrap(
  units: ReliabilityData,
  metric: AlphaMetric = 'nominal',
  options: {
    readonly samples?: number;
    readonly seed?: number;
    readonly level?: number;
    readonly order?: readonly Value[];
  } = {},
): BootstrapInterval {
  const samples = options.samples ?? 1000;
  const level = options.level ?? 0.95;
  const values = alphaValues(units, metric, options.order);
  const per = unitCounts(units, indexOf(values));
  const estimate = krippendorffAlpha(units, metric, options.order ? { order: options.order } : {}).alpha;
  const rng = Rng.from(['alpha-bootstrap', options.seed ?? 1, metric]);
  // each unit's coincidences once, as flat (cell, weight) runs, so a resample only sums them
  const k = values.length;
  const starts = [0];
  const cells: number[] = [];
  const weights: number[] = [];
  for (const counts of per) {
    const one = values.map(() => values.map(() => 0));
    addUnit(one, counts);
    for (const c of counts.keys()) {
      for (const j of counts.keys()) {
        cells.push(c * k + j);
        weights.push(one[c]![j]!);
      }
    }
    starts.push(cells.length);
  }
  const flat = new Float64Array(k * k);
  const picks = new Uint32Array(per.length);
  const draws: number[] = [];
  for (let s = 0; s < samples; s++) {
    picks.fill(0);
    flat.fill(0);
    for (let i = 0; i < per.length; i++) picks[rng.below(per.length)]!++;
    for (let i = 0; i < per.length; i++) {
      const times = picks[i]!;
      if (times === 0) continue;
      for (let e = starts[i]!; e < starts[i + 1]!; e++) flat[cells[e]!]! += times * weights[e]!;
    }
    const matrix = values.map((_, c) => Array.from(flat.subarray(c * k, c * k + k)));
    const { alpha } = alphaOf(matrix, values, metric);
    if (Number.isFinite(alpha)) draws.push(alpha);
  }
  draws.sort((a, b) => a - b);
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.floor(q * draws.length)))];
  const tail = (1 - level) / 2;
  return {
    estimate,
    low: at(tail) ?? Number.NaN,
    high: at(1 - tail) ?? Number.NaN,
    level,
    samples: draws.length,
  };
}

/**
 * How often one annotator's label equals the gold label, over the items both labelled.
 *
 * @example
 * accuracyAgainst(['a', 'b', null], ['a', 'a', 'b']); // { accuracy: 0.5, n: 2 }
 */
export function accuracyAgainst(
  labels: readonly (Value | null)[],
  gold: readonly (Value | null)[],
): { readonly accuracy: number; readonly n: number } {
  let n = 0;
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    const x = labels[i];
    const g = gold[i];
    if (x === null || x === undefined || g === null || g === undefined) continue;
    n++;
    if (x === g) right++;
  }
  return { accuracy: right / n, n };
}
