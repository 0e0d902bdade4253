import { describe, expect, it } from 'vitest';
import { FIRST_NAME, factsOf, PLACE, STREET_TYPE, wordFacts } from '../../src/deid/lexicon-facts.js';

describe('factsOf', () => {
  it('answers the listed words that start with a digit from its short list, and other numbers with nothing', () => {
    const { numbers, keys } = wordFacts();
    // the short list holds exactly the table's words that start with a digit
    const inTable = keys.filter((k): k is string => k !== undefined && /^\d/.test(k)).sort();
    expect(numbers.map(([k]) => k).sort()).toEqual(inTable);
    expect(factsOf('1387') & PLACE).not.toBe(0);
    expect(factsOf('9길') & STREET_TYPE).not.toBe(0);
    for (const n of ['0', '42', '1388', '12345678', '2024', '9']) expect(factsOf(n), n).toBe(0);
    expect(factsOf('maria') & FIRST_NAME).not.toBe(0);
  });
});
