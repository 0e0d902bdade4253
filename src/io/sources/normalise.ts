import type { ReadCell } from '../table-reader.js';

/** Turns a driver's value into a cell that reads the same whatever the engine. */
export type Normaliser = (v: unknown) => ReadCell;

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A date-time as `YYYY-MM-DDTHH:MM:SS[.fff]`, in UTC with `Z` when `zoned`; other text unchanged. */
function isoDateTime(text: string, zoned: boolean): string {
  const m = DATE_TIME.exec(text);
  if (!m) return text;
  let [, day, time, fraction = '', zone] = m;
  if (zone && zone.toUpperCase() !== 'Z') {
    // an offset: the instant in UTC (to the millisecond, what Date keeps)
    const offset =
      zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const utc = new Date(`${day}T${time}${fraction.slice(0, 4)}${offset}`).toISOString();
    [day, time, fraction] = [utc.slice(0, 10), utc.slice(11, 19), utc.slice(19, 23)];
  }
  fraction = fraction.replace(/\.?0+$/, '');
  return `${day}T${time}${fraction}${zoned ? 'Z' : ''}`;
}

/** Any value as a cell: 64-bit integers as numbers when exact, bytes as base64, dates as ISO text. */
function plain(v: unknown): ReadCell {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  }
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return v as ReadCell;
}

const TRUE = new Set([1, '1', 't', 'true', 'TRUE', 'T']);
const FALSE = new Set([0, '0', 'f', 'false', 'FALSE', 'F']);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The normaliser for a column of the declared type: the type names of PostgreSQL, MySQL, DuckDB,
 * SQLite and Parquet all read into the same few families (date, date-time with or without a
 * zone, boolean, exact decimal, time of day); anything else goes through as plain data.
 *
 * @example
 * normaliserFor('timestamp with time zone')('2024-03-14 10:00:00+02'); // '2024-03-14T08:00:00Z'
 */
export function normaliserFor(type: string | undefined): Normaliser {
  const t = (type ?? '').trim().toLowerCase();
  if (t === 'date')
    return (v) => {
      const x = plain(v);
      return typeof x === 'string' && /^\d{4}-\d{2}-\d{2}([ T]|$)/.test(x) ? x.slice(0, 10) : x;
    };
  if (/^(timestamp|datetime)/.test(t)) {
    const zoned = /with time zone|^timestamptz/.test(t);
    return (v) => {
      if (v instanceof Date) return isoDateTime(v.toISOString(), zoned);
      const x = plain(v);
      // a driver that returned a JS date (DuckDB) gave the wall time as if in UTC: drop the Z
      return typeof x === 'string' ? isoDateTime(zoned ? x : x.replace(/Z$/, ''), zoned) : x;
    };
  }
  if (/^bool/.test(t) || t === 'tinyint(1)' || t === 'bit(1)')
    return (v) => {
      const x = plain(v);
      if (TRUE.has(x as never)) return true;
      if (FALSE.has(x as never)) return false;
      return x;
    };
  if (/^(numeric|decimal)/.test(t)) {
    const scale = Number(/,\s*(\d+)\s*\)/.exec(t)?.[1] ?? -1);
    return (v) => {
      const x = plain(v);
      // a reader that scales the unscaled integer in floating point (Parquet) lands beside it
      if (typeof x === 'number' && scale >= 0 && scale <= 20) return Number(x.toFixed(scale));
      if (typeof x !== 'string' || !/^[+-]?\d+(\.\d+)?$/.test(x)) return x;
      // a number only when it is exact: "12.50" is 12.5, a 30-digit value stays text
      const n = Number(x);
      const trimmed = x.includes('.') ? x.replace(/\.?0+$/, '') : x;
      return String(n) === trimmed.replace(/^\+/, '') ? n : x;
    };
  }
  if (/^time(?! ?stamp)/.test(t))
    return (v) => {
      const x = plain(v);
      if (typeof x !== 'number') return x;
      // DuckDB hands a time of day over as microseconds
      const s = Math.floor(x / 1e6);
      const micro = x % 1e6;
      const clock = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
      return micro ? `${clock}.${pad(micro, 6).replace(/0+$/, '')}` : clock;
    };
  return plain;
}
