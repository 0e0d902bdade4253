import {
  AliasTable,
  beta,
  betaQuantile,
  exponential,
  lognormal,
  normal,
  poisson,
  type Rng,
} from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';
import {
  empiricalQuantile,
  exponentialDist,
  lognormalDist,
  normalDist,
  poissonDist,
  type QuantileDist,
  truncatedQuantile,
  weightedIndex,
} from './quantile.js';

type NumericColumn = Extract<ColumnSpec, { kind: 'integer' | 'number' }>;

/** Draws from the column's distribution, before clamping and rounding. */
function sampler(col: NumericColumn): (rng: Rng) => number {
  const min = col.min ?? 0;
  const max = col.max ?? 1;
  switch (col.dist ?? 'uniform') {
    case 'uniform':
      if (col.kind === 'integer') {
        const lo = Math.ceil(min);
        const span = Math.floor(max) - lo + 1;
        return (rng) => lo + rng.below(span);
      }
      return (rng) => min + rng.float() * (max - min);
    case 'normal': {
      const mean = col.mean!;
      const sd = col.sd!;
      return (rng) => mean + sd * normal(rng);
    }
    case 'lognormal': {
      const mu = col.mu!;
      const sigma = col.sigma!;
      return (rng) => lognormal(rng, mu, sigma);
    }
    case 'exponential': {
      const rate = col.rate!;
      return (rng) => exponential(rng, rate);
    }
    case 'beta': {
      // beta lives on [0, 1]; min and max rescale it
      const a = col.alpha!;
      const b = col.beta!;
      const lo = col.min ?? 0;
      const width = (col.max ?? 1) - lo;
      return (rng) => lo + width * beta(rng, a, b);
    }
    case 'poisson': {
      const mean = col.mean!;
      return (rng) => poisson(rng, mean);
    }
    case 'weighted': {
      const entries = Object.entries(col.values!);
      const values = entries.map(([k]) => Number(k));
      const table = new AliasTable(entries.map(([, w]) => w));
      return (rng) => values[table.sample(rng)]!;
    }
    case 'empirical': {
      const q = empiricalQuantile(col.quantiles!);
      return (rng) => q(rng.float());
    }
  }
}

/**
 * The inverse CDF of what `sampler` and the redraw loop below produce, before clamping and
 * rounding: those are monotone, so applying them to this gives the law of `next`.
 */
function inverse(col: NumericColumn, truncate: boolean): (u: number) => number {
  const lo = col.min ?? Number.NEGATIVE_INFINITY;
  const hi = col.max ?? Number.POSITIVE_INFINITY;
  const from = (d: QuantileDist) =>
    truncate ? (u: number) => truncatedQuantile(d, lo, hi, u) : (u: number) => d.quantile(u);
  switch (col.dist ?? 'uniform') {
    case 'uniform': {
      const min = col.min ?? 0;
      const max = col.max ?? 1;
      if (col.kind === 'integer') {
        const ilo = Math.ceil(min);
        const span = Math.floor(max) - ilo + 1;
        return (u) => ilo + Math.min(span - 1, Math.floor(u * span));
      }
      return (u) => min + u * (max - min);
    }
    case 'normal':
      return from(normalDist(col.mean!, col.sd!));
    case 'lognormal':
      return from(lognormalDist(col.mu!, col.sigma!));
    case 'exponential':
      return from(exponentialDist(col.rate!));
    case 'beta': {
      const a = col.alpha!;
      const b = col.beta!;
      const min = col.min ?? 0;
      const width = (col.max ?? 1) - min;
      return (u) => min + width * betaQuantile(u, a, b);
    }
    case 'poisson':
      return from(poissonDist(col.mean!));
    case 'weighted': {
      // by value, not declared order, so a larger u never gives a smaller number
      const entries = Object.entries(col.values!)
        .map(([k, w]) => [Number(k), w] as const)
        .sort((x, y) => x[0] - y[0]);
      const index = weightedIndex(entries.map(([, w]) => w));
      return (u) => entries[index(u)]![0];
    }
    case 'empirical':
      return empiricalQuantile(col.quantiles!);
  }
}

/**
 * Integers and numbers from a distribution. `min`/`max` truncate the distribution (draws outside
 * are redrawn, so mass does not pile up on the bounds), and numbers round to `round` places.
 */
export function numericProvider(col: NumericColumn): Provider {
  const draw = sampler(col);
  const dist = col.dist ?? 'uniform';
  const truncate =
    dist !== 'uniform' &&
    dist !== 'weighted' &&
    dist !== 'beta' &&
    dist !== 'empirical' &&
    (col.min !== undefined || col.max !== undefined);
  const lo = col.min ?? Number.NEGATIVE_INFINITY;
  const hi = col.max ?? Number.POSITIVE_INFINITY;
  const bounded = truncate
    ? (rng: Rng) => {
        for (let i = 0; i < 64; i++) {
          const x = draw(rng);
          if (x >= lo && x <= hi) return x;
        }
        // the bounds cut away nearly all the mass: fall back to clipping
        return Math.min(hi, Math.max(lo, draw(rng)));
      }
    : draw;
  const inv = inverse(col, truncate);
  if (col.kind === 'integer') {
    // rounding may step just past a bound; keep integers within [ceil(min), floor(max)]
    const ilo = Math.ceil(lo);
    const ihi = Math.floor(hi);
    const toInt = (x: number) => Math.min(ihi, Math.max(ilo, Math.round(x)));
    return { sqlType: 'INTEGER', next: (rng) => toInt(bounded(rng)), quantile: (u) => toInt(inv(u)) };
  }
  if (col.round === undefined) return { sqlType: 'REAL', next: bounded, quantile: inv };
  const f = 10 ** col.round;
  return {
    sqlType: 'REAL',
    next: (rng) => Math.round(bounded(rng) * f) / f,
    quantile: (u) => Math.round(inv(u) * f) / f,
  };
}
