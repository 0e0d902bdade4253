import { describe, expect, it } from 'vitest';
import {
  GaussianCopula,
  gaussianFromSpearman,
  kendallFromGaussian,
  normalQuantile,
  Rng,
  spearmanFromGaussian,
} from '../src/random/index.js';
import { expectCorrelation, expectKsOneSample, K, pearson, spearman } from './helpers/stats.js';

// ---------------------------------------------------------------------------------------------
// 100 000 draws from a 3 × 3 copula. Margins: one-sample KS against U(0, 1) at alpha = 1e-6.
// Normal-score (Pearson) correlations: within K = 5 standard errors on Fisher's z scale,
// 5/√(n − 3) ≈ 0.0158 in z. Spearman's rho: its z has variance about 1.06/(n − 3) (Fieller et
// al.), so the margin is 5·√1.06/√(n − 3) ≈ 0.0163.
// ---------------------------------------------------------------------------------------------

const N = 100_000;
const R = [
  [1, 0.6, -0.3],
  [0.6, 1, 0.2],
  [-0.3, 0.2, 1],
];

function draws(seed: number): Float64Array[] {
  const c = GaussianCopula.fromMatrix(R);
  if ('error' in c) throw new Error(c.error);
  const rng = Rng.from([seed, 'copula']);
  const cols = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  const u = new Float64Array(3);
  for (let i = 0; i < N; i++) {
    c.sample(rng, u);
    for (let j = 0; j < 3; j++) cols[j]![i] = u[j]!;
  }
  return cols;
}

describe('GaussianCopula', () => {
  const cols = draws(42);

  it('gives uniform margins strictly inside (0, 1)', () => {
    for (const col of cols) {
      expect(col.every((u) => u > 0 && u < 1)).toBe(true);
      expectKsOneSample(Array.from(col), (x) => Math.min(1, Math.max(0, x)));
    }
  });

  it('hits the normal-score and Spearman correlations of the matrix', () => {
    const scores = cols.map((c) => c.map(normalQuantile));
    for (const [i, j] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const r = R[i]![j]!;
      expectCorrelation(pearson(scores[i]!, scores[j]!), r, N);
      expectCorrelation(spearman(cols[i]!, cols[j]!), spearmanFromGaussian(r), N, K * Math.sqrt(1.06));
    }
  });

  it('is deterministic per stream', () => {
    expect(draws(7)[1]!.slice(0, 3)).toEqual(draws(7)[1]!.slice(0, 3));
  });

  it('a 1 × 1 identity gives independent uniforms', () => {
    const c = GaussianCopula.fromMatrix([[1]]);
    expect('dim' in c && c.dim).toBe(1);
  });
});

describe('GaussianCopula.fromMatrix rejects what is not a correlation matrix', () => {
  const fail = (m: number[][]) => GaussianCopula.fromMatrix(m);

  it('names the problem, where, and the fix', () => {
    expect(fail([])).toMatchInlineSnapshot(`
      {
        "error": "the correlation matrix is empty",
        "hint": "give one row per column",
      }
    `);
    expect(fail([[1, 0.5], [0.5]])).toMatchInlineSnapshot(`
      {
        "error": "row 1 has 1 entries, but the matrix has 2 rows",
        "hint": "a correlation matrix is square: one row and one column per correlated column",
        "row": 1,
      }
    `);
    expect(
      fail([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).toMatchInlineSnapshot(`
      {
        "col": 0,
        "error": "entry (1, 0) is 0.4 but (0, 1) is 0.5",
        "hint": "a correlation matrix is symmetric: give each pair the same value both ways",
        "row": 1,
      }
    `);
    expect(
      fail([
        [2, 0],
        [0, 1],
      ]),
    ).toMatchInlineSnapshot(`
      {
        "col": 0,
        "error": "entry (0, 0) is 2",
        "hint": "correlations lie in [−1, 1]",
        "row": 0,
      }
    `);
    expect(
      fail([
        [0.9, 0],
        [0, 1],
      ]),
    ).toMatchObject({ error: 'diagonal entry (0, 0) is 0.9', row: 0, col: 0 });
  });

  it('says when pairwise correlations are inconsistent (not positive definite)', () => {
    expect(
      fail([
        [1, 0.9, 0.9],
        [0.9, 1, 0],
        [0.9, 0, 1],
      ]),
    ).toMatchInlineSnapshot(`
      {
        "error": "the correlation matrix is not positive definite (it fails at row 2)",
        "hint": "a correlation matrix must be positive definite: the pairwise correlations are inconsistent (e.g. a~b 0.9 and a~c 0.9 force b~c above 0.62), or two columns are perfectly correlated",
        "row": 2,
      }
    `);
    expect(
      fail([
        [1, 1],
        [1, 1],
      ]),
    ).toMatchObject({ row: 1 });
  });
});

describe('rank correlation conversions', () => {
  it('are inverse and match known values', () => {
    for (const r of [-0.95, -0.5, 0, 0.3, 0.8, 1])
      expect(gaussianFromSpearman(spearmanFromGaussian(r))).toBeCloseTo(r, 14);
    expect(spearmanFromGaussian(1)).toBeCloseTo(1, 15);
    expect(spearmanFromGaussian(0.5)).toBeCloseTo(0.48258, 5);
    expect(kendallFromGaussian(0.5)).toBeCloseTo(1 / 3, 15);
    expect(kendallFromGaussian(-1)).toBeCloseTo(-1, 15);
  });
});
