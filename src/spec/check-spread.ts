import type { Issue } from '../errors/index.js';
import { splitRef } from './check-rows.js';
import type { ColumnSpec, TableSpec } from './schema.js';

type Path = (string | number)[];

/**
 * `popularity` shares a table's rows out over the rows of another table: not the `per` parent
 * (whose rows.per law decides), not the table itself, and not with `distinct` or `unique`, since
 * the share of each parent row is fixed in advance.
 */
export function checkPopularity(
  table: TableSpec,
  tname: string,
  cname: string,
  col: Extract<ColumnSpec, { kind: 'ref' }>,
  path: Path,
  issues: Issue[],
): void {
  if (!col.popularity) return;
  const target = splitRef(col.ref)?.[0];
  const at = [...path, 'popularity'];
  if (target === tname) {
    issues.push({
      code: 'invalid_value',
      message: `"${tname}.${cname}" points at its own table, where a row can only point at an earlier row, so popularity cannot be followed`,
      path: at,
      hint: 'remove popularity',
    });
  } else if (typeof table.rows === 'object' && table.rows.per === target) {
    issues.push({
      code: 'invalid_value',
      message: `"${tname}.${cname}" points at the parent each row is made for, so its rows.per law already says how many rows each "${target}" row gets`,
      path: at,
      hint: `remove popularity and put the law in rows: { per: ${target}, … }`,
    });
  } else if (col.distinct || col.unique) {
    const what = col.distinct ? 'distinct' : 'unique';
    issues.push({
      code: 'invalid_value',
      message: `"${tname}.${cname}" has both popularity and ${what}: popularity fixes how many rows point at each "${target}" row, which ${what} may not allow`,
      path: at,
      hint: `remove popularity or ${what}`,
    });
  }
}

/** `spread: even` on a category sets the value of each row itself, so nothing else may choose it. */
export function checkCategorySpread(
  table: TableSpec,
  cname: string,
  col: Extract<ColumnSpec, { kind: 'category' }>,
  path: Path,
  issues: Issue[],
): void {
  if (col.spread !== 'even') return;
  const correlated = (table.correlations ?? []).some((c) => c.columns.includes(cname));
  if (col.given === undefined && !correlated) return;
  issues.push({
    code: 'invalid_value',
    message: `"${cname}" has spread: even, but ${col.given === undefined ? 'a correlation' : `given: ${col.given}`} chooses its value row by row`,
    path: [...path, 'spread'],
    hint:
      col.given === undefined
        ? `remove spread, or take "${cname}" out of correlations`
        : 'remove spread, or remove given and cases',
  });
}
