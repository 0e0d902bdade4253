import { readCsv } from '../io/index.js';

/** One value of a table: a number, a string, or null for a missing value. */
export type Cell = string | number | null;

/**
 * A table held in memory by column, as the fidelity, privacy and quality metrics read it.
 * Empty CSV cells are null; a column whose every present cell is a number holds numbers.
 */
export interface Frame {
  readonly name: string;
  readonly columns: readonly string[];
  readonly data: Readonly<Record<string, readonly Cell[]>>;
  readonly rows: number;
}

/**
 * How a metric treats a column, as SDMetrics' metadata does: `numerical` and `datetime` columns
 * are compared as numbers (datetimes as epoch milliseconds), `categorical` and `boolean` as
 * categories; `id` and `text` columns are skipped by the distribution metrics.
 */
export type ColumnKind = 'numerical' | 'datetime' | 'categorical' | 'boolean' | 'id' | 'text';

/** Each column's kind, by name. */
export type Metadata = Readonly<Record<string, ColumnKind>>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Builds a frame from rows of cells; a column whose present cells all read as numbers holds numbers. */
export function frameFromRows(
  name: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): Frame {
  const data: Record<string, Cell[]> = {};
  columns.forEach((column, c) => {
    const raw = rows.map((r) => r[c] ?? '');
    const numeric = raw.every((v) => v === '' || NUMBER.test(v.trim()));
    data[column] = raw.map((v) => (v === '' ? null : numeric ? Number(v) : v));
  });
  return { name, columns, data, rows: rows.length };
}

/**
 * Reads CSV text with a header row into a frame.
 *
 * @example
 * frameFromCsv('age,sex\n39,Male\n50,\n', 'people.csv').data.age; // [39, 50]
 */
export function frameFromCsv(text: string, file: string, name = file): Frame {
  const records = readCsv(text, ',', file).records.filter((r) => !r.blank);
  const [header, ...body] = records;
  if (!header) return { name, columns: [], data: {}, rows: 0 };
  return frameFromRows(
    name,
    header.cells,
    body.map((r) => r.cells),
  );
}

/** Makes a frame from columns already built. */
export function frameOf(name: string, data: Record<string, readonly Cell[]>): Frame {
  const columns = Object.keys(data);
  return { name, columns, data, rows: columns.length ? data[columns[0]!]!.length : 0 };
}

/**
 * Guesses each column's kind from its values: numbers are numerical, ISO dates are datetime,
 * `true`/`false` is boolean, a column of distinct values is an id, long distinct strings with
 * spaces are text, and anything else is categorical.
 */
export function inferMetadata(frame: Frame): Metadata {
  const meta: Record<string, ColumnKind> = {};
  for (const column of frame.columns) {
    const values = frame.data[column]!.filter((v): v is string | number => v !== null);
    if (values.length === 0) {
      meta[column] = 'categorical';
      continue;
    }
    const distinct = new Set(values).size;
    if (values.every((v) => typeof v === 'number')) {
      const integers = values.every((v) => Number.isInteger(v));
      meta[column] =
        integers && distinct === values.length && values.length > 20 && /id$/i.test(column)
          ? 'id'
          : 'numerical';
      continue;
    }
    const strings = values.map(String);
    if (strings.every((v) => v === 'true' || v === 'false')) meta[column] = 'boolean';
    else if (strings.every((v) => ISO_DATE.test(v))) meta[column] = 'datetime';
    else if (distinct === values.length && values.length > 20) {
      const spaced = strings.filter((v) => v.includes(' ')).length;
      const meanLength = strings.reduce((s, v) => s + v.length, 0) / strings.length;
      meta[column] = spaced > strings.length / 2 && meanLength > 30 ? 'text' : 'id';
    } else {
      const meanLength = strings.reduce((s, v) => s + v.length, 0) / strings.length;
      meta[column] = meanLength > 40 && distinct > values.length / 2 ? 'text' : 'categorical';
    }
  }
  return meta;
}

/** A datetime cell as epoch milliseconds, a number as itself, anything else as NaN. */
export function numericValue(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (cell === null) return Number.NaN;
  const t = Date.parse(cell.length === 10 ? `${cell}T00:00:00Z` : cell);
  return t;
}
