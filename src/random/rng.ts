import { hash128 } from './hash.js';

const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M32 = 2 ** -32;

/**
 * A small, fast, seedable random stream (the sfc32 generator: 128 bits of state, passes
 * PractRand). Streams are cheap to create, so every (seed, table, column, chunk) gets its own.
 *
 * @example
 * const rng = Rng.from([42, 'customers', 'age', 0]);
 * rng.float(); // 0 <= x < 1
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** the second normal deviate of the last polar draw */
  spare = Number.NaN;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0 || 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A stream whose state is derived from the given parts, e.g. `[seed, table, column, chunk]`. */
  static from(parts: readonly (string | number)[]): Rng {
    const [a, b, c, d] = hash128(parts);
    return new Rng(a, b, c, d);
  }

  /** Replaces the state with one derived from `parts`, reusing this object. */
  reseed(parts: readonly (string | number)[]): void {
    const [a, b, c, d] = hash128(parts);
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0 || 1;
    this.spare = Number.NaN;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.u32() >>> 5;
    const lo = this.u32() >>> 6;
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /**
   * A uniform integer in [0, n), for n up to 2^53. Small ranges (the lists faker draws from) use
   * one 32-bit draw, whose bias is below n / 2^32 (1.5e-5 for n = 65536); larger ones use 53 bits.
   */
  below(n: number): number {
    if (n <= 65536) return Math.floor(this.u32() * n * TWO_POW_M32);
    return Math.floor(this.float() * n);
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}
