import { isCalendarDate } from './calendar.js';
import { weekdayBefore } from './date-context.js';
import type { DateFormat, DatePiece } from './date-format.js';
import { letterCaseOf, weekdayStyleOf } from './date-words.js';

/**
 * A written date: offsets in UTF-16 code units, end exclusive; the fields it gives (a month
 * always, a year and a day when written); whether a weekday was written with it; and how it was
 * written, so `shiftDate` can write another date the same way.
 */
export interface DateMatch {
  readonly start: number;
  readonly end: number;
  readonly year?: number;
  readonly month: number;
  readonly day?: number;
  readonly weekday?: boolean;
  readonly format: DateFormat;
}

/** The fields a date shape read, before validation. */
export interface DateFields {
  readonly year?: number | undefined;
  readonly month: number;
  readonly day?: number | undefined;
}

/**
 * Validates the fields and makes the match, taking in a weekday written just before the date.
 * Returns undefined for a day the calendar does not have ("02/30", "2023-02-29").
 */
export function buildMatch(
  text: string,
  start: number,
  end: number,
  fields: DateFields,
  pieces: readonly DatePiece[],
): DateMatch | undefined {
  const { year, month, day } = fields;
  if (!isCalendarDate(month, day, year)) return undefined;
  // a weekday goes with a day, not with a month ("Tuesday, March 2024" names no day to check it by)
  const prefix = day === undefined ? undefined : weekdayBefore(text, start);
  const format: DateFormat = prefix
    ? {
        pieces: [
          { kind: 'weekday', style: weekdayStyleOf(prefix.word), letters: letterCaseOf(prefix.word) },
          { kind: 'text', text: prefix.sep },
          // "Tue, May 14": "May" alone names no style, but a writer who abbreviates the
          // weekday abbreviates the month
          ...(weekdayStyleOf(prefix.word) === 'abbr' && month === 5 ? pieces.map(abbreviated) : pieces),
        ],
        weekday: prefix.weekday,
      }
    : { pieces };
  // the fields a date does not give are left out, not set to undefined; they are assigned in the
  // order a reader sees them (start, end, year, month, day, weekday, format) without spreading
  // temporary objects, as this runs for every candidate date
  const from = prefix ? prefix.start : start;
  const match = (
    year === undefined ? { start: from, end, month } : { start: from, end, year, month }
  ) as Mutable<DateMatch>;
  if (day !== undefined) match.day = day;
  if (prefix) match.weekday = true;
  match.format = format;
  return match;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function abbreviated(p: DatePiece): DatePiece {
  return p.kind === 'month-name' && p.style === 'full' ? { ...p, style: 'abbr' } : p;
}
