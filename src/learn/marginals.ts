import { fitParametric, sig } from './goodness-of-fit.js';
import type { ColumnProfile } from './profile.js';

/** Settings learn needs while fitting marginals. */
export interface MarginalSettings {
  /** values seen fewer times are never written out */
  readonly k: number;
  /** goodness-of-fit significance level */
  readonly alpha: number;
}

/** A fitted marginal: the column's settings (kind aside) and why, for the comment. */
export interface Marginal {
  readonly fields: Record<string, unknown>;
  readonly note?: string;
}

/** Integer columns with at most this many distinct values keep their exact frequencies. */
export const DISCRETE_LIMIT = 30;

const DAY = 86_400_000;

/**
 * Values at probabilities 0, 1/m, …, 1 of a sorted sample, each the mean of at least k
 * neighbouring order statistics: interior points barely move, and the two ends are the means of
 * the k smallest and k largest values, so no single real extreme is written out (a value shared
 * by k or more rows, such as a top code or a spike at 0, stays exact).
 *
 * @example
 * smoothedQuantiles(Float64Array.from([1, 2, 3, 4, 100]), 2, 2); // [1.5, 3, 52]
 */
export function smoothedQuantiles(sorted: Float64Array, m: number, k: number): number[] {
  const n = sorted.length;
  const w = Math.max(1, Math.min(k, n));
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sorted[i]!;
  const mean = (a: number, b: number) => (prefix[b]! - prefix[a]!) / (b - a);
  const out: number[] = [];
  for (let i = 0; i <= m; i++) {
    const r = (i / m) * (n - 1);
    let a = Math.round(r - (w - 1) / 2);
    a = Math.max(0, Math.min(n - w, a));
    // a run of equal values is kept exact (a spike), without summing rounding into it
    out.push(sorted[a] === sorted[a + w - 1] ? sorted[a]! : mean(a, a + w));
  }
  return out;
}

/** How many quantile points a sample of n supports: each interval holds about k values or more. */
export function quantilePoints(n: number, k: number, cap: number): number {
  return Math.max(1, Math.min(cap, Math.floor(n / Math.max(1, k))));
}

function roundTo(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

/** Values kept by frequency: those seen at least k times, as value → count, in the given order. */
export function keptCounts(
  keys: Iterable<string | null>,
  order: readonly string[],
  k: number,
): { values: Record<string, number>; dropped: number; droppedRows: number; total: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const key of keys) {
    if (key === null) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  const values: Record<string, number> = {};
  let dropped = 0;
  let droppedRows = 0;
  for (const key of order) {
    const c = counts.get(key) ?? 0;
    if (c === 0) continue;
    if (c >= k) values[key] = c;
    else {
      dropped++;
      droppedRows += c;
    }
  }
  return { values, dropped, droppedRows, total };
}

/**
 * The marginal of a numeric column on a sample of its values: exact frequencies for an integer
 * column with few distinct values (each seen at least k times), else a parametric family that
 * passes its goodness-of-fit test, else a smoothed empirical quantile table. `caseOf` marks a
 * conditional case: it never tries families (its parent's split already tells it apart), and its
 * table is shorter.
 */
export function numericMarginal(
  p: ColumnProfile,
  values: Float64Array,
  settings: MarginalSettings,
  caseOf = false,
): Marginal {
  const integer = p.type === 'integer';
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (integer && p.distinct <= DISCRETE_LIMIT) {
    const order = [...new Set(sorted)].map(String);
    const kept = keptCounts(
      Array.from(values, (x) => String(x)),
      order,
      settings.k,
    );
    if (Object.keys(kept.values).length > 0) {
      return {
        fields: { dist: 'weighted', values: kept.values },
        ...(caseOf
          ? {}
          : {
              note: `${p.distinct} distinct integers: their frequencies${kept.dropped ? `; ${kept.dropped} seen fewer than ${settings.k} times left out (${pct(kept.droppedRows / kept.total)} of rows)` : ''}`,
            }),
      };
    }
  }
  const round = integer ? undefined : (p.decimals ?? 2);
  if (!caseOf) {
    const fit = fitParametric(sorted, integer, settings.alpha);
    if (fit) {
      const lo = smoothedQuantiles(sorted, 1, settings.k);
      const bounds =
        fit.dist === 'uniform' ? {} : { min: roundTo(lo[0]!, round ?? 0), max: roundTo(lo[1]!, round ?? 0) };
      const params =
        fit.dist === 'uniform'
          ? { min: roundTo(lo[0]!, round ?? 0), max: roundTo(lo[1]!, round ?? 0) }
          : fit.params;
      return {
        fields: { dist: fit.dist, ...params, ...bounds, ...(round === undefined ? {} : { round }) },
        note: `${fit.dist} passes a Kolmogorov–Smirnov test (D = ${fit.d.toFixed(4)}, p = ${fit.p.toFixed(3)} ≥ α = ${settings.alpha}); bounds are the means of the ${settings.k} smallest and largest values`,
      };
    }
  }
  const m = quantilePoints(n, settings.k, caseOf ? 40 : 100);
  const places = integer ? (Math.abs(sorted[n - 1]!) >= 1000 ? 0 : 1) : (round ?? 2);
  const quantiles = smoothedQuantiles(sorted, m, settings.k).map((x) => roundTo(x, places));
  return {
    fields: { dist: 'empirical', quantiles, ...(round === undefined ? {} : { round }) },
    ...(caseOf
      ? {}
      : {
          note: `no parametric family passes a Kolmogorov–Smirnov test at α = ${settings.alpha} (normal, lognormal, exponential, uniform${integer ? ', poisson' : ''} tried): an empirical quantile table of ${m + 1} points, each the mean of ${settings.k} neighbouring values, so the tails are smoothed and no extreme value is copied`,
        }),
  };
}

/** A date column's marginal: a smoothed empirical quantile table of dates (or date-times). */
export function dateMarginal(
  p: ColumnProfile,
  values: Float64Array,
  settings: MarginalSettings,
  caseOf = false,
): Marginal {
  const sorted = Float64Array.from(values).sort();
  const isDate = p.type === 'date';
  const m = quantilePoints(sorted.length, settings.k, caseOf ? 40 : 100);
  const text = (t: number) =>
    isDate
      ? new Date(Math.round(t / DAY) * DAY).toISOString().slice(0, 10)
      : `${new Date(Math.round(t / 1000) * 1000).toISOString().slice(0, 19)}Z`;
  const quantiles = smoothedQuantiles(sorted, m, settings.k).map(text);
  return {
    fields: { dist: 'empirical', min: quantiles[0], max: quantiles[quantiles.length - 1], quantiles },
    ...(caseOf
      ? {}
      : {
          note: `dates: an empirical quantile table of ${m + 1} points, ends smoothed over ${settings.k} values`,
        }),
  };
}

/** A share as a percentage for comments. */
export function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;
}

export { sig };
