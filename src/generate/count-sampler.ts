import { AliasTable, geometric, negativeBinomial, poisson, type Rng } from '../random/index.js';
import { countDist, type PerParentRows } from '../spec/index.js';

/** Draws how many child rows one parent row gets. `min`/`max` clip the count. */
export function countSampler(rows: PerParentRows): (rng: Rng) => number {
  const lo = rows.min ?? 0;
  const hi = rows.max ?? Number.POSITIVE_INFINITY;
  const clip = (n: number) => Math.min(hi, Math.max(lo, n));
  switch (countDist(rows)) {
    case 'fixed': {
      const n = rows.value ?? 0;
      return () => n;
    }
    case 'uniform': {
      const min = rows.min ?? 0;
      const span = (rows.max ?? min) - min + 1;
      return (rng) => min + rng.below(span);
    }
    case 'poisson': {
      const mean = rows.mean ?? 0;
      return (rng) => clip(poisson(rng, mean));
    }
    case 'geometric': {
      const p = 1 / (1 + (rows.mean ?? 0));
      return (rng) => clip(geometric(rng, p));
    }
    case 'negative_binomial': {
      const mean = rows.mean ?? 0;
      const r = rows.dispersion ?? 1;
      return (rng) => clip(negativeBinomial(rng, mean, r));
    }
    default: {
      const entries = Object.entries(rows.weights ?? {});
      const counts = entries.map(([k]) => Math.max(0, Math.round(Number(k))));
      const table = new AliasTable(entries.map(([, w]) => w));
      return (rng) => counts[table.sample(rng)]!;
    }
  }
}
