import { FEATURES_PER_TOKEN } from './features.js';

/** The entity types the tagger knows, in tag order. */
export const TAGGER_TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION'] as const;
export type TaggerType = (typeof TAGGER_TYPES)[number];

/** Tags: 0 is O; type k has B = 1 + 2k and I = 2 + 2k. */
export const TAG_COUNT = 1 + 2 * TAGGER_TYPES.length;

/** Whether tag `to` may follow tag `from` (-1: the text's start): I-X only after B-X or I-X. */
export function allowed(from: number, to: number): boolean {
  if (to === 0 || (to & 1) === 1) return true;
  return from === to || from === to - 1;
}

/** Names of the tags, for reports: O, B-PERSON, I-PERSON, … */
export function tagName(tag: number): string {
  if (tag === 0) return 'O';
  return `${tag & 1 ? 'B' : 'I'}-${TAGGER_TYPES[(tag - 1) >> 1]}`;
}

/**
 * Weights per feature row: TAG_COUNT used, padded to 8 so a row (16 bytes as int16) never
 * straddles a cache line. Tagging reads 24 scattered rows per token; it is bound by memory.
 */
export const ROW = 8;

/** Scores of a linear-chain model: per-feature tag weights, tag-to-tag transitions, start weights. */
export interface ChainWeights {
  /** log2 of the number of feature rows */
  readonly bits: number;
  /** `2^bits × ROW`, row-major by feature: doubles while training, int16 × `scale` once shipped */
  readonly emit: Float64Array | Int16Array;
  /** what an `emit` unit is worth */
  readonly scale: number;
  /** `TAG_COUNT × TAG_COUNT`, from × to */
  readonly trans: Float32Array | Float64Array;
  /** `TAG_COUNT` */
  readonly start: Float32Array | Float64Array;
}

const NEG = -1e30;

// decode unrolls its loops for this layout: O, then B and I of three types
if (TAG_COUNT !== 7) throw new Error('decode assumes 7 tags');

/** Each token's score for each tag: `n × TAG_COUNT`. */
export function emissions(
  weights: ChainWeights,
  feats: Int32Array,
  n: number,
  into?: Float64Array,
): Float64Array {
  const { emit, scale } = weights;
  const out = into ?? new Float64Array(n * TAG_COUNT);
  const pairs = emit instanceof Int16Array ? pairView(emit) : undefined;
  if (pairs !== undefined) return pairedEmissions(pairs, scale, feats, n, out);
  // seven running sums in locals: the hot loop of tagging (TAG_COUNT is 7)
  for (let i = 0, base = 0, o = 0; i < n; i++, o += TAG_COUNT) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    for (const end = base + FEATURES_PER_TOKEN; base < end; base++) {
      const r = feats[base]! << 3;
      s0 += emit[r]!;
      s1 += emit[r + 1]!;
      s2 += emit[r + 2]!;
      s3 += emit[r + 3]!;
      s4 += emit[r + 4]!;
      s5 += emit[r + 5]!;
      s6 += emit[r + 6]!;
    }
    out[o] = s0 * scale;
    out[o + 1] = s1 * scale;
    out[o + 2] = s2 * scale;
    out[o + 3] = s3 * scale;
    out[o + 4] = s4 * scale;
    out[o + 5] = s5 * scale;
    out[o + 6] = s6 * scale;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const views = new WeakMap<Int16Array, Int32Array>();

/**
 * The int16 weights read two at a time as int32 (four reads per row instead of seven), on
 * little-endian machines where the first of a pair is the low half; undefined elsewhere.
 */
function pairView(emit: Int16Array): Int32Array | undefined {
  if (!littleEndian) return undefined;
  let view = views.get(emit);
  if (view === undefined) {
    const aligned = emit.byteOffset % 4 === 0 ? emit : emit.slice();
    view = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 1);
    views.set(emit, view);
  }
  return view;
}

/**
 * emissions() for int16 weights through their int32 view: the halves are split by shifts (the
 * low one sign-extended), and the sums are the same integers, so the scores are identical.
 */
function pairedEmissions(
  pairs: Int32Array,
  scale: number,
  feats: Int32Array,
  n: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0, base = 0, o = 0; i < n; i++, o += TAG_COUNT) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    for (const end = base + FEATURES_PER_TOKEN; base < end; base++) {
      const r = feats[base]! << 2;
      const a = pairs[r]!;
      const b = pairs[r + 1]!;
      const c = pairs[r + 2]!;
      const d = pairs[r + 3]!;
      s0 += (a << 16) >> 16;
      s1 += a >> 16;
      s2 += (b << 16) >> 16;
      s3 += b >> 16;
      s4 += (c << 16) >> 16;
      s5 += c >> 16;
      s6 += (d << 16) >> 16;
    }
    out[o] = s0 * scale;
    out[o + 1] = s1 * scale;
    out[o + 2] = s2 * scale;
    out[o + 3] = s3 * scale;
    out[o + 4] = s4 * scale;
    out[o + 5] = s5 * scale;
    out[o + 6] = s6 * scale;
  }
  return out;
}

const constrained = new WeakMap<ChainWeights, { trans: Float64Array; start: Float64Array }>();

/** The transition and start scores with the BIO constraints folded in (forbidden: very negative). */
function constrainedScores(weights: ChainWeights): { trans: Float64Array; start: Float64Array } {
  let c = constrained.get(weights);
  if (!c) {
    const K = TAG_COUNT;
    const trans = new Float64Array(K * K);
    const start = new Float64Array(K);
    for (let s = 0; s < K; s++) {
      start[s] = allowed(-1, s) ? weights.start[s]! : NEG;
      for (let t = 0; t < K; t++) trans[s * K + t] = allowed(s, t) ? weights.trans[s * K + t]! : NEG;
    }
    c = { trans, start };
    // training changes the weights in place: only fixed (loaded) weights are cached
    if (weights.emit instanceof Int16Array) constrained.set(weights, c);
  }
  return c;
}

const scratch = {
  alpha: new Float64Array(0),
  back: new Uint8Array(0),
  beta: new Float64Array(0),
};

/**
 * The best tag sequence (Viterbi) under the BIO constraints. With `margins`, also each token's
 * margin: how much lower the best sequence would score if that token took any other tag (from
 * max-marginals: a forward and a backward pass), the raw confidence calibration turns into a
 * probability.
 */
export function decode(
  weights: ChainWeights,
  scores: Float64Array,
  n: number,
  margins?: Float64Array,
): Uint8Array {
  const K = TAG_COUNT;
  const { trans, start } = constrainedScores(weights);
  const tags = new Uint8Array(n);
  if (n === 0) return tags;
  // working arrays reused from one call to the next (decoding is synchronous): every cell read
  // below is written first, except beta's last row, cleared where beta is made
  if (scratch.alpha.length < n * K) {
    scratch.alpha = new Float64Array(2 * n * K);
    scratch.back = new Uint8Array(2 * n * K);
    scratch.beta = new Float64Array(2 * n * K);
  }
  const { alpha, back } = scratch;
  for (let t = 0; t < K; t++) alpha[t] = start[t]! + scores[t]!;
  for (let i = 1; i < n; i++) {
    const o = i * K;
    const p = o - K;
    const a0 = alpha[p]!;
    const a1 = alpha[p + 1]!;
    const a2 = alpha[p + 2]!;
    const a3 = alpha[p + 3]!;
    const a4 = alpha[p + 4]!;
    const a5 = alpha[p + 5]!;
    const a6 = alpha[p + 6]!;
    // O and the B tags (0, 1, 3, 5) may follow any tag: the best of seven, unrolled
    for (let t = 0; t < K; t += t === 0 ? 1 : 2) {
      let best = a0 + trans[t]!;
      let arg = 0;
      let v = a1 + trans[K + t]!;
      if (v > best) {
        best = v;
        arg = 1;
      }
      v = a2 + trans[2 * K + t]!;
      if (v > best) {
        best = v;
        arg = 2;
      }
      v = a3 + trans[3 * K + t]!;
      if (v > best) {
        best = v;
        arg = 3;
      }
      v = a4 + trans[4 * K + t]!;
      if (v > best) {
        best = v;
        arg = 4;
      }
      v = a5 + trans[5 * K + t]!;
      if (v > best) {
        best = v;
        arg = 5;
      }
      v = a6 + trans[6 * K + t]!;
      if (v > best) {
        best = v;
        arg = 6;
      }
      alpha[o + t] = best + scores[o + t]!;
      back[o + t] = arg;
    }
    // an I tag (2, 4, 6) follows only its own B or I
    for (let t = 2; t < K; t += 2) {
      const fromB = alpha[p + t - 1]! + trans[(t - 1) * K + t]!;
      const fromI = alpha[p + t]! + trans[t * K + t]!;
      if (fromI > fromB) {
        alpha[o + t] = fromI + scores[o + t]!;
        back[o + t] = t;
      } else {
        alpha[o + t] = fromB + scores[o + t]!;
        back[o + t] = t - 1;
      }
    }
  }
  const last = (n - 1) * K;
  let bestT = 0;
  for (let t = 1; t < K; t++) if (alpha[last + t]! > alpha[last + bestT]!) bestT = t;
  const total = alpha[last + bestT]!;
  tags[n - 1] = bestT;
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * K + tags[i]!]!;
  // margins are asked of entity tokens and the token after each: none before the first entity
  let first = 0;
  while (first < n && tags[first] === 0) first++;
  if (margins && first < n) {
    // beta[i][t]: the best score of tokens after i given tag t at i
    const { beta } = scratch;
    beta.fill(0, (n - 1) * K, n * K);
    for (let i = n - 2; i >= first; i--) {
      const o = i * K;
      const q = o + K;
      const h0 = scores[q]! + beta[q]!;
      const h1 = scores[q + 1]! + beta[q + 1]!;
      const h2 = scores[q + 2]! + beta[q + 2]!;
      const h3 = scores[q + 3]! + beta[q + 3]!;
      const h4 = scores[q + 4]! + beta[q + 4]!;
      const h5 = scores[q + 5]! + beta[q + 5]!;
      const h6 = scores[q + 6]! + beta[q + 6]!;
      // any tag may go on to O or a B (0, 1, 3, 5); B-X and I-X also to I-X (unrolled: this pass
      // was a third of decoding with a loop over each tag's allowed successors)
      for (let s = 0; s < K; s++) {
        const r = s * K;
        let best = Math.max(trans[r]! + h0, trans[r + 1]! + h1, trans[r + 3]! + h3, trans[r + 5]! + h5);
        if (s === 1 || s === 2) best = Math.max(best, trans[r + 2]! + h2);
        else if (s === 3 || s === 4) best = Math.max(best, trans[r + 4]! + h4);
        else if (s === 5 || s === 6) best = Math.max(best, trans[r + 6]! + h6);
        beta[o + s] = best;
      }
    }
    for (let i = first; i < n; i++) {
      const o = i * K;
      let other = NEG;
      for (let t = 0; t < K; t++) {
        if (t === tags[i]) continue;
        const v = alpha[o + t]! + beta[o + t]!;
        if (v > other) other = v;
      }
      margins[i] = total - other;
    }
  }
  return tags;
}
