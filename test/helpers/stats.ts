import { expect } from 'vitest';

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
