export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The range of a JavaScript Date; outside it a date has no ISO form. */
const MAX_MS = 8.64e15;

/** A date value, or null when it is not a number within the Date range. */
export function validDate(ms: number): number | null {
  return ms >= -MAX_MS && ms <= MAX_MS ? ms : null;
}

const LITERAL =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Epoch milliseconds of a `YYYY-MM-DD` or ISO datetime (UTC unless it has an offset), or undefined. */
export function parseDateLiteral(s: string): number | undefined {
  const m = LITERAL.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999
  const dt = new Date(0);
  dt.setUTCFullYear(year, month - 1, day);
  dt.setUTCHours(Number(h), Number(mi), Number(sec), Number(frac.padEnd(3, '0').slice(0, 3)));
  let ms = dt.getTime();
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    ms -= sign * (oh * HOUR_MS + om * MINUTE_MS);
  }
  return ms;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export const YEAR = 0;
export const MONTH = 1;
export const DAY = 2;

/**
 * The UTC calendar date of a day number (days since 1970-01-01) into `out` as [year, month, day],
 * by Howard Hinnant's days-to-civil algorithm: arithmetic only, so formatting a date allocates no
 * Date.
 *
 * @example
 * const ymd = [0, 0, 0]; civilFromDays(19_796, ymd); // ymd = [2024, 3, 14]
 */
export function civilFromDays(days: number, out: number[]): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[YEAR] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[MONTH] = month;
  out[DAY] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

const ymd = [0, 0, 0];

/** One part of the UTC calendar date of `ms`. */
export function civil(ms: number, part: typeof YEAR | typeof MONTH | typeof DAY): number {
  civilFromDays(Math.floor(ms / DAY_MS), ymd);
  return ymd[part]!;
}

/** ISO weekday, Monday 1 … Sunday 7; 1970-01-01 was a Thursday. */
export function isoWeekday(ms: number): number {
  return ((((Math.floor(ms / DAY_MS) + 3) % 7) + 7) % 7) + 1;
}

/** Milliseconds into the UTC day. */
export function timeOfDay(ms: number): number {
  return ms - Math.floor(ms / DAY_MS) * DAY_MS;
}
