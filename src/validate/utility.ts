import { encodeFeatures } from './encode-features.js';
import type { Frame, Metadata } from './frame.js';
import { fitClassifier } from './label-errors.js';
import { accuracy, f1Score, rocAuc } from './metrics.js';
import { frameRows } from './quality.js';
import type { CheckResult } from './report-types.js';

/** Scores of one model on the real test set. */
export interface UtilityScores {
  /** ROC AUC; for more than two classes the macro mean of one-vs-rest AUCs. */
  readonly rocAuc: number;
  /** F1 of the positive class at p ≥ 0.5; for more than two classes the macro F1 of argmax predictions. */
  readonly f1: number;
  readonly accuracy: number;
}

/** Train on synthetic, test on real: the utility part of a validation report. */
export interface UtilityReport {
  readonly target: string;
  readonly model: 'logistic-regression';
  /** The class scored as positive (binary targets), or null for more than two classes. */
  readonly positiveClass: string | null;
  readonly classes: number;
  readonly features: readonly string[];
  readonly rows: { readonly synthetic: number; readonly real?: number; readonly test: number };
  /** The model trained on the synthetic data. */
  readonly synthetic: UtilityScores;
  /** The model trained on the real training data, when given. */
  readonly real?: UtilityScores;
  /** real − synthetic, per score, when the real training data is given. */
  readonly gap?: UtilityScores;
}

/** Options of `utilityReport`. */
export interface UtilityOptions {
  /** The positive class of a binary target (default: the minority class of the test set). */
  readonly positiveClass?: string;
  /** Feature columns (default: every column of the test set but the target, ids and texts). */
  readonly features?: readonly string[];
  /** Ridge penalty of the logistic regression (default 1e-3). */
  readonly l2?: number;
}

function labelled(frame: Frame, target: string): number[] {
  const values = frame.data[target];
  if (!values) throw new RangeError(`target column "${target}" is not in ${frame.name}`);
  const rows: number[] = [];
  values.forEach((v, r) => {
    if (v !== null) rows.push(r);
  });
  return rows;
}

function scoresOf(probs: readonly Float64Array[], y: readonly number[], classes: number): UtilityScores {
  if (classes === 2) {
    const p = probs.map((q) => q[1]!);
    const t = y.map((v) => (v === 1 ? 1 : 0));
    return { rocAuc: rocAuc(p, t), f1: f1Score(p, t), accuracy: accuracy(p, t) };
  }
  const predicted = probs.map((q) => q.indexOf(Math.max(...q)));
  let aucSum = 0;
  let aucCount = 0;
  let f1Sum = 0;
  let f1Count = 0;
  for (let k = 0; k < classes; k++) {
    const t = y.map((v) => (v === k ? 1 : 0));
    const auc = rocAuc(
      probs.map((q) => q[k]!),
      t,
    );
    if (!Number.isNaN(auc)) {
      aucSum += auc;
      aucCount++;
    }
    if (t.some((v) => v === 1)) {
      f1Sum += f1Score(
        predicted.map((c) => (c === k ? 1 : 0)),
        t,
      );
      f1Count++;
    }
  }
  const correct = predicted.filter((c, i) => c === y[i]).length;
  return {
    rocAuc: aucCount ? aucSum / aucCount : Number.NaN,
    f1: f1Count ? f1Sum / f1Count : Number.NaN,
    accuracy: y.length ? correct / y.length : Number.NaN,
  };
}

/**
 * Train on synthetic, test on real (TSTR): a logistic regression is trained on the synthetic frame
 * and, when given, on the real training frame, and both are scored on the real test frame (ROC AUC,
 * F1, accuracy, and the gap real − synthetic). A binary target's positive class is the test set's
 * minority class unless given; a target of more than two classes is fitted one-vs-rest and scored by
 * macro AUC and macro F1. Features are encoded by `encodeFeatures` over each training frame and the
 * test frame together, so both sides get the same columns (the test labels are never used for it).
 * Rows with a null target are left out. Deterministic.
 *
 * @example
 * const u = utilityReport(synthetic, realTrain, realTest, 'income', inferMetadata(realTest));
 * u.gap?.rocAuc; // e.g. 0.03
 */
export function utilityReport(
  train: Frame,
  real: Frame | undefined,
  test: Frame,
  target: string,
  meta: Metadata,
  options: UtilityOptions = {},
): UtilityReport {
  const features =
    options.features ??
    test.columns.filter((c) => c !== target && meta[c] !== 'id' && meta[c] !== 'text' && c in train.data);
  for (const f of features) {
    for (const frame of [train, real, test]) {
      if (frame && !(f in frame.data)) throw new RangeError(`feature column "${f}" is not in ${frame.name}`);
    }
  }
  const testRows = labelled(test, target);
  const counts = new Map<string, number>();
  for (const r of testRows) {
    const v = String(test.data[target]![r]);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const names = new Set(counts.keys());
  for (const frame of [train, real]) {
    if (frame) for (const r of labelled(frame, target)) names.add(String(frame.data[target]![r]));
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  let classes = [...names].sort(byName);
  if (classes.length < 2)
    throw new RangeError(`target "${target}" has under two classes: nothing to predict`);
  const binary = classes.length === 2;
  let positive: string | null = null;
  if (binary) {
    positive =
      options.positiveClass ??
      [...counts].sort((a, b) => a[1] - b[1] || byName(a[0], b[0]))[0]?.[0] ??
      classes[1]!;
    if (!names.has(positive))
      throw new RangeError(`positive class "${positive}" is not a value of "${target}"`);
    // index 1 is the positive class
    classes = [classes.find((c) => c !== positive)!, positive];
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const yTest = testRows.map((r) => index.get(String(test.data[target]![r]))!);
  const testObjects = frameRows(test, features, testRows);
  const scoreFrom = (frame: Frame): UtilityScores => {
    const rows = labelled(frame, target);
    const x = encodeFeatures([...frameRows(frame, features, rows), ...testObjects], features).matrix;
    const predict = fitClassifier(
      x.slice(0, rows.length),
      rows.map((r) => index.get(String(frame.data[target]![r]))!),
      classes.length,
      options.l2,
    );
    return scoresOf(predict(x.slice(rows.length)), yTest, classes.length);
  };
  const synthetic = scoreFrom(train);
  const rows = {
    synthetic: labelled(train, target).length,
    test: testRows.length,
    ...(real ? { real: labelled(real, target).length } : {}),
  };
  const base = {
    target,
    model: 'logistic-regression' as const,
    positiveClass: positive,
    classes: classes.length,
    features,
    rows,
    synthetic,
  };
  if (!real) return base;
  const realScores = scoreFrom(real);
  return {
    ...base,
    real: realScores,
    gap: {
      rocAuc: realScores.rocAuc - synthetic.rocAuc,
      f1: realScores.f1 - synthetic.f1,
      accuracy: realScores.accuracy - synthetic.accuracy,
    },
  };
}

/** The largest AUC gap (real-trained minus synthetic-trained) that passes. */
export const MAX_AUC_GAP = 0.05;

/**
 * The utility report as checks: the AUC gap ≤ 0.05 passes, a larger one is a warning; without
 * real training data the check is skipped.
 *
 * @example
 * utilityChecks(report)[0].status; // 'pass'
 */
export function utilityChecks(report: UtilityReport, table = 'data'): CheckResult[] {
  const base = {
    id: `utility.${table}.${report.target}.auc-gap`,
    section: 'utility' as const,
    table,
    column: report.target,
    name: 'ROC AUC gap, trained on real minus trained on synthetic (logistic regression)',
    severity: 'warn' as const,
    expected: `≤ ${MAX_AUC_GAP}`,
  };
  if (!report.gap) {
    return [
      {
        ...base,
        status: 'skip',
        measured: null,
        detail: `no real training data to compare with; trained on synthetic: AUC ${report.synthetic.rocAuc.toFixed(4)}`,
      },
    ];
  }
  return [
    {
      ...base,
      status: report.gap.rocAuc <= MAX_AUC_GAP ? 'pass' : 'fail',
      measured: report.gap.rocAuc,
      detail: `AUC ${report.real!.rocAuc.toFixed(4)} trained on real, ${report.synthetic.rocAuc.toFixed(4)} on synthetic`,
    },
  ];
}
