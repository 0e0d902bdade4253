import { expect } from 'vitest';
import { regularizedGamma } from '../../src/random/index.js';

/**
 * Tolerance multiplier for statistical checks: a sample mean is checked against K·sd/√n and a
 * sample variance against K·√((μ4 − σ⁴)/n), the large-sample sd of s². With K = 5 a two-sided
 * miss by a correct implementation has p ≈ 6e-7.
 */
export const K = 5;

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

/** Asserts |sample mean − mu| ≤ K·sd/√n, where sd is the distribution's standard deviation. */
export function expectMean(xs: readonly number[], mu: number, sd: number): void {
  const tol = (K * sd) / Math.sqrt(xs.length);
  expect(Math.abs(mean(xs) - mu), `mean ${mean(xs)} vs ${mu} ± ${tol}`).toBeLessThanOrEqual(tol);
}

/** Asserts |s² − var| ≤ K·√((μ4 − var²)/n), with μ4 the distribution's fourth central moment. */
export function expectVariance(xs: readonly number[], v: number, mu4: number): void {
  const tol = K * Math.sqrt((mu4 - v * v) / xs.length);
  expect(Math.abs(variance(xs) - v), `variance ${variance(xs)} vs ${v} ± ${tol}`).toBeLessThanOrEqual(tol);
}

/** Significance level of the distribution tests below: a correct implementation fails one in a million runs. */
export const ALPHA = 1e-6;

/**
 * The Kolmogorov distribution's upper tail P(K > λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), with Stephens'
 * small-sample correction λ = (√n + 0.12 + 0.11/√n)·d applied by the callers.
 */
function kolmogorovP(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

function ksP(d: number, n: number): number {
  const s = Math.sqrt(n);
  return kolmogorovP((s + 0.12 + 0.11 / s) * d);
}

/** One-sample Kolmogorov–Smirnov statistic and asymptotic p-value of xs against a continuous CDF. */
export function ksOneSample(xs: readonly number[], cdf: (x: number) => number): { d: number; p: number } {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return { d, p: ksP(d, n) };
}

/**
 * Two-sample Kolmogorov–Smirnov statistic and asymptotic p-value. Tied values are stepped over
 * together, so with ties (a discrete law) the test is conservative, never anti-conservative.
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): { d: number; p: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return { d, p: ksP(d, (x.length * y.length) / (x.length + y.length)) };
}

/** Asserts xs follow `cdf` by the one-sample KS test at level `alpha`. */
export function expectKsOneSample(xs: readonly number[], cdf: (x: number) => number, alpha = ALPHA): void {
  const { d, p } = ksOneSample(xs, cdf);
  expect(p, `KS D = ${d}, p = ${p} < ${alpha}`).toBeGreaterThanOrEqual(alpha);
}

/** Asserts a and b come from one law by the two-sample KS test at level `alpha`. */
export function expectKsTwoSample(a: readonly number[], b: readonly number[], alpha = ALPHA): void {
  const { d, p } = ksTwoSample(a, b);
  expect(p, `KS D = ${d}, p = ${p} < ${alpha}`).toBeGreaterThanOrEqual(alpha);
}

export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks, ties sharing their average rank. */
export function ranks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho: Pearson's correlation of the average ranks. */
export function spearman(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  return pearson(ranks(xs), ranks(ys));
}

/** Asserts |hits/n − p| ≤ K·√(p(1 − p)/n), the binomial bound. */
export function expectRate(hits: number, n: number, p: number): void {
  const tol = K * Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(hits / n - p), `rate ${hits / n} vs ${p} ± ${tol}`).toBeLessThanOrEqual(tol);
}

/**
 * Asserts a sample correlation r is within K standard errors of `target` on Fisher's z scale,
 * where atanh(r) has sd 1/√(n − 3) for a bivariate normal (close enough for rank correlations of
 * moderate size, whose sd is slightly larger: pass a wider `k` there if needed).
 */
export function expectCorrelation(r: number, target: number, n: number, k = K): void {
  const tol = k / Math.sqrt(n - 3);
  const diff = Math.abs(Math.atanh(r) - Math.atanh(target));
  expect(diff, `correlation ${r} vs ${target}: |Δz| ${diff} > ${tol}`).toBeLessThanOrEqual(tol);
}

/**
 * Pearson's chi-square test that two samples of discrete values come from one law (a 2 × m
 * homogeneity table; values whose pooled count is below 10 are merged into one cell). Returns
 * the statistic, its degrees of freedom and the p-value.
 */
export function chiSquareTwoSample<T>(
  a: readonly T[],
  b: readonly T[],
): { stat: number; df: number; p: number } {
  const counts = new Map<T, [number, number]>();
  for (const v of a) (counts.get(v) ?? counts.set(v, [0, 0]).get(v)!)[0]++;
  for (const v of b) (counts.get(v) ?? counts.set(v, [0, 0]).get(v)!)[1]++;
  const cells: [number, number][] = [];
  const rare: [number, number] = [0, 0];
  for (const c of counts.values()) {
    if (c[0] + c[1] >= 10) cells.push(c);
    else {
      rare[0] += c[0];
      rare[1] += c[1];
    }
  }
  if (rare[0] + rare[1] > 0) cells.push(rare);
  const na = a.length;
  const nb = b.length;
  let stat = 0;
  for (const [x, y] of cells) {
    const t = x + y;
    const ea = (t * na) / (na + nb);
    const eb = (t * nb) / (na + nb);
    stat += ((x - ea) * (x - ea)) / ea + ((y - eb) * (y - eb)) / eb;
  }
  const df = Math.max(1, cells.length - 1);
  return { stat, df, p: regularizedGamma(df / 2, stat / 2).upper };
}

/** Asserts two discrete samples come from one law by the chi-square homogeneity test at `alpha`. */
export function expectSameCounts<T>(a: readonly T[], b: readonly T[], alpha = ALPHA): void {
  const { stat, df, p } = chiSquareTwoSample(a, b);
  expect(p, `chi-square ${stat} with ${df} df, p = ${p} < ${alpha}`).toBeGreaterThanOrEqual(alpha);
}
