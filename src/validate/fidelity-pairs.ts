/**
 * Column-pair fidelity metrics with SDMetrics' formulas: CorrelationSimilarity,
 * ContingencySimilarity (with the discretisation of continuous columns) and the Cramér's V that
 * the quality report uses to decide which pairs count.
 */

/** A column as the metrics read it: numbers (NaN for missing) or category keys (null for missing). */
export type NumericColumn = ArrayLike<number>;

/** Which correlation coefficient CorrelationSimilarity compares. */
export type Coefficient = 'pearson' | 'spearman';

/**
 * Pearson's r over the rows where both values are present. NaN when fewer than two rows remain
 * or either column is constant there.
 *
 * @example
 * pearson([1, 2, 3, 4], [2, 4, 6, 9]); // ≈ 0.991
 */
export function pearson(x: NumericColumn, y: NumericColumn): number {
  const [a, b] = completeRows(x, y);
  return pearsonComplete(a, b);
}

/**
 * Spearman's rho: Pearson's r of the average ranks, over the rows where both values are present.
 *
 * @example
 * spearman([1, 2, 3, 4], [1, 4, 9, 16]); // 1
 */
export function spearman(x: NumericColumn, y: NumericColumn): number {
  const [a, b] = completeRows(x, y);
  return pearsonComplete(averageRanks(a), averageRanks(b));
}

/** The result of CorrelationSimilarity: the score and the two coefficients it compared. */
export interface CorrelationSimilarityResult {
  readonly score: number;
  readonly real: number;
  readonly synthetic: number;
}

/**
 * SDMetrics' CorrelationSimilarity: `1 − |r_real − r_synthetic| / 2`, each coefficient taken over
 * the rows where both columns are present. When a column is constant (one distinct present value)
 * in either dataset the correlation is undefined and every field is NaN (SDMetrics raises
 * ConstantInputError there, which its report records as a NaN score).
 *
 * @example
 * correlationSimilarity([1, 2, 3], [1, 2, 3], [1, 2, 3], [3, 2, 1]).score; // 0
 */
export function correlationSimilarity(
  realA: NumericColumn,
  realB: NumericColumn,
  syntheticA: NumericColumn,
  syntheticB: NumericColumn,
  coefficient: Coefficient = 'pearson',
): CorrelationSimilarityResult {
  const nan = { score: Number.NaN, real: Number.NaN, synthetic: Number.NaN };
  if ([realA, realB, syntheticA, syntheticB].some(isConstant)) return nan;
  const fn = coefficient === 'spearman' ? spearman : pearson;
  const real = fn(realA, realB);
  const synthetic = fn(syntheticA, syntheticB);
  if (Number.isNaN(real) || Number.isNaN(synthetic)) return nan;
  return { score: 1 - Math.abs(real - synthetic) / 2, real, synthetic };
}

/**
 * numpy's `histogram_bin_edges(values, bins)`: `bins + 1` equal-width edges over the present
 * values' range (a constant column gets the range `v ± 0.5`). Empty when no value is present.
 *
 * @example
 * histogramEdges([0, 10], 2); // Float64Array [0, 5, 10]
 */
export function histogramEdges(values: NumericColumn, bins = 10): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return new Float64Array(0);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/**
 * numpy's `digitize(values, edges)`: for each value the number of edges at or below it, so a
 * value equal to the last edge lands one past the last bin; NaN lands at `edges.length`.
 *
 * @example
 * digitize([0, 4, 5, 10, Number.NaN], new Float64Array([0, 5, 10])); // Int32Array [1, 1, 2, 3, 3]
 */
export function digitize(values: NumericColumn, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  const m = edges.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      out[i] = m;
      continue;
    }
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/**
 * How ContingencySimilarity bins a continuous column.
 * - `real-range` (the ContingencySimilarity metric's own `continuous_column_names`): edges over
 *   the real data's range with open ends, applied to both datasets; missing values get a bin of
 *   their own.
 * - `per-dataset` (SDMetrics' QualityReport, ColumnPairTrends): each dataset is binned over its
 *   own range; the maximum and missing values share the bin past the last edge, as numpy gives.
 */
export type Discretization = 'real-range' | 'per-dataset';

/**
 * Bins a continuous column of the real and the synthetic data into category codes.
 *
 * @example
 * discretizePair([0, 5, 10], [20], 2, 'real-range').synthetic; // Int32Array [2]
 */
export function discretizePair(
  real: NumericColumn,
  synthetic: NumericColumn,
  bins = 10,
  mode: Discretization = 'real-range',
): { readonly real: Int32Array; readonly synthetic: Int32Array } {
  if (mode === 'per-dataset') {
    return {
      real: digitize(real, histogramEdges(real, bins)),
      synthetic: digitize(synthetic, histogramEdges(synthetic, bins)),
    };
  }
  const edges = histogramEdges(real, bins);
  if (edges.length > 0) {
    edges[0] = Number.NEGATIVE_INFINITY;
    edges[edges.length - 1] = Number.POSITIVE_INFINITY;
  }
  return { real: digitize(real, edges), synthetic: digitize(synthetic, edges) };
}

/**
 * Turns category columns (values of any kind, null for missing) into integer codes shared by
 * the real and synthetic data; categories compare by their text, and null is a category of its own.
 *
 * @example
 * encodeCategories(['a', null], ['b', 'a']); // { real: [0, 1], synthetic: [2, 0], size: 3 }
 */
export function encodeCategories(
  real: ArrayLike<unknown>,
  synthetic: ArrayLike<unknown>,
): { readonly real: Int32Array; readonly synthetic: Int32Array; readonly size: number } {
  const codes = new Map<string | null, number>();
  const encode = (values: ArrayLike<unknown>) => {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const key =
        v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
      let code = codes.get(key);
      if (code === undefined) {
        code = codes.size;
        codes.set(key, code);
      }
      out[i] = code;
    }
    return out;
  };
  const r = encode(real);
  const s = encode(synthetic);
  return { real: r, synthetic: s, size: codes.size };
}

/**
 * One minus the total variation distance between the joint frequency tables of two coded
 * columns in the real and synthetic data (the core of SDMetrics' ContingencySimilarity).
 *
 * @example
 * jointTvComplement([0, 1], [0, 1], [0, 1], [1, 0]); // 0
 */
export function jointTvComplement(
  realA: ArrayLike<number>,
  realB: ArrayLike<number>,
  syntheticA: ArrayLike<number>,
  syntheticB: ArrayLike<number>,
): number {
  const width = Math.max(jointWidth(realB), jointWidth(syntheticB));
  const real = jointCounts(realA, realB, width);
  const synthetic = jointCounts(syntheticA, syntheticB, width);
  const nr = realA.length;
  const ns = syntheticA.length;
  let variation = 0;
  for (const [key, count] of real) variation += Math.abs(count / nr - (synthetic.get(key) ?? 0) / ns) / 2;
  for (const [key, count] of synthetic) if (!real.has(key)) variation += count / ns / 2;
  return 1 - variation;
}

/**
 * Cramér's V of two coded columns (scipy's `association(table, 'cramer')`: no continuity
 * correction), `sqrt(chi² / (n · (min(rows, columns) − 1)))` over the observed table. NaN when
 * either column has a single category.
 *
 * @example
 * cramersV([0, 0, 1, 1], [0, 0, 1, 1]); // 1
 */
export function cramersV(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const k = Math.min(rows.size, cols.size);
  if (n === 0 || k < 2) return Number.NaN;
  const width = jointWidth(b);
  const joint = jointCounts(a, b, width);
  // chi² = Σ O²/E − n over observed cells (cells with O = 0 contribute E − 2·0 + 0 and sum to n)
  let sum = 0;
  for (const [key, observed] of joint) {
    const r = rows.get(Math.floor(key / width))!;
    const c = cols.get(key % width)!;
    sum += (observed * observed * n) / (r * c);
  }
  const chi2 = Math.max(0, sum - n);
  return Math.sqrt(chi2 / n / (k - 1));
}

function jointWidth(b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < b.length; i++) if (b[i]! > max) max = b[i]!;
  return max + 1;
}

function jointCounts(a: ArrayLike<number>, b: ArrayLike<number>, width: number): Map<number, number> {
  let height = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! >= height) height = a[i]! + 1;
  const counts = new Map<number, number>();
  if (height * width <= 1 << 20) {
    // small tables are counted in a dense array first: a Map lookup per row is the slow part
    const dense = new Float64Array(height * width);
    for (let i = 0; i < a.length; i++) dense[a[i]! * width + b[i]!]!++;
    for (let key = 0; key < dense.length; key++) if (dense[key]! > 0) counts.set(key, dense[key]!);
    return counts;
  }
  for (let i = 0; i < a.length; i++) {
    const key = a[i]! * width + b[i]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function completeRows(x: NumericColumn, y: NumericColumn): [Float64Array, Float64Array] {
  const n = Math.min(x.length, y.length);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (Number.isNaN(u) || Number.isNaN(v)) continue;
    a[m] = u;
    b[m++] = v;
  }
  return [a.subarray(0, m), b.subarray(0, m)];
}

function pearsonComplete(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  const r = sab / Math.sqrt(saa) / Math.sqrt(sbb);
  return Math.max(-1, Math.min(1, r));
}

function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((p, q) => values[p]! - values[q]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = avg;
    i = j + 1;
  }
  return ranks;
}

function isConstant(values: NumericColumn): boolean {
  let first = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return false;
  }
  return !Number.isNaN(first);
}
