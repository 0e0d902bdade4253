import { monthOfWord } from '../dates/date-words.js';

/**
 * Per-document precomputation shared by the pattern recognizers. The detector runs every
 * recognizer over the same text in turn, so each structure here is built once for the last text
 * it was asked about and reused until a different text comes; a recognizer called alone on any
 * text simply builds it for that text. Everything is plain index arithmetic over reused typed
 * arrays, so a build costs one pass over the text and allocates nothing per character.
 */

// word starts keyed by their first two characters (both ASCII): a table of the last start per key,
// stamped with the generation that wrote it so that no table is ever cleared, and a chain from
// each start to the previous start with the same key
const KEYS = 128 * 128;
const lastStart = new Int32Array(KEYS);
const stamp = new Uint32Array(KEYS);
let previousStart = new Int32Array(1024);
let generation = 0;
// what the tables hold: the word starts of a lower-cased text, or those of an ASCII text read
// through ASCII case folding, which are the same as its lower-cased copy's
let indexedLower: string | undefined;
let indexedText: string | undefined;

// character classes of ASCII: what the scans below tell apart; other characters are OTHER
const OTHER = 0;
const DIGIT = 1;
const LETTER = 2;
const JOINER = 3; // `_` and `-`, which API keys hold
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = LETTER;
CLASS[95] = JOINER;
CLASS[45] = JOINER;

function buildWordStarts(lower: string): void {
  generation++;
  indexedLower = lower;
  indexedText = undefined;
  if (previousStart.length < lower.length) previousStart = new Int32Array(lower.length * 2);
  // upper-case letters count as OTHER here, as they do for the label regexes' lookbehind
  let prevAlnum = false;
  const last = lower.length - 1;
  for (let i = 0; i < last; i++) {
    const c = lower.charCodeAt(i);
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum === prevAlnum) continue;
    prevAlnum = alnum;
    if (!alnum) continue;
    const d = lower.charCodeAt(i + 1);
    if (d < 128) {
      const key = (c << 7) | d;
      previousStart[i] = stamp[key] === generation ? lastStart[key]! : -1;
      lastStart[key] = i;
      stamp[key] = generation;
    }
  }
}

/** The table key of a word head: its first two characters. */
export function headKey(head: string): number {
  return (head.charCodeAt(0) << 7) | head.charCodeAt(1);
}

/**
 * Appends to `out` every position of `lower` where one of `heads` starts a word, i.e. is not
 * preceded by an ASCII letter or digit; `keys[i]` is `headKey(heads[i])`. Heads must be ASCII, at
 * least two characters long and start with a letter or digit (see `wordHeadsUsable`). Positions
 * come in no particular order and may repeat.
 */
export function collectWordStarts(
  text: string,
  lower: string,
  heads: readonly string[],
  keys: Int32Array,
  out: number[],
): void {
  if (indexedLower !== lower) {
    // the pass over the text indexed its word starts already, and an ASCII text lower-cases
    // letter for letter: reuse those, else index the lower-cased text itself
    const runs = textRuns(text);
    if (!(runs.ascii && lower.length === text.length && indexedText === text)) buildWordStarts(lower);
  }
  const g = generation;
  for (let h = 0; h < keys.length; h++) {
    const key = keys[h]!;
    if (stamp[key] !== g) continue;
    const head = heads[h]!;
    for (let p = lastStart[key]!; p >= 0; p = previousStart[p]!) {
      if (head.length === 2 || lower.startsWith(head, p)) out.push(p);
    }
  }
}

/** Whether every head can be looked up with `collectWordStarts`. */
export function wordHeadsUsable(heads: readonly string[]): boolean {
  return heads.every((h) => {
    const c = h.charCodeAt(0);
    return (
      h.length >= 2 && ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) && [...h].every((ch) => ch < '\u0080')
    );
  });
}

/** What one pass over a text learns about its runs of digits and of word characters. */
export interface TextRuns {
  /** Maximal runs of ASCII digits: run k spans [starts[k], ends[k]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** The longest run of ASCII letters and digits. */
  readonly maxAlnum: number;
  /** The longest run of ASCII letters, digits, `_` and `-`: the characters of API keys. */
  readonly maxToken: number;
  /** Whether a run of letters and digits starts with two letters and two digits, as an IBAN does. */
  readonly ibanHead: boolean;
  /** Where the runs of ASCII letters that are month words (March, mar, SEPT) start, in order. */
  readonly months: readonly number[];
  /** Whether every character is ASCII. */
  readonly ascii: boolean;
}

let runStarts = new Int32Array(256);
let runEnds = new Int32Array(256);
let runsOf: string | undefined;
let lastRuns: TextRuns | undefined;

// the first three letters of the month words, lower-cased, as 24-bit codes
const MONTH_CODES = new Set(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
    (w) => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2),
  ),
);

// the same months by their first two letters (each taken & 31, as a letter of either case gives
// the same), so that most words are ruled out by one byte before a Set is asked about three
const MONTH_PAIRS = new Uint8Array(32 * 32);
for (const code of MONTH_CODES) MONTH_PAIRS[(((code >> 16) & 31) << 5) | ((code >> 8) & 31)] = 1;

/** An ASCII capital as its small letter; any other character as it is. */
function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

function isAsciiLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** The runs of `text` (remembered for the last text). */
export function textRuns(text: string): TextRuns {
  if (runsOf === text && lastRuns !== undefined) return lastRuns;
  if (runStarts.length < (text.length >> 1) + 1) {
    runStarts = new Int32Array(text.length);
    runEnds = new Int32Array(text.length);
  }
  let count = 0;
  let alnumStart = -1;
  let tokenStart = -1;
  let maxAlnum = 0;
  let maxToken = 0;
  let ibanHead = false;
  let letterStart = -1;
  const months: number[] = [];
  let ascii = true;
  let prev = OTHER;
  // the word starts, for collectWordStarts
  generation++;
  indexedText = text;
  indexedLower = undefined;
  if (previousStart.length < text.length) previousStart = new Int32Array(text.length * 2);
  const g = generation;
  const n = text.length;
  const classOf = CLASS;
  const starts = runStarts;
  const ends = runEnds;
  // only a change of class ends or starts a run; most characters continue the previous one
  for (let i = 0; i <= n; i++) {
    // the position past the end closes the last runs
    const c = i < n ? text.charCodeAt(i) : 32;
    let k = OTHER;
    if (c < 128) k = classOf[c]!;
    else ascii = false;
    if (k === prev) continue;
    if (prev === DIGIT) ends[count++] = i;
    else if (k === DIGIT) starts[count] = i;
    const alnum = k === DIGIT || k === LETTER;
    if (alnum !== (prev === DIGIT || prev === LETTER)) {
      if (alnum) {
        alnumStart = i;
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 128;
        if (d < 128) {
          const key = (foldAscii(c) << 7) | foldAscii(d);
          previousStart[i] = stamp[key] === g ? lastStart[key]! : -1;
          lastStart[key] = i;
          stamp[key] = g;
        }
      } else {
        if (i - alnumStart > maxAlnum) maxAlnum = i - alnumStart;
        if (!ibanHead && i - alnumStart >= 4) ibanHead = startsLikeIban(text, alnumStart);
      }
    }
    if (k === LETTER) letterStart = i;
    else if (prev === LETTER && i - letterStart >= 3 && i - letterStart <= 9) {
      // most words are not months: compare their first two, then three letters before reading
      // the word
      const c0 = text.charCodeAt(letterStart);
      const c1 = text.charCodeAt(letterStart + 1);
      if (MONTH_PAIRS[((c0 & 31) << 5) | (c1 & 31)] === 1) {
        const code = ((c0 | 32) << 16) | ((c1 | 32) << 8) | (text.charCodeAt(letterStart + 2) | 32);
        if (MONTH_CODES.has(code) && monthOfWord(text.slice(letterStart, i)) !== undefined) {
          months.push(letterStart);
        }
      }
    }
    if ((k === OTHER) !== (prev === OTHER)) {
      if (k !== OTHER) tokenStart = i;
      else if (i - tokenStart > maxToken) maxToken = i - tokenStart;
    }
    prev = k;
  }
  lastRuns = { starts, ends, count, maxAlnum, maxToken, ibanHead, months, ascii };
  runsOf = text;
  return lastRuns;
}

function startsLikeIban(text: string, i: number): boolean {
  const d2 = text.charCodeAt(i + 2);
  const d3 = text.charCodeAt(i + 3);
  return (
    isAsciiLetter(text.charCodeAt(i)) &&
    isAsciiLetter(text.charCodeAt(i + 1)) &&
    d2 >= 48 &&
    d2 <= 57 &&
    d3 >= 48 &&
    d3 <= 57
  );
}

/** Whether `text` has a maximal digit run of exactly `length` digits. */
export function hasRunOf(runs: TextRuns, length: number): boolean {
  for (let k = 0; k < runs.count; k++) if (runs.ends[k]! - runs.starts[k]! === length) return true;
  return false;
}

/** Whether `text` has a maximal digit run of at least `length` digits. */
export function hasRunAtLeast(runs: TextRuns, length: number): boolean {
  for (let k = 0; k < runs.count; k++) if (runs.ends[k]! - runs.starts[k]! >= length) return true;
  return false;
}

/** A run-length bound per run of a chain, [shortest, longest]. */
export type RunLengths = readonly (readonly [number, number])[];

/** Whether the character code c is one of `seps`. */
function isSep(seps: string, c: number): boolean {
  for (let i = 0; i < seps.length; i++) if (seps.charCodeAt(i) === c) return true;
  return false;
}

/** Whether the chain of `lengths` begins at run k (see `hasRunChain`). */
function chainAt(text: string, runs: TextRuns, k: number, lengths: RunLengths, seps?: string): boolean {
  const { starts, ends } = runs;
  if (k + lengths.length > runs.count) return false;
  for (let j = 0; j < lengths.length; j++) {
    const r = k + j;
    const length = ends[r]! - starts[r]!;
    if (length < lengths[j]![0] || length > lengths[j]![1]) return false;
    if (j > 0) {
      if (starts[r]! !== ends[r - 1]! + 1) return false;
      if (seps !== undefined && !isSep(seps, text.charCodeAt(ends[r - 1]!))) return false;
    }
  }
  return true;
}

/**
 * Whether digit runs follow one another with one character between each, the character being one
 * of `seps` when given, and the run lengths within the given [min, max] bounds in turn
 * ([[3, 3], [2, 2], [4, 4]] for 123-45-6789).
 */
export function hasRunChain(text: string, runs: TextRuns, lengths: RunLengths, seps?: string): boolean {
  for (let k = 0; k + lengths.length <= runs.count; k++)
    if (chainAt(text, runs, k, lengths, seps)) return true;
  return false;
}

/** Where each chain of `hasRunChain` begins, ascending. */
export function runChainStarts(text: string, runs: TextRuns, lengths: RunLengths, seps?: string): number[] {
  const out: number[] = [];
  const { starts, ends } = runs;
  const [shortest, longest] = lengths[0]!;
  for (let k = 0; k + lengths.length <= runs.count; k++) {
    // most runs fail on their own length or on the next run not following at once
    const length = ends[k]! - starts[k]!;
    if (length < shortest || length > longest) continue;
    if (lengths.length > 1 && starts[k + 1]! !== ends[k]! + 1) continue;
    if (chainAt(text, runs, k, lengths, seps)) out.push(starts[k]!);
  }
  return out;
}

/**
 * The most digits in a chain of runs joined by single characters from `seps` (4111 1111 1111 1111
 * is one chain of sixteen).
 */
export function longestJoinedDigits(text: string, runs: TextRuns, seps: string): number {
  const { starts, ends, count } = runs;
  let best = 0;
  let total = 0;
  for (let k = 0; k < count; k++) {
    const joined = k > 0 && starts[k]! === ends[k - 1]! + 1 && isSep(seps, text.charCodeAt(ends[k - 1]!));
    total = (joined ? total : 0) + ends[k]! - starts[k]!;
    if (total > best) best = total;
  }
  return best;
}

/** The most digit runs in a chain joined by single characters from `seps` (1.2.3.4 is four). */
export function longestRunChain(text: string, runs: TextRuns, seps: string): number {
  const { starts, ends, count } = runs;
  let best = 0;
  let chain = 0;
  for (let k = 0; k < count; k++) {
    const joined = k > 0 && starts[k]! === ends[k - 1]! + 1 && isSep(seps, text.charCodeAt(ends[k - 1]!));
    chain = joined ? chain + 1 : 1;
    if (chain > best) best = chain;
  }
  return best;
}
