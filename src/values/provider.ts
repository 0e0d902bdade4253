import type { Issue } from '../errors/index.js';
import type { Rng } from '../random/index.js';
import type { ColumnSpec, CountLaw, Spec } from '../spec/index.js';

/**
 * A generated cell. Dates are kept as epoch milliseconds until they are formatted. Arrays and
 * objects are the values of `array` and `object` columns: nested JSON, already in output form.
 */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** The row being made. One object is reused for every row, so read it, don't keep it. */
export interface RowCursor {
  /** The row's index in its table (0-based). */
  index: number;
  /** The row's index within the current chunk. */
  local: number;
  /** For a table made `per` a parent: the parent row's index in its table; -1 for a root table. */
  readonly group: number;
  /** The row's position among its parent's rows (0 for the first child); the row index for a root table. */
  readonly seq: number;
}

/** How a column's values are stored in a database. */
export type SqlType = 'INTEGER' | 'REAL' | 'TEXT';

/**
 * Makes one column's values. The engine calls `next` once per row with the column's own random
 * stream, so a provider never shares randomness with another column.
 */
export interface Provider {
  next(rng: Rng, row: RowCursor): Value;
  /**
   * The value at probability u ∈ (0, 1) of this column's distribution: what a Gaussian copula
   * feeds. Same distribution as `next`, including truncation, rounding and integer-ness, and
   * non-decreasing in u.
   */
  quantile?(u: number): Value;
  /** Turns a stored value into its output form, e.g. a date into its format. */
  format?(value: Value): Value;
  /** The key of row `index`, computed without generating the table: what lets a child refer to it. */
  keyAt?(index: number): Value;
  readonly sqlType: SqlType;
  /** True when `next` may give null even without a null_rate (an expression, a missing event): no NOT NULL. */
  readonly nullable?: boolean;
}

/** What the engine offers a provider while it is being built. */
export interface ProviderContext {
  readonly spec: Spec;
  readonly seed: number;
  readonly table: string;
  readonly column: string;
  /** The dataset's or the column's faker locale. */
  readonly locale: string;
  /** Path of the column in the spec, for error messages. */
  readonly path: readonly (string | number)[];
  /**
   * A reader of another value of the current row: `column` for this row, `table.column` or
   * `ref_column.column` for a linked parent row. Values come formatted.
   */
  lookup(ref: string): (row: RowCursor) => Value;
  /** Like `lookup`, but the stored value: dates as epoch milliseconds, not formatted. */
  lookupRaw(ref: string): (row: RowCursor) => Value;
  /**
   * The provider of another column of this table, which must be made before this one (the
   * column names it among its dependencies). What a spans column uses to read its text column.
   */
  sibling(column: string): Provider;
  /**
   * A picker of parent keys for a ref column (`table.column`), with integrity guaranteed.
   * `distinct`: no key repeats among the rows of one parent (a table made `per` a parent);
   * `popularity`: the rows per parent follow this count law.
   */
  link(
    ref: string,
    options?: { readonly distinct?: boolean; readonly popularity?: CountLaw },
  ): (rng: Rng, row: RowCursor) => Value;
  /** The number of rows of the column's table: known once generation starts, not while building. */
  rows?(): number;
}

/** Builds a provider for one column; throws a TrainkitError for a column it cannot make. */
export type ProviderFactory<C extends ColumnSpec = ColumnSpec> = (
  column: C,
  ctx: ProviderContext,
) => Provider;

/** Problems a factory found, at paths relative to the column. */
export function columnIssue(ctx: ProviderContext, issue: Omit<Issue, 'path'> & { at?: string }): Issue {
  const { at, ...rest } = issue;
  return { ...rest, path: at === undefined ? [...ctx.path] : [...ctx.path, at] };
}
