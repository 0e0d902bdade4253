import { describe, expect, it } from 'vitest';
import { normal, Rng } from '../src/random/index.js';
import { accuracy, encodeFeatures, f1Score, LogisticRegression, rocAuc } from '../src/validate/index.js';
import { K } from './helpers/stats.js';

/** The AUC by definition: pairs (positive, negative) ordered correctly, ties counting half. */
function bruteAuc(scores: number[], labels: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!labels[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j]) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** Inverse of a small symmetric positive definite matrix by Gauss–Jordan. */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

describe('rocAuc', () => {
  it('equals the brute-force pair count on random data with ties', () => {
    for (const seed of [42, 1337, 1211]) {
      const rng = Rng.from([seed, 'auc']);
      // scores on a coarse grid so ties are common, labels mildly informative
      const scores = Array.from({ length: 600 }, () => rng.below(20) / 4);
      const labels = scores.map((s) => rng.float() < 0.2 + s / 10);
      expect(rocAuc(scores, labels)).toBeCloseTo(bruteAuc(scores, labels), 12);
    }
  });

  it('is 1, 0.5 and 0 at the extremes, NaN with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
  });
});

describe('f1Score and accuracy', () => {
  it('threshold scores at 0.5 by default', () => {
    expect(f1Score([0.9, 0.2, 0.7], [1, 0, 0])).toBeCloseTo(2 / 3, 15);
    expect(accuracy([0.9, 0.2, 0.7], [1, 0, 0])).toBeCloseTo(2 / 3, 15);
    expect(accuracy([0.9, 0.2, 0.7], [1, 0, 0], 0.8)).toBe(1);
    expect(f1Score([0, 0], [0, 0])).toBe(0);
  });
});

describe('LogisticRegression', () => {
  it('recovers known coefficients on simulated data (n = 20 000)', () => {
    const n = 20_000;
    // the second column has mean 10: an intercept of 19.5 centres the log-odds near −0.5
    const b0 = 19.5;
    const rng = Rng.from([42, 'logit']);
    // features on different scales and means, correlated, plus a constant column
    const x = Array.from({ length: n }, () => {
      const a = normal(rng);
      return [a, 10 + 0.3 * (a + normal(rng)), 100 * rng.float(), 7];
    });
    const slopes = [1, -2, 0.01, 0];
    const eta = (r: number[]) => b0 + r.reduce((s, v, j) => s + slopes[j]! * v, 0);
    const y = x.map((r) => (rng.float() < 1 / (1 + Math.exp(-eta(r))) ? 1 : 0));
    const positives = y.reduce<number>((s, v) => s + v, 0);
    expect(positives / n).toBeGreaterThan(0.3);
    expect(positives / n).toBeLessThan(0.6);
    const model = new LogisticRegression().fit(x, y);

    // standard errors from the Fisher information at the true parameters (intercept and 3 slopes)
    const info = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    for (const r of x) {
      const p = 1 / (1 + Math.exp(-eta(r)));
      const z = [1, r[0]!, r[1]!, r[2]!];
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) info[i]![j]! += p * (1 - p) * z[i]! * z[j]!;
    }
    const se = invert(info).map((row, i) => Math.sqrt(row[i]!));
    // within K = 5 standard errors (here ±2.7 for the intercept, ±0.12, ±0.27 and
    // ±0.0026 for the slopes; the fit misses by 0.095, 0.003, 0.010 and 0.0003)
    expect(Math.abs(model.intercept - b0)).toBeLessThan(K * se[0]!);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(model.coefficients[j]! - slopes[j]!), `slope ${j} ± ${K * se[j + 1]!}`).toBeLessThan(
        K * se[j + 1]!,
      );
    }
    expect(model.coefficients[3]).toBe(0);
    // the fitted model ranks the rows about as well as the true log-odds do (AUC ≈ 0.70 here)
    const fitted = rocAuc(model.predictProba(x), y);
    expect(Math.abs(fitted - rocAuc(x.map(eta), y))).toBeLessThan(0.005);
  });

  it('stays finite on separable data and ranks it perfectly', () => {
    const x = Array.from({ length: 200 }, (_, i) => [i, i % 3]);
    const y = x.map(([v]) => v! >= 100);
    const model = new LogisticRegression().fit(x, y);
    const p = model.predictProba(x);
    expect(p.every((v) => Number.isFinite(v))).toBe(true);
    expect([...model.coefficients, model.intercept].every(Number.isFinite)).toBe(true);
    expect(rocAuc(p, y)).toBe(1);
    expect(accuracy(p, y)).toBe(1);
  });

  it('is deterministic', () => {
    const x = [
      [1, 2],
      [2, 1],
      [3, 5],
      [4, 3],
      [5, 4],
    ];
    const y = [0, 1, 0, 1, 1] as const;
    const a = new LogisticRegression().fit(x, y);
    const b = new LogisticRegression().fit(
      x.map((r) => Float64Array.from(r)),
      y,
    );
    expect(a.coefficients).toEqual(b.coefficients);
    expect(a.intercept).toBe(b.intercept);
  });
});

describe('encodeFeatures', () => {
  it('encodes numbers, booleans, dates and categories', () => {
    const rows = [
      { age: 30, vip: true, joined: '2024-01-02', plan: 'pro', score: null },
      { age: null, vip: false, joined: '2024-01-01T12:00:00Z', plan: 'free', score: 2 },
      { age: 50, vip: null, joined: null, plan: null, score: 4 },
    ];
    const { matrix, names } = encodeFeatures(rows, ['age', 'vip', 'joined', 'plan', 'score']);
    expect(names).toMatchInlineSnapshot(`
      [
        "age",
        "age:missing",
        "vip",
        "vip:missing",
        "joined",
        "joined:missing",
        "plan=free",
        "plan=pro",
        "plan:missing",
        "score",
        "score:missing",
      ]
    `);
    expect(matrix.map((r) => Array.from(r))).toMatchInlineSnapshot(`
      [
        [
          30,
          0,
          1,
          0,
          19724,
          0,
          0,
          1,
          0,
          3,
          1,
        ],
        [
          40,
          1,
          0,
          0,
          19723.5,
          0,
          1,
          0,
          0,
          2,
          0,
        ],
        [
          50,
          0,
          0.5,
          1,
          19723.75,
          1,
          0,
          0,
          1,
          4,
          0,
        ],
      ]
    `);
  });

  it('caps categories at the 50 most frequent plus (other)', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ c: `v${String(i % 60).padStart(2, '0')}` }));
    // v00…v39 appear 5 times, v40…v59 4 times: the top 50 are v00…v49 by count, then by name
    const { matrix, names } = encodeFeatures(rows, ['c']);
    expect(names.length).toBe(51);
    expect(names.slice(-2)).toEqual(['c=v49', 'c=(other)']);
    expect(matrix[59]![50]).toBe(1);
    expect(matrix[0]![0]).toBe(1);
  });
});
