import {
  AliasTable,
  geometric,
  logGamma,
  negativeBinomial,
  Permutation,
  poisson,
  type Rng,
} from '../random/index.js';
import { type CountLaw, countDist, type PerParentRows } from '../spec/index.js';

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

/** Past this many values a count law's table stops: its tail then holds less than this mass. */
const TAIL = 1e-12;
const MAX_TABLE = 1 << 22;

/**
 * The quantile function of a count law: the smallest count whose cumulative probability reaches
 * u, clipped by `min`/`max`. Categorical counts are ranked by value, so evenly spaced u give a
 * systematic sample of the law.
 *
 * @example
 * countQuantile({ dist: 'categorical', weights: { 0: 1, 5: 3 } })(0.5); // 5
 */
export function countQuantile(law: CountLaw): (u: number) => number {
  const lo = law.min ?? 0;
  const hi = law.max ?? Number.POSITIVE_INFINITY;
  const clip = (n: number) => Math.min(hi, Math.max(lo, n));
  const dist = countDist({ per: '', ...law });
  if (dist === 'fixed') return () => law.value ?? 0;
  if (dist === 'uniform') {
    const span = (law.max ?? lo) - lo + 1;
    return (u) => lo + Math.min(span - 1, Math.floor(u * span));
  }
  let values: number[];
  let cum: number[];
  if (dist === 'categorical') {
    const merged = new Map<number, number>();
    for (const [k, w] of Object.entries(law.weights ?? {})) {
      const c = Math.max(0, Math.round(Number(k)));
      merged.set(c, (merged.get(c) ?? 0) + w);
    }
    values = [...merged.keys()].sort((a, b) => a - b);
    const total = values.reduce((s, v) => s + merged.get(v)!, 0);
    let run = 0;
    cum = values.map((v) => {
      run += merged.get(v)!;
      return run / total;
    });
  } else {
    const logPmf = countLogPmf(dist, law.mean ?? 0, law.dispersion ?? 1);
    values = [];
    cum = [];
    let run = 0;
    for (let k = 0; run < 1 - TAIL && k < MAX_TABLE; k++) {
      run += Math.exp(logPmf(k));
      values.push(k);
      cum.push(run);
    }
  }
  const last = values.length - 1;
  return (u) => {
    let a = 0;
    let b = last;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cum[m]! >= u) b = m;
      else a = m + 1;
    }
    return clip(values[a]!);
  };
}

function countLogPmf(dist: string, mean: number, r: number): (k: number) => number {
  if (mean <= 0) return (k) => (k === 0 ? 0 : Number.NEGATIVE_INFINITY);
  if (dist === 'geometric') {
    const p = 1 / (1 + mean);
    return (k) => Math.log(p) + k * Math.log1p(-p);
  }
  if (dist === 'negative_binomial') {
    const p = r / (r + mean);
    const base = r * Math.log(p) - logGamma(r);
    return (k) => base + logGamma(k + r) - logGamma(k + 1) + k * Math.log1p(-p);
  }
  const logMean = Math.log(mean);
  return (k) => -mean + k * logMean - logGamma(k + 1);
}

/**
 * Each parent's count when the counts are spread evenly: parent i of n gets the law's quantile
 * at (π(i) + 0.5) / n, π a seeded shuffle of the parents. The counts are then a systematic sample
 * of the law (their distribution is as close to it as n parents allow), in an order no real
 * parent decided, and any parent's count is known from its index alone.
 *
 * @example
 * const at = evenCounts(rows, 8, [seed, 'customers', '#spread']);
 * at(3); // the count of parent row 3
 */
export function evenCounts(
  law: CountLaw,
  parents: number,
  key: readonly (string | number)[],
): (parent: number) => number {
  const q = countQuantile(law);
  if (parents === 0) return () => 0;
  const perm = new Permutation(parents, key);
  return (i) => q((perm.at(i) + 0.5) / parents);
}

/** Whether a table's per-parent counts are spread evenly over its parents. */
export function spreadsEvenly(rows: PerParentRows): boolean {
  return rows.spread === 'even';
}
