import type { Rng } from './rng.js';

/** A standard normal deviate (Marsaglia's polar method, caching the second deviate). */
export function normal(rng: Rng): number {
  if (!Number.isNaN(rng.spare)) {
    const s = rng.spare;
    rng.spare = Number.NaN;
    return s;
  }
  let u: number;
  let v: number;
  let s: number;
  do {
    u = rng.float() * 2 - 1;
    v = rng.float() * 2 - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  const m = Math.sqrt((-2 * Math.log(s)) / s);
  rng.spare = v * m;
  return u * m;
}

export function lognormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * normal(rng));
}

export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.float()) / rate;
}

/** Gamma(shape, 1) by Marsaglia and Tsang's squeeze method. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    // boost: Gamma(a) = Gamma(a + 1) * U^(1/a)
    const u = 1 - rng.float();
    return gamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.float();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error below 1e-13). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * A Poisson count. Small means multiply uniforms; large means use Hörmann's transformed
 * rejection with squeeze (PTRS), which is exact and O(1).
 */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 12) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.float();
    while (p > limit) {
      k++;
      p *= rng.float();
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.float() - 0.5;
    const v = rng.float();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -mean + k * loglam - logGamma(k + 1)
    ) {
      return k;
    }
  }
}

/** Failures before the first success, success probability p (mean (1 - p) / p). */
export function geometric(rng: Rng, p: number): number {
  if (p >= 1) return 0;
  return Math.floor(Math.log(1 - rng.float()) / Math.log(1 - p));
}

/** Negative binomial with the given mean and dispersion r (variance mean + mean² / r), as a gamma–Poisson mixture. */
export function negativeBinomial(rng: Rng, mean: number, r: number): number {
  return poisson(rng, gamma(rng, r) * (mean / r));
}
