import { type RunLengths, runChainStarts, textRuns } from '../recognizers/pattern-scan.js';
import { plausibleYear } from './calendar.js';
import {
  cleanAfter,
  cleanBefore,
  followsWholeNumber,
  hasDateCue,
  looksLikeQuantity,
} from './date-context.js';
import { type DatePiece, padOf } from './date-format.js';
import { buildMatch } from './date-match.js';
import type { DateCandidate, DateShape } from './date-shape.js';

// the digit runs of each shape, as [shortest, longest] lengths: the lookbehind, the separators and
// the lookahead make each number a whole run, so a match starts where such a chain of runs does
const NUMBER_NUMBER_YEAR: RunLengths = [
  [1, 2],
  [1, 2],
  [2, 4],
];
const YEAR_NUMBER_NUMBER: RunLengths = [
  [4, 4],
  [1, 2],
  [1, 2],
];

/** Padding of two numeric fields: one that cannot tell ("14") follows the other ("3" or "03"). */
function pads(a: boolean | undefined, b: boolean | undefined, fallback: boolean): [boolean, boolean] {
  const known = a ?? b ?? fallback;
  return [a ?? known, b ?? known];
}

/**
 * Reads two numbers and an optional year both ways. Slashes and hyphens are month-first (US)
 * unless only day-first is a real date; dots are day-first (the European convention that writes
 * them) unless only month-first is.
 */
function twoNumbers(
  text: string,
  start: number,
  end: number,
  first: string,
  sep: string,
  second: string,
  yearText?: string,
): DateCandidate | undefined {
  const year = yearText === undefined ? undefined : plausibleYear(yearText);
  if (yearText !== undefined && year === undefined) return undefined;
  const a = Number(first);
  const b = Number(second);
  // undecidable padding ("12/14/2024") defaults to fixed width, the form systems write
  const [padA, padB] = pads(padOf(first), padOf(second), true);
  const tail: DatePiece[] =
    yearText === undefined
      ? []
      : [
          { kind: 'text', text: sep },
          { kind: 'year', digits: yearText.length === 2 ? 2 : 4 },
        ];
  const read = (monthFirst: boolean) =>
    buildMatch(text, start, end, monthFirst ? { year, month: a, day: b } : { year, month: b, day: a }, [
      { kind: monthFirst ? 'month' : 'day', pad: padA },
      { kind: 'text', text: sep },
      { kind: monthFirst ? 'day' : 'month', pad: padB },
      ...tail,
    ]);
  const monthFirst = read(true);
  const dayFirst = read(false);
  if (sep === '.') {
    const match = dayFirst ?? monthFirst;
    return match && { match };
  }
  if (monthFirst && dayFirst) return { match: monthFirst, dayFirst };
  if (monthFirst) return { match: monthFirst, reading: 'month-first' };
  return dayFirst && { match: dayFirst, reading: 'day-first' };
}

/** A simple fraction that reads as a date only after a date word ("1/2", "3/4", "3/8"). */
function isCommonFraction(a: number, b: number): boolean {
  return (b === 2 || b === 3 || b === 4 || b === 8) && a < b;
}

/** 3/14/24, 03/14/2024, 3-14-2024, 14/03/2024, 14.03.2024. */
const numericWithYear: DateShape = {
  pattern: /(?<![A-Za-z0-9])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/g,
  starts: (text) => runChainStarts(text, textRuns(text), NUMBER_NUMBER_YEAR, '/.-'),
  build(m, text) {
    const start = m.index;
    const end = start + m[0].length;
    const sep = m[2]!;
    const yearText = m[4]!;
    // "1.2.24" is more often a version than a date; dotted dates need four-digit years
    if (sep === '.' && yearText.length === 2) return undefined;
    if (!cleanBefore(text, start, sep) || !cleanAfter(text, end, sep, true)) return undefined;
    return twoNumbers(text, start, end, m[1]!, sep, m[3]!, yearText);
  },
};

/** 2024-03-14, 2024/03/14, 2024.03.14. */
const yearFirst: DateShape = {
  pattern: /(?<![A-Za-z0-9])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?!\d)/g,
  starts: (text) => runChainStarts(text, textRuns(text), YEAR_NUMBER_NUMBER, '/.-'),
  build(m, text) {
    const start = m.index;
    const end = start + m[0].length;
    const sep = m[2]!;
    const year = plausibleYear(m[1]!);
    if (year === undefined || !cleanBefore(text, start, sep) || !cleanAfter(text, end, sep, true))
      return undefined;
    const [monthPad, dayPad] = pads(padOf(m[3]!), padOf(m[4]!), true);
    const match = buildMatch(text, start, end, { year, month: Number(m[3]), day: Number(m[4]) }, [
      { kind: 'year', digits: 4 },
      { kind: 'text', text: sep },
      { kind: 'month', pad: monthPad },
      { kind: 'text', text: sep },
      { kind: 'day', pad: dayPad },
    ]);
    return match && { match };
  },
};

/** 3/14, 03/14, 14/03: slashes only, since "3-4" and "3.4" are ranges and decimals. */
const monthDay: DateShape = {
  pattern: /(?<![A-Za-z0-9])(\d{1,2})\/(\d{1,2})(?!\d)/g,
  starts: (text) =>
    runChainStarts(
      text,
      textRuns(text),
      [
        [1, 2],
        [1, 2],
      ],
      '/',
    ),
  build(m, text) {
    const start = m.index;
    const end = start + m[0].length;
    if (!cleanBefore(text, start, '/') || !cleanAfter(text, end, '/', false)) return undefined;
    // "1 1/2 tabs", "39 6/7 weeks": the fraction of a mixed number
    if (followsWholeNumber(text, start) || looksLikeQuantity(text, start, end)) return undefined;
    const cue = hasDateCue(text, start);
    if (isCommonFraction(Number(m[1]), Number(m[2])) && !cue) return undefined;
    const found = twoNumbers(text, start, end, m[1]!, '/', m[2]!);
    // "24/7", "16/9": a pair only valid day-first is a date only in a day-first text, or after a cue
    if (found?.reading === 'day-first' && !cue) return { match: found.match, weak: true };
    return found;
  },
};

/** 03/2024, 3/2024: a month of a year. */
const monthOfYear: DateShape = {
  pattern: /(?<![A-Za-z0-9])(\d{1,2})\/(\d{4})(?!\d)/g,
  starts: (text) =>
    runChainStarts(
      text,
      textRuns(text),
      [
        [1, 2],
        [4, 4],
      ],
      '/',
    ),
  build(m, text) {
    const start = m.index;
    const end = start + m[0].length;
    const year = plausibleYear(m[2]!);
    if (year === undefined || !cleanBefore(text, start, '/') || !cleanAfter(text, end, '/', false))
      return undefined;
    if (looksLikeQuantity(text, start, end)) return undefined;
    const match = buildMatch(text, start, end, { year, month: Number(m[1]) }, [
      { kind: 'month', pad: padOf(m[1]!) ?? true },
      { kind: 'text', text: '/' },
      { kind: 'year', digits: 4 },
    ]);
    return match && { match };
  },
};

/** 20240314, only after a date word ("DOB 19610402"): alone, eight digits are more often an id. */
const compactYmd: DateShape = {
  pattern: /(?<![A-Za-z0-9])(\d{4})(\d{2})(\d{2})(?!\d)/g,
  starts: (text) => runChainStarts(text, textRuns(text), [[8, 8]]),
  build(m, text) {
    const start = m.index;
    const end = start + m[0].length;
    const year = plausibleYear(m[1]!);
    if (year === undefined || !cleanBefore(text, start, '') || !cleanAfter(text, end, '', true))
      return undefined;
    if (!hasDateCue(text, start)) return undefined;
    const match = buildMatch(text, start, end, { year, month: Number(m[2]), day: Number(m[3]) }, [
      { kind: 'year', digits: 4 },
      { kind: 'month', pad: true },
      { kind: 'day', pad: true },
    ]);
    return match && { match };
  },
};

export const numericShapes: readonly DateShape[] = [
  numericWithYear,
  yearFirst,
  monthDay,
  monthOfYear,
  compactYmd,
];
