import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatAgreementReport, registerAgree } from '../../src/cli/commands/agree.js';
import { runCommand } from '../../src/cli/runner.js';
import { isTrainkitError, renderIssues } from '../../src/errors/index.js';
import { Rng } from '../../src/random/index.js';
import {
  type AlphaMetric,
  alphaBootstrap,
  bennettSFromMatrix,
  cohenKappa,
  cohenKappaFromMatrix,
  coincidenceMatrix,
  fleissKappa,
  fleissKappaFromCounts,
  krippendorffAlpha,
  observedAgreement,
  type ReliabilityData,
  scottPi,
  scottPiFromMatrix,
} from '../../src/validate/agreement.js';
import { agreementReport, parseAnnotations, readAnnotations } from '../../src/validate/annotations.js';
import {
  matchSpans,
  pairwiseSpanAgreement,
  type Span,
  spanScore,
} from '../../src/validate/span-agreement.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'agree');

type Matrix = number[][];
interface Vectors {
  krippendorff: {
    name: string;
    coders_by_units: (number | null)[][];
    expected: Record<string, number>;
    tolerance: number;
  }[];
  fleiss: {
    name: string;
    counts_by_subject?: Matrix;
    ratings_by_subject?: Matrix;
    categories?: number[];
    expected: Record<string, number>;
    tolerance: number;
  }[];
  cohen: {
    name: string;
    confusion_rows_rater1?: Matrix;
    confusion_rows_coderA?: Matrix;
    rater_a?: number[];
    rater_b?: number[];
    expected: Record<string, number | number[]>;
    tolerance: number;
  }[];
}
const vectors = JSON.parse(
  readFileSync(join(root, '..', 'shared', 'data', 'agreement', 'vectors.json'), 'utf8'),
) as Vectors;

const transpose = <T>(m: readonly (readonly T[])[]): T[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));

/** Every published number of a case, computed: a key nobody computes fails the test. */
function expectAll(
  expected: Record<string, number | number[]>,
  computed: Record<string, number | readonly number[]>,
  tolerance: number,
): void {
  for (const [key, want] of Object.entries(expected)) {
    const got = computed[key];
    if (got === undefined) throw new Error(`no computed value for "${key}"`);
    const wants = Array.isArray(want) ? want : [want];
    const gots = typeof got === 'number' ? [got] : got;
    expect(gots.length, key).toBe(wants.length);
    wants.forEach((w, i) => {
      expect(Math.abs(gots[i]! - w), `${key}: ${gots[i]} vs ${w}`).toBeLessThanOrEqual(tolerance);
    });
  }
}

describe('published agreement vectors (../shared/data/agreement/vectors.json)', () => {
  it('has the cases these tests expect', () => {
    expect(vectors.krippendorff.length).toBeGreaterThanOrEqual(2);
    expect(vectors.fleiss.length).toBeGreaterThanOrEqual(2);
    expect(vectors.cohen.length).toBeGreaterThanOrEqual(3);
  });

  for (const c of vectors.krippendorff) {
    it(`Krippendorff's alpha: ${c.name}`, () => {
      const units = transpose(c.coders_by_units);
      const computed = Object.fromEntries(
        Object.keys(c.expected).map((m) => [m, krippendorffAlpha(units, m as AlphaMetric).alpha]),
      );
      expectAll(c.expected, computed, c.tolerance);
    });
  }

  for (const c of vectors.fleiss) {
    it(`Fleiss' kappa: ${c.name}`, () => {
      const r = c.counts_by_subject
        ? fleissKappaFromCounts(c.counts_by_subject)
        : fleissKappa(c.ratings_by_subject!, c.categories);
      expectAll(c.expected, { kappa: r.kappa, p_bar: r.pBar, p_e: r.pE }, c.tolerance);
    });
  }

  for (const c of vectors.cohen) {
    it(`Cohen's kappa and relatives: ${c.name}`, () => {
      const computed: Record<string, number | readonly number[]> = {};
      const matrix = c.confusion_rows_rater1 ?? c.confusion_rows_coderA;
      if (matrix) {
        const k = cohenKappaFromMatrix(matrix);
        Object.assign(computed, {
          kappa: k.kappa,
          asymptotic_se: k.se,
          ci95: k.ci95,
          linear_weighted: cohenKappaFromMatrix(matrix, 'linear').kappa,
          quadratic_weighted: cohenKappaFromMatrix(matrix, 'quadratic').kappa,
          observed_agreement: observedAgreement(matrix),
          scott_pi: scottPiFromMatrix(matrix),
          bennett_s: bennettSFromMatrix(matrix),
        });
      } else {
        const a = c.rater_a!;
        const b = c.rater_b!;
        Object.assign(computed, {
          kappa: cohenKappa(a, b).kappa,
          linear_weighted: cohenKappa(a, b, { weights: 'linear' }).kappa,
          quadratic_weighted: cohenKappa(a, b, { weights: 'quadratic' }).kappa,
        });
      }
      expectAll(c.expected, computed, c.tolerance);
    });
  }
});

/** Krippendorff's alpha by its definition over pairs of values, without a coincidence matrix. */
function bruteAlpha(units: ReliabilityData, delta: (a: number, b: number) => number): number {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  let within = 0;
  for (const u of pairable) {
    for (let i = 0; i < u.length; i++) {
      for (let j = 0; j < u.length; j++) if (i !== j) within += delta(u[i]!, u[j]!) / (u.length - 1);
    }
  }
  let between = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) between += delta(all[i]!, all[j]!);
  return 1 - within / n / (between / (n * (n - 1)));
}

describe("Krippendorff's alpha", () => {
  it('is 1 for perfect agreement under every metric, whatever is missing', () => {
    const units = [
      [1, 1, null],
      [2, null, 2],
      [5, 5, 5],
      [3, 3, 3],
    ];
    for (const m of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha(units, m).alpha).toBe(1);
    }
  });

  it('is 0.125 for two coders agreeing exactly as often as chance (hand-computed: 1 − (4/8)/(32/56))', () => {
    const units = [
      ['x', 'x'],
      ['x', 'y'],
      ['y', 'x'],
      ['y', 'y'],
    ];
    expect(krippendorffAlpha(units).alpha).toBeCloseTo(0.125, 12);
    // Cohen and Scott have no small-sample correction: exactly 0 here
    expect(cohenKappa(transpose(units)[0]!, transpose(units)[1]!).kappa).toBeCloseTo(0, 12);
    expect(scottPi(transpose(units)[0]!, transpose(units)[1]!)).toBeCloseTo(0, 12);
  });

  it('drops units with fewer than two values: adding them changes nothing', () => {
    const base = transpose(vectors.krippendorff[0]!.coders_by_units);
    const padded = [...base, [9, null, null, null], [null, null, null, null], [null, 7, null, null]];
    for (const m of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      const a = krippendorffAlpha(base, m);
      const b = krippendorffAlpha(padded, m);
      expect(b.alpha).toBeCloseTo(a.alpha, 12);
      expect(b.units).toBe(a.units);
      expect(b.pairable).toBe(a.pairable);
    }
    expect(krippendorffAlpha(base).units).toBe(11); // the unit with one value is out
  });

  it('builds the coincidence matrix Krippendorff (2011) tabulates: n = 40 pairable values, n_1 = 9', () => {
    const { values, counts } = coincidenceMatrix(transpose(vectors.krippendorff[0]!.coders_by_units));
    expect(values).toEqual([1, 2, 3, 4, 5]);
    const totals = counts.map((row) => row.reduce((s, x) => s + x, 0));
    expect(totals.reduce((s, x) => s + x, 0)).toBeCloseTo(40, 12);
    expect(totals.map((t) => Math.round(t * 1e9) / 1e9)).toEqual([9, 13, 10, 5, 3]);
    for (let c = 0; c < 5; c++)
      for (let k = 0; k < 5; k++) expect(counts[c]![k]).toBeCloseTo(counts[k]![c]!, 12);
  });

  it('matches its pairwise definition on random data with missing values (8 seeds)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const rng = Rng.from(['alpha-brute', seed]);
      const truth = Array.from({ length: 25 }, () => 1 + rng.below(5));
      const units = truth.map((t) =>
        Array.from({ length: 4 }, () => (rng.chance(0.25) ? null : rng.chance(0.7) ? t : 1 + rng.below(5))),
      );
      expect(krippendorffAlpha(units, 'nominal').alpha).toBeCloseTo(
        bruteAlpha(units, (a, b) => (a === b ? 0 : 1)),
        10,
      );
      expect(krippendorffAlpha(units, 'interval').alpha).toBeCloseTo(
        bruteAlpha(units, (a, b) => (a - b) ** 2),
        10,
      );
      expect(krippendorffAlpha(units, 'ratio').alpha).toBeCloseTo(
        bruteAlpha(units, (a, b) => ((a - b) / (a + b)) ** 2),
        10,
      );
    }
  });

  it('orders string labels by the order given; interval places them at 1, 2, …; equal to the numeric coding', () => {
    const names = ['low', 'mid', 'high'];
    const numeric = [
      [1, 1, 2],
      [2, 3, 3],
      [3, 3, null],
      [1, 2, 1],
    ];
    const named = numeric.map((u) => u.map((v) => (v === null ? null : names[v - 1]!)));
    for (const m of ['ordinal', 'interval'] as const) {
      expect(krippendorffAlpha(named, m, { order: names }).alpha).toBeCloseTo(
        krippendorffAlpha(numeric, m).alpha,
        12,
      );
    }
    expect(() => krippendorffAlpha(named, 'ordinal')).toThrow(/needs the categories in order/);
    expect(() => krippendorffAlpha(named, 'ratio', { order: names })).toThrow(/needs numbers/);
    expect(() => krippendorffAlpha(named, 'ordinal', { order: ['low', 'mid'] })).toThrow(/"high" is not in/);
  });

  it('bootstrap: deterministic per seed, brackets the estimate, narrows with more units', () => {
    const units = transpose(vectors.krippendorff[0]!.coders_by_units);
    const a = alphaBootstrap(units, 'nominal', { samples: 400, seed: 5 });
    expect(alphaBootstrap(units, 'nominal', { samples: 400, seed: 5 })).toEqual(a);
    expect(alphaBootstrap(units, 'nominal', { samples: 400, seed: 6 }).low).not.toBe(a.low);
    expect(a.estimate).toBeCloseTo(0.743, 3);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThanOrEqual(a.estimate);
    // sixteen copies of the data: the interval's width shrinks roughly by √16 = 4 (allow 2.5×)
    const many = alphaBootstrap(Array.from({ length: 16 }, () => units).flat(), 'nominal', {
      samples: 400,
      seed: 5,
    });
    expect(many.high - many.low).toBeLessThan((a.high - a.low) / 2.5);
    expect(many.low).toBeLessThan(0.743);
    expect(many.high).toBeGreaterThan(0.743);
  });
});

describe("Cohen's kappa, Scott's pi, Fleiss' kappa: hand-computed cases", () => {
  it('perfect agreement is 1 and systematic disagreement −1', () => {
    const a = ['x', 'y', 'z', 'x'];
    expect(cohenKappa(a, a).kappa).toBe(1);
    expect(scottPi(a, a)).toBe(1);
    expect(fleissKappa(transpose([a, a, a])).kappa).toBe(1);
    expect(cohenKappa(['x', 'y'], ['y', 'x']).kappa).toBeCloseTo(-1, 12);
  });

  it('skips items either rater left out', () => {
    const r = cohenKappa([1, 2, null, 3, 1], [1, 2, 3, null, 2]);
    expect(r.n).toBe(3);
    expect(r.kappa).toBeCloseTo(cohenKappa([1, 2, 1], [1, 2, 2]).kappa, 12);
  });

  it('weights by category position (quadratic: 1 − (i−j)²/(k−1)², hand-computed 0.8)', () => {
    expect(cohenKappa([1, 2, 3, 3], [1, 2, 3, 2], { weights: 'quadratic' }).kappa).toBeCloseTo(0.8, 12);
    expect(() => cohenKappa(['a', 'b'], ['b', 'a'], { weights: 'linear' })).toThrow(
      /needs the categories in order/,
    );
    const ordered = cohenKappa(['lo', 'hi', 'mid', 'mid'], ['lo', 'mid', 'mid', 'hi'], {
      weights: 'linear',
      categories: ['lo', 'mid', 'hi'],
    });
    expect(ordered.kappa).toBeCloseTo(
      cohenKappa([1, 3, 2, 2], [1, 2, 2, 3], { weights: 'linear' }).kappa,
      12,
    );
  });

  it("Fleiss' kappa with unequal numbers of raters reduces to each subject's own pairs (hand-computed 113/234)", () => {
    const units = [
      [1, 1, 1],
      [2, 2, 3],
      [3, 3, null],
      [1, 2, 1],
      [4, null, null],
    ];
    const r = fleissKappa(units);
    expect(r.subjects).toBe(4);
    expect(r.pBar).toBeCloseTo(2 / 3, 12);
    expect(r.kappa).toBeCloseTo(113 / 234, 12);
  });
});

const span = (start: number, end: number, type: string): Span => ({ start, end, type });

describe('span agreement', () => {
  const a = [span(0, 5, 'PER'), span(10, 20, 'ORG'), span(30, 35, 'LOC')];
  const b = [span(0, 5, 'PER'), span(12, 20, 'ORG'), span(30, 35, 'PER')];

  it('exact F1 needs start, end and type; overlap F1 needs type and a shared character', () => {
    const exact = spanScore([[a, b]], 'exact');
    expect(exact).toMatchObject({ matched: 1, predicted: 3, reference: 3 });
    expect(exact.f1).toBeCloseTo(1 / 3, 12);
    expect(spanScore([[a, b]], 'overlap').f1).toBeCloseTo(2 / 3, 12);
    // touching is not overlapping: [0,5) and [5,9)
    expect(matchSpans([span(0, 5, 'X')], [span(5, 9, 'X')], 'overlap')).toBe(0);
  });

  it('matches one to one, and finds the largest matching where greedy would not', () => {
    const one = spanScore([[[span(0, 10, 'PER')], [span(0, 4, 'PER'), span(5, 10, 'PER')]]], 'overlap');
    expect(one).toMatchObject({ matched: 1, precision: 1, recall: 0.5 });
    // greedy would give a's first span b's first and strand a's second
    expect(
      matchSpans([span(0, 10, 'X'), span(0, 2, 'X')], [span(1, 3, 'X'), span(8, 12, 'X')], 'overlap'),
    ).toBe(2);
  });

  it('pairwise agreement is over the items both annotated, micro-averaged, and averaged over pairs', () => {
    const docs = new Map([
      [
        'd1',
        new Map([
          ['a', a],
          ['b', b],
          ['c', a],
        ]),
      ],
      [
        'd2',
        new Map([
          ['a', []],
          ['b', [span(1, 2, 'PER')]],
        ]),
      ],
    ]);
    const { pairs, meanF1 } = pairwiseSpanAgreement(docs, 'exact');
    expect(pairs.map((p) => [p.a, p.b, p.items])).toEqual([
      ['a', 'b', 2],
      ['a', 'c', 1],
      ['b', 'c', 1],
    ]);
    expect(pairs[0]!.score.f1).toBeCloseTo(2 / 7, 12); // 1 match, 3 + 4 spans
    expect(pairs[1]!.score.f1).toBe(1);
    expect(meanF1).toBeCloseTo((2 / 7 + 1 + 1 / 3) / 3, 12);
  });
});

/** The rendered user error a call throws (what the CLI prints), or a failure when it does not throw. */
function userErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isTrainkitError(e)) return `${e.code}\n${renderIssues(e.issues)}`;
    throw e;
  }
  throw new Error('expected a user error');
}

describe('reading annotations', () => {
  it('reads labels into items × annotators, skipped labels as null', () => {
    const set = readAnnotations(join(fixtures, 'labels.jsonl'));
    if (set.kind !== 'labels') throw new Error('expected labels');
    expect(set.items).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
    expect(set.annotators).toEqual(['a', 'b', 'c']);
    expect(set.units[2]).toEqual([3, 3, null]);
    expect(set.units[4]).toEqual([4, null, null]);
  });

  it('reads spans per item and annotator', () => {
    const set = readAnnotations(join(fixtures, 'spans.jsonl'));
    if (set.kind !== 'spans') throw new Error('expected spans');
    expect(set.docs.get('d2')?.get('b')).toEqual([span(0, 4, 'PER'), span(5, 10, 'PER')]);
    expect(set.docs.get('d3')?.has('a')).toBe(false);
  });

  it('reports bad JSON at file:line:column', () => {
    expect(
      userErrorOf(() => readAnnotations(join(fixtures, 'bad-json.jsonl'))).replaceAll(fixtures, '<fixtures>'),
    ).toMatchInlineSnapshot(`
      "agree_bad_json
      ✖ Line 2 is not valid JSON (Expected ',' or '}' after property value in JSON at position 32)
        → at <fixtures>/bad-json.jsonl:2:33
        hint: each line holds one JSON object, e.g. {"item": "t1", "annotator": "ann1", "label": "positive"}"
    `);
    expect(
      userErrorOf(() => parseAnnotations('{"item": "a", "annotator": "x", "label": }', 'f.jsonl')),
    ).toMatchInlineSnapshot(`
      "agree_bad_json
      ✖ Line 1 is not valid JSON (Unexpected token '}', ..." "label": }" is not valid JSON)
        → at f.jsonl:1:42
        hint: each line holds one JSON object, e.g. {"item": "t1", "annotator": "ann1", "label": "positive"}"
    `);
    expect(
      userErrorOf(() => readAnnotations(join(fixtures, 'missing.jsonl'))).replaceAll(fixtures, '<fixtures>'),
    ).toMatchInlineSnapshot(`
      "file_not_found
      ✖ <fixtures>/missing.jsonl does not exist
        → at <fixtures>/missing.jsonl
        hint: check the path"
    `);
  });

  it('says what is wrong with a record and how to fix it', () => {
    const cases = [
      '[1, 2]',
      '{"annotator": "x", "label": 1}',
      '{"item": "t1", "annotator": "", "label": 1}',
      '{"item": "t1", "annotator": "x"}',
      '{"item": "t1", "annotator": "x", "label": 1, "spans": []}',
      '{"item": "t1", "annotator": "x", "label": true}',
      '{"item": "t1", "annotator": "x", "spans": {"start": 0}}',
      '{"item": "t1", "annotator": "x", "spans": [{"start": 4, "end": 2, "type": "PER"}]}',
      '{"item": "t1", "annotator": "x", "spans": [{"start": 0, "end": 2.5, "type": "PER"}]}',
      '{"item": "t1", "annotator": "x", "spans": [{"start": 0, "end": 2, "type": "A"}, {"start": 3, "end": 4}]}',
      '{"item": "t1", "annotator": "x", "spans": [{"start": 0, "end": 2, "type": "A"}, "PER"]}',
      '{"item": "t1", "annotator": "x", "text": "Ann Lee", "spans": [{"start": 0, "end": 3, "type": "PER"}, {"start": 4, "end": 9, "type": "PER"}]}',
    ];
    expect(
      cases.map((line) => userErrorOf(() => parseAnnotations(line, 'f.jsonl'))).join('\n\n'),
    ).toMatchInlineSnapshot(`
      "agree_not_object
      ✖ Line 1 holds an array, not an annotation object
        → at f.jsonl:1:1
        hint: write one object per line, e.g. {"item": "t1", "annotator": "ann1", "label": "positive"}

      agree_bad_item
      ✖ This annotation has no "item"; it must be a non-empty string
        → at f.jsonl:1:1
        hint: write it as in {"item": "t1", "annotator": "ann1", "label": "positive"}

      agree_bad_annotator
      ✖ This annotation has "" as "annotator"; it must be a non-empty string
        → at f.jsonl:1:16
        hint: write it as in {"item": "t1", "annotator": "ann1", "label": "positive"}

      agree_no_annotation
      ✖ This annotation has neither "label" nor "spans"
        → at f.jsonl:1:1
        hint: give one: {"item": "t1", "annotator": "ann1", "label": "positive"} or {"item": "doc1", "annotator": "ann1", "spans": [{"start": 0, "end": 11, "type": "PERSON"}]}

      agree_label_and_spans
      ✖ This annotation has both "label" and "spans"
        → at f.jsonl:1:1
        hint: give one: {"item": "t1", "annotator": "ann1", "label": "positive"} or {"item": "doc1", "annotator": "ann1", "spans": [{"start": 0, "end": 11, "type": "PERSON"}]}

      agree_bad_label
      ✖ The label true is neither a string nor a number
        → at f.jsonl:1:34
        hint: write the label as a string ("positive") or a number (3); null marks a skipped item

      agree_bad_spans
      ✖ "spans" must be a list of spans (empty when the annotator found none)
        → at f.jsonl:1:34
        hint: write it as in {"item": "doc1", "annotator": "ann1", "spans": [{"start": 0, "end": 11, "type": "PERSON"}]}

      agree_bad_span
      ✖ Span 1 ends at 2 but starts at 4: end must be after start
        → at spans[0].end (f.jsonl:1:57)
        hint: a span is {"start": 0, "end": 11, "type": "PERSON"}: character offsets, end after start

      agree_bad_span
      ✖ Span 1 has "end" 2.5: it must be a whole number ≥ 0
        → at spans[0].end (f.jsonl:1:57)
        hint: a span is {"start": 0, "end": 11, "type": "PERSON"}: character offsets, end after start

      agree_bad_span
      ✖ Span 2 has no "type" (a non-empty string such as "PERSON")
        → at spans[1].type (f.jsonl:1:81)
        hint: a span is {"start": 0, "end": 11, "type": "PERSON"}: character offsets, end after start

      agree_bad_span
      ✖ Span 2 is not an object
        → at spans[1] (f.jsonl:1:34)
        hint: a span is {"start": 0, "end": 11, "type": "PERSON"}: character offsets, end after start

      agree_span_outside_text
      ✖ Span 2 ends at 9 but "text" has 7 characters
        → at spans[1].end (f.jsonl:1:115)
        hint: offsets count characters of "text" from 0, end exclusive"
    `);
  });

  it('rejects a file mixing kinds, a repeated annotation, and an empty file', () => {
    const label = '{"item": "t1", "annotator": "x", "label": 1}';
    expect(
      userErrorOf(() =>
        parseAnnotations(`${label}\n{"item": "t2", "annotator": "x", "spans": []}`, 'f.jsonl'),
      ),
    ).toMatchInlineSnapshot(`
      "agree_mixed_kinds
      ✖ This line has spans but line 1 has labels: a file holds one kind
        → at f.jsonl:2:34
        hint: put label annotations and span annotations in separate files"
    `);
    expect(userErrorOf(() => parseAnnotations(`${label}\n\n${label}`, 'f.jsonl'))).toMatchInlineSnapshot(`
      "agree_duplicate
      ✖ Annotator "x" annotated item "t1" already on line 1
        → at f.jsonl:3:1
        hint: keep one annotation per item and annotator"
    `);
    expect(userErrorOf(() => parseAnnotations('\n\n', 'f.jsonl'))).toMatchInlineSnapshot(`
      "agree_empty
      ✖ f.jsonl holds no annotations
        → at f.jsonl
        hint: write one JSON object per line, e.g. {"item": "t1", "annotator": "ann1", "label": "positive"}"
    `);
  });

  it('reads labels mixing numbers and strings as strings', () => {
    const set = parseAnnotations(
      '{"item": 1, "annotator": "x", "label": 1}\n{"item": 1, "annotator": "y", "label": "1"}',
      'f.jsonl',
    );
    if (set.kind !== 'labels') throw new Error('expected labels');
    expect(set.units).toEqual([['1', '1']]);
    expect(set.mixedTypes).toBe(true);
  });
});

describe('agreement report (trainkit agree)', () => {
  const labels = readAnnotations(join(fixtures, 'labels.jsonl'));
  const spans = readAnnotations(join(fixtures, 'spans.jsonl'));
  const value = (r: ReturnType<typeof agreementReport>, metric: string) =>
    r.metrics.find((m) => m.metric === metric)?.value;

  it('computes every label metric; hand-computed on the fixture', () => {
    const r = agreementReport(labels);
    expect(r.metrics.map((m) => m.metric)).toEqual([
      'cohen',
      'cohen-linear',
      'cohen-quadratic',
      'scott',
      'fleiss',
      'alpha-nominal',
      'alpha-ordinal',
      'alpha-interval',
      'alpha-ratio',
    ]);
    expect(value(r, 'alpha-nominal')).toBeCloseTo(38 / 78, 12);
    expect(value(r, 'alpha-ordinal')).toBeCloseTo(1 - 500 / 2112, 12);
    expect(value(r, 'alpha-interval')).toBeCloseTo(128 / 168, 12);
    expect(value(r, 'fleiss')).toBeCloseTo(113 / 234, 12);
    expect(value(r, 'cohen')).toBeCloseTo((7 / 11 + 2 / 5 + 1 / 7) / 3, 12);
    expect(r.metrics.find((m) => m.metric === 'cohen')?.pairs?.map((p) => p.items)).toEqual([4, 3, 3]);
    expect(r.metrics.find((m) => m.metric === 'alpha-nominal')).toMatchObject({ items: 4, annotators: 3 });
  });

  it('scores annotators against gold and leaves gold out of the agreement', () => {
    const r = agreementReport(labels, { gold: 'a', metrics: ['cohen', 'alpha-nominal'] });
    expect(r.annotators).toEqual(['b', 'c']);
    expect(r.againstGold.map((g) => [g.annotator, g.items, g.accuracy])).toEqual([
      ['b', 4, 0.75],
      ['c', 3, 2 / 3],
    ]);
    expect(value(r, 'cohen')).toBeCloseTo(1 / 7, 12);
  });

  it('skips ordered metrics over unordered string labels with a note, and uses --order when given', () => {
    const text = ['lo', 'hi', 'mid', 'mid']
      .map((l, i) => `{"item": "t${i}", "annotator": "x", "label": "${l}"}`)
      .concat(
        ['lo', 'mid', 'mid', 'hi'].map((l, i) => `{"item": "t${i}", "annotator": "y", "label": "${l}"}`),
      )
      .join('\n');
    const set = parseAnnotations(text, 'f.jsonl');
    const plain = agreementReport(set);
    expect(plain.metrics.map((m) => m.metric)).toEqual(['cohen', 'scott', 'fleiss', 'alpha-nominal']);
    expect(plain.notes).toContain(
      'alpha-ordinal skipped: string labels need an order (--order low,mid,high)',
    );
    expect(plain.notes).toContain('alpha-ratio skipped: a ratio scale needs numeric labels');
    const ordered = agreementReport(set, { order: ['lo', 'mid', 'hi'] });
    expect(value(ordered, 'cohen-linear')).toBeCloseTo(
      cohenKappa([1, 3, 2, 2], [1, 2, 2, 3], { weights: 'linear' }).kappa,
      12,
    );
    expect(userErrorOf(() => agreementReport(set, { order: ['lo', 'hi'] }))).toMatchInlineSnapshot(`
      "agree_label_not_in_order
      ✖ The label "mid" is not in --order
        hint: list every label, lowest first: --order lo,hi,mid"
    `);
  });

  it('computes span F1 between annotators and against gold (hand-computed on the fixture)', () => {
    const all = agreementReport(spans);
    expect(value(all, 'span-exact')).toBeCloseTo((6 / 7 + 0.2 + 0.25) / 3, 12);
    expect(value(all, 'span-overlap')).toBeCloseTo((6 / 7 + 0.6 + 0.5) / 3, 12);
    const r = agreementReport(spans, { gold: 'gold' });
    expect(value(r, 'span-exact')).toBeCloseTo(0.25, 12);
    expect(value(r, 'span-overlap')).toBeCloseTo(0.5, 12);
    const [a, b] = r.againstGold;
    expect(a).toMatchObject({ annotator: 'a', items: 2, exact: { precision: 1, recall: 0.75 } });
    expect(b).toMatchObject({ annotator: 'b', items: 3, overlap: { precision: 0.5, recall: 0.75 } });
    expect(b!.exact!.f1).toBeCloseTo(0.2, 12);
  });

  it('rejects unknown metrics, metrics of the other kind and an unknown gold annotator', () => {
    expect(userErrorOf(() => agreementReport(labels, { metrics: ['alpha-nomial'] }))).toMatchInlineSnapshot(`
      "agree_unknown_metric
      ✖ Unknown metric "alpha-nomial"
        hint: did you mean "alpha-nominal"? metrics: cohen, cohen-linear, cohen-quadratic, scott, fleiss, alpha-nominal, alpha-ordinal, alpha-interval, alpha-ratio, span-exact, span-overlap"
    `);
    expect(userErrorOf(() => agreementReport(labels, { metrics: ['span-exact'] }))).toMatchInlineSnapshot(`
      "agree_metric_kind
      ✖ The metric "span-exact" is for spans, but the file holds labels
        hint: for labels use cohen, cohen-linear, cohen-quadratic, scott, fleiss, alpha-nominal, alpha-ordinal, alpha-interval, alpha-ratio"
    `);
    expect(userErrorOf(() => agreementReport(spans, { gold: 'glod' }))).toMatchInlineSnapshot(`
      "agree_unknown_gold
      ✖ No annotator is called "glod"
        hint: did you mean "gold"? annotators: gold, a, b"
    `);
  });

  it('prints a table', () => {
    expect(
      formatAgreementReport(agreementReport(labels, { gold: 'a' }), 'labels.jsonl'),
    ).toMatchInlineSnapshot(`
      "labels.jsonl: labels, 5 items, 2 annotators (b, c), gold: a

      metric               value   items  annotators
      cohen                0.143       3           2
      cohen-linear         0.250       3           2
      cohen-quadratic      0.400       3           2
      scott               -0.091       3           2
      fleiss              -0.091       3           2
      alpha-nominal        0.091       3           2
      alpha-ordinal        0.528       3           2
      alpha-interval       0.500       3           2
      alpha-ratio          0.495       3           2

      against gold         items  accuracy   kappa
      b                        4     0.750   0.636
      c                        3     0.667   0.400
      "
    `);
    expect(
      formatAgreementReport(agreementReport(spans, { gold: 'gold' }), 'spans.jsonl'),
    ).toMatchInlineSnapshot(`
      "spans.jsonl: spans, 3 items, 2 annotators (a, b), gold: gold

      metric               value   items  annotators
      span-exact           0.250       2           2
      span-overlap         0.500       2           2

      against gold         items    exact P    exact R   exact F1  overlap P  overlap R overlap F1
      a                        2      1.000      0.750      0.857      1.000      0.750      0.857
      b                        3      0.167      0.250      0.200      0.500      0.750      0.600
      "
    `);
  });
});

describe('the examples in examples/annotations', () => {
  it('read and report as the README shows', () => {
    const sentiment = readAnnotations(join(root, 'examples', 'annotations', 'sentiment.jsonl'));
    const r = agreementReport(sentiment, { gold: 'expert', order: ['negative', 'neutral', 'positive'] });
    expect(r.annotators).toEqual(['ann1', 'ann2', 'ann3']);
    expect(r.againstGold[0]).toMatchObject({ annotator: 'ann1', items: 12, accuracy: 11 / 12 });
    expect(r.notes).toContain('alpha-ratio skipped: a ratio scale needs numeric labels');
    const ner = agreementReport(readAnnotations(join(root, 'examples', 'annotations', 'ner.jsonl')), {
      gold: 'expert',
    });
    // ann1 marks "Dr. Chen" where the expert marks "Chen": 5 of 6 exact, all 6 overlapping
    expect(ner.againstGold[0]).toMatchObject({
      annotator: 'ann1',
      exact: { matched: 5, predicted: 6, reference: 6 },
      overlap: { matched: 6 },
    });
  });
});

describe('the agree command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  async function agree(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    const program = new Command().exitOverride();
    registerAgree(program, runCommand);
    await program.parseAsync(['agree', ...args], { from: 'user' });
    const code = Number(process.exitCode ?? 0);
    vi.restoreAllMocks();
    return { stdout: out.join(''), stderr: err.join(''), code };
  }

  it('prints JSON with --json and exits 0', async () => {
    const r = await agree(
      join(fixtures, 'labels.jsonl'),
      '--metric',
      'alpha-nominal,alpha-interval',
      '--json',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { ok: boolean; metrics: { metric: string; value: number }[] };
    expect(json.ok).toBe(true);
    expect(json.metrics.map((m) => m.metric)).toEqual(['alpha-nominal', 'alpha-interval']);
    expect(json.metrics[1]!.value).toBeCloseTo(128 / 168, 12);
  });

  it('adds a seeded bootstrap interval', async () => {
    const args = [
      join(fixtures, 'labels.jsonl'),
      '--metric',
      'alpha-interval',
      '--bootstrap',
      '200',
      '--seed',
      '3',
    ];
    const first = await agree(...args);
    expect(first.stdout).toMatch(/alpha-interval\s+0\.762\s+4\s+3\s+\[-?\d\.\d{3}, \d\.\d{3}\]/);
    expect((await agree(...args)).stdout).toBe(first.stdout);
  });

  it('exits 2 with the error at file:line:column and no stack trace for bad input', async () => {
    const r = await agree(join(fixtures, 'bad-json.jsonl'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad-json.jsonl:2:33');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
