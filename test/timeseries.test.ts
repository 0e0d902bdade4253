import { describe, expect, it } from 'vitest';
import { renderIssues, TrainkitError } from '../src/errors/index.js';
import { generateChunks, planGeneration } from '../src/generate/index.js';
import { defineSpec, loadSpec, type Spec, type SpecInput } from '../src/spec/index.js';
import { parseDuration } from '../src/values/duration.js';
import { expectMean, K, mean, variance } from './helpers/stats.js';

type Columns = Record<string, unknown[]>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 1);

/** Generates a spec with the engine: table → column → output values. */
function collect(spec: Spec, seed?: number): Map<string, Columns> {
  const plan = planGeneration(spec, seed === undefined ? {} : { seed });
  const out = new Map<string, Columns>();
  for (const t of plan.tables) out.set(t.name, Object.fromEntries(t.columns.map((c) => [c.name, []])));
  for (const chunk of generateChunks(plan)) {
    const names = plan.tables.find((t) => t.name === chunk.table)!.columns.map((c) => c.name);
    const cols = out.get(chunk.table)!;
    names.forEach((n, c) => {
      for (let r = 0; r < chunk.rows; r++) cols[n]!.push(chunk.columns[c]![r]);
    });
  }
  return out;
}

const nums = (xs: unknown[]): number[] => xs as number[];

/** Asserts |hits/n − p| ≤ K·√(p(1 − p)/n), the binomial bound. */
function expectRate(hits: number, n: number, p: number): void {
  const tol = K * Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(hits / n - p), `rate ${hits / n} vs ${p} ± ${tol}`).toBeLessThanOrEqual(tol);
}

/** Least squares of y on the columns of x (normal equations, Gaussian elimination). */
function regress(x: number[][], y: number[]): number[] {
  const k = x[0]!.length;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let i = 0; i < y.length; i++) {
    const xi = x[i]!;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) a[r]![c]! += xi[r]! * xi[c]!;
      a[r]![k]! += xi[r]! * y[i]!;
    }
  }
  for (let p = 0; p < k; p++) {
    for (let r = p + 1; r < k; r++) {
      const f = a[r]![p]! / a[p]![p]!;
      for (let c = p; c <= k; c++) a[r]![c]! -= f * a[p]![c]!;
    }
  }
  const b = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = a[r]![k]!;
    for (let c = r + 1; c < k; c++) s -= a[r]![c]! * b[c]!;
    b[r] = s / a[r]![r]!;
  }
  return b;
}

/** A family of `entities` machines with `per` readings each, the readings' columns given. */
function fleet(entities: number, per: number, columns: Record<string, unknown>, extra: object = {}): Spec {
  return defineSpec({
    name: 'fleet',
    seed: 11,
    tables: {
      machines: {
        rows: entities,
        columns: {
          id: { kind: 'id' },
          installed: { kind: 'datetime', min: '2024-01-01', max: '2024-12-31' },
        },
      },
      readings: {
        rows: { per: 'machines', value: per },
        ...extra,
        columns: { machine_id: { kind: 'ref', ref: 'machines.id' }, ...columns },
      },
    },
  } as SpecInput);
}

describe('durations', () => {
  it('parse units, decimals and compounds; reject bare numbers', () => {
    expect([
      parseDuration('90s'),
      parseDuration('15m'),
      parseDuration('1.5h'),
      parseDuration('1h30m'),
    ]).toEqual([90_000, 900_000, 5_400_000, 5_400_000]);
    expect([parseDuration('2d'), parseDuration('1w')]).toEqual([2 * DAY, 7 * DAY]);
    expect([parseDuration('90'), parseDuration('1 hour'), parseDuration(''), parseDuration('h')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('sequences', () => {
  it('fixed intervals are exact: start + seq × every per entity, start + index × every for a root table', () => {
    const data = collect(
      fleet(30, 50, { ts: { kind: 'sequence', start: '2025-01-01', every: '15m', format: 'epoch_ms' } }),
    );
    const ts = nums(data.get('readings')!.ts!);
    expect(ts).toEqual(ts.map((_, i) => T0 + (i % 50) * 15 * 60_000));
    const root = collect(
      defineSpec({
        name: 'r',
        tables: {
          log: { rows: 1200, columns: { ts: { kind: 'sequence', start: '2025-01-01', every: '90s' } } },
        },
      }),
    ).get('log')!.ts!;
    // iso like datetime columns, across chunk boundaries
    expect(root[0]).toBe('2025-01-01T00:00:00Z');
    expect(root.map((t) => Date.parse(t as string))).toEqual(root.map((_, i) => T0 + i * 90_000));
  });

  it('jitter moves each time by at most ± jitter, in whole seconds, centred on the grid', () => {
    const ts = nums(
      collect(
        fleet(40, 100, {
          ts: { kind: 'sequence', start: '2025-01-01', every: '1h', jitter: '2m', format: 'epoch_ms' },
        }),
      ).get('readings')!.ts!,
    );
    const dev = ts.map((t, i) => t - (T0 + (i % 100) * HOUR));
    for (const d of dev) {
      expect(Math.abs(d)).toBeLessThanOrEqual(120_000);
      expect(Math.abs(d % 1000)).toBe(0);
    }
    // uniform on ±120 s: sd 120/√3 s
    expectMean(dev, 0, 120_000 / Math.sqrt(3));
  });

  it('poisson gaps are exponential (KS) with the stated mean, and start after the parent timestamp', () => {
    const data = collect(
      fleet(100, 200, {
        ts: {
          kind: 'sequence',
          after: 'machines.installed',
          process: 'poisson',
          mean_gap: '20m',
          format: 'epoch_ms',
        },
      }),
    );
    const installed = (data.get('machines')!.installed as string[]).map((s) => Date.parse(s));
    const ts = nums(data.get('readings')!.ts!);
    const gaps: number[] = [];
    for (let i = 0; i < ts.length; i++) {
      const seq = i % 200;
      if (seq === 0) expect(ts[i]!).toBeGreaterThan(installed[Math.floor(i / 200)]!);
      else gaps.push((ts[i]! - ts[i - 1]!) / 60_000);
    }
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    // mean 20 min, sd 20 min (times are whole seconds: a bias below 1 s, far inside the bound)
    expectMean(gaps, 20, 20);
    expect(Math.abs(Math.sqrt(variance(gaps)) - 20)).toBeLessThan(1);
    expect(ksExponential(gaps, 20)).toBeLessThan(ksCritical(gaps.length));
  });

  it('fixed sequences after a parent start one interval past its timestamp plus offset', () => {
    const data = collect(
      fleet(50, 10, {
        ts: { kind: 'sequence', after: 'machines.installed', offset: '1d', every: '1h', format: 'epoch_ms' },
      }),
    );
    const installed = (data.get('machines')!.installed as string[]).map((s) => Date.parse(s));
    const ts = nums(data.get('readings')!.ts!);
    expect(ts).toEqual(ts.map((_, i) => installed[Math.floor(i / 10)]! + DAY + ((i % 10) + 1) * HOUR));
  });

  it('poisson on a root table: sorted, exponential gaps, and every chunk independent of the row count', () => {
    const spec = (rows: number) =>
      defineSpec({
        name: 'r',
        tables: {
          log: {
            rows,
            columns: {
              ts: {
                kind: 'sequence',
                start: '2025-01-01',
                process: 'poisson',
                mean_gap: '5m',
                format: 'epoch_ms',
              },
            },
          },
        },
      });
    const ts = nums(collect(spec(20_000)).get('log')!.ts!);
    const gaps = ts.slice(1).map((t, i) => (t - ts[i]!) / 60_000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expectMean(gaps, 5, 5);
    expect(ksExponential(gaps, 5)).toBeLessThan(ksCritical(gaps.length));
    expect(nums(collect(spec(700)).get('log')!.ts!)).toEqual(ts.slice(0, 700));
  });
});

/** The KS statistic of xs against an exponential law with the given mean. */
function ksExponential(xs: number[], m: number): number {
  const s = Float64Array.from(xs).sort();
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const f = 1 - Math.exp(-s[i]! / m);
    d = Math.max(d, (i + 1) / s.length - f, f - i / s.length);
  }
  return d;
}

/** The KS critical value at α = 1e-6 (λ = 2.68 in the Kolmogorov tail). */
function ksCritical(n: number): number {
  return 2.68 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
}

describe('signals', () => {
  const ts = { kind: 'sequence', start: '2025-01-01', every: '1h', format: 'epoch_ms' };

  it('recovers the daily amplitude and peak hour by regression (±0.1 and ±0.1 h, 8+ standard errors)', () => {
    const data = collect(
      fleet(50, 720, {
        ts,
        v: {
          kind: 'signal',
          time: 'ts',
          base: 10,
          daily: { amplitude: 4, peak_hour: 15 },
          noise: { sd: 0.8, ar: 0.6 },
        },
      }),
    ).get('readings')!;
    const x = nums(data.ts!).map((t) => {
      const a = (2 * Math.PI * ((t % DAY) / HOUR)) / 24;
      return [1, Math.cos(a), Math.sin(a)];
    });
    const [b0, b1, b2] = regress(x, nums(data.v!));
    expect(Math.abs(b0! - 10)).toBeLessThan(0.1);
    expect(Math.abs(Math.hypot(b1!, b2!) - 4)).toBeLessThan(0.1);
    const peak = ((Math.atan2(b2!, b1!) * 24) / (2 * Math.PI) + 24) % 24;
    expect(Math.abs(peak - 15)).toBeLessThan(0.1);
  });

  it('recovers the weekly peak day, the trend slope, the regime step and its noise scale', () => {
    const data = collect(
      fleet(40, 1440, {
        ts,
        v: {
          kind: 'signal',
          time: 'ts',
          trend: 0.05,
          weekly: { amplitude: 1.5, peak_day: 3 },
          noise: { sd: 0.5 },
          regimes: [{ at: '2025-01-31', level: 3, noise_scale: 2 }],
        },
      }),
    ).get('readings')!;
    const t = nums(data.ts!);
    const v = nums(data.v!);
    const cut = Date.UTC(2025, 0, 31);
    const x = t.map((ti) => {
      // Monday 00:00 = 1, as the spec counts ISO weekdays
      const w = (((ti / DAY + 3) % 7) + 7) % 7;
      const a = (2 * Math.PI * w) / 7;
      return [1, (ti - T0) / DAY, Math.cos(a), Math.sin(a), ti >= cut ? 1 : 0];
    });
    const [, slope, c, s, step] = regress(x, v);
    // independent noise, n = 57,600: the slope's se is about 2e-4, the step's about 0.01
    expect(Math.abs(slope! - 0.05)).toBeLessThan(0.003);
    expect(Math.abs(step! - 3)).toBeLessThan(0.1);
    expect(Math.abs(Math.hypot(c!, s!) - 1.5)).toBeLessThan(0.05);
    const peakDay = ((Math.atan2(s!, c!) * 7) / (2 * Math.PI) + 7) % 7;
    expect(Math.abs(peakDay - 2.5)).toBeLessThan(0.05); // Wednesday noon: 2.5 days after Monday 00:00
    const resid = v.map(
      (vi, i) => vi - x[i]!.reduce((sum, xi, j) => sum + xi * [0, slope!, c!, s!, step!][j]!, 0),
    );
    const before = resid.filter((_, i) => t[i]! < cut);
    const after = resid.filter((_, i) => t[i]! >= cut);
    expect(Math.abs(Math.sqrt(variance(after) / variance(before)) - 2)).toBeLessThan(0.05);
  });

  it('AR(1) noise: lag-1 autocorrelation within entities near `ar` (±0.02); entity offsets with sd entity_sd', () => {
    const data = collect(
      fleet(200, 300, { ts, v: { kind: 'signal', time: 'ts', noise: { sd: 1, ar: 0.6 }, entity_sd: 2 } }),
    ).get('readings')!;
    const v = nums(data.v!);
    let sxy = 0;
    let sxx = 0;
    const means: number[] = [];
    for (let e = 0; e < 200; e++) {
      const xs = v.slice(e * 300, (e + 1) * 300);
      const m = mean(xs);
      means.push(m);
      for (let i = 0; i < 300; i++) {
        sxx += (xs[i]! - m) ** 2;
        if (i > 0) sxy += (xs[i]! - m) * (xs[i - 1]! - m);
      }
    }
    // se of r1 ≈ √((1 − ar²)/n) = 0.003 with n = 60,000
    expect(Math.abs(sxy / sxx - 0.6)).toBeLessThan(0.02);
    // entity means: sd √(4 + var of a 300-row AR mean ≈ 0.013); the sd of 200 of them within ±0.5
    expect(Math.abs(Math.sqrt(variance(means)) - 2)).toBeLessThan(0.5);
  });
});

describe('events', () => {
  const ts = { kind: 'sequence', start: '2025-01-01', every: '1h', format: 'epoch_ms' };
  const events = {
    events: { failure: { per: 'entity', rate: 0.3, precursor: '48h' }, spike: { per: 'row', rate: 0.01 } },
  };

  it('failures hit `rate` of the entities, once each, with drift exactly on the window rows', () => {
    const data = collect(
      fleet(
        2000,
        100,
        {
          ts,
          // no noise: the value is the effect alone
          v: { kind: 'signal', time: 'ts', effects: { failure: { drift: 12, after: 1 } } },
          failed: { kind: 'event', event: 'failure' },
          soon: { kind: 'event', event: 'failure', mark: 'window' },
          down: { kind: 'event', event: 'failure', mark: 'after' },
          fails: { kind: 'event', event: 'failure', mark: 'entity' },
          left: { kind: 'event', event: 'failure', mark: 'remaining' },
        },
        events,
      ),
    ).get('readings')!;
    const [t, v, left] = [nums(data.ts!), nums(data.v!), nums(data.left!)];
    let failing = 0;
    const bad: number[] = [];
    for (let e = 0; e < 2000; e++) {
      const rows = Array.from({ length: 100 }, (_, j) => e * 100 + j);
      const onsets = rows.filter((r) => data.failed![r] === true);
      const entity = data.fails![rows[0]!] === true;
      for (const r of rows) if (data.fails![r] !== entity) bad.push(r);
      if (!entity) {
        for (const r of rows)
          if (v[r] !== 0 || data.soon![r] || data.down![r] || left[r] !== null) bad.push(r);
        continue;
      }
      failing++;
      expect(onsets).toHaveLength(1);
      const f = onsets[0]!;
      // the window fits: the failure is at least 48 readings in, and it is exactly the 48 h before
      expect(f - e * 100).toBeGreaterThanOrEqual(48);
      for (const r of rows) {
        const inWindow = r < f && t[r]! > t[f]! - 48 * HOUR;
        const drift = inWindow ? (12 * (t[r]! - (t[f]! - 48 * HOUR))) / (48 * HOUR) : 0;
        const ok =
          data.soon![r] === inWindow &&
          data.down![r] === r >= f &&
          Math.abs(v[r]! - drift - (r >= f ? 1 : 0)) < 1e-9 &&
          left[r] === (r < f ? (t[f]! - t[r]!) / HOUR : null);
        if (!ok) bad.push(r);
      }
      // hourly rows in the open window (t_f − 48 h, t_f): 47 of them
      expect(rows.filter((r) => data.soon![r] === true)).toHaveLength(47);
    }
    expect(bad).toEqual([]);
    expectRate(failing, 2000, 0.3);
  });

  it('spikes hit `rate` of the rows, and exactly the anomaly rows carry the spike', () => {
    const data = collect(
      fleet(
        500,
        400,
        {
          ts,
          v: { kind: 'signal', time: 'ts', base: 5, effects: { spike: { add: 15 } } },
          anomaly: { kind: 'event', event: 'spike' },
        },
        events,
      ),
    ).get('readings')!;
    const hits = data.anomaly!.filter((a) => a === true).length;
    expectRate(hits, 200_000, 0.01);
    const bad = nums(data.v!).filter((v, r) => v !== (data.anomaly![r] ? 20 : 5));
    expect(bad).toEqual([]);
  });

  it('are the same for a seed, differ between seeds, and keep their rows when columns are added', () => {
    const spec = (more: Record<string, unknown> = {}) =>
      fleet(
        100,
        100,
        {
          ts,
          failed: { kind: 'event', event: 'failure', mark: 'window' },
          ...more,
          a: { kind: 'event', event: 'spike' },
        },
        events,
      );
    const a = collect(spec()).get('readings')!;
    expect(collect(spec()).get('readings')).toEqual(a);
    const b = collect(spec({ v: { kind: 'signal', time: 'ts', noise: { sd: 1 } } })).get('readings')!;
    expect([b.failed, b.a]).toEqual([a.failed, a.a]);
    const other = collect(spec(), 12).get('readings')!;
    expect(other.failed).not.toEqual(a.failed);
  });
});

describe('the predictive-maintenance example', () => {
  const { spec } = loadSpec('examples/predictive-maintenance.yaml');
  const data = collect(spec).get('readings')!;

  it('holds its stated rates: 30% of machines fail, 47–48 window readings each, 0.2% spikes', () => {
    const failed = data.failed!;
    const soon = data.failing_soon!;
    let machines = 0;
    for (let m = 0; m < 200; m++) {
      const rows = Array.from({ length: 720 }, (_, j) => m * 720 + j);
      const onsets = rows.filter((r) => failed[r] === true).length;
      const window = rows.filter((r) => soon[r] === true).length;
      expect(onsets).toBeLessThanOrEqual(1);
      // ±2 min of jitter decides whether the reading 48 h before the failure is inside
      expect(onsets === 1 ? [47, 48] : [0]).toContain(window);
      machines += onsets;
    }
    expectRate(machines, 200, 0.3);
    expectRate(data.anomaly!.filter((a) => a === true).length, 144_000, 0.002);
  });

  it('labels agree with the effects row by row: without effects only labelled rows change', () => {
    const plain = structuredClone(spec);
    for (const c of ['temperature', 'vibration'] as const) {
      delete (plain.tables.readings!.columns[c] as { effects?: unknown }).effects;
    }
    const base = collect(plain).get('readings')!;
    const ts = (data.ts as string[]).map((s) => Date.parse(s));
    const bad: number[] = [];
    let failure = Number.NaN;
    for (let r = ts.length - 1; r >= 0; r--) {
      if (r % 720 === 719) failure = Number.NaN;
      if (data.failed![r]) failure = ts[r]!;
      const window = data.failing_soon![r] === true;
      const drift = window ? (ts[r]! - (failure - 48 * HOUR)) / (48 * HOUR) : 0;
      const dTemp = (data.temperature![r] as number) - (base.temperature![r] as number);
      const dVib = (data.vibration![r] as number) - (base.vibration![r] as number);
      const want = 12 * drift + (data.anomaly![r] ? 15 : 0);
      // both sides are rounded (2 and 3 places); vibration may also meet its min of 0
      if (Math.abs(dTemp - want) > 0.011 || (window ? dVib < 0 : dVib !== 0)) bad.push(r);
      if (window && Math.abs(dVib - 0.8 * drift) > 0.0011 && (base.vibration![r] as number) > 0) bad.push(r);
    }
    expect(bad).toEqual([]);
  });
});

describe('spec errors', () => {
  const errorOf = (columns: Record<string, unknown>, extra: object = {}, root = false): string => {
    try {
      const spec = defineSpec({
        name: 'fleet',
        tables: {
          machines: {
            rows: 5,
            columns: { id: { kind: 'id' }, name: { kind: 'fake', method: 'person.lastName' } },
          },
          readings: {
            rows: root ? 10 : { per: 'machines', value: 10 },
            ...extra,
            columns,
          },
        },
      } as SpecInput);
      planGeneration(spec);
      return 'no error';
    } catch (e) {
      if (e instanceof TrainkitError) return renderIssues(e.issues);
      throw e;
    }
  };

  it('bad durations, start and after', () => {
    expect(
      errorOf({ ts: { kind: 'sequence', start: '2025-01-01', every: '1 hour', jitter: '90' } }),
    ).toMatchInlineSnapshot(`
        "✖ "1 hour" is not a duration
          → at tables.readings.columns.ts.every
          hint: write a number and a unit (s, m, h, d or w), e.g. 90s, 15m, 1h, 2d, 1w or 1h30m
        ✖ "90" is not a duration
          → at tables.readings.columns.ts.jitter
          hint: write a number and a unit (s, m, h, d or w), e.g. 90s, 15m, 1h, 2d, 1w or 1h30m"
      `);
    expect(errorOf({ ts: { kind: 'sequence', every: '1h', jitter: '30m' } })).toMatchInlineSnapshot(`
      "✖ a sequence needs "start" or "after"
        → at tables.readings.columns.ts
        hint: add start: 2025-01-01T00:00:00Z, or after: <parent table>.<date column>
      ✖ jitter (30m) must be less than half of every (1h), or consecutive rows could swap order
        → at tables.readings.columns.ts.jitter
        hint: lower jitter, or use process: poisson for irregular times"
    `);
    expect(
      errorOf({ ts: { kind: 'sequence', after: 'machines.name', process: 'poisson', every: '1h' } }),
    ).toMatchInlineSnapshot(`
        "✖ after points at "machines.name", a fake column, not a date, datetime or sequence column
          → at tables.readings.columns.ts.after
          hint: point it at a timestamp of "machines"
        ✖ process "poisson" needs "mean_gap"
          → at tables.readings.columns.ts.process
          hint: add mean_gap: 1h (or another duration)
        ✖ "every" has no meaning for process "poisson"
          → at tables.readings.columns.ts.every
          hint: remove it; a poisson sequence takes mean_gap"
      `);
  });

  it('a signal whose time column is not a sequence or date', () => {
    expect(
      errorOf({
        n: { kind: 'integer', min: 0, max: 9 },
        v: { kind: 'signal', time: 'n' },
        w: { kind: 'signal', time: 'tz' },
      }),
    ).toMatchInlineSnapshot(`
      "✖ time names "n", an integer column, not a sequence, date or datetime column
        → at tables.readings.columns.v.time
        hint: add a timestamp column first, e.g. ts: { kind: sequence, start: 2025-01-01, every: 1h }
      ✖ time names column "tz", which does not exist in "readings"
        → at tables.readings.columns.w.time
        hint: did you mean "n"? The columns are: n, v, w"
    `);
  });

  it('unknown events, marks that need a window, per-entity events without a parent', () => {
    const ts = { kind: 'sequence', start: '2025-01-01', every: '1h' };
    const events = { events: { spike: { per: 'row', rate: 0.01 }, failure: { per: 'entity', rate: 0.1 } } };
    expect(
      errorOf(
        {
          ts,
          v: { kind: 'signal', time: 'ts', effects: { failur: { add: 1 }, failure: { drift: 3 } } },
          e: { kind: 'event', event: 'spik' },
          w: { kind: 'event', event: 'failure', mark: 'window' },
          s: { kind: 'event', event: 'spike', mark: 'after' },
        },
        events,
      ),
    ).toMatchInlineSnapshot(`
      "✖ event "failur" is not an event of "readings"
        → at tables.readings.columns.v.effects.failur
        hint: did you mean "failure"? The events are: spike, failure
      ✖ drift ramps over the precursor window of "failure", which has none
        → at tables.readings.columns.v.effects.failure.drift
        hint: add precursor: 48h (or another duration) to events.failure
      ✖ event "spik" is not an event of "readings"
        → at tables.readings.columns.e.event
        hint: did you mean "spike"? The events are: spike, failure
      ✖ mark "window" needs a precursor window on "failure"
        → at tables.readings.columns.w.mark
        hint: add precursor: 48h (or another duration) to events.failure
      ✖ mark "after" has no meaning for "spike", a per: row event
        → at tables.readings.columns.s.mark
        hint: use mark: onset (the hit rows), or make the event per: entity"
    `);
    expect(errorOf({ ts }, events, true)).toMatchInlineSnapshot(`
      "✖ "failure" happens once per entity, but "readings" is not made per a parent row
        → at tables.readings.events.failure.per
        hint: make the table rows: { per: <parent>, value: … } (each parent row is an entity), or use per: row"
    `);
  });
});
