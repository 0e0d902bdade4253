import { normalCdf, normalQuantile, regularizedGamma } from '../random/index.js';

/**
 * The Wilson score interval of a binomial proportion at confidence `1 − alpha`.
 *
 * @example
 * wilsonInterval(20, 1000, 0.05); // { low: 0.0130…, high: 0.0306… }
 */
export function wilsonInterval(successes: number, n: number, alpha: number): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - alpha / 2);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * A two-sided test of an observed count against an expected rate, by the normal approximation to
 * the binomial: the p-value of seeing a count at least this far from `n · rate`.
 */
export function binomialTest(successes: number, n: number, rate: number): number {
  if (n === 0) return 1;
  if (rate <= 0) return successes === 0 ? 1 : 0;
  if (rate >= 1) return successes === n ? 1 : 0;
  const sd = Math.sqrt(n * rate * (1 - rate));
  // continuity correction: half a count toward the expectation
  const z = Math.max(0, Math.abs(successes - n * rate) - 0.5) / sd;
  return Math.min(1, 2 * normalCdf(-z));
}

/** The upper tail of the chi-square distribution with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  if (df <= 0) return 1;
  return regularizedGamma(df / 2, x / 2).upper;
}

/**
 * Pearson's chi-square goodness-of-fit test of counts against expected probabilities. Cells with
 * an expected count under 5 are pooled into one, as the test's approximation needs.
 *
 * @example
 * chiSquareTest([48, 52], [0.5, 0.5]).p; // 0.69
 */
export function chiSquareTest(
  observed: readonly number[],
  probabilities: readonly number[],
): { statistic: number; df: number; p: number } {
  const n = observed.reduce((s, v) => s + v, 0);
  if (n === 0) return { statistic: 0, df: 0, p: 1 };
  let statistic = 0;
  let cells = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = n * probabilities[i]!;
    if (expected < 5) {
      pooledObserved += observed[i]!;
      pooledExpected += expected;
      continue;
    }
    statistic += (observed[i]! - expected) ** 2 / expected;
    cells++;
  }
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    cells++;
  } else if (pooledObserved > 0) return { statistic: Number.POSITIVE_INFINITY, df: cells, p: 0 };
  const df = cells - 1;
  return { statistic, df, p: df > 0 ? chiSquareSf(statistic, df) : 1 };
}

/** Total variation distance between two distributions over the same categories. */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}

/**
 * The Kolmogorov–Smirnov statistic of a sorted sample against a distribution given by its
 * quantile function, sup |F_n − F|. The distribution's CDF is read off `grid` quantiles (so it
 * is exact to 1/grid), which serves continuous, discrete, rounded and truncated laws alike: both
 * F(x) and F(x−) are compared at every distinct sample value.
 *
 * @example
 * ksStatistic(Float64Array.from([0.1, 0.4, 0.7]), (u) => u); // 0.3
 */
export function ksStatistic(sorted: Float64Array, quantile: (u: number) => number, grid = 8192): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const q = new Float64Array(grid);
  for (let k = 0; k < grid; k++) q[k] = quantile((k + 0.5) / grid);
  // the grid must not decrease; rounding inside a quantile may wobble by an ulp
  for (let k = 1; k < grid; k++) if (q[k]! < q[k - 1]!) q[k] = q[k - 1]!;
  let d = 0;
  let below = 0; // grid points < x
  let atOrBelow = 0; // grid points ≤ x
  for (let i = 0; i < n; ) {
    const x = sorted[i]!;
    let j = i;
    while (j < n && sorted[j] === x) j++;
    while (below < grid && q[below]! < x) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < grid && q[atOrBelow]! <= x) atOrBelow++;
    const fBefore = below / grid;
    const fAt = atOrBelow / grid;
    d = Math.max(d, Math.abs(i / n - fBefore), Math.abs(j / n - fAt));
    i = j;
  }
  return d;
}

/**
 * The asymptotic p-value of a one-sample KS statistic (Kolmogorov's distribution with Stephens'
 * small-sample correction).
 */
export function ksPValue(d: number, n: number): number {
  if (n === 0 || d <= 0) return 1;
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
