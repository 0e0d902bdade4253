import type { DetectContext } from '../recognizer.js';
import type { Span } from '../types.js';
import { collectWordStarts, headKey, wordHeadsUsable } from './pattern-scan.js';

/**
 * What the pipeline adds to a span's score when a context word precedes it. Recognizers that only
 * emit a value because they saw its label right before it have already met that condition, so they
 * add it to the shape's base score themselves (the pipeline caps scores at 1).
 */
export const LABEL_BOOST = 0.35;

/** Builds a span, capping the score at 1. */
export function span(start: number, end: number, type: string, score: number, recognizer: string): Span {
  return { start, end, type, score: Math.min(1, Math.round(score * 100) / 100), recognizer };
}

/**
 * The lower-cased text with offsets identical to `text`. The shared `ctx.lower` is used when it
 * lines up; a few characters (İ) lengthen under toLowerCase, and then only ASCII is folded.
 */
export function lowered(text: string, ctx: DetectContext): string {
  if (ctx.lower.length === text.length) return ctx.lower;
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

/** True when text[i] is a letter or digit (any script); out-of-range positions are not. */
export function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return NON_ASCII_WORD.test(text[i]!);
}

/** True when text[i] is an ASCII digit. */
export function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Number of ASCII digits in s. */
export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s, i)) n++;
  return n;
}

/** Number of ASCII letters in s. */
export function countLetters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) n++;
  }
  return n;
}

/**
 * Resolves overlaps among one recognizer's candidates: of two overlapping spans the higher score
 * wins, then the longer. Returns the survivors in text order.
 */
export function keepBest(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const s of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || s.start >= last.end) {
      kept.push(s);
    } else if (s.score > last.score || (s.score === last.score && s.end - s.start > last.end - last.start)) {
      // kept spans never overlap each other, so s (starting at or after last) cannot reach the one before
      kept[kept.length - 1] = s;
    }
  }
  return kept;
}

const NUMERIC_DATE = /^(\d{1,4})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/;
const OTHER_DATE_OR_TIME =
  /^(?:(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d|\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?|\d{4}-\d{2}-\d{2}T[\d:.]+Z?|\d{8}T\d{4,6}Z?)$/i;

/**
 * True for values that are dates or times written with digits (2024-03-14, 03/14/2024, 14.3.24,
 * 2024-03, 10:30). Three numbers count as a date only when they can be a day, a month and a year,
 * so an account number like 55-1234-9 or 12-34-5678 is not one.
 */
export function looksLikeDateOrTime(value: string): boolean {
  const m = NUMERIC_DATE.exec(value);
  if (m === null) return OTHER_DATE_OR_TIME.test(value);
  const [a, b, c] = [m[1]!, m[3]!, m[4]!];
  const day = (s: string): boolean => Number(s) >= 1 && Number(s) <= 31;
  const month = (s: string): boolean => Number(s) >= 1 && Number(s) <= 12;
  if (a.length === 4) return c.length === 2 && month(b) && day(c);
  if (a.length > 2) return false;
  return (month(a) && day(b)) || (day(a) && month(b));
}

const QUANTITY =
  /^\d+(?:[.,]\d+)?(?:mg|mcg|ug|g|kg|ml|l|dl|mm|cm|m|km|cc|u|units?|iu|meq|mmol|mol|hrs?|h|mins?|s|sec|yrs?|y|mos?|wks?|d|lbs?|oz|bpm|mmhg|kcal|cal|gb|mb|kb|tb|hz|khz|mhz|ghz|px|pt)$/i;

/** True for a number with a unit attached (500mg, 12mm, 64GB): a measurement, not an identifier. */
export function looksLikeQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** Shannon entropy of the characters of s, in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...s].length;
  for (const count of counts.values()) {
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Escapes a literal for use inside a RegExp source. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A global regex for lower-cased text matching any of the label phrases as whole words. Inside a
 * phrase a space also matches `_`, `-`, or nothing (member_id, memberid), and `'` also matches `’`
 * or nothing. Longer phrases are tried first so "account number" wins over "account".
 */
export function labelRegex(phrases: readonly string[]): RegExp {
  const alternatives = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRegExp(p).replace(/ /g, '[ \\t_-]{0,2}').replace(/'/g, "['’]?"));
  const re = new RegExp(`(?<![a-z0-9])(?:${alternatives.join('|')})(?![a-z0-9])`, 'g');
  // every match starts, at a word start, with the literal part of one phrase before its first
  // space or apostrophe
  registerLabelHeads(re, [...new Set(phrases.map((p) => p.split(/[ ']/)[0]!))], '');
  return re;
}

interface LabelHeads {
  /** Literals one of which starts every match that begins at a word start. */
  readonly words: readonly string[];
  /** Their `headKey`s. */
  readonly keys: Int32Array;
  /** Characters one of which starts every other match, wherever it stands. */
  readonly anywhere: string;
  /** The same regex, sticky, to try only at those places. */
  readonly sticky: RegExp;
}

const LABEL_HEADS = new WeakMap<RegExp, LabelHeads>();

/**
 * Declares where a global label regex can match: at a word start (a position not preceded by an
 * ASCII letter or digit) with one of `words`, or at any one of the `anywhere` characters. Regexes
 * without such a declaration (or with heads `collectWordStarts` cannot look up) are scanned in full.
 */
export function registerLabelHeads(re: RegExp, words: readonly string[], anywhere: string): void {
  if (!wordHeadsUsable(words)) return;
  LABEL_HEADS.set(re, {
    words,
    keys: Int32Array.from(words, headKey),
    anywhere,
    sticky: new RegExp(re.source, re.flags.replace('g', 'y')),
  });
}

// reused by forEachLabelMatch, which finishes with it before calling out (nothing nests)
const labelStarts: number[] = [];
const byNumber = (a: number, b: number): number => a - b;

function ascending(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false;
  return true;
}

/**
 * Calls `each` with every match the global label regex `labels` finds in `lower`, in order and
 * without overlaps, exactly as a `labels.exec` loop would. A registered regex is only tried where
 * one of its heads stands, with its sticky twin: the leftmost match at or after a position is the
 * match at the first such place where it matches, so the matches are the same.
 */
export function forEachLabelMatch(
  text: string,
  lower: string,
  labels: RegExp,
  each: (m: RegExpExecArray) => void,
): void {
  const heads = LABEL_HEADS.get(labels);
  if (heads === undefined) {
    labels.lastIndex = 0;
    for (let m = labels.exec(lower); m !== null; m = labels.exec(lower)) each(m);
    return;
  }
  const starts = labelStarts;
  starts.length = 0;
  collectWordStarts(text, lower, heads.words, heads.keys, starts);
  for (let c = 0; c < heads.anywhere.length; c++) {
    const ch = heads.anywhere[c]!;
    for (let i = lower.indexOf(ch); i >= 0; i = lower.indexOf(ch, i + 1)) starts.push(i);
  }
  if (starts.length === 0) return;
  if (starts.length > 1 && !ascending(starts)) starts.sort(byNumber);
  const sticky = heads.sticky;
  let from = 0;
  for (const p of starts) {
    if (p < from) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(lower);
    if (m === null) continue;
    from = p + m[0].length;
    each(m);
  }
}
