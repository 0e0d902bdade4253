import { lexicon } from './lexicon.js';
import { CALENDAR_WORDS, type Token } from './recognizers/tokens.js';

// What the lexicon knows about a folded word, one bit per list. Lexicon recognizers ask several
// of the big lists about every token; one lookup into this table answers them all at once.
export const FIRST_NAME = 1;
export const LAST_NAME = 2;
export const COMMON_WORD = 4;
export const TITLE = 8;
export const PLACE = 16;
export const ORG_SUFFIX = 32;
export const STREET_TYPE = 64;
export const CALENDAR_WORD = 128;

/**
 * The lexicon's words and their facts in an open-addressing hash table of our own: a lookup hashes
 * the word in a short loop and usually settles it at the first slot (a word not in the lexicon
 * meets an empty slot or a different hash), where a Map lookup of a freshly made key string would
 * first have the engine hash it and then probe a larger table.
 */
export interface WordFacts {
  /** per slot: the word's hash, then its facts with PRESENT set (0 for an empty slot) */
  readonly slots: Int32Array;
  /** per slot: the word, compared only when the hashes agree */
  readonly keys: readonly (string | undefined)[];
  /** log2 of the number of slots */
  readonly sizeBits: number;
  /** the few listed words that start with an ASCII digit ("1387", "9길") and their facts */
  readonly numbers: readonly (readonly [string, number])[];
}

const PRESENT = 256;

function hashKey(key: string): number {
  // FNV-1a over the UTF-16 units, then a final mix so the top bits (the slot) depend on every unit
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

let cached: WordFacts | undefined;

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The lexicon's lists folded into one table, built once on first use.
 *
 * @example
 * factsOf('maria') & FIRST_NAME; // non-zero
 */
export function wordFacts(): WordFacts {
  if (cached) return cached;
  const lex = lexicon();
  const bits = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: number) => {
    for (const w of words) bits.set(w, (bits.get(w) ?? 0) | bit);
  };
  mark(lex.firstNames.keys(), FIRST_NAME);
  mark(lex.lastNames.keys(), LAST_NAME);
  mark(lex.common, COMMON_WORD);
  mark(lex.titles, TITLE);
  mark(lex.places, PLACE);
  mark(lex.orgSuffixes, ORG_SUFFIX);
  mark(lex.streetTypes, STREET_TYPE);
  mark(CALENDAR_WORDS, CALENDAR_WORD);
  // at most half full: probes stay short and the table small
  let sizeBits = 4;
  while (1 << (sizeBits - 1) < bits.size) sizeBits++;
  const mask = (1 << sizeBits) - 1;
  const slots = new Int32Array(2 << sizeBits);
  const keys = new Array<string | undefined>(1 << sizeBits).fill(undefined);
  for (const [k, v] of bits) {
    const h = hashKey(k);
    let slot = h >>> (32 - sizeBits);
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = v | PRESENT;
    keys[slot] = k;
  }
  const numbers = [...bits].filter(([k]) => isDigit(k.charCodeAt(0)));
  cached = { slots, keys, sizeBits, numbers };
  return cached;
}

/** The facts (bits above) of one folded word: 0 when no list has it. */
export function factsOf(key: string): number {
  const { slots, keys, sizeBits, numbers } = cached ?? wordFacts();
  // record numbers, phones and dates are a tenth of a note's tokens, and a probe of this big table
  // mostly misses the processor's caches: they are compared with the few listed ones instead
  if (isDigit(key.charCodeAt(0)) && numbers.length <= 16) {
    for (const [k, v] of numbers) if (k === key) return v;
    return 0;
  }
  const mask = (1 << sizeBits) - 1;
  const h = hashKey(key);
  for (let slot = h >>> (32 - sizeBits); ; slot = (slot + 1) & mask) {
    const v = slots[2 * slot + 1]!;
    if (v === 0) return 0;
    if (slots[2 * slot] === h && keys[slot] === key) return v & ~PRESENT;
  }
}

/**
 * A list of facts per token of a text, to be filled as they are asked for (factsAt): many tokens
 * are never asked about.
 */
export function tokenFacts(toks: readonly Token[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < toks.length; k++) out.push(-1);
  return out;
}

/** The facts of token k, looked up on first use and kept in fx (from tokenFacts). */
export function factsAt(toks: readonly Token[], fx: number[], k: number): number {
  let f = fx[k]!;
  if (f < 0) {
    f = factsOf(toks[k]!.key);
    fx[k] = f;
  }
  return f;
}

/** Whether token k has any of the facts in `mask` (see factsAt). */
export function hasFact(toks: readonly Token[], fx: number[], k: number, mask: number): boolean {
  return (factsAt(toks, fx, k) & mask) !== 0;
}
