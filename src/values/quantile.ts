import { normalCdf, normalQuantile, poissonCdf, poissonSf } from '../random/index.js';

/**
 * A distribution as the quantile code needs it. Tails are kept apart (`cdf` and `sf`, `quantile`
 * and `isf`) so a window far out in either tail keeps its precision. A `discrete` one lives on the
 * integers: `quantile(p)` is the smallest k with cdf(k) ≥ p and `isf(s)` the smallest k with sf(k) ≤ s.
 */
export interface QuantileDist {
  /** P(X ≤ x) */
  cdf(x: number): number;
  /** P(X > x) */
  sf(x: number): number;
  quantile(p: number): number;
  isf(s: number): number;
  readonly discrete?: boolean;
}

/** Normal(mean, sd). */
export function normalDist(mean: number, sd: number): QuantileDist {
  return {
    cdf: (x) => normalCdf((x - mean) / sd),
    sf: (x) => normalCdf((mean - x) / sd),
    quantile: (p) => mean + sd * normalQuantile(p),
    isf: (s) => mean - sd * normalQuantile(s),
  };
}

/** exp(mu + sigma·Z). */
export function lognormalDist(mu: number, sigma: number): QuantileDist {
  const z = normalDist(mu, sigma);
  return {
    cdf: (x) => (x <= 0 ? 0 : z.cdf(Math.log(x))),
    sf: (x) => (x <= 0 ? 1 : z.sf(Math.log(x))),
    quantile: (p) => Math.exp(z.quantile(p)),
    isf: (s) => Math.exp(z.isf(s)),
  };
}

/** Exponential with the given rate. */
export function exponentialDist(rate: number): QuantileDist {
  return {
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
    sf: (x) => (x <= 0 ? 1 : Math.exp(-rate * x)),
    quantile: (p) => -Math.log1p(-p) / rate,
    isf: (s) => -Math.log(s) / rate,
  };
}

/** Poisson(mean); quantiles search outward from the normal approximation, one CDF per step. */
export function poissonDist(mean: number): QuantileDist {
  const guess = (z: number) => Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  return {
    discrete: true,
    cdf: (k) => poissonCdf(k, mean),
    sf: (k) => poissonSf(k, mean),
    quantile(p) {
      if (p <= 0) return 0;
      if (p >= 1) return Number.POSITIVE_INFINITY;
      let k = guess(normalQuantile(p));
      while (k > 0 && poissonCdf(k - 1, mean) >= p) k--;
      while (poissonCdf(k, mean) < p) k++;
      return k;
    },
    isf(s) {
      if (s <= 0) return Number.POSITIVE_INFINITY;
      if (s >= 1) return 0;
      let k = guess(-normalQuantile(s));
      while (k > 0 && poissonSf(k - 1, mean) <= s) k--;
      while (poissonSf(k, mean) > s) k++;
      return k;
    },
  };
}

/**
 * The quantile of what a provider's redraw loop returns: draws outside [lo, hi] are redrawn up to
 * `tries` times, then the last one is clipped. That is a mixture: with q = (1 − m)^tries (m the
 * window's mass) the value is clipped, so it carries atoms q·P(X < lo) at lo and q·P(X > hi) at hi,
 * and inside the window the density is f·((1 − q)/m + q). Matching it exactly keeps `quantile`
 * identical in law to `next` even when the bounds cut away most of the mass.
 *
 * @example
 * truncatedQuantile(normalDist(0, 1), 0, Infinity, 0.5); // 0.674…, the median of the half-normal
 */
export function truncatedQuantile(d: QuantileDist, lo: number, hi: number, u: number, tries = 64): number {
  // for a discrete X, P(X < lo) = cdf(ceil(lo) − 1)
  const loEdge = d.discrete ? Math.ceil(lo) - 1 : lo;
  const below = lo === Number.NEGATIVE_INFINITY ? 0 : d.cdf(loEdge);
  const atLeast = lo === Number.NEGATIVE_INFINITY ? 1 : d.sf(loEdge);
  const atMost = hi === Number.POSITIVE_INFINITY ? 1 : d.cdf(hi);
  const above = hi === Number.POSITIVE_INFINITY ? 0 : d.sf(hi);
  // measure the window from the nearer tail, where the subtraction loses nothing
  const upperTail = below > 0.5;
  const mass = Math.max(0, upperTail ? atLeast - above : atMost - below);
  if (mass >= 1) return d.quantile(u);
  const q = (1 - mass) ** tries;
  // (1 − q)/m → tries as m → 0
  const scale = (mass > 0 ? -Math.expm1(tries * Math.log1p(-mass)) / mass : tries) + q;
  const atomLo = q * below;
  const atomHi = q * above;
  if (u < atomLo) return lo;
  if (u >= 1 - atomHi) return hi;
  // 1 = atomLo + scale·mass + atomHi; count from the near end so u close to 1 keeps its digits
  const x = upperTail
    ? d.isf(Math.min(atLeast, above + (1 - u - atomHi) / scale))
    : d.quantile(Math.min(atMost, below + (u - atomLo) / scale));
  return Math.min(hi, Math.max(lo, x));
}

/**
 * An index by cumulative weight: the smallest i whose running total exceeds u·total, so entries of
 * weight zero are never chosen and a larger u never gives a smaller index.
 *
 * @example
 * const pick = weightedIndex([1, 3]);
 * pick(0.2); // 0
 * pick(0.3); // 1
 */
export function weightedIndex(weights: readonly number[]): (u: number) => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cum[i] = total;
  });
  // rounding in u·total must not land on trailing entries of weight zero
  let last = weights.length - 1;
  while (last > 0 && !(weights[last]! > 0)) last--;
  return (u) => {
    const target = u * total;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * A piecewise-linear inverse CDF through values at equally spaced probabilities 0, 1/m, …, 1:
 * what `dist: empirical` draws through. A run of equal values is an atom (a spike) of its width.
 *
 * @example
 * const q = empiricalQuantile([0, 0, 10]);
 * q(0.25); // 0 (half the mass sits on 0)
 * q(0.75); // 5
 */
export function empiricalQuantile(points: readonly number[]): (u: number) => number {
  const m = points.length - 1;
  return (u) => {
    const pos = Math.min(m, Math.max(0, u * m));
    const i = Math.min(m - 1, Math.floor(pos));
    const a = points[i]!;
    const b = points[i + 1]!;
    return a === b ? a : a + (pos - i) * (b - a);
  };
}
