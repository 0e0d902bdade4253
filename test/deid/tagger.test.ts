import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultRecognizers } from '../../src/deid/recognizers/index.js';
import { tokenize } from '../../src/deid/recognizers/tokens.js';
import {
  type Calibration,
  type ChainWeights,
  calibrated,
  decode,
  emissions,
  FEATURES_PER_TOKEN,
  fitPlatt,
  goldTags,
  packModel,
  shippedModel,
  TAG_COUNT,
  TAGGER_TYPES,
  type TaggedSpan,
  type TrainingDocument,
  taggerRecognizer,
  tagName,
  tagSpans,
  toExample,
  trainPerceptron,
  unpackModel,
} from '../../src/deid/tagger/index.js';
import { allowed, ROW } from '../../src/deid/tagger/model.js';
import { Rng } from '../../src/random/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const K = TAG_COUNT;
const O = 0;
const B_PER = 1;
const I_PER = 2;
const B_LOC = 3;
const I_LOC = 4;
const B_ORG = 5;
const I_ORG = 6;

/** Tag names of a sequence, for readable failures. */
const names = (tags: Iterable<number>) => [...tags].map(tagName);

/** Small chain weights with every emission row zero: scores come from `start` and `trans` (or are passed in). */
function smallWeights(trans: number[] = new Array(K * K).fill(0), start: number[] = new Array(K).fill(0)) {
  const bits = 4;
  return {
    bits,
    emit: new Float64Array((1 << bits) * ROW),
    scale: 1,
    trans: Float64Array.from(trans),
    start: Float64Array.from(start),
  } satisfies ChainWeights;
}

/** Every tag sequence of length n that the BIO constraints allow. */
function allSequences(n: number): number[][] {
  let seqs: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    const next: number[][] = [];
    for (const s of seqs) {
      for (let t = 0; t < K; t++) if (allowed(i === 0 ? -1 : s[i - 1]!, t)) next.push([...s, t]);
    }
    seqs = next;
  }
  return seqs;
}

function sequenceScore(w: ChainWeights, scores: Float64Array, seq: readonly number[]): number {
  let total = w.start[seq[0]!]! + scores[seq[0]!]!;
  for (let i = 1; i < seq.length; i++)
    total += w.trans[seq[i - 1]! * K + seq[i]!]! + scores[i * K + seq[i]!]!;
  return total;
}

function isValidBio(tags: ArrayLike<number>): boolean {
  for (let i = 0; i < tags.length; i++) if (!allowed(i === 0 ? -1 : tags[i - 1]!, tags[i]!)) return false;
  return true;
}

describe('goldTags', () => {
  const tagsOf = (text: string, spans: TrainingDocument['spans']) => {
    const toks = tokenize(text);
    return { words: toks.map((t) => t.text), tags: names(goldTags(toks, spans)) };
  };

  it('tags the first token of a span B and the rest I, others O', () => {
    const text = 'Seen by Maria Gomez in Boston today.';
    const maria = text.indexOf('Maria');
    const boston = text.indexOf('Boston');
    expect(
      tagsOf(text, [
        { start: boston, end: boston + 6, type: 'LOCATION' },
        // given out of order: goldTags sorts them
        { start: maria, end: maria + 11, type: 'PERSON' },
      ]),
    ).toEqual({
      words: ['Seen', 'by', 'Maria', 'Gomez', 'in', 'Boston', 'today.'],
      tags: ['O', 'O', 'B-PERSON', 'I-PERSON', 'O', 'B-LOCATION', 'O'],
    });
  });

  it('tags a possessive name by its name token, whether or not the gold span covers the "\'s"', () => {
    const text = "Liam's mother called Acme Corp.";
    const acme = text.indexOf('Acme');
    for (const end of [4, 6]) {
      expect(
        tagsOf(text, [
          { start: 0, end, type: 'PERSON' },
          { start: acme, end: text.length, type: 'ORGANIZATION' },
        ]),
      ).toEqual({
        words: ['Liam', 'mother', 'called', 'Acme', 'Corp.'],
        tags: ['B-PERSON', 'O', 'O', 'B-ORGANIZATION', 'I-ORGANIZATION'],
      });
    }
  });

  it('keeps a dotted initial inside the span', () => {
    const text = 'John F. Kennedy visited.';
    expect(tagsOf(text, [{ start: 0, end: 15, type: 'PERSON' }])).toEqual({
      words: ['John', 'F.', 'Kennedy', 'visited.'],
      tags: ['B-PERSON', 'I-PERSON', 'I-PERSON', 'O'],
    });
  });

  it('tags spans of types the tagger does not know O, and starts a new B on an adjacent span', () => {
    const text = 'Call 617 555 0134 for Maria Gomez John Smith.';
    const phone = { start: 5, end: 17, type: 'PHONE' };
    const maria = { start: text.indexOf('Maria'), end: text.indexOf('Maria') + 11, type: 'PERSON' };
    const john = { start: text.indexOf('John'), end: text.indexOf('John') + 10, type: 'PERSON' };
    expect(tagsOf(text, [phone, maria, john]).tags).toEqual([
      'O',
      'O',
      'O',
      'O',
      'O',
      'B-PERSON',
      'I-PERSON',
      'B-PERSON',
      'I-PERSON',
    ]);
    expect(tagsOf(text, [phone]).tags.every((t) => t === 'O')).toBe(true);
  });
});

describe('emissions and decode', () => {
  it('numbers tags O, then B and I per type, and allows I only after B or I of its type', () => {
    expect(names([O, B_PER, I_PER, B_LOC, I_LOC, B_ORG, I_ORG])).toEqual([
      'O',
      'B-PERSON',
      'I-PERSON',
      'B-LOCATION',
      'I-LOCATION',
      'B-ORGANIZATION',
      'I-ORGANIZATION',
    ]);
    expect(allowed(B_LOC, I_LOC) && allowed(I_LOC, I_LOC) && allowed(O, B_LOC) && allowed(-1, B_ORG)).toBe(
      true,
    );
    expect(allowed(-1, I_PER) || allowed(O, I_PER) || allowed(B_LOC, I_PER) || allowed(I_ORG, I_LOC)).toBe(
      false,
    );
  });

  it('emissions sum the rows of each token’s features, times scale', () => {
    const w = { ...smallWeights(), emit: new Int16Array((1 << 4) * ROW), scale: 0.5 } satisfies ChainWeights;
    for (let r = 0; r < 1 << 4; r++) for (let t = 0; t < K; t++) w.emit[r * ROW + t] = r * 10 + t;
    // token 0: every feature on row 0; token 1: half on row 1, half on row 3
    const feats = new Int32Array(2 * FEATURES_PER_TOKEN);
    for (let f = 0; f < FEATURES_PER_TOKEN; f++) feats[FEATURES_PER_TOKEN + f] = f % 2 === 0 ? 1 : 3;
    const e = emissions(w, feats, 2);
    for (let t = 0; t < K; t++) {
      expect(e[t]).toBe(FEATURES_PER_TOKEN * t * 0.5);
      expect(e[K + t]).toBe((FEATURES_PER_TOKEN / 2) * (10 + t + 30 + t) * 0.5);
    }
  });

  it('int16 weights (read in pairs) give exactly the scores of the same weights as doubles, signs and extremes included', () => {
    const rng = Rng.from(['tagger-test', 'int16 pairs']);
    const rows = 1 << 4;
    // one spare unit in front, so the int16 view can also start at an odd pair (byte offset 2)
    const backing = new Int16Array(rows * ROW + 1);
    for (let k = 0; k < backing.length; k++) backing[k] = Math.floor(rng.float() * 65536) - 32768;
    backing[1] = -32768;
    backing[2] = 32767;
    backing[3] = -1;
    const n = 3;
    const feats = new Int32Array(n * FEATURES_PER_TOKEN);
    for (let f = 0; f < feats.length; f++) feats[f] = Math.floor(rng.float() * rows);
    for (const emit of [backing.subarray(0, rows * ROW), backing.subarray(1)]) {
      const asInt = { ...smallWeights(), emit, scale: 0.37 } satisfies ChainWeights;
      const asDouble = { ...asInt, emit: Float64Array.from(emit) } satisfies ChainWeights;
      expect(Array.from(emissions(asInt, feats, n))).toEqual(Array.from(emissions(asDouble, feats, n)));
    }
  });

  it('returns the best allowed sequence and exact max-marginal margins (brute force, n ≤ 4)', () => {
    const rng = Rng.from(['tagger-test', 'decode']);
    const u = (lo: number, hi: number) => lo + (hi - lo) * rng.float();
    let checkedMargins = 0;
    for (let n = 1; n <= 4; n++) {
      const seqs = allSequences(n);
      for (let trial = 0; trial < 60; trial++) {
        const w = smallWeights(
          Array.from({ length: K * K }, () => u(-2, 2)),
          Array.from({ length: K }, () => u(-2, 2)),
        );
        // I tags get a bonus so that the constraints bind often
        const scores = Float64Array.from(
          { length: n * K },
          (_, k) => u(-3, 3) + (k % K > 0 && k % 2 === 0 ? 2 : 0),
        );
        const margins = new Float64Array(n).fill(Number.NaN);
        const tags = decode(w, scores, n, margins);
        const all = seqs.map((s) => sequenceScore(w, scores, s));
        const bestIndex = all.indexOf(Math.max(...all));
        const best = all[bestIndex]!;
        expect(names(tags)).toEqual(names(seqs[bestIndex]!));
        expect(sequenceScore(w, scores, [...tags])).toBeCloseTo(best, 9);
        expect(isValidBio(tags)).toBe(true);
        // margins are computed from the first entity token on (documented: none before it)
        const first = tags.findIndex((t) => t !== O);
        for (let i = 0; i < n; i++) {
          if (first < 0 || i < first) {
            expect(margins[i]).toBeNaN();
            continue;
          }
          let other = Number.NEGATIVE_INFINITY;
          for (let s = 0; s < seqs.length; s++) if (seqs[s]![i] !== tags[i]) other = Math.max(other, all[s]!);
          expect(margins[i]).toBeCloseTo(best - other, 9);
          expect(margins[i]).toBeGreaterThanOrEqual(0);
          checkedMargins++;
        }
      }
    }
    expect(checkedMargins).toBeGreaterThan(300);
  });

  it('never puts I-X after O or after another type, however much the scores want it', () => {
    // transitions that reward every forbidden move, emissions that favour I tags everywhere
    const trans = new Array(K * K).fill(0);
    for (let s = 0; s < K; s++) for (let t = 0; t < K; t++) if (!allowed(s, t)) trans[s * K + t] = 50;
    const start = [0, 0, 40, 0, 40, 0, 40];
    const w = smallWeights(trans, start);
    const n = 6;
    const scores = new Float64Array(n * K);
    for (let i = 0; i < n; i++) scores[i * K + (i % 2 === 0 ? I_PER : I_LOC)] = 30;
    const tags = decode(w, scores, n);
    expect(isValidBio(tags)).toBe(true);
    expect(tags[0]).not.toBe(I_PER);
    const rng = Rng.from(['tagger-test', 'bio']);
    for (let trial = 0; trial < 200; trial++) {
      const m = 1 + rng.below(12);
      const s = Float64Array.from({ length: m * K }, (_, k) =>
        (k % K) % 2 === 0 && k % K > 0 ? 5 + rng.float() : rng.float(),
      );
      expect(isValidBio(decode(w, s, m))).toBe(true);
    }
  });

  it('decodes nothing for an empty text and a single token alone', () => {
    const w = smallWeights();
    expect(decode(w, new Float64Array(0), 0)).toEqual(new Uint8Array(0));
    const scores = new Float64Array(K);
    scores[B_ORG] = 1;
    scores[I_ORG] = 5; // not allowed at the start
    const margins = new Float64Array(1);
    expect(names(decode(w, scores, 1, margins))).toEqual(['B-ORGANIZATION']);
    expect(margins[0]).toBeCloseTo(1, 12);
  });
});

describe('tagSpans', () => {
  /** A model whose emissions are all zero: every token of the text becomes one span of `type`. */
  function wholeTextAs(type: 'PERSON' | 'LOCATION' | 'ORGANIZATION'): ChainWeights {
    const b = 1 + 2 * TAGGER_TYPES.indexOf(type);
    const trans = new Array(K * K).fill(-10);
    trans[b * K + b + 1] = 10;
    trans[(b + 1) * K + b + 1] = 10;
    const start = new Array(K).fill(-10);
    start[b] = 10;
    return smallWeights(trans, start);
  }
  const spanText = (w: ChainWeights, text: string) =>
    tagSpans(w, text, tokenize(text)).map((s) => [text.slice(s.start, s.end), s.type]);

  it('leaves codes of glued letters and digits to the pattern recognizers, but not a unit like 3B', () => {
    expect(spanText(wholeTextAs('LOCATION'), 'GB69PMNJ18913943430745')).toEqual([]);
    expect(spanText(wholeTextAs('LOCATION'), 'Apt 3B')).toEqual([['Apt 3B', 'LOCATION']]);
  });

  it('joins B and I tags into one span and leaves a sentence-ending dot outside it', () => {
    expect(spanText(wholeTextAs('LOCATION'), 'North Springfield.')).toEqual([
      ['North Springfield', 'LOCATION'],
    ]);
    expect(spanText(wholeTextAs('PERSON'), 'Maria Gomez.')).toEqual([['Maria Gomez', 'PERSON']]);
  });

  it('keeps the dot of an initial and of a known abbreviation (Inc., St., Dr.)', () => {
    expect(spanText(wholeTextAs('ORGANIZATION'), 'Globex Inc.')).toEqual([['Globex Inc.', 'ORGANIZATION']]);
    expect(spanText(wholeTextAs('LOCATION'), 'Mulholland Dr.')).toEqual([['Mulholland Dr.', 'LOCATION']]);
    expect(spanText(wholeTextAs('PERSON'), 'John F.')).toEqual([['John F.', 'PERSON']]);
    expect(spanText(wholeTextAs('LOCATION'), '12 Elm St.')).toEqual([['12 Elm St.', 'LOCATION']]);
  });

  // name suffixes are abbreviations the lexicon's company, title and street lists do not hold
  it('keeps the dot of a name suffix such as Jr.', () => {
    expect(spanText(wholeTextAs('PERSON'), 'Robert Smith Jr.')).toEqual([['Robert Smith Jr.', 'PERSON']]);
  });

  // those lists hold full words too (hospital, street, group): only abbreviations keep the dot
  it('leaves the sentence-ending dot outside a span ending in a full word such as Hospital or Street', () => {
    expect(spanText(wholeTextAs('ORGANIZATION'), 'Mercy Hospital.')).toEqual([
      ['Mercy Hospital', 'ORGANIZATION'],
    ]);
    expect(spanText(wholeTextAs('LOCATION'), 'Elm Street.')).toEqual([['Elm Street', 'LOCATION']]);
  });

  it('reports the smallest margin in the span and of the token after it', () => {
    // one PERSON span over the first two tokens, then O; margins from decode
    const text = 'Maria Gomez smiled';
    const toks = tokenize(text);
    const trans = new Array(K * K).fill(0);
    trans[B_PER * K + I_PER] = 3;
    trans[I_PER * K + O] = 1;
    const start = [0, 4, 0, 0, 0, 0, 0];
    const w = smallWeights(trans, start);
    const spans = tagSpans(w, text, toks);
    expect(spans.map((s) => [s.start, s.end, s.type])).toEqual([[0, 11, 'PERSON']]);
    const margins = new Float64Array(3);
    const tags = decode(w, new Float64Array(3 * K), 3, margins);
    expect(names(tags)).toEqual(['B-PERSON', 'I-PERSON', 'O']);
    expect(spans[0]!.margin).toBe(Math.min(margins[0]!, margins[1]!, margins[2]!));
    expect(tagSpans(w, '', [])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// a toy problem the perceptron must learn: context, not memorised names

const TRAIN_FIRST = [
  'Maria',
  'John',
  'Aisha',
  'Kenji',
  'Olga',
  'Pedro',
  'Fatima',
  'Liam',
  'Chloe',
  'Omar',
  'Ingrid',
  'Ravi',
];
const TRAIN_LAST = [
  'Gomez',
  'Smith',
  'Okafor',
  'Tanaka',
  'Petrova',
  'Silva',
  'Haddad',
  'Murphy',
  'Dubois',
  'Nasser',
];
const TEST_FIRST = ['Elena', 'Tomasz', 'Yusuf', 'Greta', 'Marco', 'Nadia', 'Sven', 'Priya'];
const TEST_LAST = ['Kowalski', 'Lindqvist', 'Moreau', 'Castillo', 'Brennan', 'Novak', 'Ferreira', 'Iyer'];
const TRAIN_CITIES = ['Boston', 'Denver', 'Lisbon', 'Osaka', 'Nairobi', 'Glasgow', 'Toronto', 'Perth'];
const TEST_CITIES = ['Hamburg', 'Seattle', 'Bergen', 'Cordoba', 'Adelaide', 'Kyoto'];
const TRAIN_ORGS = ['Acme Widgets', 'Northwind Traders', 'Blue Harbor Labs', 'Initech'];
const TEST_ORGS = ['Globex Systems', 'Vandelay Imports', 'Stark Dynamics'];

interface Lists {
  first: string[];
  last: string[];
  cities: string[];
  orgs: string[];
}

/** Builds a document from a template with {P}, {L} and {O} holes, recording the spans. */
function toyDocument(rng: Rng, lists: Lists): TrainingDocument {
  const templates = [
    'Dr. {P} saw the patient in {L}.',
    'The patient was referred by {P} from {L} on Monday.',
    '{P} works at {O} and lives in {L}.',
    'Seen today with her husband {P}, who drove from {L}.',
    'Insurance through {O} was confirmed by {P} yesterday.',
    'the nurse spoke with {P} about the visit to {L}.',
    '{P} and {P} met in {L} last week.',
    'Discharged home to {L} with follow-up at {O}; call {P} if worse.',
    'Mother: {P}. Father: {P}. Home: {L}.',
  ];
  const template = rng.pick(templates);
  let text = '';
  const spans: { start: number; end: number; type: string }[] = [];
  for (const part of template.split(/(\{[PLO]\})/)) {
    let value = part;
    let type: string | undefined;
    if (part === '{P}') {
      value = rng.chance(0.5) ? `${rng.pick(lists.first)} ${rng.pick(lists.last)}` : rng.pick(lists.last);
      type = 'PERSON';
    } else if (part === '{L}') {
      value = rng.pick(lists.cities);
      type = 'LOCATION';
    } else if (part === '{O}') {
      value = rng.pick(lists.orgs);
      type = 'ORGANIZATION';
    }
    if (type) spans.push({ start: text.length, end: text.length + value.length, type });
    text += value;
  }
  return { text, spans };
}

function spanF1(gold: readonly TrainingDocument[], predicted: readonly (readonly TaggedSpan[])[]): number {
  let tp = 0;
  let g = 0;
  let p = 0;
  gold.forEach((doc, d) => {
    const key = (s: { start: number; end: number; type: string }) => `${s.start}:${s.end}:${s.type}`;
    const want = new Set(doc.spans.map(key));
    g += want.size;
    p += predicted[d]!.length;
    for (const s of predicted[d]!) if (want.has(key(s))) tp++;
  });
  return p + g === 0 ? 1 : (2 * tp) / (p + g);
}

describe('trainPerceptron', () => {
  const BITS = 16;
  const rng = Rng.from(['tagger-test', 'toy']);
  const trainDocs = Array.from({ length: 240 }, () =>
    toyDocument(rng, { first: TRAIN_FIRST, last: TRAIN_LAST, cities: TRAIN_CITIES, orgs: TRAIN_ORGS }),
  );
  const testDocs = Array.from({ length: 80 }, () =>
    toyDocument(rng, { first: TEST_FIRST, last: TEST_LAST, cities: TEST_CITIES, orgs: TEST_ORGS }),
  );
  const examples = trainDocs.map((d) => toExample(d, BITS));

  it('learns the toy problem: held-out span F1 ≥ 0.85 on names, cities and companies it never saw', () => {
    const errors: number[] = [];
    const w = trainPerceptron(examples, {
      bits: BITS,
      epochs: 5,
      seed: 1,
      onEpoch: (_, e) => errors.push(e),
    });
    expect(errors).toHaveLength(5);
    // it makes fewer mistakes as it goes, and has nearly learned the training set by the end
    expect(errors[4]!).toBeLessThan(errors[0]!);
    expect(errors[4]!).toBeLessThan(0.02);
    const predicted = testDocs.map((d) => tagSpans(w, d.text, tokenize(d.text)));
    // 0.89 with the 24 shipped features (1.0 with the 32 of an earlier version, whose extra word ×
    // shape combinations help most when there are only 240 documents); an untrained model scores 0
    expect(spanF1(testDocs, predicted)).toBeGreaterThanOrEqual(0.85);
    // an untrained model finds nothing
    const untrained = trainPerceptron([], { bits: BITS, epochs: 1, seed: 1 });
    expect(testDocs.flatMap((d) => tagSpans(untrained, d.text, tokenize(d.text)))).toEqual([]);
  });

  it('gives identical weights for the same examples and seed, and different ones for another seed', () => {
    const few = examples.slice(0, 60);
    const a = trainPerceptron(few, { bits: BITS, epochs: 2, seed: 7 });
    const b = trainPerceptron(few, { bits: BITS, epochs: 2, seed: 7 });
    const c = trainPerceptron(few, { bits: BITS, epochs: 2, seed: 8 });
    expect(Buffer.from(a.emit.buffer).equals(Buffer.from(b.emit.buffer))).toBe(true);
    expect([...a.trans]).toEqual([...b.trans]);
    expect([...a.start]).toEqual([...b.start]);
    expect(Buffer.from(a.emit.buffer).equals(Buffer.from(c.emit.buffer))).toBe(false);
  });

  it('toExample gives one feature row set per token, each row inside the table', () => {
    const ex = toExample(trainDocs[0]!, BITS);
    expect(ex.n).toBe(tokenize(trainDocs[0]!.text).length);
    expect(ex.feats).toHaveLength(ex.n * FEATURES_PER_TOKEN);
    expect(ex.gold).toHaveLength(ex.n);
    expect(ex.feats.every((r) => r >= 0 && r < 1 << BITS)).toBe(true);
  });
});

describe('packModel and unpackModel', () => {
  const calibration: Calibration = {
    PERSON: { a: 0.5, b: -1 },
    LOCATION: { a: 0.25, b: 0.5 },
    ORGANIZATION: { a: 1, b: 0 },
  };
  function randomWeights(seed: number): ChainWeights {
    const rng = Rng.from(['tagger-test', 'pack', seed]);
    const w = smallWeights(
      Array.from({ length: K * K }, () => rng.float() * 4 - 2),
      Array.from({ length: K }, () => rng.float() * 4 - 2),
    );
    for (let k = 0; k < w.emit.length; k++) if (k % ROW < K) w.emit[k] = (rng.float() - 0.5) * 37.3;
    return w;
  }

  it('round-trips header and weights, within one quantisation step', () => {
    const w = randomWeights(1);
    const { bytes, header } = packModel(w, calibration, { corpus: 'toy', documents: 3 });
    const m = unpackModel(bytes);
    expect(m.header).toEqual(header);
    expect(m.header).toMatchObject({
      format: 1,
      bits: 4,
      featuresPerToken: FEATURES_PER_TOKEN,
      types: [...TAGGER_TYPES],
      calibration,
      training: { corpus: 'toy', documents: 3 },
    });
    expect(m.header.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    const max = Math.max(...[...w.emit].map(Math.abs));
    expect(m.header.scale).toBeCloseTo(max / 32767, 15);
    expect(m.weights.bits).toBe(4);
    expect(m.weights.emit).toBeInstanceOf(Int16Array);
    expect(m.weights.emit).toHaveLength(w.emit.length);
    for (let k = 0; k < w.emit.length; k++) {
      expect(Math.abs(m.weights.emit[k]! * m.weights.scale - w.emit[k]!)).toBeLessThanOrEqual(m.header.scale);
    }
    for (let k = 0; k < K * K; k++) expect(m.weights.trans[k]).toBeCloseTo(w.trans[k]!, 7);
    for (let k = 0; k < K; k++) expect(m.weights.start[k]).toBeCloseTo(w.start[k]!, 7);
    // the hash is of the stored int16 weights
    const stored = m.weights.emit as Int16Array;
    expect(
      createHash('sha256')
        .update(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength))
        .digest('hex'),
    ).toBe(header.weightsSha256);
  });

  it('has a stable hash: same weights, same hash and bytes; a packed model packs to itself', () => {
    const w = randomWeights(2);
    const a = packModel(w, calibration, {});
    const b = packModel(w, calibration, {});
    expect(b.header.weightsSha256).toBe(a.header.weightsSha256);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    // re-packing the unpacked (already quantised) model changes nothing
    const again = packModel(unpackModel(a.bytes).weights, calibration, {});
    expect(again.header.weightsSha256).toBe(a.header.weightsSha256);
    expect(packModel(randomWeights(3), calibration, {}).header.weightsSha256).not.toBe(
      a.header.weightsSha256,
    );
  });

  it('a quantised model tags like the doubles it came from', () => {
    const w = randomWeights(4);
    const m = unpackModel(packModel(w, calibration, {}).bytes);
    const text = 'Dr. Maria Gomez saw the patient in Boston with John Smith of Acme Inc.';
    const a = tagSpans(w, text, tokenize(text));
    const b = tagSpans(m.weights, text, tokenize(text));
    expect(b.map((s) => [s.start, s.end, s.type])).toEqual(a.map((s) => [s.start, s.end, s.type]));
  });

  it('rejects bytes that are not a model', () => {
    expect(() => unpackModel(gzipSync(Buffer.from('{"hello": "world"}')))).toThrowErrorMatchingInlineSnapshot(
      `[Error: not a trainkit tagger model]`,
    );
    // a model from another version (other features per token)
    const all = gunzipSync(packModel(randomWeights(5), calibration, {}).bytes);
    const text = all
      .toString('latin1')
      .replace(`"featuresPerToken":${FEATURES_PER_TOKEN}`, '"featuresPerToken":99');
    expect(() => unpackModel(gzipSync(Buffer.from(text, 'latin1')))).toThrowErrorMatchingInlineSnapshot(
      `[Error: the tagger model was made by another version of trainkit]`,
    );
    // not gzip at all, or gzip of something else
    expect(() => unpackModel(Buffer.from('plain text, not a model'))).toThrow('not a trainkit tagger model');
    expect(() => unpackModel(gzipSync(Buffer.from('TKTAGGER')))).toThrow('not a trainkit tagger model');
  });

  // the weights' length and checksum are checked: a damaged file must not load with stale bytes
  it('rejects a model whose weights were truncated or corrupted', () => {
    const all = gunzipSync(packModel(randomWeights(6), calibration, {}).bytes);
    const truncated = gzipSync(all.subarray(0, all.length - 64));
    expect(() => unpackModel(truncated)).toThrowErrorMatchingInlineSnapshot(
      `[Error: the tagger model is damaged: its weights do not match their checksum]`,
    );
    const flipped = Buffer.from(all);
    flipped[flipped.length - 3]! ^= 0x55;
    expect(() => unpackModel(gzipSync(flipped))).toThrow(/damaged/);
  });
});

describe('fitPlatt and calibrated', () => {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const cal = (p: { a: number; b: number }): Calibration => ({ PERSON: p, LOCATION: p, ORGANIZATION: p });

  it('gives finite parameters on separable data, increasing in the margin', () => {
    const margins = Array.from({ length: 40 }, (_, i) => i * 0.5);
    const correct = margins.map((m) => m > 10);
    const p = fitPlatt(margins, correct);
    expect(Number.isFinite(p.a) && Number.isFinite(p.b)).toBe(true);
    expect(p.a).toBeGreaterThan(0);
    const c = cal(p);
    expect(calibrated(c, 'PERSON', 19)).toBeGreaterThan(0.8);
    expect(calibrated(c, 'PERSON', 0)).toBeLessThan(0.2);
    // monotone in the margin
    for (let i = 1; i < margins.length; i++)
      expect(calibrated(c, 'PERSON', margins[i]!)).toBeGreaterThan(calibrated(c, 'PERSON', margins[i - 1]!));
  });

  it('gives finite parameters on non-separable and degenerate data', () => {
    const rng = Rng.from(['tagger-test', 'platt-noise']);
    const margins = Array.from({ length: 200 }, () => rng.float() * 30);
    const p = fitPlatt(
      margins,
      margins.map(() => rng.chance(0.6)),
    );
    expect(Number.isFinite(p.a) && Number.isFinite(p.b)).toBe(true);
    // outcomes unrelated to the margin: a flat curve near the base rate
    expect(Math.abs(p.a * 30)).toBeLessThan(1);
    for (const [m, c] of [
      [
        [1, 2, 3],
        [true, true, true],
      ],
      [
        [1, 2, 3],
        [false, false, false],
      ],
      [
        [0, 0, 0],
        [true, false, true],
      ],
      [[5], [true]],
    ] as const) {
      const q = fitPlatt([...m], [...c]);
      expect(Number.isFinite(q.a) && Number.isFinite(q.b)).toBe(true);
    }
    expect(fitPlatt([], [])).toEqual({ a: 1, b: 0 });
  });

  it('recovers a known logistic relation from samples (a within 15%, p within 0.04)', () => {
    const rng = Rng.from(['tagger-test', 'platt-known']);
    const a = 0.6;
    const b = -2.5;
    const margins: number[] = [];
    const correct: boolean[] = [];
    for (let i = 0; i < 6000; i++) {
      const m = rng.float() * 10;
      margins.push(m);
      correct.push(rng.chance(sigmoid(a * m + b)));
    }
    const p = fitPlatt(margins, correct);
    expect(Math.abs(p.a - a) / a).toBeLessThan(0.15);
    expect(Math.abs(p.b - b)).toBeLessThan(0.5);
    for (const m of [0, 2.5, 5, 7.5, 10]) {
      expect(Math.abs(calibrated(cal(p), 'LOCATION', m) - sigmoid(a * m + b))).toBeLessThan(0.04);
    }
  });

  it('calibrated applies each type’s own parameters', () => {
    const c: Calibration = {
      PERSON: { a: 1, b: 0 },
      LOCATION: { a: 0, b: 2 },
      ORGANIZATION: { a: -1, b: 0 },
    };
    expect(calibrated(c, 'PERSON', 0)).toBe(0.5);
    expect(calibrated(c, 'PERSON', 3)).toBeCloseTo(sigmoid(3), 12);
    expect(calibrated(c, 'LOCATION', 100)).toBeCloseTo(sigmoid(2), 12);
    expect(calibrated(c, 'ORGANIZATION', 3)).toBeCloseTo(sigmoid(-3), 12);
  });
});

describe('taggerRecognizer with the shipped model', () => {
  const tagger = taggerRecognizer();
  const detect = (text: string) => tagger.detect(text, { lower: text.toLowerCase() });
  const found = (text: string) => detect(text).map((s) => [text.slice(s.start, s.end), s.type]);

  it('finds a clear name as PERSON with a calibrated score', () => {
    const text = 'Patient Maria Gomez was seen today.';
    const spans = detect(text);
    const maria = spans.find((s) => text.slice(s.start, s.end) === 'Maria Gomez');
    expect(maria).toMatchObject({ start: 8, end: 19, type: 'PERSON', recognizer: 'tagger' });
    expect(maria!.score).toBeGreaterThan(0);
    expect(maria!.score).toBeLessThanOrEqual(1);
    expect(tagger.name).toBe('tagger');
    expect([...tagger.types]).toEqual([...TAGGER_TYPES]);
  });

  it('scores every span with the header’s calibration of its margin, a probability in [0, 1]', () => {
    const model = shippedModel();
    const text =
      'Dr. Alan Whitfield referred Maria Gomez from Boston to Mercy Hospital. She works for Acme Widgets Inc. in Denver and her brother John Okafor lives in Lagos.';
    const spans = detect(text);
    expect(spans.length).toBeGreaterThanOrEqual(3);
    const tagged = tagSpans(model.weights, text, tokenize(text));
    expect(spans.map((s) => [s.start, s.end, s.type])).toEqual(tagged.map((s) => [s.start, s.end, s.type]));
    spans.forEach((s, i) => {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.score).toBe(calibrated(model.header.calibration, tagged[i]!.type, tagged[i]!.margin));
    });
  });

  it('uses the tokens the pipeline shares when given', () => {
    const text = 'Patient Maria Gomez was seen today.';
    let asked = 0;
    const spans = tagger.detect(text, {
      lower: text.toLowerCase(),
      tokens: () => {
        asked++;
        return tokenize(text);
      },
    });
    expect(asked).toBe(1);
    expect(spans).toEqual(detect(text));
  });

  it('leaves a sentence-ending dot out of a span but keeps an "Inc." inside one', () => {
    expect(found('Last year the family moved to Springfield.')).toContainEqual(['Springfield', 'LOCATION']);
    const org = found('She is employed by Globex Inc.');
    expect(org).toContainEqual(['Globex Inc.', 'ORGANIZATION']);
    // whatever the model finds, no span ends in a sentence's dot after an ordinary word
    for (const text of [
      'Last year the family moved to Springfield.',
      'The patient was referred by Maria Gomez.',
      'Her son lives in Denver.',
    ]) {
      for (const s of detect(text)) {
        const last = text.slice(s.start, s.end).split(' ').at(-1)!;
        expect(last.endsWith('.') ? last : 'no dot').toBe('no dot');
      }
    }
  });

  it('finds a clear name in ALL-CAPS and in lower-case text', () => {
    expect(found('PATIENT MARIA GOMEZ WAS SEEN TODAY.')).toContainEqual(['MARIA GOMEZ', 'PERSON']);
    expect(found('patient maria gomez was seen today.')).toContainEqual(['maria gomez', 'PERSON']);
  });

  it('returns nothing for text without entities, or without words', () => {
    expect(detect('The patient reported mild chest pain after exercise.')).toEqual([]);
    expect(detect('Blood pressure was normal and the wound is healing well.')).toEqual([]);
    expect(detect('')).toEqual([]);
    expect(detect('... 12 / 34 !!')).toEqual([]);
  });

  it('is deterministic: the same text gives the same spans and scores', () => {
    const text = 'Dr. Alan Whitfield saw Maria Gomez in Boston; Acme Widgets Inc. paid.';
    const first = detect(text);
    detect('Something else in between, by John Smith of Denver.');
    expect(detect(text)).toEqual(first);
    expect(taggerRecognizer().detect(text, { lower: text.toLowerCase() })).toEqual(first);
  });
});

describe('defaultRecognizers and the tagger', () => {
  it('holds the tagger by default and not with { tagger: false }', () => {
    const named = (rs: { name: string }[]) => rs.filter((r) => r.name === 'tagger');
    expect(named(defaultRecognizers())).toHaveLength(1);
    expect(named(defaultRecognizers({ tagger: true }))).toHaveLength(1);
    expect(named(defaultRecognizers({ tagger: false }))).toHaveLength(0);
    // nothing else changes
    expect(defaultRecognizers({ tagger: false }).map((r) => r.name)).toEqual(
      defaultRecognizers()
        .map((r) => r.name)
        .filter((n) => n !== 'tagger'),
    );
  });
});

describe('trainkit deid eval and the tagger', () => {
  const dir = tempDir();
  const gold = join(dir, 'gold.jsonl');
  const docs = [
    {
      id: '1',
      text: 'Patient Maria Gomez, phone 617-555-0134.',
      spans: [
        { start: 8, end: 19, type: 'PERSON' },
        { start: 27, end: 39, type: 'PHONE_NUMBER' },
      ],
    },
    {
      id: '2',
      text: 'Seen in Boston by Dr. Alan Whitfield.',
      spans: [
        { start: 8, end: 14, type: 'GPE' },
        { start: 22, end: 36, type: 'PER' },
      ],
    },
  ];
  writeFileSync(gold, docs.map((d) => JSON.stringify(d)).join('\n'));

  it('prints the whole pipeline and the tagger alone', async () => {
    const r = await runCli(['deid', 'eval', '--gold', gold]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Whole pipeline');
    expect(lines.slice(1, 3)).toMatchInlineSnapshot(`
      [
        "2 documents, 4 gold entities",
        "type                  gold  found  precision  recall     F2",
      ]
    `);
    const at = lines.findIndex((l) => l.startsWith('Tagger alone'));
    expect(at).toBeGreaterThan(3);
    // the tagger is scored only on the gold names and places: the phone number is left out
    expect(lines.slice(at, at + 3)).toMatchInlineSnapshot(`
      [
        "Tagger alone, on the gold PERSON, LOCATION, ADDRESS, ORGANIZATION entities",
        "2 documents, 3 gold entities",
        "type                  gold  found  precision  recall     F2",
      ]
    `);
    expect(lines.slice(at).some((l) => l.startsWith('PHONE'))).toBe(false);
    expect(lines.slice(at).some((l) => /^PERSON\s+2\s/.test(l))).toBe(true);
  });

  it('--no-tagger prints only the whole pipeline', async () => {
    const r = await runCli(['deid', 'eval', '--gold', gold, '--no-tagger']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Whole pipeline');
    expect(r.stdout).not.toContain('Tagger alone');
  });

  it('--json holds the tagger report under "tagger", and not with --no-tagger', async () => {
    const r = await runCli(['deid', 'eval', '--gold', gold, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      documents: number;
      overall: { gold: number };
      tagger: {
        documents: number;
        overall: { gold: number; recall: number };
        types: Record<string, unknown>;
      };
    };
    expect(report.ok).toBe(true);
    expect(report.overall.gold).toBe(4);
    expect(report.tagger.documents).toBe(2);
    expect(report.tagger.overall.gold).toBe(3);
    expect(Object.keys(report.tagger.types)).not.toContain('PHONE');
    expect(report.tagger.overall.recall).toBeGreaterThanOrEqual(0);
    const off = JSON.parse(
      (await runCli(['deid', 'eval', '--gold', gold, '--json', '--no-tagger'])).stdout,
    ) as object;
    expect(off).not.toHaveProperty('tagger');
    expect(off).toHaveProperty('overall');
  });
});
