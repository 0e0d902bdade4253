import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/deid/recognizers/tokens.js';
import { emissions, shippedModel, TAG_COUNT, tokenFeatures } from '../../src/deid/tagger/index.js';
import { wordEmissions } from '../../src/deid/tagger/word-emissions.js';

/** The reference: every feature row summed per token, in feature order. */
function reference(text: string): Float64Array {
  const { weights } = shippedModel();
  const toks = tokenize(text);
  return emissions(weights, tokenFeatures(text, toks, weights.bits), toks.length);
}

function cached(text: string): Float64Array {
  const { weights } = shippedModel();
  const toks = tokenize(text);
  const out = wordEmissions(weights, text, toks, new Float64Array(toks.length * TAG_COUNT + 7));
  if (out === undefined) throw new Error('the shipped model is int16');
  return out.subarray(0, toks.length * TAG_COUNT);
}

describe('wordEmissions', () => {
  const texts = [
    'Maria Gomez was seen on 03/14 for chest pain. Ms. Gomez called back; Maria is better.',
    'PT BETTY ROBEL 54F RESTING IN BED. FAMILY (ALFORD, SPOUSE) AT BEDSIDE, PHONE (908) 447-7160.',
    '- pt: li wei chen, mrn 12345678\n- d/w dr. okafor; contact li.chen@example.com\n\n',
    "Dr. Jean-Pierre O'Brien's patient Nuñez, José (São Paulo) — seen by Zoë Ångström Jr.",
    'x',
    '42',
    'Ünïcödé 𝒜𝒷𝒸 naïve café — 東京 Tokyo. A12B GB69PMNJ 3B Apt 3B.',
  ];

  it('equals the per-feature sums bit for bit, on repeated and new words alike', () => {
    for (let round = 0; round < 2; round++) {
      for (const t of texts) expect(Array.from(cached(t)), t).toEqual(Array.from(reference(t)));
    }
  });

  it('stays equal when its word table fills up and starts again between texts', () => {
    // two texts of 40,000 distinct words each overflow the 65,536-word table
    const words = (prefix: string) =>
      Array.from({ length: 40_000 }, (_, i) => `${prefix}${i.toString(36)}`).join(' ');
    const a = `Seen by Dr. Okafor. ${words('Qa')}`;
    const b = `Called Maria. ${words('zb')}`;
    for (const t of [a, b, a]) {
      const got = cached(t);
      const want = reference(t);
      // the first difference, or -1 (a deep compare of 280,000 numbers is slow)
      expect(want.length).toBe(got.length);
      expect(got.findIndex((v, k) => v !== want[k])).toBe(-1);
    }
  });

  it('declines weights that are not int16 (training sums doubles in feature order)', () => {
    const { weights } = shippedModel();
    const doubles = { ...weights, emit: Float64Array.from(weights.emit) };
    expect(wordEmissions(doubles, 'Maria', tokenize('Maria'), new Float64Array(TAG_COUNT))).toBeUndefined();
  });
});
