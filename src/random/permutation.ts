import { hash128, mix32 } from './hash.js';

const ROUNDS = 4;

/**
 * A seeded permutation of 0 … n−1 computed one index at a time, with no table: a Feistel network
 * over the smallest even power of two ≥ n, walked until it lands inside the range. What lets a
 * chunk find its rows' places in a table-wide shuffle without the rest of the table.
 *
 * @example
 * const p = new Permutation(10, [seed, 'orders', '#spread']);
 * [...Array(10).keys()].map((i) => p.at(i)); // 0 … 9, each once, shuffled
 */
export class Permutation {
  private readonly bits: number;
  private readonly mask: number;
  private readonly keys: Uint32Array;

  constructor(
    readonly size: number,
    key: readonly (string | number)[],
  ) {
    if (!Number.isInteger(size) || size < 0 || size > 2 ** 52) throw new RangeError(`bad size ${size}`);
    let bits = 1;
    while (2 ** (2 * bits) < size) bits++;
    this.bits = bits;
    this.mask = 2 ** bits - 1;
    const [a, b, c, d] = hash128(key);
    this.keys = Uint32Array.of(a, b, c, d);
  }

  /** The place of index i (0 ≤ i < size). */
  at(i: number): number {
    let x = i;
    // the domain is at most 4 × size, so this walks about twice on average
    do x = this.round(x);
    while (x >= this.size);
    return x;
  }

  private round(x: number): number {
    const half = 2 ** this.bits;
    let l = Math.floor(x / half);
    let r = x - l * half;
    for (let k = 0; k < ROUNDS; k++) {
      const f = mix32((r ^ this.keys[k]!) + Math.imul(k + 1, 0x9e3779b9)) & this.mask;
      const next = (l ^ f) & this.mask;
      l = r;
      r = next;
    }
    return l * half + r;
  }
}
