import { civilFromDays } from '../expr/index.js';

const TOKEN = /YYYY|MM|DD|HH|mm|ss|SSS|\[[^\]]*\]/g;
const PAD2 = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const DAY = 86_400_000;

enum Part {
  Year,
  Month,
  Day,
  Hour,
  Minute,
  Second,
  Milli,
}

/**
 * Compiles a date format into a function of epoch milliseconds (UTC). Tokens: YYYY MM DD HH mm
 * ss SSS; text in [brackets] is literal. `iso`, `epoch` (seconds) and `epoch_ms` are presets.
 * The calendar is computed arithmetically (proleptic Gregorian), without a Date object per value.
 *
 * @example
 * compileDateFormat('DD/MM/YYYY')(Date.UTC(2024, 2, 14)); // '14/03/2024'
 */
export function compileDateFormat(format: string): (ms: number) => string | number {
  if (format === 'epoch') return (ms) => Math.floor(ms / 1000);
  if (format === 'epoch_ms') return (ms) => ms;
  if (format === 'iso') format = 'YYYY-MM-DD[T]HH:mm:ss[Z]';
  const parts = formatParts(format);
  return compileParts(parts);
}

const TOKEN_PART: Record<string, Part> = {
  YYYY: Part.Year,
  MM: Part.Month,
  DD: Part.Day,
  HH: Part.Hour,
  mm: Part.Minute,
  ss: Part.Second,
  SSS: Part.Milli,
};

/** A format's tokens as parts, and its literal text (brackets removed) as strings. */
function formatParts(format: string): (Part | string)[] {
  const parts: (Part | string)[] = [];
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    last = m.index + m[0].length;
    const tok = m[0];
    parts.push(tok.startsWith('[') ? tok.slice(1, -1) : TOKEN_PART[tok]!);
  }
  if (last < format.length) parts.push(format.slice(last));
  return parts;
}

/** A formatter over parsed parts; a date-time's leading date part is formatted once per day. */
function compileParts(parts: readonly (Part | string)[]): (ms: number) => string {
  const needsTime = parts.some((p) => typeof p === 'number' && p >= Part.Hour);
  const dateOnly = !needsTime;
  // a column's dates fall on a few thousand distinct days: remember each day's text
  const dayText = new Map<number, string>();
  // where the day's part of a date-time ends (as in `iso`): before it the text depends on the day alone
  const firstTime = parts.findIndex((p) => typeof p === 'number' && p >= Part.Hour);
  const dayFirst =
    needsTime && parts.slice(firstTime).every((p) => typeof p !== 'number' || p >= Part.Hour)
      ? firstTime
      : -1;
  const timeParts = dayFirst >= 0 ? parts.slice(dayFirst) : [];
  const dayPrefix = dayFirst > 0 ? compileParts(parts.slice(0, dayFirst)) : undefined;

  // the date and time of day of the value being formatted
  const ymd = [0, 0, 0];
  const clock = [0, 0, 0, 0];
  const setClock = (rest: number) => {
    clock[0] = Math.floor(rest / 3_600_000);
    rest -= clock[0] * 3_600_000;
    clock[1] = Math.floor(rest / 60_000);
    rest -= clock[1] * 60_000;
    clock[2] = Math.floor(rest / 1000);
    clock[3] = rest - clock[2] * 1000;
  };
  const timeText = (p: Part): string =>
    p === Part.Milli ? String(clock[3]).padStart(3, '0') : PAD2[clock[p - Part.Hour]!]!;

  return (ms) => {
    const days = Math.floor(ms / DAY);
    if (dateOnly) {
      const hit = dayText.get(days);
      if (hit !== undefined) return hit;
    } else if (dayPrefix) {
      let head = dayText.get(days);
      if (head === undefined) {
        head = dayPrefix(days * DAY);
        if (dayText.size < 100_000) dayText.set(days, head);
      }
      setClock(ms - days * DAY);
      let s = head;
      for (const p of timeParts) s += typeof p === 'number' ? timeText(p) : p;
      return s;
    }
    civilFromDays(days, ymd);
    const [y, m, d] = ymd as [number, number, number];
    setClock(needsTime ? ms - days * DAY : 0);
    let s = '';
    for (const p of parts) {
      switch (p) {
        case Part.Year:
          s += y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
          break;
        case Part.Month:
          s += PAD2[m];
          break;
        case Part.Day:
          s += PAD2[d];
          break;
        case Part.Hour:
        case Part.Minute:
        case Part.Second:
        case Part.Milli:
          s += timeText(p);
          break;
        default:
          s += p;
      }
    }
    if (dateOnly && dayText.size < 100_000) dayText.set(days, s);
    return s;
  };
}

/**
 * The inverse of `compileDateFormat`: reads a formatted date back into epoch milliseconds (UTC),
 * or NaN when the text does not have the format's shape.
 *
 * @example
 * compileDateParser('DD/MM/YYYY')('14/03/2024'); // Date.UTC(2024, 2, 14)
 */
export function compileDateParser(format: string): (text: string | number) => number {
  if (format === 'epoch') return (v) => (typeof v === 'number' ? v : Number(v)) * 1000;
  if (format === 'epoch_ms') return (v) => (typeof v === 'number' ? v : Number(v));
  if (format === 'iso') format = 'YYYY-MM-DD[T]HH:mm:ss[Z]';
  if (format === 'YYYY-MM-DD' || format === 'YYYY-MM-DD[T]HH:mm:ss[Z]')
    return fastIsoParser(format.length > 10);
  const order: Part[] = [];
  let source = '^';
  for (const p of formatParts(format)) {
    if (typeof p === 'string') source += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else {
      source += p === Part.Year ? '(-?\\d{4,})' : p === Part.Milli ? '(\\d{3})' : '(\\d{2})';
      order.push(p);
    }
  }
  const re = new RegExp(`${source}$`);
  return (v) => {
    const m = re.exec(String(v));
    if (!m) return Number.NaN;
    const p = [1970, 1, 1, 0, 0, 0, 0];
    for (let i = 0; i < order.length; i++) p[order[i]!] = Number(m[i + 1]);
    const [y, mo, d, h, mi, s, ms] = p as [number, number, number, number, number, number, number];
    // 31 February does not exist (Date.UTC would roll it over into March)
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return Number.NaN;
    return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  };
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/** `YYYY-MM-DD` and `YYYY-MM-DDTHH:mm:ssZ` read by position, without a regular expression. */
function fastIsoParser(withTime: boolean): (text: string | number) => number {
  const length = withTime ? 20 : 10;
  return (v) => {
    const s = String(v);
    if (s.length !== length || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
    for (const i of withTime ? ISO_DIGITS_TIME : ISO_DIGITS) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number.NaN;
    }
    const y = two(s, 0) * 100 + two(s, 2);
    const mo = two(s, 5);
    const d = two(s, 8);
    let h = 0;
    let mi = 0;
    let sec = 0;
    if (withTime) {
      if (s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== 'Z') return Number.NaN;
      h = two(s, 11);
      mi = two(s, 14);
      sec = two(s, 17);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return Number.NaN;
    return Date.UTC(y, mo - 1, d, h, mi, sec);
  };
}
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(y: number, m: number): number {
  return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1]!;
}
const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const ISO_DIGITS_TIME = [...ISO_DIGITS, 11, 12, 14, 15, 17, 18];
