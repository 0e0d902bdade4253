import { factsOf } from '../lexicon-facts.js';
import { caseMode, type Token } from '../recognizers/tokens.js';
import {
  CASE_CODE,
  gapClass,
  hashRange,
  mix,
  PAD_FACTS_AFTER,
  PAD_FACTS_BEFORE,
  PAD_SHAPE_AFTER,
  PAD_SHAPE_BEFORE,
  PAD_WORD,
  shapeHash,
  T,
} from './features.js';
import { type ChainWeights, TAG_COUNT } from './model.js';

/*
 * Emission scores of a shipped (int16) model computed per distinct word instead of per token.
 * Fifteen of a token's 24 features depend on one word alone: its own word, affixes, shape and
 * lexicon facts, and each neighbour's word and facts as seen from its position. Their summed rows
 * are kept per word (in a bounded table), so a word seen before costs one Map lookup and five
 * vector reads instead of fifteen hashes and fifteen scattered rows of an 8 MB table; the nine
 * features that pair a word with its surroundings (neighbour pairs, shape pairs, the gaps, the
 * text's case and the sentence start) are read as before. The weights are integers, so the sums
 * are exact in any order: the scores equal `emissions(tokenFeatures(…))` bit for bit.
 */

// a word's vectors, TAG_COUNT sums each, padded to 8: its own features, then what it gives the
// token one after, one before, two after and two before it (as that token's previous, next, …)
const OWN = 0;
const AS_PREV = 8;
const AS_NEXT = 16;
const AS_PREV2 = 24;
const AS_NEXT2 = 32;
const STRIDE = 40;
/** Words kept before the table starts again: 2^16 words are 10 MB. */
const WORD_LIMIT = 1 << 16;
/** The four padding slots (two before the text, two after) take the first ids. */
const PADS = 4;

if (TAG_COUNT !== 7) throw new Error('word emissions assume 7 tags');

class WordTable {
  readonly ids = new Map<string, number>();
  sums = new Int32Array(1024 * STRIDE);
  word = new Int32Array(1024);
  shape = new Int32Array(1024);
  facts = new Int32Array(1024);
  count = 0;

  constructor(
    readonly emit: Int16Array,
    readonly shift: number,
  ) {
    this.reset();
  }

  /** Forgets every word; the padding slots stay. */
  reset(): void {
    this.ids.clear();
    this.sums.fill(0);
    this.count = 0;
    for (let k = 0; k < PADS; k++) {
      const id = this.count++;
      this.word[id] = PAD_WORD[k]!;
      this.shape[id] = k < 2 ? PAD_SHAPE_BEFORE : PAD_SHAPE_AFTER;
      this.facts[id] = k < 2 ? PAD_FACTS_BEFORE : PAD_FACTS_AFTER;
      this.neighbourRows(id);
    }
  }

  /** Adds row `mix(template, value)` of the model to the vector at `at`. */
  private add(at: number, template: number, value: number): void {
    const r = (mix(template, value) >>> this.shift) << 3;
    const { sums, emit } = this;
    for (let k = 0; k < TAG_COUNT; k++) sums[at + k]! += emit[r + k]!;
  }

  private neighbourRows(id: number): void {
    const base = id * STRIDE;
    const w = this.word[id]!;
    const f = this.facts[id]!;
    this.add(base + AS_PREV, T.wPrev, w);
    this.add(base + AS_PREV, T.factsPrev, f);
    this.add(base + AS_NEXT, T.wNext, w);
    this.add(base + AS_NEXT, T.factsNext, f);
    this.add(base + AS_PREV2, T.wPrev2, w);
    this.add(base + AS_NEXT2, T.wNext2, w);
  }

  /** The id of a token's word, its vectors made on first sight. */
  idOf(t: Token): number {
    let id = this.ids.get(t.text);
    if (id !== undefined) return id;
    id = this.count++;
    if (id >= this.word.length) this.grow();
    const k = t.key;
    const len = k.length;
    const w = hashRange(k, 0, len, 0);
    const s = shapeHash(t.text);
    const f = factsOf(k);
    this.word[id] = w;
    this.shape[id] = s;
    this.facts[id] = f;
    const own = id * STRIDE + OWN;
    this.add(own, T.bias, 0);
    this.add(own, T.w0, w);
    this.add(own, T.suf2, len >= 2 ? hashRange(k, len - 2, len, 2) : 0);
    this.add(own, T.suf3, len >= 3 ? hashRange(k, len - 3, len, 3) : 0);
    this.add(own, T.suf4, len >= 4 ? hashRange(k, len - 4, len, 4) : 0);
    this.add(own, T.pre2, len >= 2 ? hashRange(k, 0, 2, 5) : 0);
    this.add(own, T.pre3, len >= 3 ? hashRange(k, 0, 3, 6) : 0);
    this.add(own, T.shape0, s);
    this.add(own, T.facts0, f);
    this.neighbourRows(id);
    this.ids.set(t.text, id);
    return id;
  }

  private grow(): void {
    const size = 2 * this.word.length;
    const sums = new Int32Array(size * STRIDE);
    sums.set(this.sums);
    this.sums = sums;
    for (const name of ['word', 'shape', 'facts'] as const) {
      const next = new Int32Array(size);
      next.set(this[name]);
      this[name] = next;
    }
  }
}

const tables = new WeakMap<ChainWeights, WordTable>();

// per-position working arrays, reused from one text to the next (tagging is synchronous)
let ids = new Int32Array(256);
let gaps = new Int32Array(256);
/** Features read per token from the model rather than from the word table. */
const PAIRED = 9;
const pair = new Int32Array(PAIRED);

/**
 * Each token's score for each tag (`n × TAG_COUNT` into `into`), equal to
 * `emissions(weights, tokenFeatures(text, toks, weights.bits), n)`, or undefined when the
 * weights are not a shipped int16 model (training's doubles are summed in feature order).
 * `toks` are `tokenize(text)`'s: a token's key and shape follow from its text.
 *
 * @example
 * const scores = wordEmissions(model.weights, text, tokenize(text), new Float64Array(7 * 64));
 */
export function wordEmissions(
  weights: ChainWeights,
  text: string,
  toks: readonly Token[],
  into: Float64Array,
): Float64Array | undefined {
  const emit = weights.emit;
  if (!(emit instanceof Int16Array)) return undefined;
  let table = tables.get(weights);
  if (table === undefined) {
    table = new WordTable(emit, 32 - weights.bits);
    tables.set(weights, table);
  }
  const n = toks.length;
  // a new start only between texts: ids handed out for this text must stay valid
  if (table.count + n > WORD_LIMIT) table.reset();
  if (ids.length < n + 4) {
    ids = new Int32Array(2 * (n + 4));
    gaps = new Int32Array(2 * (n + 4));
  }
  ids[0] = 0;
  ids[1] = 1;
  ids[n + 2] = 2;
  ids[n + 3] = 3;
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    ids[i + 2] = table.idOf(t);
    gaps[i + 1] = i === 0 ? 0 : gapClass(text, prevEnd, t.start);
    prevEnd = t.end;
  }
  gaps[n + 1] = gapClass(text, prevEnd, text.length) + 1000;
  const mode = CASE_CODE[caseMode(text)];
  const { sums, word, shape, facts } = table;
  const shift = table.shift;
  const scale = weights.scale;
  let prevPair = mix(word[ids[1]!]!, word[ids[2]!]!);
  for (let i = 0, o = 0; i < n; i++, o += TAG_COUNT) {
    const p = i + 2;
    const id = ids[p]!;
    const a = id * STRIDE + OWN;
    const b = ids[p - 1]! * STRIDE + AS_PREV;
    const c = ids[p + 1]! * STRIDE + AS_NEXT;
    const d = ids[p - 2]! * STRIDE + AS_PREV2;
    const e = ids[p + 2]! * STRIDE + AS_NEXT2;
    let s0 = sums[a]! + sums[b]! + sums[c]! + sums[d]! + sums[e]!;
    let s1 = sums[a + 1]! + sums[b + 1]! + sums[c + 1]! + sums[d + 1]! + sums[e + 1]!;
    let s2 = sums[a + 2]! + sums[b + 2]! + sums[c + 2]! + sums[d + 2]! + sums[e + 2]!;
    let s3 = sums[a + 3]! + sums[b + 3]! + sums[c + 3]! + sums[d + 3]! + sums[e + 3]!;
    let s4 = sums[a + 4]! + sums[b + 4]! + sums[c + 4]! + sums[d + 4]! + sums[e + 4]!;
    let s5 = sums[a + 5]! + sums[b + 5]! + sums[c + 5]! + sums[d + 5]! + sums[e + 5]!;
    let s6 = sums[a + 6]! + sums[b + 6]! + sums[c + 6]! + sums[d + 6]! + sums[e + 6]!;
    const w0 = word[id]!;
    const sh = shape[id]!;
    const f0 = facts[id]!;
    const start = toks[i]!.sentenceStart ? 1 : 0;
    const nextPair = mix(w0, word[ids[p + 1]!]!);
    // the nine features that pair the word with its surroundings
    pair[0] = mix(T.wPrevW0, prevPair);
    pair[1] = mix(T.w0WNext, nextPair);
    pair[2] = mix(T.shapePrev0, mix(shape[ids[p - 1]!]!, sh));
    pair[3] = mix(T.shape0Next, mix(sh, shape[ids[p + 1]!]!));
    pair[4] = mix(T.gapBeforeShape, mix(gaps[i + 1]!, sh));
    pair[5] = mix(T.gapAfter, gaps[i + 2]!);
    pair[6] = mix(T.caseFacts, mix(mode, f0));
    pair[7] = mix(T.caseShapeStart, mix(mix(mode, sh), start));
    pair[8] = mix(T.startFacts, mix(start, f0));
    for (let r = 0; r < PAIRED; r++) {
      const q = (pair[r]! >>> shift) << 3;
      s0 += emit[q]!;
      s1 += emit[q + 1]!;
      s2 += emit[q + 2]!;
      s3 += emit[q + 3]!;
      s4 += emit[q + 4]!;
      s5 += emit[q + 5]!;
      s6 += emit[q + 6]!;
    }
    prevPair = nextPair;
    into[o] = s0 * scale;
    into[o + 1] = s1 * scale;
    into[o + 2] = s2 * scale;
    into[o + 3] = s3 * scale;
    into[o + 4] = s4 * scale;
    into[o + 5] = s5 * scale;
    into[o + 6] = s6 * scale;
  }
  return into;
}
