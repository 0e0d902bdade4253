import { describe, expect, it } from 'vitest';
import { normal, Rng } from '../../src/random/index.js';
import { type Cell, frameOf } from '../../src/validate/frame.js';
import { findLabelIssues, outOfFoldProbabilities, stratifiedFolds } from '../../src/validate/label-errors.js';
import {
  candidateProbability,
  exactDuplicates,
  jaccard,
  lshThreshold,
  nearDuplicateRows,
  nearDuplicates,
  shingleSet,
} from '../../src/validate/minhash.js';
import { classBalance, outlierStats, qualityChecks, qualityReport } from '../../src/validate/quality.js';

const WORDS =
  'river stone maple cloud harbor lantern copper meadow violet thunder orchard silver canyon ember willow falcon prairie quartz saddle timber'.split(
    ' ',
  );

function randomText(rng: Rng, words: number): string {
  return Array.from({ length: words }, () => WORDS[rng.below(WORDS.length)]!).join(' ');
}

/** Replaces `edits` characters at seeded positions with a digit (never a letter that was there). */
function edit(text: string, edits: number, rng: Rng): string {
  const chars = [...text];
  for (let e = 0; e < edits; e++) chars[rng.below(chars.length)] = String(rng.below(10));
  return chars.join('');
}

describe('MinHash LSH near-duplicates', () => {
  it('documents the banding: S-curve threshold (1/32)^(1/8) and recall at Jaccard 0.8', () => {
    expect(lshThreshold(32, 8)).toBeCloseTo(0.6484, 4);
    expect(candidateProbability(0.8, 32, 8)).toBeGreaterThan(0.997);
    expect(candidateProbability(0.3, 32, 8)).toBeLessThan(0.003);
  });

  it('shingles lower-cased, whitespace-collapsed text into distinct 5-grams', () => {
    expect(shingleSet('Hello   World').length).toBe('hello world'.length - 4);
    expect(shingleSet('  HELLO world ')).toEqual(shingleSet('hello world'));
    expect(shingleSet('abc').length).toBe(1);
    expect(shingleSet('aaaaaaaa').length).toBe(1);
    expect(jaccard(shingleSet('abcdefg'), shingleSet('abcdefh'))).toBeCloseTo(2 / 4, 12);
  });

  it('puts texts with a few edited characters in one cluster with their original, and nothing else', () => {
    const rng = Rng.from([42, 'texts']);
    const texts = Array.from({ length: 300 }, () => randomText(rng, 30));
    const planted: [number, number][] = [];
    for (let i = 0; i < 20; i++) {
      const source = i * 7;
      const copy =
        i % 2 === 0 ? edit(texts[source]!, 2, rng) : texts[source]!.toUpperCase().replace(/ /g, '  ');
      texts.push(copy);
      planted.push([source, texts.length - 1]);
      // the precondition the detector is asked to find: a true Jaccard well above 0.8
      expect(jaccard(shingleSet(texts[source]!), shingleSet(copy))).toBeGreaterThan(0.85);
    }
    const found = nearDuplicates(texts, { seed: 7 });
    const clusterOf = new Map<number, number>();
    found.clusters.forEach((c, k) => {
      for (const i of c) clusterOf.set(i, k);
    });
    for (const [a, b] of planted) {
      expect(clusterOf.get(a), `pair ${a}, ${b}`).toBeDefined();
      expect(clusterOf.get(a)).toBe(clusterOf.get(b));
    }
    // random 30-word texts over 20 words share many 5-grams but stay far below 0.8
    expect(found.clusters).toHaveLength(20);
    expect(found.clusters.every((c) => c.length === 2)).toBe(true);
    expect(found.pairs).toBe(20);
  });

  it('finds every pair at Jaccard ≥ 0.8 that brute force finds (recall of the banding)', () => {
    const rng = Rng.from([1337, 'brute']);
    const base = Array.from({ length: 40 }, () => randomText(rng, 12));
    const texts = [...base, ...base.map((t) => edit(t, 1 + rng.below(4), rng))];
    const sets = texts.map((t) => shingleSet(t));
    let truePairs = 0;
    let missed = 0;
    const found = nearDuplicates(texts, { seed: 3 });
    const clusterOf = new Map<number, number>();
    found.clusters.forEach((c, k) => {
      for (const i of c) clusterOf.set(i, k);
    });
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) {
        if (jaccard(sets[a]!, sets[b]!) < 0.8) continue;
        truePairs++;
        if (clusterOf.get(a) === undefined || clusterOf.get(a) !== clusterOf.get(b)) missed++;
      }
    }
    expect(truePairs).toBeGreaterThan(5);
    // the miss probability of one pair at J ≥ 0.8 is ≤ 0.003
    expect(missed).toBe(0);
  });

  it('is deterministic for a seed and leaves empty texts out', () => {
    const rng = Rng.from([5, 'det']);
    const texts = Array.from({ length: 50 }, () => randomText(rng, 10));
    texts.push(texts[3]!, '', '   ');
    const a = nearDuplicates(texts, { seed: 11 });
    expect(nearDuplicates(texts, { seed: 11 })).toEqual(a);
    expect(a.clusters).toContainEqual([3, 50]);
    expect(a.clusters.flat()).not.toContain(51);
  });
});

describe('duplicate rows', () => {
  const frame = frameOf('t', {
    a: [1, 2, 1, '1', 1, null, 3, 3, 3],
    b: ['x', 'y', 'x ', 'x', 'x', null, 'p', 'p', 'q'],
    c: [0, 0, 0, 0, 0, null, 5, 5, 5],
  });

  it('groups rows whose cells are equal (strings trimmed), keeping 1 and "1" apart', () => {
    const d = exactDuplicates(frame);
    expect(d.groups).toEqual([
      [0, 2, 4],
      [6, 7],
    ]);
    expect(d.duplicateRows).toBe(3);
    expect(d.rate).toBeCloseTo(3 / 9, 12);
  });

  it('near-duplicate rows differ in at most one cell, and need five or more columns', () => {
    const rng = Rng.from([9, 'rows']);
    const columns: Record<string, Cell[]> = {};
    for (const c of ['a', 'b', 'c', 'd', 'e', 'f']) {
      columns[c] = Array.from({ length: 200 }, () => `${c}${rng.below(1000)}`);
    }
    // row 200 differs from row 10 in one cell, row 201 from row 20 in two
    for (const [c, v] of Object.entries(columns)) {
      v.push(c === 'c' ? 'changed' : v[10]!);
      v.push(c === 'c' || c === 'e' ? 'changed' : v[20]!);
    }
    const near = nearDuplicateRows(frameOf('rows', columns));
    expect(near.clusters).toEqual([[10, 200]]);
    expect(nearDuplicateRows(frame).clusters).toEqual([]);
  });
});

describe('outliers, nulls and class balance', () => {
  it('counts planted outliers by the robust z-score and the IQR fences', () => {
    const rng = Rng.from([42, 'outliers']);
    const values: Cell[] = Array.from({ length: 2000 }, () => normal(rng));
    const planted = [5, 17, 300, 999, 1500];
    for (const i of planted) values[i] = 40 + i / 100;
    values[7] = null;
    const o = outlierStats(values);
    expect(o.values).toBe(1999);
    // a normal value passes |z| > 3.5 with p = 4.7e-4: about 1 of 2000, at most 5 with margin
    expect(o.robustZ.count).toBeGreaterThanOrEqual(5);
    expect(o.robustZ.count).toBeLessThanOrEqual(5 + 5);
    for (const i of planted) expect(o.rows).toContain(i);
    // Tukey's fences flag 0.70% of a normal: 14 ± 5·3.7 plus the planted 5
    expect(o.iqr.count).toBeGreaterThanOrEqual(5);
    expect(o.iqr.count).toBeLessThanOrEqual(5 + 14 + 19);
  });

  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    const values: Cell[] = [
      ...Array.from({ length: 90 }, () => 0),
      ...Array.from({ length: 9 }, () => 1),
      100,
    ];
    const o = outlierStats(values);
    // median 0, MAD 0, mean |x| = 1.09: only 100 is above 3.5 × 1.2533 × 1.09
    expect(o.robustZ.count).toBe(1);
    expect(o.iqr.count).toBe(10);
  });

  it('reports shares, the imbalance ratio and the normalised entropy', () => {
    const b = classBalance(['a', 'a', 'a', 'b', null, 'c', 'c', 'a', 'a', 'a']);
    expect(b.classes.map((c) => [c.name, c.count])).toEqual([
      ['a', 6],
      ['c', 2],
      ['b', 1],
    ]);
    expect(b.imbalanceRatio).toBe(6);
    const h = -(6 / 9) * Math.log(6 / 9) - (2 / 9) * Math.log(2 / 9) - (1 / 9) * Math.log(1 / 9);
    expect(b.normalisedEntropy).toBeCloseTo(h / Math.log(3), 12);
  });

  it('finds all-null rows and per-column null rates, and warns about them', () => {
    const frame = frameOf('t', {
      a: [1, null, 3, null, 5, 6],
      b: ['x', null, 'y', null, null, 'secret-value'],
    });
    const report = qualityReport(frame, { a: 'numerical', b: 'categorical' });
    expect(report.nulls.allNullRows).toBe(2);
    expect(report.nulls.allNullRowExamples).toEqual([1, 3]);
    expect(report.nulls.columnRates).toEqual({ a: 2 / 6, b: 3 / 6 });
    const allNull = qualityChecks(report).find((c) => c.id === 'quality.t.nulls.all-null-rows')!;
    expect(allNull).toMatchObject({ status: 'fail', severity: 'warn', measured: 2, expected: '= 0' });
    expect(JSON.stringify(report)).not.toContain('secret-value');
  });
});

/** Two or three Gaussian classes in 4 dimensions, means 4 apart: nearly separable. */
function blobs(n: number, classes: number, seed: number) {
  const rng = Rng.from([seed, 'blobs']);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    y.push(k);
    x.push([0, 1, 2, 3].map((d) => (d === k ? 4 : 0) + normal(rng)));
  }
  return { x, y };
}

function flip(y: number[], rate: number, classes: number, seed: number): Set<number> {
  const rng = Rng.from([seed, 'flip']);
  const flipped = new Set<number>();
  while (flipped.size < Math.round(rate * y.length)) flipped.add(rng.below(y.length));
  for (const i of flipped) y[i] = (y[i]! + 1 + rng.below(classes - 1)) % classes;
  return flipped;
}

describe('confident learning', () => {
  it('deals stratified folds of near-equal size per class', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedFolds(labels, 5, 1);
    for (let f = 0; f < 5; f++) {
      const inFold = labels.filter((_, i) => folds[i] === f);
      expect(inFold.length).toBeGreaterThanOrEqual(20);
      expect(inFold.length).toBeLessThanOrEqual(21);
      const positives = inFold.filter((v) => v === 1).length;
      expect(Math.abs(positives - 26 / 5)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedFolds(labels, 5, 1)).toEqual(folds);
  });

  // one-vs-rest in three classes leaves more flips near a boundary, hence the lower recall bar
  for (const [classes, recall] of [
    [2, 0.8],
    [3, 0.6],
  ] as const) {
    it(`finds ≥ ${recall * 100}% of 5% flipped labels with ≤ 1% false flags (${classes} classes)`, () => {
      const { x, y } = blobs(1200, classes, 42 + classes);
      const flipped = flip(y, 0.05, classes, 7);
      const probs = outOfFoldProbabilities(x, y, classes, { seed: 1 });
      const found = findLabelIssues(probs, y, classes);
      const flagged = found.issues.map((i) => i.row);
      const hits = flagged.filter((r) => flipped.has(r)).length;
      expect(hits / flipped.size).toBeGreaterThanOrEqual(recall);
      expect((flagged.length - hits) / (y.length - flipped.size)).toBeLessThanOrEqual(0.01);
      // the suspected label of a found flip is the true class (before the flip)
      const truth = blobs(1200, classes, 42 + classes).y;
      const right = found.issues.filter((i) => flipped.has(i.row) && i.suspected === truth[i.row]).length;
      expect(right).toBe(hits);
      // ranked by self-confidence
      for (let k = 1; k < found.issues.length; k++) {
        expect(found.issues[k]!.selfConfidence).toBeGreaterThanOrEqual(found.issues[k - 1]!.selfConfidence);
      }
    });
  }

  it('flags planted flips through qualityReport, deterministically, without values', () => {
    const { x, y } = blobs(600, 2, 5);
    const flipped = flip(y, 0.05, 2, 3);
    const data: Record<string, Cell[]> = {
      f0: x.map((r) => r[0]!),
      f1: x.map((r) => r[1]!),
      f2: x.map((r) => r[2]!),
      label: y.map((v) => (v ? 'spam' : 'ham')),
    };
    const frame = frameOf('mail', data);
    const meta = { f0: 'numerical', f1: 'numerical', f2: 'numerical', label: 'categorical' } as const;
    const report = qualityReport(frame, meta, { label: 'label', seed: 4 });
    expect(qualityReport(frame, meta, { label: 'label', seed: 4 })).toEqual(report);
    const errors = report.label!.errors!;
    const hits = errors.rows.filter((r) => flipped.has(r.row)).length;
    // three of the four features: a little less separable than the direct test above
    expect(hits / flipped.size).toBeGreaterThanOrEqual(0.6);
    expect(errors.count - hits).toBeLessThanOrEqual(6);
    const spam = y.filter((v) => v === 1).length;
    expect(report.label!.balance.imbalanceRatio).toBeCloseTo(
      Math.max(spam, 600 - spam) / Math.min(spam, 600 - spam),
      12,
    );
    const check = qualityChecks(report).find((c) => c.id === 'quality.mail.label.label-errors')!;
    expect(check.status).toBe(errors.rate <= 0.05 ? 'pass' : 'fail');
    expect(check.expected).toBe('≤ 0.05');
    const json = JSON.stringify(report);
    expect(json).not.toContain(String(data.f0![0]));
  });
});
