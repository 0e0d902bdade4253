import { normal, Rng } from '../random/index.js';
import { type ColumnSpec, parseDateText } from '../spec/index.js';
import { parseDuration } from './duration.js';
import { EventModel } from './event-model.js';
import type { Provider, ProviderContext, RowCursor } from './provider.js';
import { SequenceAxis } from './sequence-provider.js';

type SignalColumn = Extract<ColumnSpec, { kind: 'signal' }>;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const TAU = 2 * Math.PI;

interface Regime {
  /** absolute time, or NaN when `at` is relative to the series' origin */
  at: number;
  /** ms after the origin, for relative regimes */
  after: number;
  level: number;
  trend: number;
  scale: number | undefined;
}

/** The deterministic part of the signal at time t: seasonal terms, from UTC clock time. */
function seasonal(col: SignalColumn): (t: number) => number {
  const d = col.daily;
  const w = col.weekly;
  return (t) => {
    let v = 0;
    if (d) v += d.amplitude * Math.cos((TAU * ((((t % DAY) + DAY) % DAY) / HOUR - d.peak_hour)) / 24);
    if (w) {
      // 1970-01-01 was a Thursday (ISO 4): Monday 00:00 is 1.0, and the peak is the day's noon
      const weekday = ((((t / DAY + 3) % 7) + 7) % 7) + 1;
      v += w.amplitude * Math.cos((TAU * (weekday - w.peak_day - 0.5)) / 7);
    }
    return v;
  };
}

/** When the series of this row starts: the sequence's origin, or the date column's `min`. */
function originOf(col: SignalColumn, ctx: ProviderContext): (row: RowCursor, t: number) => number {
  const timeCol = ctx.spec.tables[ctx.table]!.columns[col.time];
  if (timeCol?.kind === 'sequence') {
    const axis = new SequenceAxis(col.time, timeCol, ctx);
    return (row) => axis.origin(row);
  }
  const min =
    timeCol && 'min' in timeCol && typeof timeCol.min === 'string' ? parseDateText(timeCol.min) : undefined;
  if (min !== undefined) return () => min;
  // no stated origin: each entity counts from its first row
  let group = Number.NaN;
  let first = 0;
  return (row, t) => {
    if (row.group !== group || row.seq === 0) {
      group = row.group;
      first = t;
    }
    return first;
  };
}

/**
 * A time series: base + per-entity offset + trend + daily and weekly sinusoids + regime changes
 * + AR(1) noise carried along each entity's rows + the effects of the table's events (a drift
 * ramp through a failure's precursor window, a spike on anomaly rows). The noise comes from the
 * column stream; the entity offset and the events from hashes of the entity, so every chunk can
 * be made alone and the event columns label exactly the rows the effects touched.
 *
 * @example
 * const p = signalProvider({ kind: 'signal', time: 'ts', base: 70, noise: { sd: 1, ar: 0.6 } }, ctx);
 */
export function signalProvider(col: SignalColumn, ctx: ProviderContext): Provider {
  const time = ctx.lookupRaw(col.time);
  const origin = originOf(col, ctx);
  const season = seasonal(col);
  const base = col.base ?? 0;
  const trend = (col.trend ?? 0) / DAY;
  const sd = col.noise?.sd ?? 0;
  const ar = col.noise?.ar ?? 0;
  const innovation = Math.sqrt(1 - ar * ar);
  const regimes: Regime[] = (col.regimes ?? []).map((r) => {
    const date = parseDateText(r.at);
    return {
      at: date ?? Number.NaN,
      after: date === undefined ? (parseDuration(r.at) ?? 0) : 0,
      level: r.level ?? 0,
      trend: (r.trend ?? 0) / DAY,
      scale: r.noise_scale,
    };
  });
  const effects = Object.entries(col.effects ?? {}).map(([name, e]) => ({
    model: new EventModel(name, ctx, 'effects'),
    drift: e.drift ?? 0,
    add: e.add ?? 0,
    after: e.after ?? 0,
  }));
  const entityRng = new Rng(0, 0, 0, 1);
  const entitySd = col.entity_sd ?? 0;
  const lo = col.min ?? Number.NEGATIVE_INFINITY;
  const hi = col.max ?? Number.POSITIVE_INFINITY;
  const f = col.round === undefined ? 0 : 10 ** col.round;

  let group = Number.NaN;
  let lastIndex = -1;
  let offset = 0;
  let noise = 0;
  return {
    sqlType: 'REAL',
    next: (rng, row) => {
      const t = time(row);
      if (typeof t !== 'number') return null;
      const fresh = row.group !== group;
      if (fresh) {
        group = row.group;
        entityRng.reseed([ctx.seed, ctx.table, ctx.column, '#entity', row.group]);
        offset = entitySd * normal(entityRng);
      }
      // the noise restarts stationary per entity and per chunk (a root table's chunks stand alone)
      if (fresh || row.local === 0 || row.index <= lastIndex) noise = normal(rng);
      else noise = ar * noise + innovation * normal(rng);
      lastIndex = row.index;
      const o = origin(row, t);
      let v = base + offset + trend * (t - o) + season(t);
      let scale = 1;
      for (const r of regimes) {
        const at = Number.isNaN(r.at) ? o + r.after : r.at;
        if (t < at) continue;
        v += r.level + r.trend * (t - at);
        if (r.scale !== undefined) scale = r.scale;
      }
      v += sd * scale * noise;
      for (const e of effects) {
        const ev = e.model.at(row);
        if (ev.window > 0) v += e.drift * ev.window;
        if (ev.onset) v += e.add;
        if (ev.after) v += e.after;
      }
      v = Math.min(hi, Math.max(lo, v));
      return f === 0 ? v : Math.round(v * f) / f;
    },
  };
}
