import { exponential, normal, type Rng } from '../random/index.js';
import { type ColumnSpec, parseDateText } from '../spec/index.js';
import { compileDateFormat } from './date-format.js';
import type { Provider } from './provider.js';

type DateColumn = Extract<ColumnSpec, { kind: 'date' | 'datetime' }>;

const DAY = 86_400_000;

/**
 * Dates (whole UTC days) and date-times (whole seconds) in [min, max], uniform, normal around
 * `mean`, or exponential back from `max`. Values are epoch milliseconds until formatted.
 */
export function dateProvider(col: DateColumn): Provider {
  const isDate = col.kind === 'date';
  const unit = isDate ? DAY : 1000;
  const lo = Math.ceil(parseDateText(col.min)! / unit);
  const hi = Math.floor(parseDateText(col.max)! / unit);
  const span = hi - lo + 1;
  let draw: (rng: Rng) => number;
  switch (col.dist ?? 'uniform') {
    case 'uniform':
      draw = (rng) => lo + rng.below(span);
      break;
    case 'normal': {
      const mean = parseDateText(col.mean!)! / unit;
      const sd = (col.sd_days! * DAY) / unit;
      draw = (rng) => Math.round(mean + sd * normal(rng));
      break;
    }
    case 'exponential': {
      const rate = unit / (col.scale_days! * DAY);
      draw = (rng) => hi - Math.floor(exponential(rng, rate));
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
    format: (v) => (typeof v === 'number' ? format(v) : v),
  };
}
