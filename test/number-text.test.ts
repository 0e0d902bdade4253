import { describe, expect, it } from 'vitest';
import { numberText } from '../src/io/index.js';
import { Rng } from '../src/random/index.js';

describe('numberText writes numbers exactly as String() does', () => {
  it('for special and edge values', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      0.1,
      0.2 + 0.1,
      1e21,
      1e-7,
      2 ** 53 - 1,
      -(2 ** 31),
      2 ** 31,
      2147483.647,
      -2147483.647,
    ];
    values.push(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
    );
    for (const v of values) expect(numberText(v)).toBe(String(v));
  });

  it('for 300k random values with 0 to 6 decimals and any magnitude', () => {
    const rng = Rng.from(['number-text']);
    for (let i = 0; i < 300_000; i++) {
      const places = i % 7;
      const scale = 10 ** (rng.below(12) - 3);
      const raw = (rng.float() - 0.5) * scale;
      const v = Math.round(raw * 10 ** places) / 10 ** places;
      if (numberText(v) !== String(v)) expect(numberText(v)).toBe(String(v));
    }
  });
});
