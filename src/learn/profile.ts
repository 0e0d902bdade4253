import { detectSemanticType, type SemanticType } from './semantic-types.js';
import type { Cell } from './types.js';

/** What a column's values are, read off the values themselves. */
export type ValueType = 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string' | 'empty';

/** A column measured: its type, nulls, distinct values, and what its name and values say it holds. */
export interface ColumnProfile {
  readonly name: string;
  readonly rows: number;
  readonly nulls: number;
  readonly nullRate: number;
  readonly type: ValueType;
  /** distinct non-null values */
  readonly distinct: number;
  /** every non-null value is distinct */
  readonly unique: boolean;
  /** the non-null values as numbers (dates as epoch milliseconds), in row order; for numeric and date types */
  readonly numbers?: Float64Array;
  /** each row's value as text (null for a null), for categories and patterns */
  readonly keys: readonly (string | null)[];
  /** value → count */
  readonly counts: ReadonlyMap<string, number>;
  /** for numbers: decimal places the data is written with (at most 6) */
  readonly decimals?: number;
  /** for dates: the output format that writes them as the data does */
  readonly dateFormat?: string;
  /** a direct identifier or PII type, by name and values */
  readonly semantic?: SemanticType;
  /** mean length of the text values */
  readonly meanLength: number;
}

const NUMBER = /^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$|^[+-]?\.\d+$/;
const BOOLEAN = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})([T ])(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function decimalsOf(text: string): number {
  const m = /\.(\d+)$/.exec(text);
  return m ? m[1]!.length : 0;
}

/** Epoch milliseconds of an ISO date or date-time; one without a zone is read as UTC. */
export function parseIsoDate(text: string): number {
  if (DATE.test(text)) return Date.parse(`${text}T00:00:00Z`);
  const m = DATETIME.exec(text);
  if (!m) return Number.NaN;
  const zone = m[8] ?? 'Z';
  return Date.parse(`${m[1]}T${m[3]}:${m[4]}:${m[6] ?? '00'}${m[7] ?? ''}${zone}`);
}

/** The date format (as date columns write it) of ISO values, and whether they are whole days. */
function dateShape(texts: readonly string[]): { kind: 'date' | 'datetime'; format: string } {
  if (texts.every((t) => DATE.test(t))) return { kind: 'date', format: 'YYYY-MM-DD' };
  const first = DATETIME.exec(texts[0]!)!;
  const sep = first[2] === 'T' ? '[T]' : ' ';
  // values with a zone are held as UTC instants (parseIsoDate), so they are written back marked Z
  const zone = texts.some((t) => DATETIME.exec(t)?.[8] !== undefined) ? '[Z]' : '';
  const seconds = first[5] !== undefined;
  const midnight = texts.every((t) => {
    const m = DATETIME.exec(t);
    return m !== null && m[3] === '00' && m[4] === '00' && (m[6] ?? '00') === '00' && m[7] === undefined;
  });
  // local midnights in one zone are dates (rounded to the nearest UTC day), written with that zone
  const zones = new Set(texts.map((t) => DATETIME.exec(t)?.[8] ?? ''));
  if (midnight && zones.size === 1)
    return { kind: 'date', format: `YYYY-MM-DD[${first[2]}00:00${seconds ? ':00' : ''}${first[8] ?? ''}]` };
  const millis = texts.some((t) => DATETIME.exec(t)?.[7] !== undefined);
  return {
    kind: 'datetime',
    format: `YYYY-MM-DD${sep}HH:mm${seconds ? ':ss' : ''}${millis ? '.SSS' : ''}${zone}`,
  };
}

/**
 * Measures a column: its value type (integers, numbers, booleans, ISO dates and date-times,
 * text), null rate, distinct values and uniqueness, decimals, date format, and its PII type.
 *
 * @example
 * profileColumn('age', [39, 50, null], 'people').type; // 'integer'
 */
export function profileColumn(name: string, cells: readonly Cell[], table = ''): ColumnProfile {
  const keys: (string | null)[] = cells.map((c) => (c === null || c === '' ? null : String(c)));
  const present = keys.filter((k): k is string => k !== null);
  const counts = new Map<string, number>();
  for (const k of present) counts.set(k, (counts.get(k) ?? 0) + 1);
  const nulls = keys.length - present.length;
  const base = {
    name,
    rows: keys.length,
    nulls,
    nullRate: keys.length ? nulls / keys.length : 0,
    distinct: counts.size,
    unique: counts.size === present.length && present.length > 0,
    keys,
    counts,
    meanLength: present.length ? present.reduce((s, v) => s + v.length, 0) / present.length : 0,
  };
  if (present.length === 0) return { ...base, type: 'empty' };
  const distinctTexts = [...counts.keys()];
  if (distinctTexts.every((t) => NUMBER.test(t))) {
    const numbers = Float64Array.from(present, Number);
    const integer = numbers.every((x) => Number.isInteger(x));
    let decimals = 0;
    if (!integer) {
      // the precision most values are written with, so a stray long decimal does not set it
      const byPlaces = new Array<number>(7).fill(0);
      for (const t of distinctTexts) byPlaces[Math.min(6, decimalsOf(t))]! += counts.get(t)!;
      let covered = 0;
      for (let d = 0; d <= 6; d++) {
        covered += byPlaces[d]!;
        decimals = d;
        if (covered >= 0.99 * present.length) break;
      }
    }
    const semantic = detectSemanticType(name, distinctTexts.slice(0, 2000), table);
    return {
      ...base,
      type: integer ? 'integer' : 'number',
      numbers,
      ...(integer ? {} : { decimals: Math.max(1, decimals) }),
      ...(semantic && semantic.by !== 'values' ? { semantic } : {}),
    };
  }
  if (distinctTexts.every((t) => BOOLEAN.test(t))) return { ...base, type: 'boolean' };
  if (distinctTexts.every((t) => DATE.test(t) || DATETIME.test(t))) {
    const shape = dateShape(distinctTexts);
    const numbers = Float64Array.from(present, parseIsoDate);
    if (numbers.every((x) => Number.isFinite(x))) {
      const semantic = detectSemanticType(name, [], table);
      return {
        ...base,
        type: shape.kind,
        numbers,
        dateFormat: shape.format,
        ...(semantic ? { semantic } : {}),
      };
    }
  }
  const semantic = detectSemanticType(name, distinctTexts.slice(0, 2000), table);
  return { ...base, type: 'string', ...(semantic ? { semantic } : {}) };
}
