import type { DetectContext, Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { hasRunOf, type TextRuns, textRuns } from './pattern-scan.js';
import { isDigit, isWordChar, keepBest, lowered, span } from './pattern-support.js';

// North American numbers: optional +1/1, area code (in parentheses or followed by a separator),
// exchange, line, optional extension. Area and exchange codes never start with 0 or 1.
const NANP =
  /(?<![\w+./-])(\+?1[ .-]?)?(?:\(([2-9][0-8]\d)\)[ .-]?|([2-9][0-8]\d)([ .-]))([2-9]\d\d)([ .-])(\d{4})(?:[ \t]{0,3}(?:x|ext\.?|extension|#)[ \t]{0,2}\d{1,6})?(?![\w]|[-.]\d)/gi;
const NANP_AT = new RegExp(NANP.source, 'iy');
// the same ten digits written without separators; ambiguous unless a +1 leads
const NANP_COMPACT = /(?<![\w+./-])(\+?1)?[2-9][0-8]\d[2-9]\d{6}(?![\w]|[-.]\d)/g;
// a seven-digit local number (555-0134) is a phone only when the text says so
const LOCAL = /(?<![\w+./-])[2-9]\d\d-\d{4}(?![\w]|[-.]\d)/y;
// where an international number may start: +, 00 or the US exit code 011
const INTERNATIONAL_START = /(?<![\w+])(?:\+(?=[ \t]?[1-9])|00(?=[1-9])|011(?=[ -]?[1-9]))/g;

const PHONE_WORDS =
  /(?<![a-z])(?:fax|facsimile|phone|telephone|tel|cell|mobile|mob|ph|pager|call|contact|office|home|work|direct|whatsapp|sms|text)(?![a-z])/g;

/** Scores a NANP match by how conventional its punctuation is. */
function nanpScore(m: RegExpMatchArray): number {
  const prefixed = m[1] !== undefined;
  let score: number;
  if (m[2] !== undefined) score = 0.8;
  else if (m[4] !== m[6]) score = 0.55;
  else if (m[4] === ' ') score = 0.6;
  else score = 0.75;
  return prefixed ? score + 0.1 : score;
}

/**
 * Reads an international number after its exit prefix: digits in groups separated by single spaces,
 * dashes, dots or a "(0)" trunk prefix. Returns where the last digit ends and how many digits there
 * are, leaving the trunk 0 out of the count.
 */
function readInternational(text: string, from: number): { end: number; digits: number; grouped: boolean } {
  let i = from;
  let digits = 0;
  let end = from;
  let seps = 0;
  let grouped = false;
  while (i < text.length && i - from < 28) {
    if (isDigit(text, i)) {
      digits++;
      i++;
      end = i;
      seps = 0;
      continue;
    }
    const ch = text[i]!;
    if (text.startsWith('(0)', i)) {
      i += 3;
      grouped = true;
      continue;
    }
    if (!' -.()'.includes(ch) || ++seps > 2) break;
    if (digits > 0) grouped = true;
    i++;
  }
  return { end, digits, grouped };
}

/** Whether a digit run opens with 00 or 01, as the exit codes 00 and 011 do. */
function hasExitCodeRun(text: string, runs: TextRuns): boolean {
  for (let k = 0; k < runs.count; k++) {
    const s = runs.starts[k]!;
    if (runs.ends[k]! - s >= 2 && text.charCodeAt(s) === 48 && (text.charCodeAt(s + 1) | 1) === 49)
      return true;
  }
  return false;
}

function international(text: string, runs: TextRuns, found: Span[]): void {
  // every start is a "+" or a run of digits opening with 00 or 011
  if (!text.includes('+') && !hasExitCodeRun(text, runs)) return;
  for (const m of text.matchAll(INTERNATIONAL_START)) {
    const plus = m[0] === '+';
    const from = m.index + m[0].length;
    // +1 numbers are North American and read, with their extensions, by the NANP patterns
    if (plus && text[from] === '1') continue;
    const number = readInternational(text, from);
    // E.164 allows at most 15 digits with the country code; fewer than 8 is a count or a price
    if (number.digits < 8 || number.digits > 15 || isWordChar(text, number.end)) continue;
    let score: number;
    if (plus) score = number.grouped ? 0.85 : 0.7;
    else score = number.grouped ? 0.7 : 0.35;
    found.push(span(m.index, number.end, 'PHONE', score, 'phone'));
  }
}

/**
 * Marks as FAX each number whose nearest preceding phone word ("fax", "tel", "cell", …) within
 * 40 characters, and not before the previous number, is "fax" or "facsimile".
 */
function markFaxes(lower: string, phones: Span[]): Span[] {
  if (phones.length === 0 || (!lower.includes('fax') && !lower.includes('facsimile'))) return phones;
  let previousEnd = 0;
  return phones.map((p) => {
    const from = Math.max(previousEnd, p.start - 40);
    previousEnd = p.end;
    let nearest: string | undefined;
    const window = lower.slice(from, p.start);
    for (const w of window.matchAll(PHONE_WORDS)) nearest = w[0];
    return nearest === 'fax' || nearest === 'facsimile' ? { ...p, type: 'FAX' } : p;
  });
}

/**
 * Telephone and fax numbers: North American numbers in their usual written forms and international
 * numbers written with +, 00 or 011. A number is a FAX when "fax" is the nearest phone word before it.
 */
export const phoneRecognizer: Recognizer = {
  name: 'phone',
  types: ['PHONE', 'FAX'],
  context: ['phone', 'telephone', 'tel', 'cell', 'mobile', 'call', 'contact', 'ph', 'pager', 'fax'],
  detect(text: string, ctx: DetectContext): Span[] {
    const found: Span[] = [];
    const runs = textRuns(text);
    // Both NANP forms end with a three-digit exchange run, one separator and a four-digit line run;
    // a match starts at most nine characters before the exchange ("+1 (555) ") and at least four
    // ("555-"). Trying the sticky pattern at those places only, in order and past the previous
    // match, finds what a scan of the whole text finds. A LOCAL number starts at its exchange.
    const candidates: number[] = [];
    const locals: number[] = [];
    for (let k = 1; k < runs.count; k++) {
      const x = runs.starts[k - 1]!;
      const line = runs.starts[k]!;
      if (runs.ends[k - 1]! - x !== 3 || runs.ends[k]! - line !== 4 || line !== x + 4) continue;
      const sep = text.charCodeAt(x + 3);
      if (sep !== 32 && sep !== 46 && sep !== 45) continue;
      for (let p = Math.max(0, x - 9); p <= x - 4; p++) candidates.push(p);
      if (sep === 45) locals.push(x);
    }
    let from = 0;
    for (let i = 0; i < candidates.length; i++) {
      const p = candidates[i]!;
      if (p < from || (i > 0 && p === candidates[i - 1])) continue;
      NANP_AT.lastIndex = p;
      const m = NANP_AT.exec(text);
      if (m === null) continue;
      from = p + m[0].length;
      found.push(span(p, from, 'PHONE', nanpScore(m), 'phone'));
    }
    if (hasRunOf(runs, 10) || hasRunOf(runs, 11)) {
      for (const m of text.matchAll(NANP_COMPACT)) {
        found.push(span(m.index, m.index + m[0].length, 'PHONE', m[1] === '+1' ? 0.7 : 0.4, 'phone'));
      }
    }
    for (const x of locals) {
      LOCAL.lastIndex = x;
      if (LOCAL.test(text)) found.push(span(x, x + 8, 'PHONE', 0.35, 'phone'));
    }
    international(text, runs, found);
    return markFaxes(lowered(text, ctx), keepBest(found));
  },
};
