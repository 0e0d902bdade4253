import { civilDate, dayNumber, isLeapYear, mod7 } from './calendar.js';
import { renderDate } from './date-format.js';
import type { DateMatch } from './date-match.js';
import { findDates } from './find-dates.js';

/**
 * The year a date without one is shifted in when the text has no dated date. Any fixed year keeps
 * the output deterministic; a non-leap one matters because a shift can only land on 29 February
 * through a leap year, and a bare "02/29" in the output would claim a leap year the text never
 * named (and is no day at all in three years of four). 2002 rather than 2001: its nearest leap
 * days are 672 and 425 days away, so no shift within ±400 days, the usual range, produces one.
 */
const FALLBACK_YEAR = 2002;
/** A month without a day ("March 2024") moves with its middle day, the likeliest one. */
const MID_MONTH = 15;

// the pipeline shifts every date of a document in turn: find its dated dates once
let cachedText: string | undefined;
let cachedDated: readonly DateMatch[] = [];

function datedMatches(text: string): readonly DateMatch[] {
  if (text !== cachedText) {
    cachedDated = findDates(text).filter((d) => d.year !== undefined);
    cachedText = text;
  }
  return cachedDated;
}

/** The year of the nearest dated date in the text, else FALLBACK_YEAR; a leap year for 29 February. */
function referenceYear(match: DateMatch, text: string): number {
  let year = FALLBACK_YEAR;
  let distance = Number.POSITIVE_INFINITY;
  for (const d of datedMatches(text)) {
    const gap = Math.abs(d.start - match.start);
    if (gap < distance && d.year !== undefined) {
      distance = gap;
      year = d.year;
    }
  }
  if (match.month !== 2 || match.day !== 29 || isLeapYear(year)) return year;
  for (let k = 1; ; k++) {
    if (isLeapYear(year - k)) return year - k;
    if (isLeapYear(year + k)) return year + k;
  }
}

/**
 * The text that replaces `text.slice(match.start, match.end)` when the date moves by `days`,
 * written exactly as the original: zero padding, separators, month number, name or abbreviation,
 * letter case, ordinal suffix, 2- or 4-digit year, and a weekday if one was written (moved by
 * the same number of days, so it stays the writer's weekday even where the year is unknown). A
 * date without a year moves within the year of the nearest dated date in `text` (else 2002) and
 * is written without a year; a month without a day moves with its 15th.
 *
 * @example
 * const text = 'Admitted 03/14/2024, seen again March 14th.';
 * findDates(text).map((d) => shiftDate(d, text, -15)); // ['02/28/2024', 'February 28th']
 */
export function shiftDate(match: DateMatch, text: string, days: number): string {
  if (!Number.isSafeInteger(days))
    throw new RangeError(`shiftDate needs a whole number of days, got ${days}`);
  const year = match.year ?? referenceYear(match, text);
  const moved = civilDate(dayNumber(year, match.month, match.day ?? MID_MONTH) + days);
  const weekday = match.format.weekday === undefined ? 0 : mod7(match.format.weekday + days);
  return renderDate(match.format, moved, weekday);
}
