import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TrainkitError } from '../../src/errors/index.js';
import {
  boundaryAdherence,
  cardinalityShapeSimilarity,
  categoryAdherence,
  childCounts,
  contingencySimilarity,
  fidelityCharts,
  fidelityReport,
  ksComplement,
  referentialIntegrity,
  relationFidelity,
  tvComplement,
} from '../../src/validate/fidelity.js';
import {
  correlationSimilarity,
  cramersV,
  digitize,
  histogramEdges,
  pearson,
  spearman,
} from '../../src/validate/fidelity-pairs.js';
import { frameFromCsv, frameOf, type Metadata } from '../../src/validate/frame.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, '..', 'shared', 'data', 'quality-vectors');

interface Expected {
  numerical: string[];
  categorical: string[];
  column_shapes: Record<string, number>;
  pairs: { a: string; b: string; metric: string; score: number }[];
  quality_report: {
    overall: number;
    properties: { Property: string; Score: number }[];
    pairs_meeting_threshold: {
      'Column 1': string;
      'Column 2': string;
      Metric: string;
      Score: number;
      'Real Association': number;
    }[];
  };
}

describe('SDMetrics 0.29 vectors (real-sample-5000 vs sdv-gaussiancopula-5000)', () => {
  const expected = JSON.parse(readFileSync(join(dir, 'sdmetrics-expected.json'), 'utf8')) as Expected;
  const real = frameFromCsv(readFileSync(join(dir, 'real-sample-5000.csv'), 'utf8'), 'real-sample-5000.csv');
  const synthetic = frameFromCsv(
    readFileSync(join(dir, 'sdv-gaussiancopula-5000.csv'), 'utf8'),
    'sdv-gaussiancopula-5000.csv',
  );
  const meta: Metadata = Object.fromEntries([
    ...expected.numerical.map((c) => [c, 'numerical'] as const),
    ...expected.categorical.map((c) => [c, 'categorical'] as const),
  ]);
  const numerical = new Set(expected.numerical);
  const report = fidelityReport(real, synthetic, meta);
  const pairOf = (a: string, b: string) =>
    report.columnPairTrends.find((p) => p.columns[0] === a && p.columns[1] === b);

  it('reproduces every column shape to 1e-6', () => {
    const columns = Object.keys(expected.column_shapes);
    expect(columns).toHaveLength(15);
    expect(Object.keys(report.columnShapes).sort()).toEqual([...columns].sort());
    for (const column of columns) {
      expect(report.columnShapes[column], column).toBeCloseTo(expected.column_shapes[column]!, 6);
      const r = real.data[column]!;
      const s = synthetic.data[column]!;
      const direct = numerical.has(column) ? ksComplement(r as number[], s as number[]) : tvComplement(r, s);
      expect(Math.abs(direct - expected.column_shapes[column]!), column).toBeLessThan(1e-6);
    }
  });

  it('reproduces all 105 pairs with the standalone metrics to 1e-6 (continuous columns binned over the real range)', () => {
    expect(expected.pairs).toHaveLength(105);
    for (const p of expected.pairs) {
      const ra = real.data[p.a]!;
      const rb = real.data[p.b]!;
      const sa = synthetic.data[p.a]!;
      const sb = synthetic.data[p.b]!;
      const score =
        p.metric === 'CorrelationSimilarity'
          ? correlationSimilarity(ra as number[], rb as number[], sa as number[], sb as number[]).score
          : contingencySimilarity(ra, rb, sa, sb, { continuous: [numerical.has(p.a), numerical.has(p.b)] });
      expect(Math.abs(score - p.score), `${p.a} × ${p.b}`).toBeLessThan(1e-6);
    }
  });

  it("with discretization 'real-range' the report's 105 pairs match the vectors to 1e-6", () => {
    const rr = fidelityReport(real, synthetic, meta, { discretization: 'real-range' });
    expect(rr.columnPairTrends).toHaveLength(105);
    for (const p of expected.pairs) {
      const got = rr.columnPairTrends.find((q) => q.columns[0] === p.a && q.columns[1] === p.b);
      expect(got?.metric, `${p.a} × ${p.b}`).toBe(p.metric);
      expect(Math.abs(got!.score - p.score), `${p.a} × ${p.b}`).toBeLessThan(1e-6);
    }
    // the same 13 pairs count; only age × income moves (0.9078 vs the report's 0.9072)
    expect(rr.columnPairTrends.filter((q) => q.counted)).toHaveLength(13);
    expect(Math.abs(rr.score - expected.quality_report.overall)).toBeLessThan(1e-4);
  });

  it('by default (per-dataset bins, as the QualityReport) the report keeps every correlation and discrete pair to 1e-6', () => {
    expect(report.columnPairTrends).toHaveLength(105);
    let discrete = 0;
    for (const p of expected.pairs) {
      const got = pairOf(p.a, p.b);
      expect(got?.metric, `${p.a} × ${p.b}`).toBe(p.metric);
      expect(got!.score).toBeGreaterThanOrEqual(0);
      expect(got!.score).toBeLessThanOrEqual(1);
      if (p.metric === 'ContingencySimilarity' && (numerical.has(p.a) || numerical.has(p.b))) continue;
      discrete++;
      expect(Math.abs(got!.score - p.score), `${p.a} × ${p.b}`).toBeLessThan(1e-6);
    }
    expect(discrete).toBe(15 + 36);
  });

  it('counts exactly the pairs SDMetrics counts, with their scores and real associations to 1e-6', () => {
    const meeting = expected.quality_report.pairs_meeting_threshold;
    const counted = report.columnPairTrends.filter((p) => p.counted).map((p) => p.columns.join(' × '));
    expect(counted).toEqual(meeting.map((q) => `${q['Column 1']} × ${q['Column 2']}`));
    for (const q of meeting) {
      const got = pairOf(q['Column 1'], q['Column 2'])!;
      expect(got.score).toBeCloseTo(q.Score, 6);
      expect(got.realAssociation).toBeCloseTo(q['Real Association'], 6);
    }
  });

  it('reproduces the quality report: properties and overall score to 1e-6', () => {
    const property = (name: string) =>
      expected.quality_report.properties.find((p) => p.Property === name)!.Score;
    expect(report.properties.columnShapes).toBeCloseTo(property('Column Shapes'), 6);
    expect(report.properties.columnPairTrends).toBeCloseTo(property('Column Pair Trends'), 6);
    expect(report.score).toBeCloseTo(expected.quality_report.overall, 6);
  });
});

describe('single-column metrics, hand-checked', () => {
  it('KSComplement: identical → 1, disjoint → 0, a known shift, nulls dropped', () => {
    expect(ksComplement([1, 2, 3, 4], [4, 3, 2, 1])).toBe(1);
    expect(ksComplement([1, 2, 3], [10, 11])).toBe(0);
    // CDFs: after 2 the real one is 0.5, the synthetic 0
    expect(ksComplement([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksComplement([1, 2, Number.NaN, 3, 4], [Number.NaN, 3, 4, 5, 6])).toBe(0.5);
    expect(ksComplement([Number.NaN], [1])).toBeNaN();
  });

  it('KSComplement: ties are stepped together (a constant column against itself scores 1)', () => {
    expect(ksComplement([5, 5, 5], [5, 5])).toBe(1);
    expect(ksComplement([5, 5, 5, 6], [5, 6, 6, 6])).toBe(0.5);
  });

  it('TVComplement: identical → 1, a known distance, nulls dropped, disjoint → ~0', () => {
    expect(tvComplement(['a', 'b', 'b'], ['b', 'a', 'b'])).toBe(1);
    expect(tvComplement(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'])).toBe(0.75);
    expect(tvComplement(['a', null, 'a', 'b', 'b'], ['a', 'b', 'b', null, 'b', null])).toBe(0.75);
    // SDMetrics gives a synthetic-only category a real count of 1e-6, so disjoint is 1e-6 from 0
    expect(tvComplement(['a', 'a'], ['b'])).toBeCloseTo(0, 5);
    expect(tvComplement([null], ['a'])).toBeNaN();
  });

  it('BoundaryAdherence counts the synthetic values inside the real range, ends included', () => {
    expect(boundaryAdherence([0, 10, Number.NaN], [-1, 0, 5, 10, 11])).toBe(0.6);
    expect(boundaryAdherence([0, 10], [Number.NaN, 3, 20, 4])).toBeCloseTo(2 / 3, 12);
    expect(boundaryAdherence([0, 10], [1, 2])).toBe(1);
  });

  it('CategoryAdherence counts known categories; nulls are valid only when the real data has them', () => {
    expect(categoryAdherence(['a', 'b'], ['a', 'c', null, 'b'])).toBe(0.5);
    expect(categoryAdherence(['a', 'b', null], ['a', 'c', null, 'b'])).toBe(0.75);
    expect(categoryAdherence([1, 2], ['1', 3])).toBe(0.5);
  });
});

describe('pair metrics, hand-checked', () => {
  it('CorrelationSimilarity: same r → 1, opposite perfect r → 0, incomplete rows dropped', () => {
    expect(correlationSimilarity([1, 2, 3], [2, 4, 6], [3, 1, 2], [6, 2, 4]).score).toBeCloseTo(1, 12);
    expect(correlationSimilarity([1, 2, 3], [1, 2, 3], [1, 2, 3], [3, 2, 1]).score).toBeCloseTo(0, 12);
    const withNulls = correlationSimilarity(
      [1, 2, Number.NaN, 3],
      [1, 2, 100, 3],
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    );
    expect(withNulls.real).toBeCloseTo(1, 12);
    expect(withNulls.score).toBeCloseTo(0, 12);
  });

  it('CorrelationSimilarity is NaN when a column is constant', () => {
    const r = correlationSimilarity([1, 1, 1], [1, 2, 3], [1, 2, 3], [1, 2, 3]);
    expect(r.score).toBeNaN();
  });

  it('Pearson and Spearman agree with hand values', () => {
    // x = 1..4, y = 2,4,6,9: Sxy = 11.5, Sxx = 5, Syy = 26.75
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 9])).toBeCloseTo(11.5 / Math.sqrt(5 * 26.75), 12);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 12);
    // ties get average ranks: x ranks 1.5,1.5,3,4 against 1..4
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
  });

  it('ContingencySimilarity: identical → 1, swapped pairing → 0, nulls are a category', () => {
    expect(contingencySimilarity(['a', 'b'], ['x', 'y'], ['b', 'a'], ['y', 'x'])).toBe(1);
    expect(contingencySimilarity(['a', 'b'], ['x', 'y'], ['a', 'b'], ['y', 'x'])).toBe(0);
    expect(contingencySimilarity(['a', 'b'], [null, 'y'], ['a', 'b'], ['x', 'y'])).toBe(0.5);
  });

  it('ContingencySimilarity bins a continuous column over the real range, open at both ends', () => {
    // real 0..10 in 10 bins; synthetic 10.5 and 99 fall in the last bin, -5 in the first
    expect(
      contingencySimilarity([0, 10], ['a', 'a'], [-5, 99], ['a', 'a'], { continuous: [true, false] }),
    ).toBe(1);
    expect(
      contingencySimilarity([0, 10], ['a', 'a'], [5, 5], ['a', 'a'], { continuous: [true, false] }),
    ).toBe(0);
  });

  it("Cramér's V: perfect association 1, independence 0, a hand-computed 2×2 table", () => {
    expect(cramersV([0, 0, 1, 1], [0, 0, 1, 1])).toBeCloseTo(1, 12);
    expect(cramersV([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    // [[20, 10], [10, 20]]: chi² = 60 · 300² / 30⁴ = 6.667, V = sqrt(6.667 / 60) = 1/3
    const a = [...Array(30).fill(0), ...Array(30).fill(1)];
    const b = [...Array(20).fill(0), ...Array(10).fill(1), ...Array(10).fill(0), ...Array(20).fill(1)];
    expect(cramersV(a, b)).toBeCloseTo(1 / 3, 12);
    expect(cramersV([0, 0], [0, 1])).toBeNaN();
  });

  it('histogramEdges and digitize follow numpy', () => {
    expect([...histogramEdges([0, 10], 2)]).toEqual([0, 5, 10]);
    expect([...histogramEdges([3, 3], 2)]).toEqual([2.5, 3, 3.5]);
    expect([...digitize([0, 4, 5, 10, Number.NaN, -1], new Float64Array([0, 5, 10]))]).toEqual([
      1, 1, 2, 3, 3, 0,
    ]);
  });
});

describe('fidelityReport on small frames', () => {
  const meta: Metadata = { x: 'numerical', y: 'numerical', c: 'categorical', id: 'id' };
  const real = frameOf('real', {
    x: [1, 2, 3, 4, 5, 6],
    y: [2, 4, 6, 8, 10, 12],
    c: ['a', 'a', 'b', 'b', 'c', 'c'],
    id: [1, 2, 3, 4, 5, 6],
  });

  it('scores identical data 1 everywhere and skips id columns', () => {
    const report = fidelityReport(real, real, meta);
    expect(report.score).toBe(1);
    expect(Object.keys(report.columnShapes)).toEqual(['x', 'y', 'c']);
    expect(report.columnPairTrends.map((p) => [p.columns.join('×'), p.metric, p.score])).toEqual([
      ['x×y', 'CorrelationSimilarity', 1],
      ['x×c', 'ContingencySimilarity', 1],
      ['y×c', 'ContingencySimilarity', 1],
    ]);
    expect(report.columnPairTrends.every((p) => p.counted)).toBe(true);
  });

  it('scores disjoint data 0 in shapes and leaves a constant column out of the pair mean', () => {
    const synthetic = frameOf('synthetic', {
      x: [100, 101, 102, 103, 104, 105],
      y: [50, 50, 50, 50, 50, 50],
      c: ['z', 'z', 'z', 'z', 'z', 'z'],
    });
    const report = fidelityReport(real, synthetic, meta);
    expect(report.columnShapes.x).toBe(0);
    expect(report.columnShapes.y).toBe(0);
    expect(report.columnShapes.c).toBeCloseTo(0, 5);
    const xy = report.columnPairTrends.find((p) => p.metric === 'CorrelationSimilarity')!;
    expect(xy.score).toBeNaN();
    expect(report.properties.columnPairTrends).not.toBeNaN();
  });

  it('throws a user error naming a column the synthetic data lacks, or skips it when asked', () => {
    const synthetic = frameOf('synthetic', { x: [1, 2, 3], c: ['a', 'b', 'c'] });
    expect(() => fidelityReport(real, synthetic, meta)).toThrow(TrainkitError);
    expect(() => fidelityReport(real, synthetic, meta)).toThrow(/no column 'y'/);
    const report = fidelityReport(real, synthetic, meta, { missingColumns: 'skip' });
    expect(Object.keys(report.columnShapes)).toEqual(['x', 'c']);
  });

  it('uses Spearman when asked: a monotone but curved relation then scores 1', () => {
    const synthetic = frameOf('synthetic', { ...real.data, y: [1, 8, 27, 64, 125, 1000] });
    const pearsonScore = fidelityReport(real, synthetic, meta).columnPairTrends[0]!.score;
    const spearmanScore = fidelityReport(real, synthetic, meta, { coefficient: 'spearman' })
      .columnPairTrends[0]!.score;
    expect(pearsonScore).toBeLessThan(0.99);
    expect(spearmanScore).toBeCloseTo(1, 12);
  });

  it('leaves pairs below the thresholds out: the property is the mean of the counted pairs', () => {
    const r = frameOf('r', { a: ['p', 'p', 'q', 'q'], b: ['u', 'v', 'u', 'v'], c: ['p', 'p', 'q', 'q'] });
    const s = frameOf('s', { a: ['p', 'q', 'p', 'q'], b: ['u', 'v', 'v', 'u'], c: ['q', 'q', 'p', 'p'] });
    const report = fidelityReport(r, s, { a: 'categorical', b: 'categorical', c: 'categorical' });
    // only a×c is associated in the real data (V = 1); a×b and b×c have V = 0
    expect(report.columnPairTrends.map((p) => p.counted)).toEqual([false, true, false]);
    expect(report.properties.columnPairTrends).toBe(report.columnPairTrends[1]!.score);
    // real a×c: (p,p) ½, (q,q) ½; synthetic: four cells of ¼ each → TVD ½
    expect(report.columnPairTrends[1]!.score).toBe(0.5);
  });
});

describe('fidelityCharts', () => {
  it('draws 20 numeric bins over the real range, an out-of-range bin, and top categories + other', () => {
    const real = frameOf('real', {
      x: Array.from({ length: 100 }, (_, i) => i),
      c: Array.from({ length: 100 }, (_, i) => `k${i % 25}`),
    });
    const synthetic = frameOf('synthetic', {
      x: Array.from({ length: 100 }, (_, i) => i + 10),
      c: Array.from({ length: 100 }, (_, i) => `k${i % 5}`),
    });
    const charts = fidelityCharts(real, synthetic, { x: 'numerical', c: 'categorical' });
    const [x, c] = charts.histograms!;
    const total = (bins: readonly { real: number; synthetic: number }[], key: 'real' | 'synthetic') =>
      bins.reduce((s, b) => s + b[key], 0);
    expect(x!.bins).toHaveLength(21);
    expect(x!.bins[20]!.label).toBe('> 99');
    expect(x!.bins[20]!.synthetic).toBeCloseTo(0.1, 12);
    expect(x!.bins[0]!.real).toBeCloseTo(0.05, 12);
    expect(total(x!.bins, 'real')).toBeCloseTo(1, 12);
    expect(total(x!.bins, 'synthetic')).toBeCloseTo(1, 12);
    expect(c!.bins).toHaveLength(21);
    expect(c!.bins[20]).toEqual({ label: 'other', real: expect.closeTo(0.2, 12), synthetic: 0 });
    expect(total(c!.bins, 'synthetic')).toBeCloseTo(1, 12);
  });

  it('gives symmetric Pearson matrices with a unit diagonal', () => {
    const real = frameOf('real', { a: [1, 2, 3, 4], b: [2, 1, 4, 3], c: [4, 3, 2, 1] });
    const charts = fidelityCharts(real, real, { a: 'numerical', b: 'numerical', c: 'numerical' });
    const m = charts.correlation!.real;
    expect(charts.correlation!.columns).toEqual(['a', 'b', 'c']);
    expect(m[0]![0]).toBe(1);
    expect(m[0]![2]).toBeCloseTo(-1, 12);
    expect(m[0]![1]).toBeCloseTo(m[1]![0]!, 12);
    expect(m[0]![1]).toBeCloseTo(0.6, 12);
  });
});

describe('multi-table metrics', () => {
  it('ReferentialIntegrity: the share of synthetic foreign keys with a synthetic parent', () => {
    expect(referentialIntegrity([1, 2], [1, 1, 2], [1, 2], [1, 3])).toBe(0.5);
    expect(referentialIntegrity([1, 2], [1, 2], ['1', '2'], [1, 2, 2])).toBe(1);
    // a missing foreign key is broken unless the real data has missing ones too
    expect(referentialIntegrity([1], [1], [1], [1, null])).toBe(0.5);
    expect(referentialIntegrity([1], [1, null], [1], [1, null])).toBe(1);
  });

  it('CardinalityShapeSimilarity: KS over children per parent, childless parents counting 0', () => {
    expect([...childCounts(['a', 'b', 'c'], ['a', 'a', 'c'])]).toEqual([2, 0, 1]);
    // real counts [2, 0, 1]; synthetic [1, 1, 1]: CDFs differ by 1/3 at 0 and at 1
    expect(cardinalityShapeSimilarity(['a', 'b', 'c'], ['a', 'a', 'c'], [1, 2, 3], [1, 2, 3])).toBeCloseTo(
      2 / 3,
      12,
    );
    expect(relationFidelity([1, 2], [1, 1, 2], [1, 2], [1, 2, 2])).toEqual({
      referentialIntegrity: 1,
      cardinalityShapeSimilarity: 1,
    });
  });
});
