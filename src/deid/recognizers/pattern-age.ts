import type { DetectContext, Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { type TextRuns, textRuns } from './pattern-scan.js';
import { keepBest, lowered, span } from './pattern-support.js';

// "92 years old", "92-year-old", "92 yrs of age"
const YEARS_OLD =
  /(?<![\w.,$/-])(\d{2,3})[ \t-]{0,2}(?:years?|yrs?|yr)[ \t-]{0,2}(?:old|of[ \t]age)(?![a-z])/gi;
// "92 yo", "92yo", "92 y.o.", "93 y/o"
const YO = /(?<![\w.,$/-])(\d{2,3})[ \t]{0,2}(?:y\.?[ \t]?o\b\.?|y\/o)/gi;
// "age 93", "aged 95", "age: 93", "age of 97"
const AGE_OF =
  /(?<![a-z])(?:aged?|age[ \t]of)[ \t:]{0,3}(\d{2,3})(?![\w]|[.,]\d|[ \t]{0,2}(?:days?|weeks?|wks?|months?|mos?|hours?|hrs?|min|mg)\b)/gi;
// clinical shorthand "92F", "92 M": case-sensitive, as "92 m" is a distance
const SEX_SUFFIX = /(?<![\w.,$/:-])(\d{2,3})[ \t]?[FM](?![A-Za-z0-9°])/g;
// 90-125 F is also a temperature in Fahrenheit
const TEMPERATURE_BEFORE = /(?:temp|tmax|t max|fever|febrile|°|(?<![a-z])t[ \t:])[^\n]{0,12}$/;

function isOldAge(n: number): boolean {
  return n >= 90 && n <= 125;
}

/** Whether text[i] is c or, given, c2, after skipping up to `skip` characters of `blanks`. */
function nextIs(text: string, i: number, blanks: string, skip: number, chars: string): boolean {
  for (let k = 0; k < skip && blanks.includes(text.charAt(i)); k++) i++;
  return i < text.length && chars.includes(text.charAt(i));
}

/**
 * A cheap necessary condition for an age: every pattern's number is a whole run of two or three
 * digits worth 90–125, followed (after at most two blanks or dashes) by "y" (years, yo, y/o) or by
 * F or M, or preceded (after at most three blanks or colons) by "age", "aged" or "of".
 */
function mayHoldAge(text: string, runs: TextRuns): boolean {
  for (let k = 0; k < runs.count; k++) {
    const start = runs.starts[k]!;
    const end = runs.ends[k]!;
    const length = end - start;
    if (length < 2 || length > 3) continue;
    let value = 0;
    for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
    if (!isOldAge(value)) continue;
    if (nextIs(text, end, ' \t-', 2, 'yYFM')) return true;
    let i = start;
    for (let s = 0; s < 3 && i > 0 && ' \t:'.includes(text.charAt(i - 1)); s++) i--;
    const before = text.slice(Math.max(0, i - 4), i).toLowerCase();
    if (before.endsWith('age') || before.endsWith('aged') || before.endsWith('of')) return true;
  }
  return false;
}

/**
 * Ages over 89, which HIPAA counts as identifiers: "92 years old", "92-year-old", "92 yo", "age 93",
 * "aged 95", "93 y/o" and the clinical "92F"/"92 M". Only the number is the span; younger ages are ignored.
 */
export const ageRecognizer: Recognizer = {
  name: 'age',
  types: ['AGE'],
  context: ['age', 'aged', 'years old', 'year old', 'yo', 'y/o'],
  detect(text: string, ctx: DetectContext): Span[] {
    const found: Span[] = [];
    if (!mayHoldAge(text, textRuns(text))) return found;
    const add = (re: RegExp, score: number, ok?: (at: number) => boolean): void => {
      for (const m of text.matchAll(re)) {
        const number = m[1]!;
        const at = m.index + m[0].indexOf(number);
        if (!isOldAge(Number(number)) || (ok !== undefined && !ok(at))) continue;
        found.push(span(at, at + number.length, 'AGE', score, 'age'));
      }
    };
    add(YEARS_OLD, 0.85);
    add(YO, 0.85);
    add(AGE_OF, 0.85);
    const lower = lowered(text, ctx);
    add(SEX_SUFFIX, 0.6, (at) => !TEMPERATURE_BEFORE.test(lower.slice(Math.max(0, at - 24), at)));
    return keepBest(found);
  },
};
