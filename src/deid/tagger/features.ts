import { factsOf } from '../lexicon-facts.js';
import { caseMode, type Token } from '../recognizers/tokens.js';

/**
 * The tagger's features. Every token gets the same number of features, each a hashed
 * (template, value) pair folded into a fixed table of `2^bits` rows: no feature strings are built
 * and no dictionary is kept, so extraction is a few integer mixes per token and the model is one
 * flat array. Values are hashed from the token's folded key (case-free, so a word means the same
 * in capitals and in lower case), its written shape, affixes, the lexicon's facts about it (faker's
 * name and place lists, common English words, titles, street and company words), the punctuation
 * around it, and the whole text's case (all capitals, all lower case or mixed).
 */
export const FEATURES_PER_TOKEN = 24;

// templates: the first argument to `mix`; a new template takes a new number, never an old one's
// (the shipped weights depend on the numbers; 25 to 32 were combinations that did not pay for
// their time)
const T = {
  bias: 1,
  w0: 2,
  wPrev: 3,
  wNext: 4,
  wPrev2: 5,
  wNext2: 6,
  wPrevW0: 7,
  w0WNext: 8,
  suf2: 9,
  suf3: 10,
  suf4: 11,
  pre2: 12,
  pre3: 13,
  shape0: 14,
  shapePrev0: 15,
  shape0Next: 16,
  facts0: 17,
  factsPrev: 18,
  factsNext: 19,
  gapBeforeShape: 20,
  gapAfter: 21,
  caseFacts: 22,
  caseShapeStart: 23,
  startFacts: 24,
} as const;

/** The 32-bit FNV-1a hash of a string's UTF-16 units from `from` to `to`. */
function hashRange(s: string, from: number, to: number, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Mixes two 32-bit values into one, every output bit depending on every input bit. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return h ^ (h >>> 16);
}

/**
 * The word's shape with runs collapsed: "Maria" Xx, "O'Brien" X'Xx, "MRN" X, "03" d, "Dr." Xx.,
 * "iPhone" xXx, hashed. Letters beyond ASCII count by their case.
 */
function shapeHash(text: string): number {
  let h = 0x2545f491;
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let k: number;
    if (c >= 97 && c <= 122) k = 1;
    else if (c >= 65 && c <= 90) k = 2;
    else if (c >= 48 && c <= 57) k = 3;
    else if (c < 128) k = c;
    else {
      const ch = text[i]!;
      const lo = ch.toLowerCase();
      k = lo !== ch ? 2 : ch.toUpperCase() !== ch ? 1 : 4;
    }
    if (k !== prev) h = Math.imul(h ^ k, 0x01000193);
    prev = k;
  }
  return h;
}

/** What lies between two tokens: nothing, spaces, a line break, a blank line, or a punctuation class. */
function gapClass(text: string, from: number, to: number): number {
  if (from === to) return 1;
  let newlines = 0;
  let first = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) newlines++;
    else if (first === 0 && c !== 32 && c !== 9 && c !== 13) first = c;
  }
  if (newlines > 1) return 2;
  if (newlines === 1) return first === 0 ? 3 : 4 + (first & 0xff);
  if (first === 0) return to - from > 1 ? 5 : 6;
  return 300 + (first & 0xffff);
}

const CASE_CODE = { mixed: 0, upper: 1, lower: 2 } as const;

// per-token working arrays, reused from one text to the next (features are made synchronously):
// a fresh set per short note was a tenth of detect's time in the garbage collector
let w = new Int32Array(256);
let shape = new Int32Array(256);
let facts = new Int32Array(256);
let gap = new Int32Array(256);
let rows = new Int32Array(256 * FEATURES_PER_TOKEN);

/**
 * Feature rows of every token, `FEATURES_PER_TOKEN` per token, each in `[0, 2^bits)`. With
 * `reuse`, the rows are written into a buffer that the next call overwrites (and that may be
 * longer than needed): for tagging, which uses them at once; training keeps its own. `known`
 * may give each token's `factsOf(key)` where the caller has it already (-1 where not).
 *
 * @example
 * const rows = tokenFeatures(text, tokenize(text), 19);
 */
export function tokenFeatures(
  text: string,
  toks: readonly Token[],
  bits: number,
  reuse = false,
  known?: readonly number[],
): Int32Array {
  const n = toks.length;
  if (w.length < n + 4) {
    const size = 2 * (n + 4);
    w = new Int32Array(size);
    shape = new Int32Array(size);
    facts = new Int32Array(size);
    gap = new Int32Array(size);
  }
  // padding: two slots each side hold boundary markers
  w[0] = 0x5eed0001;
  w[1] = 0x5eed0002;
  w[n + 2] = 0x5eed0003;
  w[n + 3] = 0x5eed0004;
  shape[0] = shape[1] = 0x5eed0005;
  shape[n + 2] = shape[n + 3] = 0x5eed0006;
  facts[0] = facts[1] = -1;
  facts[n + 2] = facts[n + 3] = -2;
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    w[i + 2] = hashRange(t.key, 0, t.key.length, 0);
    shape[i + 2] = shapeHash(t.text);
    const f = known === undefined ? -1 : known[i]!;
    facts[i + 2] = f >= 0 ? f : factsOf(t.key);
    gap[i + 1] = i === 0 ? 0 : gapClass(text, prevEnd, t.start);
    prevEnd = t.end;
  }
  gap[n + 1] = gapClass(text, prevEnd, text.length) + 1000;
  const mode = CASE_CODE[caseMode(text)];
  if (reuse && rows.length < n * FEATURES_PER_TOKEN) rows = new Int32Array(2 * n * FEATURES_PER_TOKEN);
  const out = reuse ? rows : new Int32Array(n * FEATURES_PER_TOKEN);
  const shift = 32 - bits;
  const bias = mix(T.bias, 0) >>> shift;
  // a pair of neighbours is the next pair of the token before: each pair is mixed once
  let wordPair = mix(w[1]!, w[2]!);
  let shapePair = mix(shape[1]!, shape[2]!);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    const k = t.key;
    const p = i + 2;
    const w0 = w[p]!;
    const s0 = shape[p]!;
    const f0 = facts[p]!;
    const start = t.sentenceStart ? 1 : 0;
    const nextWordPair = mix(w0, w[p + 1]!);
    const nextShapePair = mix(s0, shape[p + 1]!);
    out[o++] = bias;
    out[o++] = mix(T.w0, w0) >>> shift;
    out[o++] = mix(T.wPrev, w[p - 1]!) >>> shift;
    out[o++] = mix(T.wNext, w[p + 1]!) >>> shift;
    out[o++] = mix(T.wPrev2, w[p - 2]!) >>> shift;
    out[o++] = mix(T.wNext2, w[p + 2]!) >>> shift;
    out[o++] = mix(T.wPrevW0, wordPair) >>> shift;
    out[o++] = mix(T.w0WNext, nextWordPair) >>> shift;
    const len = k.length;
    out[o++] = mix(T.suf2, len >= 2 ? hashRange(k, len - 2, len, 2) : 0) >>> shift;
    out[o++] = mix(T.suf3, len >= 3 ? hashRange(k, len - 3, len, 3) : 0) >>> shift;
    out[o++] = mix(T.suf4, len >= 4 ? hashRange(k, len - 4, len, 4) : 0) >>> shift;
    out[o++] = mix(T.pre2, len >= 2 ? hashRange(k, 0, 2, 5) : 0) >>> shift;
    out[o++] = mix(T.pre3, len >= 3 ? hashRange(k, 0, 3, 6) : 0) >>> shift;
    out[o++] = mix(T.shape0, s0) >>> shift;
    out[o++] = mix(T.shapePrev0, shapePair) >>> shift;
    out[o++] = mix(T.shape0Next, nextShapePair) >>> shift;
    out[o++] = mix(T.facts0, f0) >>> shift;
    out[o++] = mix(T.factsPrev, facts[p - 1]!) >>> shift;
    out[o++] = mix(T.factsNext, facts[p + 1]!) >>> shift;
    out[o++] = mix(T.gapBeforeShape, mix(gap[i + 1]!, s0)) >>> shift;
    out[o++] = mix(T.gapAfter, gap[i + 2]!) >>> shift;
    out[o++] = mix(T.caseFacts, mix(mode, f0)) >>> shift;
    out[o++] = mix(T.caseShapeStart, mix(mix(mode, s0), start)) >>> shift;
    out[o++] = mix(T.startFacts, mix(start, f0)) >>> shift;
    wordPair = nextWordPair;
    shapePair = nextShapePair;
  }
  return out;
}
