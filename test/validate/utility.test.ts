import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normal, Rng } from '../../src/random/index.js';
import { type Cell, type Frame, frameFromCsv, frameOf, inferMetadata } from '../../src/validate/frame.js';
import { utilityChecks, utilityReport } from '../../src/validate/utility.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const data = (...parts: string[]) => join(root, '..', 'shared', 'data', ...parts);

/** y = 1 when 2·a − b + (plan = pro) > 1.5, so about a quarter of rows are positive; noise-free. */
function toy(n: number, seed: number, shuffleLabels = false, classes = 2): Frame {
  const rng = Rng.from([seed, 'toy']);
  const a: Cell[] = [];
  const b: Cell[] = [];
  const plan: Cell[] = [];
  const y: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = normal(rng);
    const x2 = normal(rng);
    const p = rng.float() < 0.3 ? 'pro' : 'free';
    a.push(x1);
    b.push(x2);
    plan.push(p);
    const s = 2 * x1 - x2 + (p === 'pro' ? 1 : 0);
    y.push(classes === 2 ? (s > 1.5 ? 'yes' : 'no') : s < -1 ? 'low' : s < 1 ? 'mid' : 'high');
  }
  if (shuffleLabels) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [y[i], y[j]] = [y[j]!, y[i]!];
    }
  }
  return frameOf(`toy${seed}`, { a, b, plan, y });
}

const META = { a: 'numerical', b: 'numerical', plan: 'categorical', y: 'categorical' } as const;

describe('utility: train on synthetic, test on real', () => {
  it('scores a separable toy problem near perfectly and passes the gap check', () => {
    const report = utilityReport(toy(1500, 1), toy(1500, 2), toy(2000, 3), 'y', META);
    expect(report.positiveClass).toBe('yes');
    expect(report.synthetic.rocAuc).toBeGreaterThan(0.99);
    expect(report.real!.rocAuc).toBeGreaterThan(0.99);
    expect(report.synthetic.f1).toBeGreaterThan(0.9);
    expect(report.synthetic.accuracy).toBeGreaterThan(0.95);
    expect(Math.abs(report.gap!.rocAuc)).toBeLessThan(0.01);
    expect(report.features).toEqual(['a', 'b', 'plan']);
    expect(report.rows).toEqual({ synthetic: 1500, real: 1500, test: 2000 });
    expect(utilityChecks(report, 'toy')).toMatchObject([
      { status: 'pass', section: 'utility', expected: '≤ 0.05' },
    ]);
  });

  it('drops to chance when the synthetic labels carry no signal, and warns', () => {
    const report = utilityReport(toy(1500, 4, true), toy(1500, 2), toy(4000, 3), 'y', META);
    // a model fitted to noise points in a random direction: its AUC is far from the real model's
    expect(report.synthetic.rocAuc).toBeLessThan(0.8);
    expect(report.real!.rocAuc).toBeGreaterThan(0.99);
    expect(report.gap!.rocAuc).toBeGreaterThan(0.2);
    expect(utilityChecks(report, 'toy')).toMatchObject([{ status: 'fail', severity: 'warn' }]);
  });

  it('takes the given positive class, and skips the check without real training data', () => {
    const report = utilityReport(toy(800, 1), undefined, toy(800, 3), 'y', META, { positiveClass: 'no' });
    expect(report.positiveClass).toBe('no');
    expect(report.synthetic.rocAuc).toBeGreaterThan(0.99);
    expect(report.real).toBeUndefined();
    expect(utilityChecks(report)).toMatchObject([{ status: 'skip', measured: null }]);
  });

  it('scores three classes by macro one-vs-rest AUC and macro F1', () => {
    const report = utilityReport(
      toy(1500, 1, false, 3),
      toy(1500, 2, false, 3),
      toy(1500, 3, false, 3),
      'y',
      META,
    );
    expect(report.classes).toBe(3);
    expect(report.positiveClass).toBeNull();
    expect(report.synthetic.rocAuc).toBeGreaterThan(0.97);
    expect(report.synthetic.f1).toBeGreaterThan(0.85);
    expect(report.synthetic.accuracy).toBeGreaterThan(0.85);
  });

  it('is deterministic', () => {
    const args = [toy(600, 1), toy(600, 2), toy(600, 3), 'y', META] as const;
    expect(utilityReport(...args)).toEqual(utilityReport(...args));
  });

  it('says which column is missing', () => {
    expect(() => utilityReport(toy(50, 1), undefined, toy(50, 3), 'income', META)).toThrow(
      'target column "income" is not in toy3',
    );
  });

  it('on Adult: trained on 5,000 real rows, AUC ≈ 0.90 on the test split; SDV GaussianCopula rows do worse', () => {
    const adult = frameFromCsv(readFileSync(data('adult', 'adult.csv'), 'utf8'), 'adult.csv');
    const testRows: number[] = [];
    adult.data.split!.forEach((s, i) => {
      if (s === 'test') testRows.push(i);
    });
    const test: Record<string, Cell[]> = {};
    for (const c of adult.columns) if (c !== 'split') test[c] = testRows.map((i) => adult.data[c]![i]!);
    const testFrame = frameOf('adult-test', test);
    const real = frameFromCsv(readFileSync(data('quality-vectors', 'real-sample-5000.csv'), 'utf8'), 'real');
    const sdv = frameFromCsv(
      readFileSync(data('quality-vectors', 'sdv-gaussiancopula-5000.csv'), 'utf8'),
      'sdv',
    );
    const report = utilityReport(sdv, real, testFrame, 'income', inferMetadata(testFrame));
    expect(report.positiveClass).toBe('>50K');
    // logistic regression on Adult is usually reported at AUC 0.90–0.91
    expect(report.real!.rocAuc).toBeGreaterThan(0.88);
    expect(report.real!.rocAuc).toBeLessThan(0.92);
    expect(report.synthetic.rocAuc).toBeGreaterThan(0.6);
    expect(report.gap!.rocAuc).toBeGreaterThan(0.05);
  });
});
