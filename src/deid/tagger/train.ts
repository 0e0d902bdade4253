import { Rng } from '../../random/index.js';
import { type Token, tokenize } from '../recognizers/tokens.js';
import { FEATURES_PER_TOKEN, tokenFeatures } from './features.js';
import { type ChainWeights, decode, emissions, ROW, TAG_COUNT, TAGGER_TYPES } from './model.js';

/** A labelled text: spans in UTF-16 offsets, of the tagger's types (others are ignored). */
export interface TrainingDocument {
  readonly text: string;
  readonly spans: readonly { readonly start: number; readonly end: number; readonly type: string }[];
}

/** A document ready for training: its features and gold tags. */
export interface Example {
  readonly n: number;
  readonly feats: Int32Array;
  readonly gold: Uint8Array;
}

/**
 * Gold BIO tags of a text's tokens: a token that overlaps a span of one of the tagger's types
 * takes that type, `B` on a span's first token and `I` on the rest.
 */
export function goldTags(toks: readonly Token[], spans: TrainingDocument['spans']): Uint8Array {
  const tags = new Uint8Array(toks.length);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let s = 0;
  let open = -1;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    while (s < sorted.length && sorted[s]!.end <= t.start) s++;
    const span = sorted[s];
    const k = span ? TAGGER_TYPES.indexOf(span.type as never) : -1;
    if (span && k >= 0 && span.start < t.end && span.end > t.start) {
      tags[i] = open === s ? 2 + 2 * k : 1 + 2 * k;
      open = s;
    } else open = -1;
  }
  return tags;
}

/** Tokens, features and gold tags of a document. */
export function toExample(doc: TrainingDocument, bits: number): Example {
  const toks = tokenize(doc.text);
  return { n: toks.length, feats: tokenFeatures(doc.text, toks, bits), gold: goldTags(toks, doc.spans) };
}

export interface TrainOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly seed: number;
  /** Called after each epoch with the share of tokens tagged wrongly during it. */
  readonly onEpoch?: (epoch: number, tokenErrorRate: number) => void;
}

/**
 * Trains a linear-chain tagger with the averaged structured perceptron (Collins 2002): decode
 * each document with the current weights; where the best sequence differs from the gold one,
 * add the gold sequence's features and subtract the predicted one's. The returned weights are the
 * average over every step, which generalises far better than the last. Documents are visited in
 * an order drawn from `seed`, so the same examples and seed give the same weights.
 *
 * @example
 * const weights = trainPerceptron(docs.map((d) => toExample(d, 19)), { bits: 19, epochs: 8, seed: 1 });
 */
export function trainPerceptron(examples: readonly Example[], options: TrainOptions): ChainWeights {
  const K = TAG_COUNT;
  const size = (1 << options.bits) * ROW;
  const w: ChainWeights = {
    bits: options.bits,
    emit: new Float64Array(size),
    scale: 1,
    trans: new Float64Array(K * K),
    start: new Float64Array(K),
  };
  // the lazy average: acc holds Σ step × update, and the average is w − acc / steps
  const accEmit = new Float64Array(size);
  const accTrans = new Float64Array(K * K);
  const accStart = new Float64Array(K);
  const emit = w.emit as Float64Array;
  const trans = w.trans as Float64Array;
  const start = w.start as Float64Array;
  let step = 1;
  const order = examples.map((_, i) => i);
  const rng = Rng.from(['trainkit-tagger', options.seed]);
  const addToken = (e: Example, i: number, tag: number, delta: number) => {
    const base = i * FEATURES_PER_TOKEN;
    for (let f = 0; f < FEATURES_PER_TOKEN; f++) {
      const k = e.feats[base + f]! * ROW + tag;
      emit[k]! += delta;
      accEmit[k]! += step * delta;
    }
  };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let wrong = 0;
    let tokens = 0;
    for (const idx of order) {
      const e = examples[idx]!;
      if (e.n === 0) continue;
      const pred = decode(w, emissions(w, e.feats, e.n), e.n);
      tokens += e.n;
      for (let i = 0; i < e.n; i++) {
        const g = e.gold[i]!;
        const p = pred[i]!;
        if (g !== p) {
          wrong++;
          addToken(e, i, g, 1);
          addToken(e, i, p, -1);
        }
        const gPrev = i === 0 ? -1 : e.gold[i - 1]!;
        const pPrev = i === 0 ? -1 : pred[i - 1]!;
        if (g === p && gPrev === pPrev) continue;
        if (i === 0) {
          start[g]! += 1;
          accStart[g]! += step;
          start[p]! -= 1;
          accStart[p]! -= step;
        } else {
          trans[gPrev * K + g]! += 1;
          accTrans[gPrev * K + g]! += step;
          trans[pPrev * K + p]! -= 1;
          accTrans[pPrev * K + p]! -= step;
        }
      }
      step++;
    }
    options.onEpoch?.(epoch, tokens === 0 ? 0 : wrong / tokens);
  }
  for (let k = 0; k < size; k++) emit[k] = emit[k]! - accEmit[k]! / step;
  for (let k = 0; k < K * K; k++) trans[k] = trans[k]! - accTrans[k]! / step;
  for (let k = 0; k < K; k++) start[k] = start[k]! - accStart[k]! / step;
  return w;
}
