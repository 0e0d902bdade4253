import { COMMON_WORD, factsOf, ORG_SUFFIX, STREET_TYPE, TITLE } from '../lexicon-facts.js';
import type { Recognizer } from '../recognizer.js';
import { lastDocWords } from '../recognizers/place-words.js';
import { type Token, tokenize } from '../recognizers/tokens.js';
import type { Span } from '../types.js';
import { tokenFeatures } from './features.js';
import { type ChainWeights, decode, emissions, TAG_COUNT, TAGGER_TYPES, type TaggerType } from './model.js';
import { type Calibration, shippedModel, type TaggerModel } from './model-file.js';

/** A span the tagger found, with its raw margin before calibration. */
export interface TaggedSpan {
  readonly start: number;
  readonly end: number;
  readonly type: TaggerType;
  /** the smallest per-token margin inside the span: how sure the model was */
  readonly margin: number;
}

/**
 * Where a span ending with this token ends: a word's trailing dot belongs to it when the word is
 * an initial or an abbreviation (Inc., Ltd., Ave., Jr.: in the lexicon's company, title or street
 * lists but not an English word), and otherwise ends the sentence ("Mercy Hospital.").
 */
function spanEnd(last: Token): number {
  if (!last.dotted || last.key.length === 1 || NAME_SUFFIXES.has(last.key)) return last.end;
  const facts = factsOf(last.key);
  const abbreviation = (facts & (ORG_SUFFIX | TITLE | STREET_TYPE)) !== 0 && (facts & COMMON_WORD) === 0;
  return abbreviation ? last.end : last.end - 1;
}

/** Name suffixes written with a dot. */
const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr']);

/**
 * Whether tokens i…j−1 lie in a code: three or more tokens glued together without a gap, one of
 * them digits (GB69PMNJ…, A12B). "3B" in "Apt 3B" is two tokens and stays an address's part.
 */
function inCode(toks: readonly Token[], i: number, j: number): boolean {
  let glued = 0;
  let digits = false;
  const from = Math.max(1, i - 2);
  const to = Math.min(toks.length - 1, j + 1);
  for (let k = from; k <= to; k++) {
    const a = toks[k - 1]!;
    const b = toks[k]!;
    if (a.end !== b.start) {
      glued = 0;
      digits = false;
      continue;
    }
    glued++;
    digits ||= isDigit(a.text.charCodeAt(0)) || isDigit(b.text.charCodeAt(0));
    // a run that reaches into the span
    if (glued >= 2 && digits && k >= i && k - glued <= j - 1) return true;
  }
  return false;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

// working arrays reused from one text to the next (tagging is synchronous)
let scores = new Float64Array(256 * TAG_COUNT);
let margins = new Float64Array(256);

/**
 * Tags a text's tokens and joins them into spans: a B tag opens a span, I tags of the same type
 * extend it. Offsets are the first token's start and the last token's end (UTF-16). `known`:
 * each token's lexicon facts where already looked up (see tokenFeatures).
 */
export function tagSpans(
  weights: ChainWeights,
  text: string,
  toks: readonly Token[],
  known?: readonly number[],
): TaggedSpan[] {
  const n = toks.length;
  if (n === 0) return [];
  if (scores.length < n * TAG_COUNT) {
    scores = new Float64Array(2 * n * TAG_COUNT);
    margins = new Float64Array(2 * n);
  }
  const feats = tokenFeatures(text, toks, weights.bits, true, known);
  const tags = decode(weights, emissions(weights, feats, n, scores), n, margins);
  const out: TaggedSpan[] = [];
  for (let i = 0; i < n; ) {
    const tag = tags[i]!;
    if (tag === 0 || (tag & 1) === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    let margin = margins[i]!;
    while (j < n && tags[j] === tag + 1) {
      margin = Math.min(margin, margins[j]!);
      j++;
    }
    // the token after the span is sure it is not a continuation, or the span would be longer
    if (j < n) margin = Math.min(margin, margins[j]!);
    // letters glued to digits (GB69PMNJ…, A12B) are a code, which the pattern recognizers own
    if (inCode(toks, i, j)) {
      i = j;
      continue;
    }
    out.push({
      start: toks[i]!.start,
      end: spanEnd(toks[j - 1]!),
      type: TAGGER_TYPES[(tag - 1) >> 1]!,
      margin,
    });
    i = j;
  }
  return out;
}

/** A calibrated probability from a margin. */
export function calibrated(calibration: Calibration, type: TaggerType, margin: number): number {
  const { a, b } = calibration[type];
  return 1 / (1 + Math.exp(-(a * margin + b)));
}

/** The ridge on the calibration's parameters (on the mean-scaled margin). */
const RIDGE = 1;

/**
 * Fits `p = sigmoid(a × margin + b)` to outcomes (Platt scaling, by Newton's method on the
 * log-likelihood with a small ridge), so a span's score is the share of such spans that were
 * right on held-out text.
 */
export function fitPlatt(margins: readonly number[], correct: readonly boolean[]): { a: number; b: number } {
  if (margins.length === 0) return { a: 1, b: 0 };
  // fitted on margins divided by their mean, so Newton starts near the answer whatever the scale
  let scale = 0;
  for (const x of margins) scale += Math.abs(x);
  scale = scale / margins.length || 1;
  const xs = margins.map((x) => x / scale);
  // Platt's targets: not 0 and 1 but slightly inside, against overconfidence on separable data
  const pos = correct.filter(Boolean).length;
  const neg = correct.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const ys = correct.map((c) => (c ? hi : lo));
  // the penalised negative log-likelihood
  const loss = (a: number, b: number) => {
    let l = (RIDGE * (a * a + b * b)) / 2;
    for (let i = 0; i < xs.length; i++) {
      const z = a * xs[i]! + b;
      // log(1 + e^z) − y z, written to stay finite for large |z|
      l += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - ys[i]! * z;
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = RIDGE * a;
    let gb = RIDGE * b;
    let haa = RIDGE;
    let hab = 0;
    let hbb = RIDGE;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const d = p - ys[i]!;
      const w = p * (1 - p);
      ga += d * x;
      gb += d;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // a Newton step, halved until the loss goes down
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10) break;
  }
  return { a: a / scale, b };
}

export interface TaggerRecognizerOptions {
  /** A model other than the shipped one (models/ner/tagger.bin.gz). */
  readonly model?: TaggerModel;
}

/**
 * The learned name, place and organisation tagger as a Recognizer: an averaged-perceptron
 * linear-chain model trained only on trainkit's own synthetic text (`npm run train:ner`). The
 * model file is read on the first text, not at import. Each span's score is a calibrated
 * probability that it is right, so the detector's one threshold trades recall for precision.
 *
 * @example
 * new Detector({ recognizers: [taggerRecognizer()] }).detect('Seen by Dr. Okafor at Mercy Hospital.');
 */
export function taggerRecognizer(options: TaggerRecognizerOptions = {}): Recognizer {
  return {
    name: 'tagger',
    types: TAGGER_TYPES,
    detect(text, ctx): Span[] {
      const model = options.model ?? shippedModel();
      const toks = ctx.tokens ? ctx.tokens() : tokenize(text);
      // the lexicon recognizers looked up the words' facts already (-1 for numbers)
      const known = lastDocWords(text, toks)?.facts;
      return tagSpans(model.weights, text, toks, known).map((s) => ({
        start: s.start,
        end: s.end,
        type: s.type,
        score: calibrated(model.header.calibration, s.type, s.margin),
        recognizer: 'tagger',
      }));
    },
  };
}
