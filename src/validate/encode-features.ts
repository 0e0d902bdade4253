/** The encoded design matrix: one Float64Array per row, and a name per column. */
export interface EncodedFeatures {
  matrix: Float64Array[];
  names: string[];
}

/** Categories kept as their own one-hot column; the rest share an `=(other)` column. */
const MAX_LEVELS = 50;
const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Fills one output column per name from a row's value. */
type Encoder = { names: string[]; write(value: unknown, out: Float64Array, at: number): void };

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
}

/** Numbers (and booleans, dates) as one column; a missing value takes the mean and sets `:missing`. */
function numericEncoder(name: string, values: readonly unknown[], toNumber: (v: unknown) => number): Encoder {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    sum += toNumber(v);
    count++;
  }
  const fill = count > 0 ? sum / count : 0;
  const anyMissing = count < values.length;
  return {
    names: anyMissing ? [name, `${name}:missing`] : [name],
    write(v, out, at) {
      const missing = isMissing(v);
      out[at] = missing ? fill : toNumber(v);
      if (anyMissing) out[at + 1] = missing ? 1 : 0;
    },
  };
}

/** Strings one-hot: the most frequent levels (ties by name), sorted by name, then `(other)`. */
function categoryEncoder(name: string, values: readonly unknown[]): Encoder {
  const counts = new Map<string, number>();
  let anyMissing = false;
  for (const v of values) {
    if (isMissing(v)) anyMissing = true;
    else counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
  const kept = ranked
    .slice(0, MAX_LEVELS)
    .map(([k]) => k)
    .sort(byName);
  const other = ranked.length > MAX_LEVELS;
  const slot = new Map(kept.map((k, i) => [k, i]));
  const names = kept.map((k) => `${name}=${k}`);
  if (other) names.push(`${name}=(other)`);
  if (anyMissing) names.push(`${name}:missing`);
  return {
    names,
    write(v, out, at) {
      for (let k = 0; k < names.length; k++) out[at + k] = 0;
      if (isMissing(v)) out[at + names.length - 1] = 1;
      else out[at + (slot.get(String(v)) ?? kept.length)] = 1;
    },
  };
}

function encoderFor(name: string, values: readonly unknown[]): Encoder {
  const present = values.filter((v) => !isMissing(v));
  if (present.every((v) => typeof v === 'number')) return numericEncoder(name, values, (v) => v as number);
  if (present.every((v) => typeof v === 'boolean')) return numericEncoder(name, values, (v) => (v ? 1 : 0));
  if (present.every((v) => typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)))) {
    return numericEncoder(name, values, (v) => Date.parse(v as string) / DAY);
  }
  return categoryEncoder(name, values);
}

/**
 * Turns rows into a numeric design matrix for a model: numbers as they are, booleans as 0/1, ISO
 * dates and date-times as (fractional) epoch days, other strings one-hot with at most 50 levels
 * plus `=(other)`. Missing values (null, undefined, NaN) become the column mean, or no level, with a
 * `:missing` indicator column added only when the column has any. The same rows give the same
 * matrix and names, whatever the order of object keys.
 *
 * @example
 * encodeFeatures([{ age: 30, plan: 'pro' }, { age: null, plan: 'free' }], ['age', 'plan']).names;
 * // ['age', 'age:missing', 'plan=free', 'plan=pro']
 */
export function encodeFeatures(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): EncodedFeatures {
  const encoders = columns.map((c) =>
    encoderFor(
      c,
      rows.map((r) => r[c]),
    ),
  );
  const names = encoders.flatMap((e) => e.names);
  const matrix = rows.map((row) => {
    const out = new Float64Array(names.length);
    let at = 0;
    columns.forEach((c, i) => {
      encoders[i]!.write(row[c], out, at);
      at += encoders[i]!.names.length;
    });
    return out;
  });
  return { matrix, names };
}
