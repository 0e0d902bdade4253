/** A day of the proleptic Gregorian calendar; month 1–12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` of `year`; with no year, the most a month can have (29 for February). */
export function daysInMonth(month: number, year?: number): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? 0;
}

/** Whether month (and day, if given) name a real day, in `year` if given, else in some year. */
export function isCalendarDate(month: number, day?: number, year?: number): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  return day === undefined || (Number.isInteger(day) && day >= 1 && day <= daysInMonth(month, year));
}

/** Days since 1970-01-01. */
export function dayNumber(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not move years 0–99 into the 1900s
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

export function civilDate(dayNo: number): CivilDate {
  const d = new Date(dayNo * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNo: number): number {
  // 1970-01-01 was a Thursday
  return mod7(dayNo + 4);
}

export function mod7(n: number): number {
  return ((n % 7) + 7) % 7;
}

/**
 * The year a 2- or 4-digit year text stands for, or undefined when a 4-digit year is outside
 * 1900–2100 (a count or a code rather than a year). Two digits use the fixed window of Excel and
 * Windows, 30–99 → 1930–1999 and 00–29 → 2000–2029: records are full of birth years in the 1930s
 * to 1960s that must not read as the future, and a fixed window keeps the answer independent of
 * today's date.
 */
export function plausibleYear(digits: string): number | undefined {
  const n = Number(digits);
  if (digits.length === 2) return n >= 30 ? 1900 + n : 2000 + n;
  return digits.length === 4 && n >= 1900 && n <= 2100 ? n : undefined;
}
