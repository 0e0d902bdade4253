import type { Rng } from '../random/index.js';

const QWERTY = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGIT_ROW = '1234567890';

/** The keys next to each letter and digit on a US keyboard, for substitution typos. */
const NEIGHBOURS: Record<string, string> = (() => {
  const out: Record<string, string> = {};
  QWERTY.forEach((row, r) => {
    for (let i = 0; i < row.length; i++) {
      let near = (row[i - 1] ?? '') + (row[i + 1] ?? '');
      // the rows are offset by about half a key: the keys above and below
      near += (QWERTY[r - 1]?.[i] ?? '') + (QWERTY[r - 1]?.[i + 1] ?? '') + (QWERTY[r + 1]?.[i] ?? '');
      out[row[i]!] = near;
    }
  });
  for (let i = 0; i < DIGIT_ROW.length; i++)
    out[DIGIT_ROW[i]!] = (DIGIT_ROW[i - 1] ?? '') + (DIGIT_ROW[i + 1] ?? '');
  return out;
})();

const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/**
 * Per-character typos at a rate: swap with the next character, drop, double, or a neighbouring
 * key. Works on the pieces of a text (literal runs and entity values) so that every entity's
 * span can be recomputed exactly afterwards; an entity keeps its first and last character and
 * never becomes empty. Gaps between typos are drawn geometrically: one draw per typo, not one
 * per character.
 *
 * @example
 * const typos = new Typos(0.01);
 * typos.apply(['Seen by ', 'Ana Ruiz', ' today.'], [false, true, false], rng);
 */
export class Typos {
  private readonly logQ: number;

  constructor(readonly rate: number) {
    this.logQ = Math.log1p(-Math.min(rate, 0.999999));
  }

  private gap(rng: Rng): number {
    return Math.floor(Math.log1p(-rng.float()) / this.logQ);
  }

  /** Applies typos to the pieces in place. */
  apply(pieces: string[], entity: readonly boolean[], rng: Rng): void {
    if (this.rate <= 0) return;
    let skip = this.gap(rng);
    for (let k = 0; k < pieces.length; k++) {
      let s = pieces[k]!;
      if (skip >= s.length) {
        skip -= s.length;
        continue;
      }
      let pos = skip;
      while (pos < s.length) {
        const [next, advance] = this.typo(s, pos, entity[k] === true, rng);
        s = next;
        pos += advance + this.gap(rng);
      }
      skip = pos - s.length;
      pieces[k] = s;
    }
  }

  /** One typo at `pos`; returns the new text and how far to move past it. */
  private typo(s: string, pos: number, entity: boolean, rng: Rng): [string, number] {
    const c = s.charCodeAt(pos);
    if (isSurrogate(c)) return [s, 2];
    const ch = s[pos]!;
    const edge = entity && (pos === 0 || pos === s.length - 1);
    let op = rng.below(4);
    if (edge && op !== 2) op = 2;
    if (op === 0) {
      const d = s.charCodeAt(pos + 1);
      if (
        pos + 1 < s.length &&
        !isSurrogate(d) &&
        s[pos + 1] !== ch &&
        !(entity && pos + 1 === s.length - 1)
      ) {
        return [s.slice(0, pos) + s[pos + 1] + ch + s.slice(pos + 2), 2];
      }
      op = 2;
    }
    if (op === 1) return [s.slice(0, pos) + s.slice(pos + 1), 0];
    if (op === 3) {
      const lower = ch.toLowerCase();
      const near = NEIGHBOURS[lower];
      if (near) {
        const sub = near[rng.below(near.length)]!;
        return [s.slice(0, pos) + (ch === lower ? sub : sub.toUpperCase()) + s.slice(pos + 1), 1];
      }
    }
    return [s.slice(0, pos) + ch + s.slice(pos), 2];
  }
}

/** The number of Unicode code points in a string (what Python's len counts). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
