import { normalQuantile } from '../random/index.js';
import { ksPValue, ksStatistic } from '../validate/index.js';

/** A parametric family that passed its test, with its parameters as the spec writes them. */
export interface ParametricFit {
  readonly dist: 'normal' | 'lognormal' | 'exponential' | 'uniform' | 'poisson';
  readonly params: Readonly<Record<string, number>>;
  /** the KS statistic and its p-value */
  readonly d: number;
  readonly p: number;
}

/** Four significant digits: what the spec writes, and so what is tested. */
export function sig(x: number, digits = 4): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

function poissonQuantile(mean: number): (u: number) => number {
  // the CDF once, by the pmf's recurrence, then a binary search per u
  const top = Math.ceil(mean + 12 * Math.sqrt(mean) + 12);
  const cdf = new Float64Array(top + 1);
  let pmf = Math.exp(-mean);
  let sum = 0;
  for (let k = 0; k <= top; k++) {
    sum += pmf;
    cdf[k] = sum;
    pmf *= mean / (k + 1);
  }
  return (u) => {
    let lo = 0;
    let hi = top;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! >= u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * Tries the parametric families that suit a sample (normal, lognormal and exponential for
 * positive data, uniform; Poisson for counts) with their maximum-likelihood parameters, and
 * returns the one whose Kolmogorov–Smirnov test passes at `alpha` with the highest p-value, or
 * undefined when none does. Integers are compared rounded, as an integer column draws them.
 * The test is of a fitted law, so it is conservative (Lilliefors' point): a pass is strong evidence.
 *
 * @example
 * fitParametric(sortedSample, false, 0.01)?.dist; // 'normal'
 */
export function fitParametric(
  sorted: Float64Array,
  integer: boolean,
  alpha: number,
): ParametricFit | undefined {
  const n = sorted.length;
  if (n < 20) return undefined;
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of sorted) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) return undefined;
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const candidates: {
    dist: ParametricFit['dist'];
    params: Record<string, number>;
    q: (u: number) => number;
  }[] = [];
  const m = sig(mean);
  const s = sig(sd);
  candidates.push({ dist: 'normal', params: { mean: m, sd: s }, q: (u) => m + s * normalQuantile(u) });
  if (min > 0) {
    let ls = 0;
    for (const x of sorted) ls += Math.log(x);
    const mu = ls / n;
    let lss = 0;
    for (const x of sorted) lss += (Math.log(x) - mu) ** 2;
    const lmu = sig(mu);
    const lsigma = sig(Math.sqrt(lss / (n - 1)));
    if (lsigma > 0)
      candidates.push({
        dist: 'lognormal',
        params: { mu: lmu, sigma: lsigma },
        q: (u) => Math.exp(lmu + lsigma * normalQuantile(u)),
      });
  }
  if (min >= 0 && mean > 0) {
    const rate = sig(1 / mean);
    candidates.push({ dist: 'exponential', params: { rate }, q: (u) => -Math.log1p(-u) / rate });
  }
  const lo = sig(min);
  const hi = sig(max);
  if (hi > lo)
    candidates.push({ dist: 'uniform', params: { min: lo, max: hi }, q: (u) => lo + u * (hi - lo) });
  // a Poisson count has variance near its mean; far from that it cannot pass
  if (integer && min >= 0 && mean > 0 && mean <= 1000 && sd * sd >= 0.5 * mean && sd * sd <= 2 * mean)
    candidates.push({ dist: 'poisson', params: { mean: m }, q: poissonQuantile(m) });
  let best: ParametricFit | undefined;
  for (const c of candidates) {
    if (integer && c.dist === 'uniform') continue;
    const q = integer && c.dist !== 'poisson' ? (u: number) => Math.round(c.q(u)) : c.q;
    const d = ksStatistic(sorted, q, 4096);
    const p = ksPValue(d, n);
    if (p >= alpha && (!best || p > best.p)) best = { dist: c.dist, params: c.params, d, p };
  }
  return best;
}
