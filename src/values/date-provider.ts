import { exponential, normal, type Rng } from '../random/index.js';
import { type ColumnSpec, parseDateText } from '../spec/index.js';
import { compileDateFormat } from './date-format.js';
import { numericProvider } from './numeric-provider.js';
import type { Provider, ProviderContext } from './provider.js';
import { empiricalQuantile, exponentialDist, normalDist, truncatedQuantile } from './quantile.js';

type DateColumn = Extract<ColumnSpec, { kind: 'date' | 'datetime' }>;

const DAY = 86_400_000;

/**
 * Dates (whole UTC days) and date-times (whole seconds) in [min, max], uniform, normal around
 * `mean`, or exponential back from `max`. Values are epoch milliseconds until formatted.
 */
export function dateProvider(col: DateColumn, ctx: ProviderContext): Provider {
  if (col.after !== undefined) return afterProvider(col, ctx);
  const isDate = col.kind === 'date';
  const unit = isDate ? DAY : 1000;
  const lo = Math.ceil(parseDateText(col.min!)! / unit);
  const hi = Math.floor(parseDateText(col.max!)! / unit);
  const span = hi - lo + 1;
  let draw: (rng: Rng) => number;
  // the inverse CDF of what the redraw loop in `next` returns, in units
  let inverse: (u: number) => number;
  switch (col.dist ?? 'uniform') {
    case 'uniform':
      draw = (rng) => lo + rng.below(span);
      inverse = (u) => lo + Math.min(span - 1, Math.floor(u * span));
      break;
    case 'normal': {
      const mean = parseDateText(col.mean!)! / unit;
      const sd = (col.sd_days! * DAY) / unit;
      draw = (rng) => Math.round(mean + sd * normal(rng));
      // round(x) lands in [lo, hi] exactly when x is in [lo − ½, hi + ½)
      const d = normalDist(mean, sd);
      inverse = (u) => Math.round(truncatedQuantile(d, lo - 0.5, hi + 0.5, u));
      break;
    }
    case 'exponential': {
      const rate = unit / (col.scale_days! * DAY);
      draw = (rng) => hi - Math.floor(exponential(rng, rate));
      // hi − floor(x) ≥ lo exactly when x < span; the map falls as x grows, so feed 1 − u
      const d = exponentialDist(rate);
      inverse = (u) => hi - Math.floor(truncatedQuantile(d, 0, span, 1 - u));
      break;
    }
    case 'empirical': {
      const q = empiricalQuantile(col.quantiles!.map((t) => parseDateText(t)! / unit));
      inverse = (u) => Math.round(q(u));
      draw = (rng) => inverse(rng.float());
      break;
    }
  }
  const format = compileDateFormat(col.format ?? (isDate ? 'YYYY-MM-DD' : 'iso'));
  const numeric = col.format === 'epoch' || col.format === 'epoch_ms';
  return {
    sqlType: numeric ? 'INTEGER' : 'TEXT',
    next: (rng) => {
      for (let i = 0; i < 64; i++) {
        const t = draw(rng);
        if (t >= lo && t <= hi) return t * unit;
      }
      return Math.min(hi, Math.max(lo, draw(rng))) * unit;
    },
    quantile: (u) => Math.min(hi, Math.max(lo, inverse(u))) * unit,
    format: (v) => (typeof v === 'number' ? format(v) : v),
  };
}

const LAG_UNIT = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: DAY } as const;

/**
 * An ordering constraint: a time after another column's (`shipped_at` after `ordered_at`, a
 * child's after its parent's). With `lag` the gap is drawn like a number column in `lag.unit`;
 * without it the value is uniform between the other time and `max`. Never before the other time;
 * after `max` only when the other time itself is (the ordering wins over the bound).
 */
function afterProvider(col: DateColumn, ctx: ProviderContext): Provider {
  const isDate = col.kind === 'date';
  const unit = isDate ? DAY : 1000;
  const base = ctx.lookupRaw(col.after!);
  const hi = col.max === undefined ? Number.POSITIVE_INFINITY : Math.floor(parseDateText(col.max)! / unit);
  const lag = col.lag;
  const gap = lag
    ? numericProvider({
        kind: 'number',
        dist: lag.dist ?? 'uniform',
        ...(lag.min === undefined ? {} : { min: lag.min }),
        ...(lag.max === undefined ? {} : { max: lag.max }),
        ...(lag.mean === undefined ? {} : { mean: lag.mean }),
        ...(lag.sd === undefined ? {} : { sd: lag.sd }),
        ...(lag.mu === undefined ? {} : { mu: lag.mu }),
        ...(lag.sigma === undefined ? {} : { sigma: lag.sigma }),
        ...(lag.rate === undefined ? {} : { rate: lag.rate }),
      })
    : undefined;
  const lagMs = LAG_UNIT[lag?.unit ?? 'days'];
  const format = compileDateFormat(col.format ?? (isDate ? 'YYYY-MM-DD' : 'iso'));
  const numeric = col.format === 'epoch' || col.format === 'epoch_ms';
  return {
    sqlType: numeric ? 'INTEGER' : 'TEXT',
    // null where the time it follows is null
    nullable: true,
    next: (rng, row) => {
      const from = base(row);
      // the draw is made whatever the other time is, so a null never shifts the stream
      const x = gap ? (gap.next(rng, row) as number) : rng.float();
      if (typeof from !== 'number') return null;
      const lo = Math.ceil(from / unit);
      const t = gap ? Math.ceil((from + Math.max(0, x) * lagMs) / unit) : lo + Math.floor(x * (hi - lo + 1));
      return Math.max(lo, Math.min(hi, t)) * unit;
    },
    format: (v) => (typeof v === 'number' ? format(v) : v),
  };
}
