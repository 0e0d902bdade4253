import type { Issue } from '../errors/index.js';
import type { ArrayColumnSpec, ColumnSpec, LengthSpec, ObjectColumnSpec, Spec } from './schema.js';

type Path = (string | number)[];

/** What the nested checks borrow from `check.ts` (passed in, so the two files do not import each other). */
export interface NestedCheckTools {
  /** Checks one column spec (the ordinary per-kind checks). */
  checkColumn(spec: Spec, tname: string, cname: string, col: ColumnSpec, path: Path, issues: Issue[]): void;
  /** Checks a count distribution's parameters; `path` ends in `dist`. */
  checkLength(length: LengthSpec, path: Path, issues: Issue[]): void;
  cardinality(col: ColumnSpec): number;
}

// kinds whose value depends on the row's place in its table, not on the row's other values
const topLevelOnly: Record<string, string> = {
  id: 'a key belongs to the row, not to a value inside it: make it a column of its own',
  ref: 'a foreign key must be a column for the database to enforce it: make it a column of its own',
  aggregate: 'aggregates are computed over child rows: make it a column of its own',
  spans: 'spans annotate a text column of the row: make it a column of its own',
};

// JavaScript objects put integer-like keys first, which would reorder the output
const INDEX_LIKE = /^(0|[1-9]\d{0,8})$/;

/**
 * Checks an `object` or `array` column: every field (or the element spec) with the ordinary
 * checks at its own path, plus what only nesting can get wrong.
 *
 * @example
 * checkNestedColumn(spec, 'orders', 'items', spec.tables.orders.columns.items, path, issues, tools);
 */
export function checkNestedColumn(
  spec: Spec,
  tname: string,
  cname: string,
  col: ObjectColumnSpec | ArrayColumnSpec,
  path: Path,
  issues: Issue[],
  tools: NestedCheckTools,
): void {
  if (col.kind === 'object') {
    for (const [fname, field] of Object.entries(col.fields)) {
      if (INDEX_LIKE.test(fname)) {
        issues.push({
          code: 'invalid_name',
          message: `field name "${fname}" is a whole number, which JSON objects would move to the front`,
          path: [...path, 'fields', fname],
          hint: `give it a name that starts with a letter, e.g. "n${fname}"`,
        });
      }
      checkInner(spec, tname, cname, field, [...path, 'fields', fname], issues, tools);
    }
    return;
  }
  tools.checkLength(col.length, [...path, 'length', 'dist'], issues);
  checkInner(spec, tname, cname, col.of, [...path, 'of'], issues, tools);
  if (!col.distinct) return;
  if (col.of.kind === 'object' || col.of.kind === 'array') {
    issues.push({
      code: 'invalid_value',
      message: '"distinct" compares whole elements, so it needs elements that are single values',
      path: [...path, 'distinct'],
      hint: 'remove distinct, or make the elements a scalar kind',
    });
    return;
  }
  const card = tools.cardinality(col.of);
  const longest = maxLength(col.length);
  if (longest > card) {
    issues.push({
      code: 'impossible_constraint',
      message: `"distinct" needs up to ${Number.isFinite(longest) ? longest : 'unboundedly many'} different elements, but the element can take only ${card} values`,
      path: [...path, 'distinct'],
      hint: Number.isFinite(longest)
        ? `lower the length's max to ${card}, add element values, or drop distinct`
        : `add max: ${card} to the length, or drop distinct`,
    });
  }
}

function checkInner(
  spec: Spec,
  tname: string,
  cname: string,
  col: ColumnSpec,
  path: Path,
  issues: Issue[],
  tools: NestedCheckTools,
): void {
  const why = topLevelOnly[col.kind];
  if (why !== undefined) {
    issues.push({
      code: 'unsupported_kind',
      message: `kind "${col.kind}" cannot be nested inside an object or array`,
      path: [...path, 'kind'],
      hint: why,
    });
    return;
  }
  if ('unique' in col && col.unique) {
    issues.push({
      code: 'unsupported_field',
      message: '"unique" applies to whole columns, not to values nested in one',
      path: [...path, 'unique'],
      hint: 'remove it; for arrays of distinct elements set distinct: true on the array',
    });
  }
  if (col.kind === 'object' || col.kind === 'array') {
    checkNestedColumn(spec, tname, cname, col, path, issues, tools);
  } else tools.checkColumn(spec, tname, cname, col, path, issues);
}

/** The longest array a length distribution can give; Infinity when it has no upper bound. */
export function maxLength(length: LengthSpec): number {
  switch (length.dist ?? (length.value !== undefined ? 'fixed' : 'poisson')) {
    case 'fixed':
      return length.value ?? 0;
    case 'uniform':
      return length.max ?? length.min ?? 0;
    case 'categorical':
      return Math.max(0, ...Object.keys(length.weights ?? {}).map((k) => Math.round(Number(k))));
    default:
      return length.max ?? Number.POSITIVE_INFINITY;
  }
}
