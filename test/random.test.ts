import { describe, expect, it } from 'vitest';
import {
  AliasTable,
  beta,
  exponential,
  fingerprint,
  gamma,
  geometric,
  hash128,
  logGamma,
  lognormal,
  mix32,
  negativeBinomial,
  normal,
  poisson,
  Rng,
} from '../src/random/index.js';
import { expectMean, expectVariance, K } from './helpers/stats.js';

// ---------------------------------------------------------------------------------------------
// Statistical helpers.
//
// Every check below runs on a seeded stream, so it is deterministic; the tolerances are still set
// as if the stream were truly random, so that a legitimate change of generator does not make a
// correct implementation fail. Unless said otherwise:
//  - a sample mean is checked against K·sd/√n, with K = 5 (a two-sided miss has p ≈ 6e-7);
//  - a sample variance is checked against K·√((μ4 − σ⁴)/n), the large-sample sd of s²;
//  - a goodness of fit uses Pearson's chi-square against its critical value at p = 1e-4.
// ---------------------------------------------------------------------------------------------

function draw(n: number, f: () => number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

/** Asserts that every value satisfies `ok`, reporting the first that does not (one expect, so it is fast). */
function expectAll(xs: readonly number[], ok: (x: number) => boolean): void {
  const bad = xs.findIndex((x) => !ok(x));
  expect(bad, bad < 0 ? '' : `value #${bad} = ${xs[bad]}`).toBe(-1);
}

/**
 * The chi-square critical value at p = 1e-4 (Wilson–Hilferty). For df ≥ 2 it is within 5% of the
 * exact quantile and slightly above it, e.g. df 9: 34.15 (exact 33.72), df 40: 82.25 (exact 82.06).
 */
function chiSquareCritical(df: number): number {
  const z = 3.719; // upper 1e-4 normal quantile
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Pearson's statistic of observed counts against expected probabilities. */
function chiSquare(observed: readonly number[], probs: readonly number[]): number {
  const n = observed.reduce((s, c) => s + c, 0);
  let chi = 0;
  observed.forEach((o, i) => {
    const e = n * probs[i]!;
    chi += ((o - e) * (o - e)) / e;
  });
  return chi;
}

function expectChiSquareFits(observed: readonly number[], probs: readonly number[]): void {
  const chi = chiSquare(observed, probs);
  const crit = chiSquareCritical(observed.length - 1);
  expect(chi, `chi-square ${chi} with ${observed.length - 1} df, critical ${crit}`).toBeLessThan(crit);
}

/**
 * Goodness of fit of integer samples to a pmf: bins are the values from 0 upward, merged until
 * each expects at least 20 draws; the upper tail is one bin.
 */
function expectFitsPmf(xs: readonly number[], pmf: (k: number) => number): void {
  const n = xs.length;
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  const observed: number[] = [];
  const probs: number[] = [];
  let o = 0;
  let p = 0;
  let cum = 0;
  for (let k = 0; 1 - cum > 1e-12; k++) {
    const pk = pmf(k);
    cum += pk;
    o += counts.get(k) ?? 0;
    p += pk;
    if ((1 - cum) * n < 20) break;
    if (p * n >= 20) {
      observed.push(o);
      probs.push(p);
      o = 0;
      p = 0;
    }
    if (k > 1e6) throw new Error('pmf does not sum to 1');
  }
  // the rest (the last partial bin and the upper tail) is one bin; it expects ≥ 20 draws because
  // a bin is only closed while the tail beyond it still does
  const seen = observed.reduce((s, c) => s + c, 0);
  observed.push(n - seen);
  probs.push(1 - probs.reduce((s, q) => s + q, 0));
  expect(observed.length).toBeGreaterThanOrEqual(3);
  expectChiSquareFits(observed, probs);
}

/** Mean, variance and fourth central moment of a pmf on 0, 1, 2, … */
function pmfMoments(pmf: (k: number) => number, kmax: number) {
  let m = 0;
  for (let k = 0; k <= kmax; k++) m += k * pmf(k);
  let v = 0;
  let m4 = 0;
  for (let k = 0; k <= kmax; k++) {
    const d = k - m;
    v += d * d * pmf(k);
    m4 += d * d * d * d * pmf(k);
  }
  return { mean: m, variance: v, mu4: m4 };
}

const poissonPmf = (lambda: number) => (k: number) =>
  Math.exp(-lambda + k * Math.log(lambda) - logGamma(k + 1));

/** The published sfc32 (PractRand), written independently of src, as a known-answer reference. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

// ---------------------------------------------------------------------------------------------

describe('Rng', () => {
  it('is sfc32 seeded with hash128 of the parts, after 12 discarded outputs', () => {
    const parts = [42, 'customers', 'age', 0];
    const ref = sfc32(...hash128(parts));
    for (let i = 0; i < 12; i++) ref();
    const rng = Rng.from(parts);
    for (let i = 0; i < 1000; i++) expect(rng.u32()).toBe(ref());
  });

  it('float() is built from 27 + 26 high bits of two u32 outputs', () => {
    const ref = sfc32(1, 2, 3, 4);
    for (let i = 0; i < 12; i++) ref();
    const rng = new Rng(1, 2, 3, 4);
    for (let i = 0; i < 1000; i++) {
      const hi = ref() >>> 5;
      const lo = ref() >>> 6;
      expect(rng.float()).toBe((hi * 2 ** 26 + lo) / 2 ** 53);
    }
  });

  it('an all-zero state still produces a varied stream (the counter is forced non-zero)', () => {
    const rng = new Rng(0, 0, 0, 0);
    const xs = new Set(draw(1000, () => rng.u32()));
    expect(xs.size).toBe(1000);
  });

  it('Rng.from is deterministic: the same parts give the same sequence', () => {
    for (const seed of [42, 1337, 1211]) {
      const a = Rng.from([seed, 'orders', 'amount', 3]);
      const b = Rng.from([seed, 'orders', 'amount', 3]);
      expect(draw(200, () => a.u32())).toEqual(draw(200, () => b.u32()));
    }
  });

  it('known first outputs for seeds 42, 1337 and 1211', () => {
    const first = (seed: number) => {
      const rng = Rng.from([seed, 't', 'c', 0]);
      return draw(4, () => rng.u32());
    };
    expect({ 42: first(42), 1337: first(1337), 1211: first(1211) }).toMatchInlineSnapshot(`
      {
        "1211": [
          2953086208,
          1669933464,
          1567463639,
          3174395294,
        ],
        "1337": [
          3807303315,
          2186533509,
          2843258323,
          2134742972,
        ],
        "42": [
          718561143,
          1662456914,
          517095164,
          3471967574,
        ],
      }
    `);
  });

  it('different part lists give different, uncorrelated streams', () => {
    const partLists: (string | number)[][] = [
      [42, 'orders', 'amount', 0],
      [42, 'orders', 'amount', 1],
      [42, 'orders', 'total', 0],
      [42, 'order', 'samount', 0],
      [43, 'orders', 'amount', 0],
      [42, 'orders', 'amount'],
      [42, 'orders', 'amount', '0'],
      [2 ** 32 + 42, 'orders', 'amount', 0],
    ];
    const n = 50_000;
    const streams = partLists.map((p) => {
      const rng = Rng.from(p);
      return draw(n, () => rng.float());
    });
    // no two streams share their first outputs
    const firsts = new Set(streams.map((s) => s.slice(0, 8).join(',')));
    expect(firsts.size).toBe(partLists.length);
    // Pearson correlation of independent uniforms has sd 1/√n; allow K·sd
    const tol = K / Math.sqrt(n);
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        const x = streams[i]!;
        const y = streams[j]!;
        let sxy = 0;
        for (let k = 0; k < n; k++) sxy += (x[k]! - 0.5) * (y[k]! - 0.5);
        const r = sxy / n / (1 / 12);
        expect(Math.abs(r), `streams ${i} and ${j}`).toBeLessThan(tol);
      }
    }
  });

  it('reseed(parts) gives the same stream as Rng.from(parts) and clears the cached normal', () => {
    const rng = Rng.from([1, 'a']);
    normal(rng); // leaves a spare deviate cached
    expect(Number.isNaN(rng.spare)).toBe(false);
    rng.reseed([7, 'b', 'c', 2]);
    expect(Number.isNaN(rng.spare)).toBe(true);
    const fresh = Rng.from([7, 'b', 'c', 2]);
    expect(draw(100, () => rng.u32())).toEqual(draw(100, () => fresh.u32()));
  });

  it('u32() gives unsigned 32-bit integers with every bit fair', () => {
    const rng = Rng.from([5]);
    const n = 50_000;
    const ones = new Array<number>(32).fill(0);
    const xs = draw(n, () => rng.u32());
    expectAll(xs, (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32);
    for (const x of xs) for (let b = 0; b < 32; b++) ones[b]! += (x >>> b) & 1;
    // each bit is Bernoulli(1/2): sd of the count is √n/2
    for (const c of ones) expect(Math.abs(c - n / 2)).toBeLessThan((K * Math.sqrt(n)) / 2);
  });

  it('float() lies in [0, 1) with mean 1/2, variance 1/12 and no lag-1 correlation', () => {
    const rng = Rng.from([42, 'float']);
    const xs = draw(100_000, () => rng.float());
    expectAll(xs, (x) => x >= 0 && x < 1);
    // U(0,1): sd √(1/12), fourth central moment 1/80
    expectMean(xs, 0.5, Math.sqrt(1 / 12));
    expectVariance(xs, 1 / 12, 1 / 80);
    // lag-1 autocorrelation of an iid sequence has sd 1/√n
    let s = 0;
    for (let i = 1; i < xs.length; i++) s += (xs[i]! - 0.5) * (xs[i - 1]! - 0.5);
    const r = s / (xs.length - 1) / (1 / 12);
    expect(Math.abs(r)).toBeLessThan(K / Math.sqrt(xs.length));
    // all 53 bits are random: the lowest six bits of float()·2^53 take many of their 64 values
    const low = new Set(xs.slice(0, 1000).map((x) => (x * 2 ** 53) % 64));
    expect(low.size).toBeGreaterThan(32);
  });

  it('below(n) stays in [0, n) and is uniform over 10 buckets (chi-square, 9 df)', () => {
    const rng = Rng.from([1337, 'below']);
    const counts = new Array<number>(10).fill(0);
    const ks = draw(100_000, () => rng.below(10));
    expectAll(ks, (k) => Number.isInteger(k) && k >= 0 && k < 10);
    for (const k of ks) counts[k]!++;
    expectChiSquareFits(counts, new Array(10).fill(0.1));
  });

  it('below(n) for a non-power-of-two n is uniform (n = 7, chi-square, 6 df)', () => {
    const rng = Rng.from([1211, 'below7']);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.below(7)]!++;
    expectChiSquareFits(counts, new Array(7).fill(1 / 7));
  });

  it('below(1) is always 0, and below(2^53) gives integers below 2^53', () => {
    const rng = Rng.from([3]);
    for (let i = 0; i < 1000; i++) expect(rng.below(1)).toBe(0);
    const big = draw(1000, () => rng.below(2 ** 53));
    expectAll(big, (x) => Number.isSafeInteger(x) && x >= 0 && x < 2 ** 53);
    // the top half of the range is reached about half the time (binomial, sd √n/2)
    const top = big.filter((x) => x >= 2 ** 52).length;
    expect(Math.abs(top - 500)).toBeLessThan(K * Math.sqrt(1000) * 0.5);
  });

  it('int(min, max) is inclusive at both ends and uniform, also for negative ranges', () => {
    const rng = Rng.from([42, 'int']);
    const counts = new Map<number, number>();
    const ks = draw(70_000, () => rng.int(-3, 3));
    expectAll(ks, (k) => Number.isInteger(k) && k >= -3 && k <= 3);
    for (const k of ks) counts.set(k, (counts.get(k) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expectChiSquareFits(
      [-3, -2, -1, 0, 1, 2, 3].map((k) => counts.get(k)!),
      new Array(7).fill(1 / 7),
    );
    for (let i = 0; i < 100; i++) expect(rng.int(5, 5)).toBe(5);
    const wide = draw(20_000, () => rng.int(1, 6));
    expect(Math.min(...wide)).toBe(1);
    expect(Math.max(...wide)).toBe(6);
  });

  it('chance(p) is true at rate p (binomial bound) and never/always at 0/1', () => {
    const rng = Rng.from([1211, 'chance']);
    const n = 100_000;
    const hits = draw(n, () => (rng.chance(0.3) ? 1 : 0)).reduce((s, x) => s + x, 0);
    // binomial: sd √(n p (1 − p))
    expect(Math.abs(hits - 0.3 * n)).toBeLessThan(K * Math.sqrt(n * 0.3 * 0.7));
    for (let i = 0; i < 1000; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
  });

  it('pick() returns each element about equally often', () => {
    const rng = Rng.from([9, 'pick']);
    const items = ['a', 'b', 'c', 'd', 'e'] as const;
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const x = rng.pick(items);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expectChiSquareFits(
      items.map((x) => counts.get(x) ?? 0),
      new Array(5).fill(0.2),
    );
  });
});

describe('distributions', () => {
  it('normal: mean 0, variance 1, 68.27% within one sd', () => {
    const rng = Rng.from([42, 'normal']);
    const xs = draw(100_000, () => normal(rng));
    // N(0, 1): fourth central moment 3
    expectMean(xs, 0, 1);
    expectVariance(xs, 1, 3);
    const within = xs.filter((x) => Math.abs(x) <= 1).length / xs.length;
    const p = 0.682689492;
    expect(Math.abs(within - p)).toBeLessThan(K * Math.sqrt((p * (1 - p)) / xs.length));
    // symmetric: as many positive as negative (binomial, p = 1/2)
    const pos = xs.filter((x) => x > 0).length;
    expect(Math.abs(pos - xs.length / 2)).toBeLessThan((K * Math.sqrt(xs.length)) / 2);
  });

  it('normal: the cached second deviate is used, and consecutive deviates are uncorrelated', () => {
    const a = Rng.from([8, 'pair']);
    const b = Rng.from([8, 'pair']);
    normal(a);
    normal(a); // the spare: no new uniforms drawn
    normal(b);
    expect(a.u32()).toBe(b.u32());

    const rng = Rng.from([8, 'corr']);
    const n = 50_000;
    let s = 0;
    for (let i = 0; i < n; i++) s += normal(rng) * normal(rng);
    // the product of independent N(0,1) has variance 1
    expect(Math.abs(s / n)).toBeLessThan(K / Math.sqrt(n));
  });

  it('lognormal: log of the draws is N(mu, sigma²), and the mean is exp(mu + sigma²/2)', () => {
    const rng = Rng.from([1337, 'lognormal']);
    const mu = 1;
    const sigma = 0.5;
    const xs = draw(100_000, () => lognormal(rng, mu, sigma));
    expectAll(xs, (x) => x > 0);
    const logs = xs.map(Math.log);
    expectMean(logs, mu, sigma);
    expectVariance(logs, sigma * sigma, 3 * sigma ** 4);
    const m = Math.exp(mu + (sigma * sigma) / 2);
    const sd = Math.sqrt((Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma));
    expectMean(xs, m, sd);
  });

  it('exponential: non-negative, mean 1/rate, variance 1/rate², P(X > 1/rate) = 1/e', () => {
    const rng = Rng.from([1211, 'exponential']);
    const rate = 2;
    const xs = draw(100_000, () => exponential(rng, rate));
    expectAll(xs, (x) => x >= 0);
    // Exp(rate): sd 1/rate, fourth central moment 9/rate⁴
    expectMean(xs, 1 / rate, 1 / rate);
    expectVariance(xs, 1 / rate ** 2, 9 / rate ** 4);
    const above = xs.filter((x) => x > 1 / rate).length / xs.length;
    const p = Math.exp(-1);
    expect(Math.abs(above - p)).toBeLessThan(K * Math.sqrt((p * (1 - p)) / xs.length));
  });

  it.each([0.3, 0.5, 1, 2.5, 9])('gamma(shape %s): positive, mean = shape, variance = shape', (shape) => {
    const rng = Rng.from([42, 'gamma', shape]);
    const xs = draw(100_000, () => gamma(rng, shape));
    expectAll(xs, (x) => x > 0);
    // Gamma(k, 1): variance k, fourth central moment 3k² + 6k
    expectMean(xs, shape, Math.sqrt(shape));
    expectVariance(xs, shape, 3 * shape * shape + 6 * shape);
  });

  it('gamma(shape < 1): the boost keeps the right shape near zero (P(X < 0.1) for shape 0.5)', () => {
    const rng = Rng.from([7, 'gamma-small']);
    const xs = draw(100_000, () => gamma(rng, 0.5));
    // Gamma(1/2, 1) is χ²₁ / 2, so P(X < 0.1) = P(|Z| < √0.2) = erf(√0.1) = 0.345279
    const p = 0.345279;
    const got = xs.filter((x) => x < 0.1).length / xs.length;
    expect(Math.abs(got - p)).toBeLessThan(K * Math.sqrt((p * (1 - p)) / xs.length));
  });

  it.each([
    [2, 5],
    [0.5, 0.5],
    [3, 3],
  ])('beta(%s, %s): in [0, 1], mean a/(a+b), variance ab/((a+b)²(a+b+1))', (a, b) => {
    const rng = Rng.from([1337, 'beta', a, b]);
    const xs = draw(100_000, () => beta(rng, a, b));
    expectAll(xs, (x) => x >= 0 && x <= 1);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expectMean(xs, a / (a + b), Math.sqrt(v));
    // values in [0, 1] have fourth central moment ≤ variance, a safe bound for the tolerance
    expectVariance(xs, v, v);
  });

  it('poisson(mean 3): the pmf fits (chi-square) and mean ≈ variance ≈ 3', () => {
    const rng = Rng.from([42, 'poisson', 3]);
    const xs = draw(100_000, () => poisson(rng, 3));
    expectAll(xs, (x) => Number.isInteger(x) && x >= 0);
    // Poisson(λ): variance λ, fourth central moment λ + 3λ²
    expectMean(xs, 3, Math.sqrt(3));
    expectVariance(xs, 3, 3 + 27);
    expectFitsPmf(xs, poissonPmf(3));
  });

  it.each([11.9, 12, 50, 1000])(
    'poisson(mean %s), the transformed-rejection branch: pmf fit, mean ≈ variance ≈ mean',
    (lambda) => {
      const rng = Rng.from([1211, 'poisson', lambda]);
      const xs = draw(60_000, () => poisson(rng, lambda));
      expectAll(xs, (x) => Number.isInteger(x) && x >= 0);
      expectMean(xs, lambda, Math.sqrt(lambda));
      expectVariance(xs, lambda, lambda + 3 * lambda * lambda);
      expectFitsPmf(xs, poissonPmf(lambda));
    },
  );

  it('poisson(mean ≤ 0) is 0', () => {
    const rng = Rng.from([1]);
    expect(poisson(rng, 0)).toBe(0);
    expect(poisson(rng, -5)).toBe(0);
  });

  it('geometric(p): failures before the first success, mean (1 − p)/p, pmf (1 − p)^k p', () => {
    const p = 0.3;
    const rng = Rng.from([42, 'geometric']);
    const xs = draw(100_000, () => geometric(rng, p));
    expectAll(xs, (x) => Number.isInteger(x) && x >= 0);
    const pmf = (k: number) => (1 - p) ** k * p;
    const mom = pmfMoments(pmf, 200);
    expect(mom.mean).toBeCloseTo((1 - p) / p, 10);
    expectMean(xs, (1 - p) / p, Math.sqrt(mom.variance));
    expectVariance(xs, (1 - p) / (p * p), mom.mu4);
    expectFitsPmf(xs, pmf);
    expect(geometric(rng, 1)).toBe(0);
  });

  it('negativeBinomial(mean, r): mean, variance mean + mean²/r, and the pmf fit', () => {
    const m = 4;
    const r = 2;
    const rng = Rng.from([1337, 'negbin']);
    const xs = draw(100_000, () => negativeBinomial(rng, m, r));
    expectAll(xs, (x) => Number.isInteger(x) && x >= 0);
    // NB with success probability q = r/(r + m): P(k) = Γ(k + r)/(Γ(r) k!) q^r (1 − q)^k
    const q = r / (r + m);
    const pmf = (k: number) =>
      Math.exp(logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(q) + k * Math.log(1 - q));
    const mom = pmfMoments(pmf, 2000);
    expect(mom.mean).toBeCloseTo(m, 8);
    expect(mom.variance).toBeCloseTo(m + (m * m) / r, 8);
    expectMean(xs, m, Math.sqrt(mom.variance));
    expectVariance(xs, m + (m * m) / r, mom.mu4);
    expectFitsPmf(xs, pmf);
  });

  it('logGamma matches known values to 1e-10', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-10);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-10);
    expect(Math.abs(logGamma(5) - Math.log(24))).toBeLessThan(1e-10);
    expect(Math.abs(logGamma(0.5) - Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-10);
    expect(Math.abs(logGamma(1.5) - Math.log(Math.sqrt(Math.PI) / 2))).toBeLessThan(1e-10);
    expect(Math.abs(logGamma(10) - Math.log(362880))).toBeLessThan(1e-10);
    // Γ(1/4) = 3.625609908221908…, through the reflection branch (x < 0.5)
    expect(Math.abs(logGamma(0.25) - Math.log(3.625609908221908))).toBeLessThan(1e-10);
    // Γ(1/3) = 2.678938534707747…
    expect(Math.abs(logGamma(1 / 3) - Math.log(2.678938534707747))).toBeLessThan(1e-10);
    // ln(99!) = 359.13420536957539878…; relative error for the large value
    expect(Math.abs(logGamma(100) / 359.1342053695754 - 1)).toBeLessThan(1e-12);
  });

  it('logGamma satisfies Γ(x + 1) = x Γ(x) across (0, 50)', () => {
    for (let x = 0.01; x < 50; x += 0.37) {
      const lhs = logGamma(x + 1);
      const rhs = Math.log(x) + logGamma(x);
      expect(Math.abs(lhs - rhs), `x = ${x}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(lhs)));
    }
  });
});

describe('AliasTable', () => {
  it('samples indexes in proportion to the weights (chi-square)', () => {
    const weights = [1, 3, 6, 0.5, 9.5];
    const total = weights.reduce((s, w) => s + w, 0);
    const table = new AliasTable(weights);
    expect(table.size).toBe(5);
    const rng = Rng.from([42, 'alias']);
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < 100_000; i++) counts[table.sample(rng)]!++;
    expectChiSquareFits(
      counts,
      weights.map((w) => w / total),
    );
  });

  it('never samples a zero weight', () => {
    const table = new AliasTable([0, 2, 0, 1, 0]);
    const rng = Rng.from([1337, 'alias0']);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 60_000; i++) counts[table.sample(rng)]!++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[4]).toBe(0);
    expectChiSquareFits([counts[1]!, counts[3]!], [2 / 3, 1 / 3]);
  });

  it('handles many uneven weights (1..50) with a chi-square fit', () => {
    const weights = Array.from({ length: 50 }, (_, i) => i + 1);
    const total = weights.reduce((s, w) => s + w, 0);
    const table = new AliasTable(weights);
    const rng = Rng.from([1211, 'alias50']);
    const counts = new Array<number>(50).fill(0);
    for (let i = 0; i < 100_000; i++) counts[table.sample(rng)]!++;
    expectChiSquareFits(
      counts,
      weights.map((w) => w / total),
    );
  });

  it('a single weight always gives index 0', () => {
    const table = new AliasTable([5]);
    const rng = Rng.from([1]);
    for (let i = 0; i < 100; i++) expect(table.sample(rng)).toBe(0);
  });

  it('rejects weights that do not sum to a positive number', () => {
    expect(() => new AliasTable([])).toThrow(RangeError);
    expect(() => new AliasTable([0, 0])).toThrow(RangeError);
    expect(() => new AliasTable([Number.NaN, 1])).toThrow(RangeError);
  });
});

describe('hashing', () => {
  it('hash128 is stable: same input, same four unsigned 32-bit words', () => {
    const h = hash128([42, 'orders', 'amount', 7]);
    expect(h).toEqual(hash128([42, 'orders', 'amount', 7]));
    for (const w of h) expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true);
    expect({
      a: hash128([42, 'orders', 'amount', 7]),
      b: hash128([]),
      c: hash128(['']),
    }).toMatchInlineSnapshot(`
      {
        "a": [
          3107342879,
          101024894,
          2369225877,
          1741139231,
        ],
        "b": [
          1334277293,
          2242240378,
          3123306730,
          535059481,
        ],
        "c": [
          312124483,
          2179627882,
          78493655,
          4278437728,
        ],
      }
    `);
  });

  it('hash128 separates inputs that a naive concatenation would confuse', () => {
    const inputs: (string | number)[][] = [
      [],
      [''],
      ['', ''],
      ['ab'],
      ['a', 'b'],
      ['b', 'a'],
      [1],
      ['1'],
      [1, 2],
      [2, 1],
      [12],
      [0],
      [2 ** 32],
      [2 ** 32 + 1],
      [1, 0],
      [-1],
      [42, 'orders', 'amount', 0],
      [42, 'orders', 'amount', 1],
      [42, 'orders', 'amounts', 0],
    ];
    const keys = inputs.map((p) => hash128(p).join(','));
    expect(new Set(keys).size).toBe(inputs.length);
  });

  it('hash128 has no collisions over 20k related inputs', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      keys.add(hash128([42, 't', 'c', i]).join(','));
      keys.add(hash128([42, 't', `c${i}`]).join(','));
    }
    expect(keys.size).toBe(20_000);
  });

  it('hash128 avalanches: one changed input bit flips about half of the 128 output bits', () => {
    const popcount = (x: number) => {
      let c = 0;
      for (; x; x &= x - 1) c++;
      return c;
    };
    const n = 2000;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const a = hash128([i * 7919, 'x']);
      const b = hash128([(i * 7919) ^ (1 << (i % 31)), 'x']);
      for (let w = 0; w < 4; w++) total += popcount((a[w]! ^ b[w]!) >>> 0);
    }
    // for an ideal hash the flipped count per pair is Binomial(128, 1/2): mean 64, sd √32
    const avg = total / n;
    expect(Math.abs(avg - 64)).toBeLessThan((K * Math.sqrt(32)) / Math.sqrt(n));
  });

  it('mix32 is a bijection-like finaliser: unsigned, mix32(0) = 0, distinct on 100k inputs', () => {
    expect(mix32(0)).toBe(0);
    const seen = new Set<number>();
    const hs = Array.from({ length: 100_000 }, (_, i) => mix32(i));
    expectAll(hs, (h) => Number.isInteger(h) && h >= 0 && h < 2 ** 32);
    for (const h of hs) seen.add(h);
    expect(seen.size).toBe(100_000);
    expect(mix32(1)).not.toBe(1);
  });

  it('fingerprint is stable, a safe integer, and differs for different strings', () => {
    expect(fingerprint('hello')).toBe(fingerprint('hello'));
    expect(fingerprint('hello')).not.toBe(fingerprint('hellp'));
    expect(fingerprint('ab')).not.toBe(fingerprint('ba'));
    expect(fingerprint('')).toBe(fingerprint(''));
    expect(fingerprint('')).not.toBe(fingerprint('\0'));
    const seen = new Set<number>();
    const fs = Array.from({ length: 20_000 }, (_, i) => fingerprint(`user-${i}@example.com`));
    expectAll(fs, (f) => Number.isSafeInteger(f) && f >= 0 && f < 2 ** 53);
    for (const f of fs) seen.add(f);
    // 53-bit values: the chance of any collision among 20k is about 2e-8
    expect(seen.size).toBe(20_000);
    expect({ hello: fingerprint('hello'), empty: fingerprint('') }).toMatchInlineSnapshot(`
      {
        "empty": 1112412287564811,
        "hello": 7767201537685102,
      }
    `);
  });

  it('fingerprint uses its high bits too (values above 2^32 are common)', () => {
    let high = 0;
    for (let i = 0; i < 1000; i++) if (fingerprint(String(i)) >= 2 ** 32) high++;
    // the 21 high bits are zero with probability 2^-21; nearly every value is ≥ 2^32
    expect(high).toBeGreaterThan(990);
  });
});
