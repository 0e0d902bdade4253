import { AliasTable, beta, exponential, lognormal, normal, poisson, type Rng } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';

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
  if (col.kind === 'integer') {
    // rounding may step just past a bound; keep integers within [ceil(min), floor(max)]
    const ilo = Math.ceil(lo);
    const ihi = Math.floor(hi);
    return { sqlType: 'INTEGER', next: (rng) => Math.min(ihi, Math.max(ilo, Math.round(bounded(rng)))) };
  }
  if (col.round === undefined) return { sqlType: 'REAL', next: bounded };
  const f = 10 ** col.round;
  return { sqlType: 'REAL', next: (rng) => Math.round(bounded(rng) * f) / f };
}
