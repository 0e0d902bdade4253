import type { Issue } from '../errors/index.js';
import { splitRef } from './check-rows.js';
import type { ColumnSpec, PerParentRows, Spec, TableSpec } from './schema.js';
import { choicesHint } from './suggest.js';

type Path = (string | number)[];
type RefColumn = Extract<ColumnSpec, { kind: 'ref' }>;

/**
 * Checks a table's composite primary key and multi-column unique constraints: their columns
 * exist, and the generator can guarantee them. A set of columns is guaranteed unique when one of
 * them is unique on its own, or when it holds the link to the `per` parent and a ref drawn with
 * `distinct: true` (no parent repeats a key).
 */
export function checkKeys(spec: Spec, tname: string, issues: Issue[]): void {
  const table = spec.tables[tname]!;
  const tpath: Path = ['tables', tname];
  const colNames = Object.keys(table.columns);
  const sets: { cols: string[]; path: Path; what: string }[] = [];
  const pk = table.primary_key;
  if (pk !== undefined) {
    const cols = Array.isArray(pk) ? pk : [pk];
    sets.push({ cols, path: [...tpath, 'primary_key'], what: 'primary_key' });
  }
  (table.unique ?? []).forEach((cols, i) => {
    sets.push({ cols, path: [...tpath, 'unique', i], what: 'unique' });
  });
  for (const { cols, path, what } of sets) {
    let ok = true;
    cols.forEach((c, i) => {
      if (!table.columns[c]) {
        ok = false;
        issues.push({
          code: 'missing_reference',
          message: `${what} names column "${c}", which does not exist in "${tname}"`,
          path: Array.isArray(pk) || what === 'unique' ? [...path, i] : path,
          hint: choicesHint(c, colNames, 'the columns are'),
        });
      } else if (cols.indexOf(c) !== i) {
        ok = false;
        issues.push({
          code: 'invalid_value',
          message: `${what} names column "${c}" twice`,
          path: [...path, i],
          hint: 'name each column once',
        });
      }
    });
    if (!ok || cols.length < 2 || guaranteed(spec, tname, cols)) continue;
    const parent = typeof table.rows === 'object' ? table.rows.per : undefined;
    const refs = cols.filter((c) => table.columns[c]!.kind === 'ref');
    issues.push({
      code: 'unguaranteed_constraint',
      message: `"${tname}" needs (${cols.join(', ')}) to be unique, and trainkit cannot guarantee that as written`,
      path,
      hint:
        refs.length >= 2
          ? `make "${tname}" rows: { per: ${splitRef((table.columns[refs[0]!] as RefColumn).ref)![0]}, … } and give "${refs[1]}" distinct: true, so no parent repeats a key`
          : parent && refs.some((c) => isParentLink(table, c))
            ? `give one of the other columns unique: true, or make it a ref with distinct: true`
            : `mark one of (${cols.join(', ')}) unique: true, or make the table rows: { per: <parent> } and draw the other key with distinct: true`,
    });
  }
}

/** Whether every row of `cols` is bound to be a distinct combination. */
function guaranteed(spec: Spec, tname: string, cols: string[]): boolean {
  const table = spec.tables[tname]!;
  const singlePk = !Array.isArray(table.primary_key) ? table.primary_key : undefined;
  const singles = new Set((table.unique ?? []).filter((u) => u.length === 1).map((u) => u[0]!));
  for (const c of cols) {
    const col = table.columns[c]!;
    if (col.kind === 'id' || col.unique === true || c === singlePk || singles.has(c)) return true;
  }
  const link = cols.some((c) => isParentLink(table, c));
  const distinct = cols.some((c) => {
    const col = table.columns[c]!;
    return col.kind === 'ref' && col.distinct === true && !isParentLink(table, c);
  });
  return link && distinct;
}

/** A ref column that links each row to its own `per` parent. */
function isParentLink(table: TableSpec, column: string): boolean {
  const col = table.columns[column];
  if (col?.kind !== 'ref' || typeof table.rows !== 'object') return false;
  return splitRef(col.ref)?.[0] === table.rows.per;
}

/** `distinct: true` needs a table made per parent, a ref to another table, and enough rows to draw from. */
export function checkDistinct(
  spec: Spec,
  tname: string,
  cname: string,
  col: RefColumn,
  path: Path,
  issues: Issue[],
): void {
  if (!col.distinct) return;
  const table = spec.tables[tname]!;
  const target = splitRef(col.ref)![0];
  if (typeof table.rows !== 'object') {
    issues.push({
      code: 'invalid_value',
      message: `"${tname}.${cname}" is distinct within each parent, but "${tname}" is not made per parent`,
      path: [...path, 'distinct'],
      hint: 'give the table rows: { per: <parent table>, … }, or remove distinct (use unique: true for a key no row repeats)',
    });
    return;
  }
  if (target === table.rows.per || target === tname) {
    issues.push({
      code: 'invalid_value',
      message: `"${tname}.${cname}" points at ${target === tname ? 'its own table' : 'the parent each row is made for'}, so distinct has no meaning`,
      path: [...path, 'distinct'],
      hint: 'remove distinct',
    });
    return;
  }
  const targetRows = spec.tables[target]?.rows;
  const most = largestCount(table.rows);
  if (typeof targetRows === 'number' && most !== undefined && most > targetRows) {
    issues.push({
      code: 'impossible_constraint',
      message: `"${tname}.${cname}" must not repeat within a parent, but a parent may get ${most} rows and "${target}" has only ${targetRows}`,
      path: [...path, 'distinct'],
      hint: `cap the count: rows: { per: ${table.rows.per}, …, max: ${targetRows} }, or give "${target}" more rows`,
    });
  }
}

/** The most rows one parent can get, when the count distribution says. */
function largestCount(rows: PerParentRows): number | undefined {
  if (rows.dist === 'fixed' || (rows.dist === undefined && rows.value !== undefined)) return rows.value;
  if (rows.dist === 'categorical') return Math.max(...Object.keys(rows.weights ?? {}).map(Number));
  return rows.max;
}
