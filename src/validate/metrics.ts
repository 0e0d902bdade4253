/** A binary label as callers hold it: a boolean or 0/1. */
export type Label = boolean | 0 | 1;

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting half. Computed as the Mann–Whitney U of the average ranks, O(n log n).
 * NaN when either class is empty.
 *
 * @example
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`${n} scores but ${labels.length} labels`);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    // ranks i+1 … j+1 are tied: each gets their mean
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]) {
        positives++;
        rankSum += avg;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Counts of the confusion matrix, a score at or above the threshold predicting positive. */
function confusion(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number) {
  if (labels.length !== scores.length) {
    throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i]) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  return { tp, fp, fn, tn };
}

/**
 * F1 of the positive class for predictions `score ≥ threshold` (0/1 predictions work as scores).
 * 0 when there are no true positives.
 *
 * @example
 * f1Score([0.9, 0.2, 0.7], [1, 0, 0]); // 2/3
 */
export function f1Score(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold = 0.5): number {
  const { tp, fp, fn } = confusion(scores, labels, threshold);
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * Share of rows whose prediction `score ≥ threshold` matches the label.
 *
 * @example
 * accuracy([0.9, 0.2, 0.7], [1, 0, 0]); // 2/3
 */
export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold = 0.5): number {
  const { tp, tn } = confusion(scores, labels, threshold);
  return scores.length === 0 ? Number.NaN : (tp + tn) / scores.length;
}
