import { describe, expect, it } from 'vitest';
import {
  betaCdf,
  betaQuantile,
  normalCdf,
  normalQuantile,
  poissonCdf,
  poissonSf,
  Rng,
} from '../src/random/index.js';
import type { ColumnSpec } from '../src/spec/index.js';
import { booleanProvider } from '../src/values/boolean-provider.js';
import { categoryProvider } from '../src/values/category-provider.js';
import { dateProvider } from '../src/values/date-provider.js';
import type { Provider, ProviderContext, Value } from '../src/values/index.js';
import { numericProvider } from '../src/values/numeric-provider.js';
import { expectKsTwoSample, expectSameCounts } from './helpers/stats.js';

// ---------------------------------------------------------------------------------------------
// `quantile(u)` with u uniform must have the law of `next`. Each case draws N values both ways
// from seeded streams and compares them: two-sample Kolmogorov–Smirnov for continuous columns,
// Pearson's chi-square homogeneity test (cells with pooled count < 10 merged) for discrete ones,
// both at alpha = 1e-6 (a correct provider fails one run in a million). With N = 40 000 per side
// the KS test detects a CDF shift of about 0.019 (D at p = 1e-6).
// ---------------------------------------------------------------------------------------------

const N = 40_000;
const row = { index: 0, local: 0, group: -1, seq: 0 };

/** u strictly inside (0, 1): the midpoint of one of 2^52 equal cells. */
function uniform01(rng: Rng): number {
  return (Math.floor(rng.float() * 2 ** 52) + 0.5) / 2 ** 52;
}

function provider(col: ColumnSpec): Provider {
  switch (col.kind) {
    case 'integer':
    case 'number':
      return numericProvider(col);
    case 'category':
      return categoryProvider(col);
    case 'boolean':
      return booleanProvider(col);
    case 'date':
    case 'datetime':
      // only an `after` column reads the context; none here does
      return dateProvider(col, {} as ProviderContext);
    default:
      throw new Error(`no quantile for ${col.kind}`);
  }
}

function both(col: ColumnSpec, seed = 7): { next: Value[]; quantile: Value[] } {
  const p = provider(col);
  const a = Rng.from([seed, 'next']);
  const b = Rng.from([seed, 'quantile']);
  const next = Array.from({ length: N }, () => p.next(a, row));
  const quantile = Array.from({ length: N }, () => p.quantile!(uniform01(b)));
  return { next, quantile };
}

/** Non-decreasing over a fine grid of u, with `key` ordering the values. */
function expectMonotone(col: ColumnSpec, key: (v: Value) => number = (v) => v as number): void {
  const p = provider(col);
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < 4000; i++) {
    const k = key(p.quantile!(i / 4000));
    expect(k, `u = ${i / 4000}`).toBeGreaterThanOrEqual(prev);
    prev = k;
  }
  for (const u of [1e-300, 1e-16, 1 - 2 ** -53]) expect(Number.isFinite(key(p.quantile!(u)))).toBe(true);
}

const continuous: [string, ColumnSpec][] = [
  ['uniform', { kind: 'number', dist: 'uniform', min: 2, max: 7 }],
  ['normal', { kind: 'number', dist: 'normal', mean: 10, sd: 3 }],
  ['normal truncated to [8, 20]', { kind: 'number', dist: 'normal', mean: 10, sd: 3, min: 8, max: 20 }],
  // mass 0.00135 above 3: `next` mostly falls back to clipping, a 91.7% atom at 3
  ['normal with min in the far tail', { kind: 'number', dist: 'normal', mean: 0, sd: 1, min: 3 }],
  ['lognormal with max', { kind: 'number', dist: 'lognormal', mu: 1, sigma: 0.5, max: 5 }],
  ['exponential in [1, 4]', { kind: 'number', dist: 'exponential', rate: 0.5, min: 1, max: 4 }],
  ['beta on [10, 20]', { kind: 'number', dist: 'beta', alpha: 2, beta: 5, min: 10, max: 20 }],
  ['beta with small shapes', { kind: 'number', dist: 'beta', alpha: 0.3, beta: 0.5 }],
  ['datetime uniform', { kind: 'datetime', min: '2024-01-01', max: '2024-03-01' }],
  [
    'datetime normal',
    {
      kind: 'datetime',
      min: '2024-01-01',
      max: '2024-03-01',
      dist: 'normal',
      mean: '2024-02-20',
      sd_days: 9,
    },
  ],
  [
    'datetime exponential',
    { kind: 'datetime', min: '2024-01-01', max: '2024-03-01', dist: 'exponential', scale_days: 20 },
  ],
];

const discrete: [string, ColumnSpec][] = [
  ['integer uniform', { kind: 'integer', dist: 'uniform', min: 1, max: 6 }],
  ['integer normal in [0, 10]', { kind: 'integer', dist: 'normal', mean: 5, sd: 2, min: 0, max: 10 }],
  ['integer lognormal with max', { kind: 'integer', dist: 'lognormal', mu: 2, sigma: 1, max: 50 }],
  ['integer exponential', { kind: 'integer', dist: 'exponential', rate: 0.2 }],
  ['integer beta', { kind: 'integer', dist: 'beta', alpha: 2, beta: 2, min: 0, max: 9 }],
  ['poisson', { kind: 'integer', dist: 'poisson', mean: 3 }],
  ['poisson truncated', { kind: 'integer', dist: 'poisson', mean: 200, min: 190, max: 230 }],
  // P(K ≥ 9) = 2.4e-4: nearly every value is the clipped atom at 9
  ['poisson with min in the tail', { kind: 'integer', dist: 'poisson', mean: 2, min: 9 }],
  ['number poisson with a fractional min', { kind: 'number', dist: 'poisson', mean: 4, min: 2.5 }],
  ['number normal rounded', { kind: 'number', dist: 'normal', mean: 1, sd: 0.3, round: 1 }],
  ['weighted numbers', { kind: 'number', dist: 'weighted', values: { '1.5': 1, '-2': 3, '10': 0, '4': 2 } }],
  ['weighted integers', { kind: 'integer', dist: 'weighted', values: { '3': 5, '1': 1, '2': 2 } }],
  ['date uniform', { kind: 'date', min: '2024-01-01', max: '2024-02-15' }],
  [
    'date normal',
    { kind: 'date', min: '2024-01-01', max: '2024-12-31', dist: 'normal', mean: '2024-12-20', sd_days: 15 },
  ],
  [
    'date exponential',
    { kind: 'date', min: '2024-01-01', max: '2024-03-31', dist: 'exponential', scale_days: 12 },
  ],
];

describe('quantile has the law of next', () => {
  it.each(continuous)('%s (two-sample KS)', (_, col) => {
    const { next, quantile } = both(col);
    expectKsTwoSample(next as number[], quantile as number[]);
    expectMonotone(col);
  });

  it.each(discrete)('%s (chi-square)', (_, col) => {
    const { next, quantile } = both(col);
    expectSameCounts(next, quantile);
    expectMonotone(col);
  });

  it('category, listed and weighted (chi-square; monotone in declared order)', () => {
    for (const values of [['x', 'y', 'z'], { low: 1, mid: 0, high: 3, top: 2 }]) {
      const col: ColumnSpec = { kind: 'category', values };
      const { next, quantile } = both(col);
      expectSameCounts(next, quantile);
      const order = Array.isArray(values) ? values : Object.keys(values);
      expectMonotone(col, (v) => order.indexOf(v as string));
    }
  });

  it('boolean (chi-square; true at the top of u)', () => {
    const col: ColumnSpec = { kind: 'boolean', rate: 0.3 };
    const { next, quantile } = both(col);
    expectSameCounts(next, quantile);
    expectMonotone(col, (v) => (v ? 1 : 0));
    const p = provider(col);
    expect([p.quantile!(0.69), p.quantile!(0.71)]).toEqual([false, true]);
  });

  it('the results agree over other seeds too', () => {
    for (const seed of [42, 1337, 1211]) {
      const { next, quantile } = both(
        { kind: 'number', dist: 'normal', mean: 0, sd: 1, min: -1, max: 2 },
        seed,
      );
      expectKsTwoSample(next as number[], quantile as number[]);
    }
  });
});

describe('quantile at known points', () => {
  const at = (col: ColumnSpec, u: number) => provider(col).quantile!(u);
  const DAY = 86_400_000;

  it('continuous distributions', () => {
    expect(at({ kind: 'number', dist: 'normal', mean: 10, sd: 3 }, 0.5)).toBe(10);
    expect(at({ kind: 'number', dist: 'normal', mean: 10, sd: 3 }, 0.975)).toBeCloseTo(
      10 + 3 * 1.959963984540054,
      12,
    );
    expect(at({ kind: 'number', dist: 'normal', mean: 0, sd: 1, min: 0 }, 0.5)).toBeCloseTo(
      0.6744897501960817,
      12,
    );
    expect(at({ kind: 'number', dist: 'lognormal', mu: 1, sigma: 2 }, 0.5)).toBeCloseTo(Math.E, 13);
    expect(at({ kind: 'number', dist: 'exponential', rate: 4 }, 0.5)).toBeCloseTo(Math.LN2 / 4, 15);
    expect(at({ kind: 'number', dist: 'uniform', min: 2, max: 6 }, 0.25)).toBe(3);
    expect(at({ kind: 'number', dist: 'beta', alpha: 2, beta: 2, min: 0, max: 10 }, 0.5)).toBeCloseTo(5, 12);
    expect(at({ kind: 'number', dist: 'normal', mean: 1, sd: 1, round: 2 }, 0.975)).toBe(2.96);
  });

  it('atoms of a window far out in a tail', () => {
    // mass above 3 is 0.00135, so `next` clips with probability (1 − 0.00135)^64 ≈ 0.917
    const col: ColumnSpec = { kind: 'number', dist: 'normal', mean: 0, sd: 1, min: 3 };
    expect(at(col, 0.9)).toBe(3);
    expect(at(col, 0.95)).toBeGreaterThan(3);
    // nothing of Normal(0, 1) lies beyond 50 in double precision: always the clipped bound
    expect(at({ kind: 'number', dist: 'normal', mean: 0, sd: 1, min: 50, max: 60 }, 0.999)).toBe(50);
  });

  it('discrete distributions', () => {
    const pois = { kind: 'integer', dist: 'poisson', mean: 3 } as const;
    // F(2) = 0.4232, F(3) = 0.6472
    expect([at(pois, 0.42), at(pois, 0.43), at(pois, 0.64), at(pois, 0.65)]).toEqual([2, 3, 3, 4]);
    const w = { kind: 'number', dist: 'weighted', values: { '4': 2, '-2': 3, '1.5': 1 } } as const;
    // by value: −2 (3/6), 1.5 (1/6), 4 (2/6)
    expect([at(w, 0.49), at(w, 0.51), at(w, 0.66), at(w, 0.67)]).toEqual([-2, 1.5, 1.5, 4]);
    expect([0.2, 0.5, 0.9].map((u) => at({ kind: 'category', values: ['a', 'b', 'c'] }, u))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(at({ kind: 'integer', dist: 'uniform', min: 1, max: 6 }, 0.999)).toBe(6);
  });

  it('dates', () => {
    const jan = { kind: 'date', min: '2024-01-01', max: '2024-01-10' } as const;
    expect([at(jan, 0.05), at(jan, 0.999)]).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 10)]);
    const mid = { ...jan, max: '2024-12-31', dist: 'normal', mean: '2024-06-15', sd_days: 10 } as const;
    expect(at(mid, 0.5)).toBe(Date.UTC(2024, 5, 15));
    // exponential back from max: the top of u is max itself, the median ln 2 · 12 ≈ 8.3 days before
    const recent = { ...jan, max: '2024-03-31', dist: 'exponential', scale_days: 12 } as const;
    expect(at(recent, 0.999)).toBe(Date.UTC(2024, 2, 31));
    expect(at(recent, 0.5)).toBe(Date.UTC(2024, 2, 31) - 8 * DAY);
  });
});

describe('special functions', () => {
  // references from mpmath at 30 digits
  it('normalCdf keeps ~1e-15 relative accuracy in both tails', () => {
    const ref: [number, number][] = [
      [-37, 5.725571222524577e-300],
      [-20, 2.7536241186062337e-89],
      [-10, 7.619853024160525e-24],
      [-5, 2.866515718791939e-7],
      [-3, 0.0013498980316300946],
      [-1.5, 0.06680720126885807],
      [-1, 0.15865525393145705],
      [-0.5, 0.3085375387259869],
      [0.25, 0.5987063256829237],
      [2, 0.9772498680518208],
      [8, 0.9999999999999993],
    ];
    for (const [x, p] of ref) expect(Math.abs(normalCdf(x) / p - 1), `x = ${x}`).toBeLessThan(3e-15);
  });

  it('normalQuantile inverts normalCdf (AS 241)', () => {
    // above 0 the round trip goes through 1 − Φ(−x), whose rounding (1e-16) costs 1e-16/φ(x) in x
    for (const x of [-37, -20, -8, -5, -2, -0.3, 0, 0.1, 1, 3]) {
      expect(Math.abs(normalQuantile(normalCdf(x)) - x), `x = ${x}`).toBeLessThan(
        1e-13 * Math.max(1, Math.abs(x)),
      );
    }
    expect([normalQuantile(0), normalQuantile(1), normalQuantile(0.5)]).toEqual([-Infinity, Infinity, 0]);
  });

  it('betaCdf and betaQuantile', () => {
    const ref: [number, number, number, number][] = [
      [0.1, 2, 3, 0.052300000000000006],
      [0.5, 0.1, 0.1, 0.5],
      [0.3, 50, 80, 0.02070028791137335],
      [0.999, 2, 0.3, 0.8363774642291121],
      [0.001, 0.5, 0.5, 0.020135041633377492],
    ];
    // logGamma's 1e-13 relative error bounds what the prefactor can reach
    for (const [x, a, b, p] of ref)
      expect(Math.abs(betaCdf(x, a, b) / p - 1), `${x} ${a} ${b}`).toBeLessThan(1e-12);
    for (const [p, a, b] of [
      [1e-10, 0.1, 2],
      [0.5, 2, 2],
      [0.01, 50, 80],
      [0.999999, 0.3, 2],
      [1e-6, 3, 0.2],
    ] as const) {
      const x = betaQuantile(p, a, b);
      expect(Math.abs(betaCdf(x, a, b) / p - 1), `${p} ${a} ${b}`).toBeLessThan(1e-10);
    }
    expect([betaQuantile(0, 2, 3), betaQuantile(1, 2, 3)]).toEqual([0, 1]);
  });

  it('poissonCdf and poissonSf keep both tails', () => {
    const ref: [number, number, number, number][] = [
      [0, 2, 0.1353352832366127, 0.8646647167633873],
      [5, 3, 0.9160820579686966, 0.08391794203130346],
      [200, 100, 1, 4.626179470193064e-19],
      [3, 50, 4.269159205144934e-18, 1],
    ];
    for (const [k, m, cdf, sf] of ref) {
      expect(Math.abs(poissonCdf(k, m) / cdf - 1)).toBeLessThan(1e-12);
      expect(Math.abs(poissonSf(k, m) / sf - 1)).toBeLessThan(1e-12);
    }
  });
});
