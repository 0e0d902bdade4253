import type { Issue } from '../errors/index.js';
import { compileSource, type ExprType } from '../expr/index.js';
import { checkTextColumn, textDependencies } from '../values/text-check.js';
import { checkDistinct, checkKeys } from './check-keys.js';
import { checkNestedColumn, type NestedCheckTools } from './check-nested.js';
import { checkRowRules, exprRefs, resolveName, splitRef, tableGraph, valueType } from './check-rows.js';
import { checkEventColumn, checkEvents, checkSequence, checkSignal } from './check-series.js';
import { checkCategorySpread, checkPopularity } from './check-spread.js';
import { parseDateText } from './dates.js';
import type { ColumnSpec, PerParentRows, Spec, TableSpec } from './schema.js';
import { choicesHint } from './suggest.js';
import { parseTemplate, templateFilters } from './template-syntax.js';

type Path = (string | number)[];

export { splitRef };

/** Parameters each numeric distribution needs, and the ones it may take besides. */
const numericParams: Record<string, { needs: string[]; may: string[] }> = {
  uniform: { needs: ['min', 'max'], may: [] },
  normal: { needs: ['mean', 'sd'], may: ['min', 'max'] },
  lognormal: { needs: ['mu', 'sigma'], may: ['min', 'max'] },
  exponential: { needs: ['rate'], may: ['min', 'max'] },
  beta: { needs: ['alpha', 'beta'], may: ['min', 'max'] },
  poisson: { needs: ['mean'], may: ['min', 'max'] },
  weighted: { needs: ['values'], may: [] },
  empirical: { needs: ['quantiles'], may: [] },
};
const allNumericParams = [
  'min',
  'max',
  'mean',
  'sd',
  'mu',
  'sigma',
  'rate',
  'alpha',
  'beta',
  'values',
  'quantiles',
];

const countParams: Record<string, { needs: string[]; may: string[] }> = {
  fixed: { needs: ['value'], may: [] },
  uniform: { needs: ['min', 'max'], may: [] },
  poisson: { needs: ['mean'], may: ['min', 'max'] },
  geometric: { needs: ['mean'], may: ['min', 'max'] },
  negative_binomial: { needs: ['mean', 'dispersion'], may: ['min', 'max'] },
  categorical: { needs: ['weights'], may: [] },
};
const allCountParams = ['value', 'min', 'max', 'mean', 'dispersion', 'weights'];

function checkParams(
  obj: Record<string, unknown>,
  dist: string,
  table: Record<string, { needs: string[]; may: string[] }>,
  all: string[],
  path: Path,
  issues: Issue[],
): void {
  const rule = table[dist]!;
  for (const p of rule.needs) {
    if (obj[p] === undefined) {
      issues.push({
        code: 'missing_parameter',
        message: `dist "${dist}" needs "${p}"`,
        path,
        hint: `add ${rule.needs.map((n) => `${n}: …`).join(', ')}`,
      });
    }
  }
  for (const p of all) {
    if (obj[p] !== undefined && !rule.needs.includes(p) && !rule.may.includes(p)) {
      issues.push({
        code: 'unused_parameter',
        message: `"${p}" has no meaning for dist "${dist}"`,
        path: [...path.slice(0, -1), p],
        hint: `remove it; dist "${dist}" takes ${[...rule.needs, ...rule.may].join(', ')}`,
      });
    }
  }
  if (typeof obj.min === 'number' && typeof obj.max === 'number' && obj.min > obj.max) {
    issues.push({
      code: 'impossible_constraint',
      message: `min (${obj.min}) is greater than max (${obj.max})`,
      path: [...path.slice(0, -1), 'min'],
      hint: 'swap them',
    });
  }
}

/** What the nested-column checks (check-nested.ts) borrow from this file. */
const nestedTools: NestedCheckTools = {
  checkColumn: (...args) => checkColumn(...args),
  checkLength: (length, path, issues) =>
    checkParams(length, countDist({ per: '', ...length }), countParams, allCountParams, path, issues),
  cardinality: (col) => cardinality(col),
};

/** The default count distribution when `dist` is left out. */
export function countDist(rows: PerParentRows): string {
  return rows.dist ?? (rows.value !== undefined ? 'fixed' : 'poisson');
}

/** The mean of a per-parent count distribution (for planning and estimates). */
export function meanCount(rows: PerParentRows): number {
  switch (countDist(rows)) {
    case 'fixed':
      return rows.value ?? 0;
    case 'uniform':
      return ((rows.min ?? 0) + (rows.max ?? 0)) / 2;
    case 'categorical': {
      const entries = Object.entries(rows.weights ?? {});
      const total = entries.reduce((s, [, w]) => s + w, 0);
      return entries.reduce((s, [k, w]) => s + (Number(k) * w) / total, 0);
    }
    default:
      return rows.mean ?? 0;
  }
}

/** How many distinct values a column can take; Infinity when practically unbounded. */
export function cardinality(col: ColumnSpec): number {
  switch (col.kind) {
    case 'boolean':
      return 2;
    case 'category':
      return Array.isArray(col.values)
        ? new Set(col.values.map(String)).size
        : Object.keys(col.values).length;
    case 'integer':
      if ((col.dist ?? 'uniform') === 'weighted') return Object.keys(col.values ?? {}).length;
      if (col.min !== undefined && col.max !== undefined) return Math.floor(col.max) - Math.ceil(col.min) + 1;
      return Number.POSITIVE_INFINITY;
    case 'number':
      if (col.dist === 'weighted') return Object.keys(col.values ?? {}).length;
      if (col.round !== undefined && col.min !== undefined && col.max !== undefined) {
        return Math.round((col.max - col.min) * 10 ** col.round) + 1;
      }
      return Number.POSITIVE_INFINITY;
    case 'date': {
      const lo = col.min === undefined ? undefined : parseDateText(col.min);
      const hi = col.max === undefined ? undefined : parseDateText(col.max);
      return lo !== undefined && hi !== undefined
        ? Math.floor((hi - lo) / 86_400_000) + 1
        : Number.POSITIVE_INFINITY;
    }
    case 'pattern': {
      let n = 1;
      for (let i = 0; i < col.pattern.length; i++) {
        const c = col.pattern[i];
        if (c === '\\') i++;
        else if (c === '#') n *= 10;
        else if (c === '?') n *= 26;
        else if (c === '*') n *= 36;
      }
      return n;
    }
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * The table's one-column primary key: `primary_key`, else its first `id` column. Undefined for a
 * key over several columns (see `keyColumns`).
 */
export function primaryKey(table: TableSpec): string | undefined {
  const pk = table.primary_key;
  if (Array.isArray(pk)) return pk.length === 1 ? pk[0] : undefined;
  return pk ?? Object.entries(table.columns).find(([, c]) => c.kind === 'id')?.[0];
}

/** The columns of the table's primary key: one, several (a composite key) or none. */
export function keyColumns(table: TableSpec): string[] {
  if (Array.isArray(table.primary_key)) return [...table.primary_key];
  const pk = primaryKey(table);
  return pk === undefined ? [] : [pk];
}

/**
 * Tables that must be generated before this one (its `per` parent and every ref target). A ref
 * to the table itself (a hierarchy) is not a dependency: it points at earlier rows.
 */
export function tableDependencies(table: TableSpec, self?: string): string[] {
  const deps = new Set<string>();
  if (typeof table.rows === 'object') deps.add(table.rows.per);
  for (const col of Object.values(table.columns)) {
    if (col.kind === 'ref') {
      const r = splitRef(col.ref);
      if (r && r[0] !== self) deps.add(r[0]);
    }
  }
  return [...deps];
}

/**
 * Orders nodes so each comes after its dependencies, keeping the input order where free.
 * Returns the cycle instead when there is one.
 */
export function topoOrder(
  nodes: readonly string[],
  deps: (n: string) => readonly string[],
): { order: string[] } | { cycle: string[] } {
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const stack: string[] = [];
  let cycle: string[] | undefined;
  const visit = (n: string): void => {
    if (cycle) return;
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) {
      cycle = [...stack.slice(stack.indexOf(n)), n];
      return;
    }
    state.set(n, 1);
    stack.push(n);
    for (const d of deps(n)) visit(d);
    stack.pop();
    state.set(n, 2);
    order.push(n);
  };
  for (const n of nodes) visit(n);
  return cycle ? { cycle } : { order };
}

/** The same-row columns and parent columns a column's value depends on. */
export function columnDependencies(col: ColumnSpec): string[] {
  const deps: string[] = [];
  if ('given' in col && col.given !== undefined) deps.push(col.given);
  switch (col.kind) {
    case 'template': {
      const parts = parseTemplate(col.template);
      if (Array.isArray(parts)) for (const p of parts) if ('ref' in p) deps.push(p.ref);
      break;
    }
    case 'derived':
      deps.push(...exprRefs(col.expr));
      break;
    case 'label':
      deps.push(...exprRefs(col.p));
      break;
    case 'date':
    case 'datetime':
      if (col.after !== undefined) deps.push(col.after);
      break;
    case 'text':
    case 'spans':
      deps.push(...textDependencies(col));
      break;
    // a nested template reads the row's columns, so the whole object waits for them
    case 'object':
      for (const field of Object.values(col.fields)) deps.push(...columnDependencies(field));
      break;
    case 'array':
      deps.push(...columnDependencies(col.of));
      break;
    case 'signal':
      deps.push(col.time);
      break;
    case 'sequence':
      if (col.after !== undefined) deps.push(col.after);
      break;
    default:
      break;
  }
  return deps;
}

/** The column-level steps of a table in dependency order (scenario and copula steps included). */
export function tableOrder(table: TableSpec): { order: string[] } | { cycle: string[] } {
  const graph = tableGraph(table, columnDependencies);
  return topoOrder([...graph.keys()], (n) => graph.get(n) ?? []);
}

/** Estimated rows per table (root counts × scale, children by their mean count). */
export function estimateRows(spec: Spec, scale = 1): Map<string, number> {
  const est = new Map<string, number>();
  const get = (name: string, seen: Set<string>): number => {
    const cached = est.get(name);
    if (cached !== undefined) return cached;
    const t = spec.tables[name];
    if (!t || seen.has(name)) return 0;
    seen.add(name);
    const n =
      typeof t.rows === 'number' ? Math.round(t.rows * scale) : get(t.rows.per, seen) * meanCount(t.rows);
    est.set(name, n);
    return n;
  };
  for (const name of Object.keys(spec.tables)) get(name, new Set());
  return est;
}

/**
 * Checks what the schema alone cannot: distribution parameters, references between tables and
 * columns, dependency cycles and constraints that cannot be met.
 */
export function checkSpec(spec: Spec): Issue[] {
  const issues: Issue[] = [];
  const tableNames = Object.keys(spec.tables);

  for (const [i, t] of tableNames.entries()) {
    if (tableNames.findIndex((u) => u.toLowerCase() === t.toLowerCase()) !== i) {
      issues.push({
        code: 'duplicate_name',
        message: `Table "${t}" differs from another table only in case`,
        path: ['tables', t],
        hint: 'databases and case-insensitive file systems would mix them up: rename one of them',
      });
    }
  }

  for (const [tname, table] of Object.entries(spec.tables)) {
    const tpath: Path = ['tables', tname];
    const colNames = Object.keys(table.columns);
    if (colNames.length === 0) {
      issues.push({
        code: 'empty_table',
        message: `Table "${tname}" has no columns`,
        path: [...tpath, 'columns'],
        hint: 'add at least one column',
      });
    }
    if (typeof table.rows === 'object') {
      const rows = table.rows;
      if (!spec.tables[rows.per]) {
        issues.push({
          code: 'missing_reference',
          message: `rows.per names table "${rows.per}", which does not exist`,
          path: [...tpath, 'rows', 'per'],
          hint: choicesHint(rows.per, tableNames, 'the tables are'),
        });
      }
      checkParams(rows, countDist(rows), countParams, allCountParams, [...tpath, 'rows', 'dist'], issues);
    }
    const keys = keyColumns(table);
    for (const pkName of keys) {
      if (table.columns[pkName]?.null_rate) {
        issues.push({
          code: 'impossible_constraint',
          message: `"${pkName}" is ${keys.length > 1 ? 'in the' : 'the'} primary key of "${tname}", so it cannot be null`,
          path: [...tpath, 'columns', pkName, 'null_rate'],
          hint: 'remove null_rate, or choose another primary_key',
        });
      }
    }
    const sameCase = colNames.filter(
      (c, i) => colNames.findIndex((d) => d.toLowerCase() === c.toLowerCase()) !== i,
    );
    for (const c of sameCase) {
      issues.push({
        code: 'duplicate_name',
        message: `Column "${c}" differs from another column of "${tname}" only in case`,
        path: [...tpath, 'columns', c],
        hint: 'databases and many tools treat names case-insensitively: rename one of them',
      });
    }
    checkKeys(spec, tname, issues);

    for (const [cname, col] of Object.entries(table.columns)) {
      checkColumn(spec, tname, cname, col, [...tpath, 'columns', cname], issues);
    }
    checkEvents(spec, tname, issues);

    checkRowRules(
      spec,
      tname,
      (col, path, out) => checkColumn(spec, tname, '', col, path, out),
      columnDependencies,
      issues,
    );
    const order = tableOrder(table);
    if ('cycle' in order) {
      issues.push({
        code: 'dependency_cycle',
        message: `Columns of "${tname}" depend on each other in a cycle: ${order.cycle.map(stepName).join(' → ')}`,
        path: cyclePath(table, tpath, order.cycle),
        hint: 'break the cycle: one of these columns must not use the other',
      });
    }
  }

  if (issues.length === 0) {
    const order = topoOrder(tableNames, (t) =>
      tableDependencies(spec.tables[t]!, t).filter((d) => spec.tables[d]),
    );
    if ('cycle' in order) {
      issues.push({
        code: 'dependency_cycle',
        message: `Tables depend on each other in a cycle: ${order.cycle.join(' → ')}`,
        path: ['tables', order.cycle[0]!],
        hint: 'a table can only refer to tables made before it; make one of these references point the other way',
      });
    }
  }

  if (issues.length === 0) {
    const rows = estimateRows(spec);
    for (const [tname, table] of Object.entries(spec.tables)) {
      for (const [cname, col] of Object.entries(table.columns)) {
        if (!(col.unique || cname === primaryKey(table)) || col.kind === 'id') continue;
        const n = Math.round((rows.get(tname) ?? 0) * (1 - (col.null_rate ?? 0)));
        const card = cardinality(col);
        if (n > card) {
          issues.push({
            code: 'impossible_constraint',
            message: `"${tname}.${cname}" must be unique, but it can take only ${card} distinct values and the table needs about ${n}`,
            path: ['tables', tname, 'columns', cname, 'unique'],
            hint: 'widen its range or add values, lower the row count, or drop unique',
          });
        }
      }
    }
  }
  return issues;
}

/** An empirical distribution's points: each readable, none below the one before. */
function checkQuantiles<T>(
  points: readonly T[],
  read: (v: T) => number | undefined,
  path: Path,
  issues: Issue[],
): void {
  let last = Number.NEGATIVE_INFINITY;
  for (const [i, v] of points.entries()) {
    const x = read(v);
    if (x === undefined || !Number.isFinite(x)) {
      issues.push({
        code: 'invalid_value',
        message: `${JSON.stringify(v)} is not a value`,
        path: [...path, i],
      });
      return;
    }
    if (x < last) {
      issues.push({
        code: 'invalid_value',
        message: `quantile ${i} (${String(v)}) is below the one before it`,
        path: [...path, i],
        hint: 'quantiles are values at rising probabilities: list them in non-decreasing order',
      });
      return;
    }
    last = x;
  }
}

function checkColumn(
  spec: Spec,
  tname: string,
  cname: string,
  col: ColumnSpec,
  path: Path,
  issues: Issue[],
): void {
  const table = spec.tables[tname]!;
  switch (col.kind) {
    case 'object':
    case 'array':
      checkNestedColumn(spec, tname, cname, col, path, issues, nestedTools);
      break;
    case 'integer':
    case 'number': {
      const dist = col.dist ?? 'uniform';
      checkParams(col, dist, numericParams, allNumericParams, [...path, 'dist'], issues);
      if (dist === 'empirical') checkQuantiles(col.quantiles ?? [], (v) => v, [...path, 'quantiles'], issues);
      if (dist === 'weighted') {
        for (const k of Object.keys(col.values ?? {})) {
          if (!Number.isFinite(Number(k)) || k.trim() === '') {
            issues.push({
              code: 'invalid_value',
              message: `weighted value "${k}" is not a number`,
              path: [...path, 'values', k],
            });
          }
        }
      }
      break;
    }
    case 'category': {
      const weights = Array.isArray(col.values) ? [] : Object.values(col.values);
      if (!Array.isArray(col.values) && !(weights.reduce((s, w) => s + w, 0) > 0)) {
        issues.push({
          code: 'invalid_value',
          message: 'category weights must not all be zero',
          path: [...path, 'values'],
        });
      }
      checkCategorySpread(table, cname, col, path, issues);
      break;
    }
    case 'date':
    case 'datetime': {
      const lo = col.min === undefined ? undefined : parseDateText(col.min);
      const hi = col.max === undefined ? undefined : parseDateText(col.max);
      for (const [key, v, parsed] of [
        ['min', col.min, lo],
        ['max', col.max, hi],
        ['mean', col.mean, col.mean === undefined ? 0 : parseDateText(col.mean)],
      ] as const) {
        if (v !== undefined && parsed === undefined) {
          issues.push({
            code: 'invalid_date',
            message: `${JSON.stringify(v)} is not a date`,
            path: [...path, key],
            hint: 'write dates as YYYY-MM-DD or an ISO-8601 date-time such as 2024-03-14T09:30:00Z',
          });
        }
      }
      checkAfter(spec, tname, col, path, issues);
      if (lo !== undefined && hi !== undefined && lo > hi) {
        issues.push({
          code: 'impossible_constraint',
          message: `min (${col.min}) is after max (${col.max})`,
          path: [...path, 'min'],
          hint: 'swap them',
        });
      }
      const dist = col.dist ?? 'uniform';
      if (dist === 'normal' && (col.mean === undefined || col.sd_days === undefined)) {
        issues.push({
          code: 'missing_parameter',
          message: 'dist "normal" needs "mean" and "sd_days"',
          path: [...path, 'dist'],
          hint: 'add mean: YYYY-MM-DD, sd_days: …',
        });
      }
      if (dist === 'empirical') {
        if (col.quantiles === undefined)
          issues.push({
            code: 'missing_parameter',
            message: 'dist "empirical" needs "quantiles"',
            path: [...path, 'dist'],
            hint: 'add quantiles: [2020-01-01, …, 2024-12-31] (dates at equally spaced probabilities)',
          });
        else checkQuantiles(col.quantiles, parseDateText, [...path, 'quantiles'], issues);
      }
      if (dist === 'exponential' && col.scale_days === undefined) {
        issues.push({
          code: 'missing_parameter',
          message: 'dist "exponential" needs "scale_days"',
          path: [...path, 'dist'],
          hint: 'add scale_days: …',
        });
      }
      break;
    }
    case 'label': {
      const given = [col.rate, col.classes, col.p].filter((v) => v !== undefined).length;
      if (given !== 1) {
        issues.push({
          code: given === 0 ? 'missing_parameter' : 'unused_parameter',
          message: 'a label needs exactly one of "rate", "classes" and "p"',
          path,
          hint: 'rate: 0.02 (binary), classes: { a: 3, b: 1 } (multi-class) or p: "<probability expression>"',
        });
      }
      if (col.classes && !(Object.values(col.classes).reduce((a, b) => a + b, 0) > 0)) {
        issues.push({
          code: 'invalid_value',
          message: 'class weights must not all be zero',
          path: [...path, 'classes'],
        });
      }
      if (col.p !== undefined) checkExpr(spec, tname, col.p, ['number'], [...path, 'p'], issues);
      break;
    }
    case 'derived': {
      const type = checkExpr(spec, tname, col.expr, undefined, [...path, 'expr'], issues);
      if (type !== undefined && col.type !== undefined && type !== 'any') {
        const want = valueType(col);
        if (want !== type) {
          issues.push({
            code: 'invalid_type',
            message: `the expression gives a ${type}, but type says ${col.type}`,
            path: [...path, 'type'],
            hint: `remove type (it is inferred), or change the expression`,
          });
        }
      }
      break;
    }
    case 'aggregate': {
      const child = spec.tables[col.of];
      const perChild = child && typeof child.rows === 'object' && child.rows.per === tname;
      if (!perChild) {
        const kids = Object.entries(spec.tables)
          .filter(([, t]) => typeof t.rows === 'object' && t.rows.per === tname)
          .map(([n]) => n);
        issues.push({
          code: 'missing_reference',
          message: `"${col.of}" is not a table made per row of "${tname}"`,
          path: [...path, 'of'],
          hint:
            kids.length > 0
              ? choicesHint(col.of, kids, 'the child tables are')
              : `aggregates read child tables declared with rows: { per: ${tname}, … }`,
        });
        break;
      }
      if (col.fn === 'count') {
        if (col.expr !== undefined) {
          issues.push({
            code: 'unused_parameter',
            message: 'count counts rows, so it takes no expression',
            path: [...path, 'expr'],
            hint: 'remove expr, or use sum with a condition: expr: "if(returned, 1, 0)"',
          });
        }
      } else if (col.expr === undefined) {
        issues.push({
          code: 'missing_parameter',
          message: `${col.fn} needs "expr": what to take of each child row`,
          path,
          hint: 'e.g. expr: "price * quantity"',
        });
      } else {
        const type = checkExpr(spec, col.of, col.expr, undefined, [...path, 'expr'], issues);
        const ok: (ExprType | undefined)[] =
          col.fn === 'sum' || col.fn === 'mean' ? ['number', 'any'] : ['number', 'date', 'any'];
        if (type !== undefined && !ok.includes(type)) {
          issues.push({
            code: 'invalid_type',
            message: `${col.fn} needs numbers, but the expression gives a ${type}`,
            path: [...path, 'expr'],
          });
        }
      }
      break;
    }
    case 'template': {
      const parts = parseTemplate(col.template);
      if (!Array.isArray(parts)) {
        issues.push({
          code: 'invalid_template',
          message: `template: ${parts.error} (at character ${parts.at + 1})`,
          path: [...path, 'template'],
        });
        break;
      }
      for (const part of parts) {
        if (!('ref' in part)) continue;
        const problem = resolvePlaceholder(spec, tname, part.ref);
        if (problem)
          issues.push({
            code: 'missing_reference',
            message: `template: ${problem.message}`,
            path: [...path, 'template'],
            hint: problem.hint,
          });
        for (const f of part.filters) {
          if (!(templateFilters as readonly string[]).includes(f)) {
            issues.push({
              code: 'invalid_template',
              message: `template: unknown filter "${f}"`,
              path: [...path, 'template'],
              hint: choicesHint(f, [...templateFilters], 'the filters are'),
            });
          }
        }
      }
      break;
    }
    case 'text':
    case 'spans':
      issues.push(
        ...checkTextColumn(col, table.columns, (ref) => resolvePlaceholder(spec, tname, ref), path),
      );
      break;
    case 'ref': {
      const parts = splitRef(col.ref);
      if (!parts) {
        issues.push({
          code: 'invalid_reference',
          message: `ref ${JSON.stringify(col.ref)} is not of the form table.column`,
          path: [...path, 'ref'],
          hint: 'write e.g. ref: customers.id',
        });
        break;
      }
      const [rt, rc] = parts;
      const target = spec.tables[rt];
      if (!target) {
        issues.push({
          code: 'missing_reference',
          message: `ref points at table "${rt}", which does not exist`,
          path: [...path, 'ref'],
          hint: choicesHint(rt, Object.keys(spec.tables), 'the tables are'),
        });
        break;
      }
      const tcol = target.columns[rc];
      if (!tcol) {
        issues.push({
          code: 'missing_reference',
          message: `ref points at column "${rc}", which does not exist in table "${rt}"`,
          path: [...path, 'ref'],
          hint: choicesHint(rc, Object.keys(target.columns), `the columns of "${rt}" are`),
        });
        break;
      }
      checkDistinct(spec, tname, cname, col, path, issues);
      checkPopularity(table, tname, cname, col, path, issues);
      if (col.popularity) {
        const law = col.popularity;
        checkParams(
          law,
          countDist({ per: '', ...law }),
          countParams,
          allCountParams,
          [...path, 'popularity', 'dist'],
          issues,
        );
      }
      if (tcol.kind !== 'id') {
        issues.push({
          code: 'invalid_reference',
          message: `ref points at "${rt}.${rc}", which is not an id column of "${rt}"`,
          path: [...path, 'ref'],
          hint: `point it at ${primaryKey(target) ? `"${rt}.${primaryKey(target)}"` : `an id column of "${rt}" (add one: { kind: id })`}`,
        });
      }
      if (typeof table.rows === 'object' && table.rows.per === rt && col.null_rate) {
        issues.push({
          code: 'impossible_constraint',
          message: `"${cname}" links each row to its "${rt}" parent, so it cannot be null`,
          path: [...path, 'null_rate'],
          hint: 'remove null_rate',
        });
      }
      break;
    }
    case 'sequence':
      checkSequence(spec, tname, col, path, issues);
      break;
    case 'signal':
      checkSignal(spec, tname, col, path, issues);
      break;
    case 'event':
      checkEventColumn(spec, tname, col, path, issues);
      break;
    default:
      break;
  }
}

/** Checks that a template placeholder names a column of this row or of a parent row. */
function resolvePlaceholder(
  spec: Spec,
  tname: string,
  ref: string,
): { message: string; hint: string } | undefined {
  const table = spec.tables[tname]!;
  const [head, tail] = ref.split('.') as [string, string | undefined];
  if (tail === undefined) {
    return table.columns[head]
      ? undefined
      : {
          message: `"{${ref}}" names no column of "${tname}"`,
          hint: choicesHint(head, Object.keys(table.columns), 'the columns are'),
        };
  }
  const parents = parentTables(spec, tname);
  const via =
    table.columns[head]?.kind === 'ref' ? splitRef((table.columns[head] as { ref: string }).ref)?.[0] : head;
  if (!via || !parents.includes(via)) {
    return {
      message: `"{${ref}}": "${head}" is neither this table's parent nor a ref column`,
      hint:
        parents.length > 0
          ? `use one of: ${parents.map((p) => `{${p}.…}`).join(', ')}`
          : 'add a ref column to the table first',
    };
  }
  const ptable = spec.tables[via]!;
  return ptable.columns[tail]
    ? undefined
    : {
        message: `"{${ref}}": table "${via}" has no column "${tail}"`,
        hint: choicesHint(tail, Object.keys(ptable.columns), `the columns of "${via}" are`),
      };
}

/** Tables whose row a row of `tname` is linked to: its `per` parent and its ref targets. */
export function parentTables(spec: Spec, tname: string): string[] {
  return tableDependencies(spec.tables[tname]!, tname);
}

/** Compiles an expression against the table's columns; reports problems; returns its type when it compiles. */
function checkExpr(
  spec: Spec,
  tname: string,
  src: string,
  want: ExprType[] | undefined,
  path: Path,
  issues: Issue[],
): ExprType | undefined {
  const table = spec.tables[tname]!;
  const names = Object.keys(table.columns);
  const result = compileSource<null>(
    src,
    (name) => {
      const r = resolveName(spec, tname, name);
      if (!('table' in r)) return undefined;
      return { type: valueType(spec.tables[r.table]!.columns[r.column]), read: () => null };
    },
    names,
  );
  if ('error' in result) {
    const e = result.error;
    issues.push({
      code: 'invalid_expression',
      message: `${e.message} (at character ${e.at + 1} of ${JSON.stringify(src.length > 60 ? `${src.slice(0, 60)}…` : src)})`,
      path,
      ...(e.hint ? { hint: e.hint } : {}),
    });
    return undefined;
  }
  if (want && result.type !== 'any' && !want.includes(result.type)) {
    issues.push({
      code: 'invalid_type',
      message: `the expression gives a ${result.type}; a ${want.join(' or ')} is needed here`,
      path,
    });
  }
  return result.type;
}

/** `after` points at a date column of this row or a parent row; without it, min and max are needed. */
function checkAfter(
  spec: Spec,
  tname: string,
  col: Extract<ColumnSpec, { kind: 'date' | 'datetime' }>,
  path: Path,
  issues: Issue[],
): void {
  if (col.after === undefined) {
    for (const key of ['min', 'max'] as const) {
      if (col[key] === undefined) {
        issues.push({
          code: 'missing_parameter',
          message: `a ${col.kind} column needs "${key}" (or "after")`,
          path: [...path, key],
          hint: 'add min: YYYY-MM-DD and max: YYYY-MM-DD',
        });
      }
    }
    if (col.lag !== undefined) {
      issues.push({
        code: 'unused_parameter',
        message: '"lag" needs "after"',
        path: [...path, 'lag'],
        hint: 'add after: <date column>',
      });
    }
    return;
  }
  const r = resolveName(spec, tname, col.after);
  if (!('table' in r)) {
    issues.push({
      code: 'missing_reference',
      message: `after: ${r.message}`,
      path: [...path, 'after'],
      hint: r.hint,
    });
    return;
  }
  const target = spec.tables[r.table]!.columns[r.column]!;
  if (valueType(target) !== 'date' && target.kind !== 'sequence') {
    issues.push({
      code: 'invalid_reference',
      message: `after points at "${col.after}", a ${target.kind} column, not a date`,
      path: [...path, 'after'],
    });
  }
  if (col.lag === undefined && col.max === undefined) {
    issues.push({
      code: 'missing_parameter',
      message: 'with "after", give "lag" (how long after) or "max" (the latest value)',
      path,
      hint: 'e.g. lag: { dist: exponential, rate: 0.5, unit: days }',
    });
  }
  if (col.lag) {
    const dist = col.lag.dist ?? 'uniform';
    checkParams(col.lag, dist, numericParams, allNumericParams.concat(), [...path, 'lag', 'dist'], issues);
  }
}

/** A step of the row as a user knows it: a column, or the condition of a scenario or a correlation. */
function stepName(node: string): string {
  const m = /^#(scenario|copula):(.+)$/.exec(node);
  if (!m) return node;
  return m[1] === 'scenario' ? `the "when" of scenario "${m[2]}"` : `correlation group ${Number(m[2]) + 1}`;
}

/** Where to point at a cycle: its first plain column, or the scenario it runs through. */
function cyclePath(table: TableSpec, tpath: Path, cycle: readonly string[]): Path {
  const column = cycle.find((n) => !n.startsWith('#'));
  if (column !== undefined) return [...tpath, 'columns', column];
  const m = /^#scenario:(.+)$/.exec(cycle[0]!);
  const i = m ? (table.scenarios ?? []).findIndex((s) => s.name === m[1]) : -1;
  return i >= 0 ? [...tpath, 'scenarios', i, 'when'] : tpath;
}
