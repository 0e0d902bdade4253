import { Rng } from '../random/index.js';
import { type FeatureRows, LogisticRegression } from './logistic-regression.js';

/** Options of the out-of-fold model and of confident learning. */
export interface LabelErrorOptions {
  /** Cross-validation folds (default 5). */
  readonly folds?: number;
  /** Seed of the stratified fold assignment (default 0). */
  readonly seed?: number;
  /** Ridge penalty of the logistic regressions (default 1e-3). */
  readonly l2?: number;
  /**
   * Each fold's model trains on at most this many rows, a seeded sample of the other folds
   * (default 5000): Newton's method costs rows × features², and a linear model's probabilities
   * change little past a few thousand rows. Every row is still scored.
   */
  readonly maxTrainRows?: number;
}

/** One likely label error: the row and the class confident learning believes instead. */
export interface LabelIssue {
  readonly row: number;
  /** Index of the given class. */
  readonly given: number;
  /** Index of the class the out-of-fold model is confident of. */
  readonly suspected: number;
  /** The out-of-fold probability of the given class: the lower, the likelier an error. */
  readonly selfConfidence: number;
}

/** What confident learning found. */
export interface LabelErrors {
  /** Likely errors, ranked by self-confidence, lowest first. */
  readonly issues: readonly LabelIssue[];
  /** The confident joint: `joint[i][j]` counts rows labelled i confidently belonging to j. */
  readonly joint: readonly (readonly number[])[];
  /** Per-class thresholds: the mean predicted probability of class j over rows labelled j. */
  readonly thresholds: readonly number[];
}

/**
 * Stratified fold numbers: each class's rows are shuffled with a seeded stream and dealt round-robin,
 * so every fold holds about the same share of every class.
 *
 * @example
 * stratifiedFolds([0, 0, 1, 1, 0, 1], 2, 42); // e.g. Int32Array [1, 0, 0, 1, 0, 1]
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed = 0): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]!);
    if (list) list.push(i);
    else byClass.set(labels[i]!, [i]);
  }
  const out = new Int32Array(labels.length);
  let offset = 0;
  for (const [label, rows] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const rng = Rng.from([seed, 'folds', label]);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    // continuing the deal where the last class stopped keeps fold sizes within one row
    rows.forEach((row, k) => {
      out[row] = (offset + k) % folds;
    });
    offset += rows.length;
  }
  return out;
}

/**
 * Class probabilities from logistic regression: one model for two classes, one-vs-rest models
 * for more, their scores normalised to sum to one. Returns a predictor of rows × classes.
 *
 * @example
 * const predict = fitClassifier([[0], [1], [2], [3]], [0, 0, 1, 1], 2);
 * predict([[3]]); // [Float64Array [≈0.02, ≈0.98]]
 */
export function fitClassifier(
  x: FeatureRows,
  labels: ArrayLike<number>,
  classes: number,
  l2 = 1e-3,
): (rows: FeatureRows) => Float64Array[] {
  const n = x.length;
  const fitOne = (k: number) => {
    const y: (0 | 1)[] = new Array(n);
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y[i] = labels[i] === k ? 1 : 0;
    // a class absent from (or alone in) the training rows gets its share as a constant
    if (positives === 0 || positives === n) return () => positives / n;
    const model = new LogisticRegression({ l2, maxIter: 50, tol: 1e-6 }).fit(x, y);
    return (rows: FeatureRows) => model.predictProba(rows);
  };
  const models = classes === 2 ? [fitOne(1)] : Array.from({ length: classes }, (_, k) => fitOne(k));
  return (rows) => {
    const scores = models.map((m) => m(rows));
    return rows.map((_, i) => {
      const p = new Float64Array(classes);
      if (classes === 2) {
        const s = scores[0]!;
        const q = typeof s === 'number' ? s : s[i]!;
        p[0] = 1 - q;
        p[1] = q;
        return p;
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) {
        const s = scores[k]!;
        p[k] = typeof s === 'number' ? s : s[i]!;
        sum += p[k]!;
      }
      for (let k = 0; k < classes; k++) p[k] = sum > 0 ? p[k]! / sum : 1 / classes;
      return p;
    });
  };
}

/**
 * Out-of-fold predicted class probabilities: each row is scored by a model that never saw it,
 * trained on the other folds of a seeded stratified k-fold split.
 *
 * @example
 * outOfFoldProbabilities(x, labels, 2, { folds: 5, seed: 1 })[0]; // Float64Array [p0, p1]
 */
export function outOfFoldProbabilities(
  x: FeatureRows,
  labels: ArrayLike<number>,
  classes: number,
  options: LabelErrorOptions = {},
): Float64Array[] {
  const k = options.folds ?? 5;
  const fold = stratifiedFolds(labels, k, options.seed ?? 0);
  const out: Float64Array[] = new Array(x.length);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < x.length; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    const limit = options.maxTrainRows ?? 5000;
    if (train.length > limit) {
      // a partial Fisher–Yates shuffle picks the sample; sorting keeps the rows in order
      const rng = Rng.from([options.seed ?? 0, 'sample', f]);
      for (let i = 0; i < limit; i++) {
        const j = i + rng.below(train.length - i);
        [train[i], train[j]] = [train[j]!, train[i]!];
      }
      train.length = limit;
      train.sort((a, b) => a - b);
    }
    const predict = fitClassifier(
      train.map((i) => x[i]!),
      train.map((i) => labels[i]!),
      classes,
      options.l2,
    );
    predict(test.map((i) => x[i]!)).forEach((p, t) => {
      out[test[t]!] = p;
    });
  }
  return out;
}

/**
 * Likely label errors by confident learning (Northcutt, Jiang & Chuang 2021) from out-of-fold
 * probabilities. Class j's threshold t_j is the mean p_j over rows labelled j; a row labelled i
 * confidently belongs to the class j of highest p_j among those with p_j ≥ t_j, which fills the
 * confident joint C. Pruning by noise rate then takes, for each i ≠ j, the C[i][j] rows labelled i
 * with the largest margin p_j − p_i (and a positive one); a row picked for two classes keeps the
 * larger margin. Issues are ranked by self-confidence p_i, lowest first.
 *
 * @example
 * findLabelIssues(probs, labels, 2).issues[0]; // { row: 17, given: 0, suspected: 1, selfConfidence: 0.03 }
 */
export function findLabelIssues(
  probs: readonly Float64Array[],
  labels: ArrayLike<number>,
  classes: number,
): LabelErrors {
  const n = probs.length;
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    sums[labels[i]!]! += probs[i]![labels[i]!]!;
    counts[labels[i]!]!++;
  }
  // a class with no rows can never be confidently chosen
  const thresholds = Array.from(sums, (s, j) => (counts[j]! > 0 ? s / counts[j]! : Number.POSITIVE_INFINITY));
  const joint = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < n; i++) {
    const p = probs[i]!;
    let best = -1;
    for (let j = 0; j < classes; j++) {
      if (p[j]! >= thresholds[j]! && (best < 0 || p[j]! > p[best]!)) best = j;
    }
    if (best >= 0) joint[labels[i]!]![best]!++;
  }
  const chosen = new Map<number, { suspected: number; margin: number }>();
  for (let i = 0; i < classes; i++) {
    const rows: number[] = [];
    for (let r = 0; r < n; r++) if (labels[r] === i) rows.push(r);
    for (let j = 0; j < classes; j++) {
      const take = joint[i]![j]!;
      if (i === j || take === 0) continue;
      const margin = (r: number) => probs[r]![j]! - probs[r]![i]!;
      const ranked = rows.filter((r) => margin(r) > 0).sort((a, b) => margin(b) - margin(a) || a - b);
      for (const r of ranked.slice(0, take)) {
        const prior = chosen.get(r);
        if (!prior || margin(r) > prior.margin) chosen.set(r, { suspected: j, margin: margin(r) });
      }
    }
  }
  const issues = [...chosen]
    .map(([row, c]) => ({
      row,
      given: labels[row]!,
      suspected: c.suspected,
      selfConfidence: probs[row]![labels[row]!]!,
    }))
    .sort((a, b) => a.selfConfidence - b.selfConfidence || a.row - b.row);
  return { issues, joint, thresholds };
}
