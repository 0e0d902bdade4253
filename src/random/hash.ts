/** 32-bit finaliser from MurmurHash3: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a sequence of strings and numbers into four independent 32-bit words. Used to derive
 * the state of a random stream from (seed, table, column, chunk) so any chunk can be made alone.
 *
 * @example
 * const [a, b, c, d] = hash128([42, 'orders', 'amount', 7]);
 */
export function hash128(parts: readonly (string | number)[]): [number, number, number, number] {
  let h1 = 0x9e3779b9;
  let h2 = 0x243f6a88;
  let h3 = 0xb7e15162;
  let h4 = 0x85a308d3;
  const feed = (k: number) => {
    h1 = Math.imul(h1 ^ k, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ h1, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
    h3 = Math.imul(h3 ^ h2, 0x38b34ae5);
    h3 = (h3 << 11) | (h3 >>> 21);
    h4 = Math.imul(h4 ^ h3, 0xa1e38b93);
    h4 = (h4 << 17) | (h4 >>> 15);
    h1 = (h1 + h4) | 0;
  };
  for (const part of parts) {
    if (typeof part === 'number') {
      // numbers are fed as two 32-bit halves so large chunk indexes and seeds stay distinct
      feed(0x6e756d00);
      feed(part >>> 0);
      feed(Math.floor(part / 0x100000000) >>> 0);
    } else {
      feed(0x73747200 ^ part.length);
      for (let i = 0; i < part.length; i++) feed(part.charCodeAt(i));
    }
  }
  return [mix32(h1 ^ h3), mix32(h2 ^ h4), mix32(h3 ^ h1 ^ 0x5bd1e995), mix32(h4 ^ h2 ^ 0x27d4eb2f)];
}

/** A 64-bit FNV-1a style fingerprint of a string as two 32-bit halves packed in a double-safe number. */
export function fingerprint(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  // 21 bits of b and 32 of a: 53 bits, exact in a double
  return (mix32(b) & 0x1fffff) * 0x100000000 + mix32(a);
}
