/**
 * Fidelity of synthetic data against real data with SDMetrics' (0.29) formulas: the single-column
 * metrics, the QualityReport's aggregation, the charts of the HTML report, and the multi-table
 * relation metrics.
 */
import { userError } from '../errors/index.js';
import {
  type Coefficient,
  correlationSimilarity,
  cramersV,
  type Discretization,
  discretizePair,
  encodeCategories,
  histogramEdges,
  jointTvComplement,
  type NumericColumn,
  pearson,
} from './fidelity-pairs.js';
import { type ColumnKind, type Frame, type Metadata, numericValue } from './frame.js';
import type { ChartData, FidelityReport, HistogramBin } from './report-types.js';

/**
 * SDMetrics' KSComplement: `1 − D`, D the two-sample Kolmogorov–Smirnov statistic (the largest
 * gap between the two empirical CDFs). Missing values (NaN) are dropped and values are rounded to
 * 14 decimals first, as SDMetrics does. NaN when either side has no value.
 *
 * @example
 * ksComplement([1, 2, 3, 4], [3, 4, 5, 6]); // 0.5
 */
export function ksComplement(real: NumericColumn, synthetic: NumericColumn): number {
  const a = sortedPresent(real);
  const b = sortedPresent(synthetic);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return Number.NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n || j < m) {
    // step past every copy of the next distinct value in both samples, then compare the CDFs
    const v = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  return 1 - d;
}

/**
 * SDMetrics' TVComplement: `1 − ½ Σ |p_real(c) − p_synthetic(c)|` over the categories, missing
 * values dropped. A category only the synthetic data has gets a real count of 1e-6, as SDMetrics'
 * regularisation does. Categories compare by their text. NaN when either side has no value.
 *
 * @example
 * tvComplement(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']); // 0.75
 */
export function tvComplement(real: ArrayLike<unknown>, synthetic: ArrayLike<unknown>): number {
  const r = categoryCounts(real);
  const s = categoryCounts(synthetic);
  let nr = 0;
  let ns = 0;
  for (const c of r.values()) nr += c;
  for (const c of s.values()) ns += c;
  if (nr === 0 || ns === 0) return Number.NaN;
  for (const key of s.keys()) {
    if (!r.has(key)) {
      r.set(key, 1e-6);
      nr += 1e-6;
    }
  }
  let variation = 0;
  for (const [key, count] of r) variation += Math.abs((s.get(key) ?? 0) / ns - count / nr);
  return 1 - 0.5 * variation;
}

/**
 * SDMetrics' BoundaryAdherence: the share of present synthetic values inside the real data's
 * [min, max]. NaN when either side has no value.
 *
 * @example
 * boundaryAdherence([0, 10], [-1, 0, 5, 10, 11]); // 0.6
 */
export function boundaryAdherence(real: NumericColumn, synthetic: NumericColumn): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < real.length; i++) {
    const v = real[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let inside = 0;
  let present = 0;
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i]!;
    if (Number.isNaN(v)) continue;
    present++;
    if (v >= lo && v <= hi) inside++;
  }
  return present === 0 || lo > hi ? Number.NaN : inside / present;
}

/**
 * SDMetrics' CategoryAdherence: the share of synthetic rows whose category occurs in the real
 * data. A missing synthetic value counts as valid only when the real data has missing values too.
 * NaN when the synthetic column is empty.
 *
 * @example
 * categoryAdherence(['a', 'b'], ['a', 'c', null, 'b']); // 0.5
 */
export function categoryAdherence(real: ArrayLike<unknown>, synthetic: ArrayLike<unknown>): number {
  const categories = categoryCounts(real);
  let realHasNull = false;
  for (let i = 0; i < real.length; i++) if (isMissing(real[i])) realHasNull = true;
  let valid = 0;
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i];
    if (isMissing(v) ? realHasNull : categories.has(String(v))) valid++;
  }
  return synthetic.length === 0 ? Number.NaN : valid / synthetic.length;
}

/**
 * SDMetrics' ContingencySimilarity: one minus the total variation distance between the real and
 * synthetic joint frequency tables of two columns, missing values counting as a category.
 * A continuous column is binned into `bins` equal-width bins (by default over the real data's
 * range, applied to both; see {@link Discretization}).
 *
 * @example
 * contingencySimilarity(['a', 'b'], ['x', 'y'], ['a', 'b'], ['y', 'x']); // 0
 */
export function contingencySimilarity(
  realA: ArrayLike<unknown>,
  realB: ArrayLike<unknown>,
  syntheticA: ArrayLike<unknown>,
  syntheticB: ArrayLike<unknown>,
  options: ContingencyOptions = {},
): number {
  const [ca, cb] = options.continuous ?? [false, false];
  const bins = options.bins ?? 10;
  const mode = options.discretization ?? 'real-range';
  const code = (continuous: boolean, r: ArrayLike<unknown>, syn: ArrayLike<unknown>) =>
    continuous ? discretizePair(toNumbers(r), toNumbers(syn), bins, mode) : encodeCategories(r, syn);
  const a = code(ca, realA, syntheticA);
  const b = code(cb, realB, syntheticB);
  return jointTvComplement(a.real, b.real, a.synthetic, b.synthetic);
}

/** How {@link contingencySimilarity} treats its two columns. */
export interface ContingencyOptions {
  /** Which of the two columns are continuous and get binned. Default: neither. */
  readonly continuous?: readonly [boolean, boolean];
  /** Number of equal-width bins for a continuous column. Default 10. */
  readonly bins?: number;
  /** Where the bin edges come from. Default `real-range`. */
  readonly discretization?: Discretization;
}

/** Options of {@link fidelityReport}. Defaults reproduce SDMetrics 0.29's QualityReport. */
export interface FidelityOptions {
  /** CorrelationSimilarity's coefficient for two continuous columns. Default `pearson`. */
  readonly coefficient?: Coefficient;
  /** Bins for a continuous column paired with a discrete one. Default 10. */
  readonly bins?: number;
  /**
   * Bin edges for a continuous column in ContingencySimilarity. Default `per-dataset`, which is
   * what SDMetrics' QualityReport does; `real-range` is the standalone metric's binning.
   */
  readonly discretization?: Discretization;
  /** A continuous pair counts when its real |Pearson r| exceeds this. Default 0.5. */
  readonly correlationThreshold?: number;
  /** Any other pair counts when its real Cramér's V exceeds this. Default 0.3. */
  readonly associationThreshold?: number;
  /**
   * What to do with a column of the metadata that the synthetic data lacks: `error` (default)
   * throws a user error naming the columns; `skip` leaves them out of every metric.
   */
  readonly missingColumns?: 'error' | 'skip';
}

const CONTINUOUS: ReadonlySet<ColumnKind> = new Set(['numerical', 'datetime']);
const DISCRETE: ReadonlySet<ColumnKind> = new Set(['categorical', 'boolean']);

/**
 * SDMetrics' QualityReport for one table. Column Shapes: KSComplement for numerical and datetime
 * columns, TVComplement for categorical and boolean ones, averaged over the columns. Column Pair
 * Trends: CorrelationSimilarity for two continuous columns and ContingencySimilarity otherwise
 * (continuous columns binned; by default each dataset over its own range, as the QualityReport
 * does, so such a pair's score can differ from the standalone ContingencySimilarity, which
 * `discretization: 'real-range'` gives), averaged over the pairs whose real association passes the
 * threshold (|Pearson r| > 0.5, Cramér's V > 0.3). The score is the mean of the two. NaN scores
 * (an empty or constant column) are left out of the means; when no pair passes the threshold the
 * Column Pair Trends score is NaN and the overall score is the Column Shapes score. `id` and `text`
 * columns, and columns absent from the metadata, are not compared.
 *
 * @example
 * const real = frameOf('real', { age: [20, 30, 40], sex: ['F', 'M', 'F'] });
 * fidelityReport(real, real, { age: 'numerical', sex: 'categorical' }).properties.columnShapes; // 1
 */
export function fidelityReport(
  real: Frame,
  synthetic: Frame,
  meta: Metadata,
  options: FidelityOptions = {},
): FidelityReport {
  const columns = comparedColumns(real, synthetic, meta, options.missingColumns ?? 'error');
  const bins = options.bins ?? 10;
  const mode = options.discretization ?? 'per-dataset';
  const correlationThreshold = options.correlationThreshold ?? 0.5;
  const associationThreshold = options.associationThreshold ?? 0.3;

  const numbers = new Map<string, { real: Float64Array; synthetic: Float64Array }>();
  const codes = new Map<string, { real: Int32Array; synthetic: Int32Array }>();
  const columnShapes: Record<string, number> = {};
  for (const column of columns) {
    const r = real.data[column]!;
    const s = synthetic.data[column]!;
    if (CONTINUOUS.has(meta[column]!)) {
      const pair = { real: toNumbers(r), synthetic: toNumbers(s) };
      numbers.set(column, pair);
      codes.set(column, discretizePair(pair.real, pair.synthetic, bins, mode));
      columnShapes[column] = ksComplement(pair.real, pair.synthetic);
    } else {
      codes.set(column, encodeCategories(r, s));
      columnShapes[column] = tvComplement(r, s);
    }
  }

  const columnPairTrends: FidelityReport['columnPairTrends'][number][] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const a = columns[i]!;
      const b = columns[j]!;
      const na = numbers.get(a);
      const nb = numbers.get(b);
      if (na && nb) {
        const result = correlationSimilarity(
          na.real,
          nb.real,
          na.synthetic,
          nb.synthetic,
          options.coefficient,
        );
        const association = Math.abs(result.real);
        columnPairTrends.push({
          columns: [a, b],
          metric: 'CorrelationSimilarity',
          score: result.score,
          realAssociation: association,
          counted: association > correlationThreshold,
        });
      } else {
        const ca = codes.get(a)!;
        const cb = codes.get(b)!;
        const association = cramersV(ca.real, cb.real);
        columnPairTrends.push({
          columns: [a, b],
          metric: 'ContingencySimilarity',
          score: jointTvComplement(ca.real, cb.real, ca.synthetic, cb.synthetic),
          realAssociation: association,
          counted: association > associationThreshold,
        });
      }
    }
  }

  const shapes = nanMean(Object.values(columnShapes));
  const trends = nanMean(columnPairTrends.filter((p) => p.counted).map((p) => p.score));
  return {
    score: nanMean([shapes, trends]),
    properties: { columnShapes: shapes, columnPairTrends: trends },
    columnShapes,
    columnPairTrends,
  };
}

/**
 * Data for the HTML report's charts: for each compared column a histogram of real versus
 * synthetic proportions (numbers: 20 equal-width bins over the real range, plus `< min` and
 * `> max` bins when synthetic values fall outside it; categories: the 20 most frequent real
 * categories and `other`), missing values left out; and the Pearson correlation matrices of the
 * numerical and datetime columns (NaN where a correlation is undefined).
 *
 * @example
 * const real = frameOf('real', { age: [20, 30, 40] });
 * fidelityCharts(real, real, { age: 'numerical' }).histograms?.[0]?.bins.length; // 20
 */
export function fidelityCharts(real: Frame, synthetic: Frame, meta: Metadata): ChartData {
  const columns = comparedColumns(real, synthetic, meta, 'skip');
  const histograms = columns.map((column) => {
    const r = real.data[column]!;
    const s = synthetic.data[column]!;
    const bins = CONTINUOUS.has(meta[column]!)
      ? numericHistogram(toNumbers(r), toNumbers(s))
      : categoryHistogram(r, s);
    return { column, bins };
  });
  const continuous = columns.filter((c) => CONTINUOUS.has(meta[c]!));
  const matrix = (frame: Frame) => {
    const values = continuous.map((c) => toNumbers(frame.data[c]!));
    return values.map((x, i) => values.map((y, j) => (i === j ? 1 : pearson(x, y))));
  };
  return {
    histograms,
    correlation: { columns: continuous, real: matrix(real), synthetic: matrix(synthetic) },
  };
}

/**
 * SDMetrics' ReferentialIntegrity: the share of synthetic foreign keys that reference a synthetic
 * parent key. When the real foreign keys include missing values, missing synthetic ones are
 * dropped first (they are allowed); otherwise a missing foreign key counts as broken.
 * Keys compare by their text. NaN when no synthetic foreign key is left.
 *
 * @example
 * referentialIntegrity([1, 2], [1, 1, 2], [1, 2], [1, 3]); // 0.5
 */
export function referentialIntegrity(
  _realParentKeys: ArrayLike<unknown>,
  realChildKeys: ArrayLike<unknown>,
  syntheticParentKeys: ArrayLike<unknown>,
  syntheticChildKeys: ArrayLike<unknown>,
): number {
  let nullsAllowed = false;
  for (let i = 0; i < realChildKeys.length; i++) if (isMissing(realChildKeys[i])) nullsAllowed = true;
  const parents = new Set<string>();
  for (let i = 0; i < syntheticParentKeys.length; i++) {
    const k = syntheticParentKeys[i];
    if (!isMissing(k)) parents.add(String(k));
  }
  let total = 0;
  let found = 0;
  for (let i = 0; i < syntheticChildKeys.length; i++) {
    const k = syntheticChildKeys[i];
    if (isMissing(k)) {
      if (!nullsAllowed) total++;
      continue;
    }
    total++;
    if (parents.has(String(k))) found++;
  }
  return total === 0 ? Number.NaN : found / total;
}

/**
 * How many children each parent row has (zero for a parent nobody references), in parent order:
 * SDMetrics' cardinality distribution.
 *
 * @example
 * childCounts(['a', 'b', 'c'], ['a', 'a', 'c']); // Float64Array [2, 0, 1]
 */
export function childCounts(parentKeys: ArrayLike<unknown>, childKeys: ArrayLike<unknown>): Float64Array {
  const counts = new Map<string, number>();
  for (let i = 0; i < childKeys.length; i++) {
    const k = childKeys[i];
    if (isMissing(k)) continue;
    counts.set(String(k), (counts.get(String(k)) ?? 0) + 1);
  }
  const out = new Float64Array(parentKeys.length);
  for (let i = 0; i < parentKeys.length; i++) {
    const k = parentKeys[i];
    out[i] = isMissing(k) ? 0 : (counts.get(String(k)) ?? 0);
  }
  return out;
}

/**
 * SDMetrics' CardinalityShapeSimilarity for one relation: KSComplement between the real and the
 * synthetic distributions of children per parent, parents without children counting as 0.
 *
 * @example
 * cardinalityShapeSimilarity([1, 2], [1, 1, 2], [1, 2], [1, 2, 2]); // 1
 */
export function cardinalityShapeSimilarity(
  realParentKeys: ArrayLike<unknown>,
  realChildKeys: ArrayLike<unknown>,
  syntheticParentKeys: ArrayLike<unknown>,
  syntheticChildKeys: ArrayLike<unknown>,
): number {
  return ksComplement(
    childCounts(realParentKeys, realChildKeys),
    childCounts(syntheticParentKeys, syntheticChildKeys),
  );
}

/** The multi-table metrics of one parent → child relation. */
export interface RelationFidelity {
  readonly referentialIntegrity: number;
  readonly cardinalityShapeSimilarity: number;
}

/**
 * Both multi-table metrics of one relation, from the parent's primary keys and the child's
 * foreign keys in the real and the synthetic data.
 *
 * @example
 * relationFidelity([1, 2], [1, 1, 2], [1, 2], [1, 2, 2]); // { referentialIntegrity: 1, cardinalityShapeSimilarity: 1 }
 */
export function relationFidelity(
  parentKeys: ArrayLike<unknown>,
  childForeignKeys: ArrayLike<unknown>,
  syntheticParentKeys: ArrayLike<unknown>,
  syntheticChildForeignKeys: ArrayLike<unknown>,
): RelationFidelity {
  return {
    referentialIntegrity: referentialIntegrity(
      parentKeys,
      childForeignKeys,
      syntheticParentKeys,
      syntheticChildForeignKeys,
    ),
    cardinalityShapeSimilarity: cardinalityShapeSimilarity(
      parentKeys,
      childForeignKeys,
      syntheticParentKeys,
      syntheticChildForeignKeys,
    ),
  };
}

/** A frame's cells as numbers: datetimes as epoch milliseconds, missing or unreadable values as NaN. */
export function toNumbers(cells: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    out[i] = typeof c === 'number' ? c : typeof c === 'string' ? numericValue(c) : Number.NaN;
  }
  return out;
}

function comparedColumns(real: Frame, synthetic: Frame, meta: Metadata, missing: 'error' | 'skip'): string[] {
  const compared = real.columns.filter((c) => {
    const kind = meta[c];
    return kind !== undefined && (CONTINUOUS.has(kind) || DISCRETE.has(kind));
  });
  const absent = compared.filter((c) => synthetic.data[c] === undefined);
  if (absent.length > 0 && missing === 'error') {
    throw userError(
      'fidelity_column_missing',
      `the synthetic data (${synthetic.name}) has no column ${absent.map((c) => `'${c}'`).join(', ')} that the real data (${real.name}) has`,
      { hint: 'generate the column, or drop it from the real data or the metadata before comparing' },
    );
  }
  return compared.filter((c) => synthetic.data[c] !== undefined);
}

function numericHistogram(real: Float64Array, synthetic: Float64Array): HistogramBin[] {
  const edges = histogramEdges(real, 20);
  if (edges.length === 0) return [];
  const lo = edges[0]!;
  const hi = edges[20]!;
  const count = (values: Float64Array) => {
    const counts = new Float64Array(22);
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      n++;
      if (v < lo) counts[0]!++;
      else if (v > hi) counts[21]!++;
      else counts[1 + Math.min(19, Math.floor(((v - lo) / (hi - lo)) * 20))]!++;
    }
    return counts.map((c) => (n === 0 ? 0 : c / n));
  };
  const r = count(real);
  const s = count(synthetic);
  const label = (k: number) => `[${round(edges[k]!)}, ${round(edges[k + 1]!)}${k === 19 ? ']' : ')'}`;
  const bins: HistogramBin[] = [];
  if (s[0]! > 0) bins.push({ label: `< ${round(lo)}`, real: 0, synthetic: s[0]! });
  for (let k = 0; k < 20; k++) bins.push({ label: label(k), real: r[k + 1]!, synthetic: s[k + 1]! });
  if (s[21]! > 0) bins.push({ label: `> ${round(hi)}`, real: 0, synthetic: s[21]! });
  return bins;
}

function categoryHistogram(real: ArrayLike<unknown>, synthetic: ArrayLike<unknown>): HistogramBin[] {
  const r = categoryCounts(real);
  const s = categoryCounts(synthetic);
  const nr = sum(r.values());
  const ns = sum(s.values());
  const top = [...r.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, 20)
    .map(([k]) => k);
  const bins: HistogramBin[] = top.map((k) => ({
    label: k,
    real: nr === 0 ? 0 : r.get(k)! / nr,
    synthetic: ns === 0 ? 0 : (s.get(k) ?? 0) / ns,
  }));
  const realOther = 1 - sum(bins.map((b) => b.real));
  const synOther = 1 - sum(bins.map((b) => b.synthetic));
  if (realOther > 1e-12 || synOther > 1e-12) {
    bins.push({ label: 'other', real: Math.max(0, realOther), synthetic: Math.max(0, synOther) });
  }
  return bins;
}

function categoryCounts(values: ArrayLike<unknown>): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function sortedPresent(values: NumericColumn): Float64Array {
  const out = new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[m++] = round14(v);
  }
  return out.subarray(0, m).sort();
}

/** numpy's `round(v, 14)` (half to even), which SDMetrics applies before the KS test. */
function round14(v: number): number {
  if (Number.isInteger(v)) return v;
  const scaled = v * 1e14;
  if (!Number.isFinite(scaled) || Math.abs(scaled) >= 2 ** 52) return v;
  let r = Math.round(scaled);
  if (Math.abs(scaled % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return r / 1e14;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function nanMean(values: readonly number[]): number {
  let total = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    total += v;
    n++;
  }
  return n === 0 ? Number.NaN : total / n;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function round(v: number): string {
  return Number.parseFloat(v.toPrecision(4)).toString();
}
