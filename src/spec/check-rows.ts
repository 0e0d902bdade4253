import type { Issue } from '../errors/index.js';
import { compileSource, type ExprType, expressionRefs, parseExpression } from '../expr/index.js';
import { GaussianCopula } from '../random/index.js';
import { type ColumnSpec, columnSchema, type Spec, type TableSpec } from './schema.js';
import { choicesHint } from './suggest.js';
import { fromZodIssues } from './zod-issues.js';

type Path = (string | number)[];

/** Settings an override (a scenario's or a case's) may not change: they decide what a column is. */
const FIXED_KEYS = ['kind', 'given', 'cases', 'after', 'of', 'ref', 'format'];
/** Kinds whose values come from elsewhere, so no override or case applies to them. */
const NOT_OVERRIDABLE = new Set(['id', 'ref', 'aggregate', 'template', 'derived']);

/** Splits `table.column`. */
export function splitRef(ref: string): [string, string] | undefined {
  const m = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(ref);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** The identifiers an expression reads, or [] when it does not parse (reported elsewhere). */
export function exprRefs(src: string | undefined): string[] {
  if (src === undefined) return [];
  const parsed = parseExpression(src);
  return 'ast' in parsed ? expressionRefs(parsed.ast) : [];
}

/** Parameters that belong to one distribution: an override that changes `dist` drops the base's. */
const DIST_PARAMS = [
  'mean',
  'sd',
  'mu',
  'sigma',
  'rate',
  'alpha',
  'beta',
  'values',
  'quantiles',
  'sd_days',
  'scale_days',
];

/**
 * A column merged with an override, as the engine will build it. An override that changes the
 * distribution starts from the new distribution's parameters; bounds, rounding and format stay.
 */
export function mergeOverride(base: ColumnSpec, override: Record<string, unknown>): ColumnSpec {
  const own: Record<string, unknown> = { ...base };
  if ('dist' in override && override.dist !== (base as { dist?: unknown }).dist) {
    for (const k of DIST_PARAMS) delete own[k];
  }
  const merged: Record<string, unknown> = { ...own, ...override };
  delete merged.given;
  delete merged.cases;
  return merged as ColumnSpec;
}

/** The static type of a column's values, as expressions see them (dates as dates). */
export function valueType(col: ColumnSpec | undefined): ExprType {
  if (!col) return 'any';
  switch (col.kind) {
    case 'integer':
    case 'number':
    case 'aggregate':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'label':
      return col.classes || col.outcomes ? 'string' : 'boolean';
    case 'date':
    case 'datetime':
      return 'date';
    case 'category': {
      const vals = Array.isArray(col.values) ? col.values : Object.keys(col.values);
      return vals.every((v) => typeof v === 'number') ? 'number' : 'string';
    }
    case 'id':
      return col.strategy === 'uuid' ? 'string' : 'number';
    case 'derived':
      if (col.type === undefined) return 'any';
      if (col.type === 'integer') return 'number';
      if (col.type === 'text') return 'string';
      if (col.type === 'datetime') return 'date';
      return col.type;
    case 'fake':
    case 'pattern':
    case 'template':
      return 'string';
    default:
      return 'any';
  }
}

/**
 * Where a name in an expression or `after` points: a column of this row (`amount`), of a parent
 * row through `rows.per` (`customers.tier`) or through a ref column (`customer_id.tier`).
 */
export function resolveName(
  spec: Spec,
  tname: string,
  name: string,
): { table: string; column: string } | { message: string; hint: string } {
  const table = spec.tables[tname]!;
  const [head, tail] = name.split('.') as [string, string | undefined];
  if (tail === undefined) {
    return table.columns[head]
      ? { table: tname, column: head }
      : {
          message: `"${name}" names no column of "${tname}"`,
          hint: choicesHint(head, Object.keys(table.columns), 'the columns are'),
        };
  }
  const headCol = table.columns[head];
  const via =
    headCol?.kind === 'ref'
      ? headCol.ref.split('.')[0]
      : typeof table.rows === 'object' && table.rows.per === head
        ? head
        : Object.values(table.columns).some((c) => c.kind === 'ref' && c.ref.startsWith(`${head}.`))
          ? head
          : undefined;
  const target = via === undefined ? undefined : spec.tables[via];
  if (!target || via === undefined) {
    return {
      message: `"${name}": "${head}" is neither this table's parent nor a ref column`,
      hint: 'write a column of this row, or parent_table.column / ref_column.column',
    };
  }
  return target.columns[tail]
    ? { table: via, column: tail }
    : {
        message: `"${name}": table "${via}" has no column "${tail}"`,
        hint: choicesHint(tail, Object.keys(target.columns), `the columns of "${via}" are`),
      };
}

/** The same-table graph the engine orders columns by, including scenario and copula steps. */
export function tableGraph(table: TableSpec, deps: (col: ColumnSpec) => string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  // `ref_col.x` and `table.x` (through this table's ref columns to it) are read through the ref
  // column's chosen row, so they come after it; a `rows.per` parent is made before the table
  const refsTo = (head: string) =>
    Object.entries(table.columns)
      .filter(([, c]) => c.kind === 'ref' && c.ref.startsWith(`${head}.`))
      .map(([n]) => n);
  const local = (names: string[]) =>
    names.flatMap((d) => {
      if (!d.includes('.')) return d in table.columns ? [d] : [];
      const head = d.split('.')[0]!;
      return table.columns[head]?.kind === 'ref' ? [head] : refsTo(head);
    });
  for (const [name, col] of Object.entries(table.columns)) {
    if (col.kind === 'aggregate') continue;
    // `given` naming the column itself is reported as such, not as a cycle of one
    const own = deps(col).filter((d) => !(d === name && 'given' in col && col.given === name));
    const cases = 'cases' in col && col.cases ? Object.values(col.cases) : [];
    for (const c of cases) own.push(...deps(mergeOverride(col, c)));
    graph.set(
      name,
      local(own).filter((d) => table.columns[d]?.kind !== 'aggregate'),
    );
  }
  for (const s of table.scenarios ?? []) {
    const node = scenarioNode(s.name);
    graph.set(node, local(exprRefs(s.when)));
    for (const [cname, over] of Object.entries(s.columns)) {
      const col = table.columns[cname];
      if (!col || !graph.has(cname)) continue;
      graph.get(cname)!.push(node, ...local(deps(mergeOverride(col, over))));
    }
  }
  for (const [i, c] of (table.correlations ?? []).entries()) {
    const node = copulaNode(i);
    graph.set(node, []);
    for (const cname of c.columns) graph.get(cname)?.push(node);
  }
  return graph;
}

export const scenarioNode = (name: string) => `#scenario:${name}`;
export const copulaNode = (i: number) => `#copula:${i}`;

/** Checks the parts of a table that tie its columns together: scenarios, cases, edge cases, correlations. */
export function checkRowRules(
  spec: Spec,
  tname: string,
  checkColumn: (col: ColumnSpec, path: Path, issues: Issue[]) => void,
  deps: (col: ColumnSpec) => string[],
  issues: Issue[],
): void {
  const table = spec.tables[tname]!;
  const tpath: Path = ['tables', tname];
  const colNames = Object.keys(table.columns);
  // aggregates are filled once the children are made: nothing made with the rows can read them
  const readsAggregate = (names: readonly string[], path: Path) => {
    for (const name of names) {
      const r = resolveName(spec, tname, name);
      if (!('table' in r) || spec.tables[r.table]!.columns[r.column]?.kind !== 'aggregate') continue;
      issues.push({
        code: 'unsupported_reference',
        message: `"${name}" is an aggregate, filled only after the rows of its table and their children are made, so it cannot be read here`,
        path,
        hint: 'compute it from the columns it aggregates, or read it in another aggregate',
      });
    }
  };
  for (const [cname, col] of Object.entries(table.columns)) {
    if (col.kind !== 'aggregate') readsAggregate(deps(col), [...tpath, 'columns', cname]);
  }
  for (const [i, s] of (table.scenarios ?? []).entries()) {
    readsAggregate(exprRefs(s.when), [...tpath, 'scenarios', i, 'when']);
  }
  const checkOverride = (cname: string, over: Record<string, unknown>, path: Path) => {
    const col = table.columns[cname];
    if (!col) {
      issues.push({
        code: 'missing_reference',
        message: `"${cname}" names no column of "${tname}"`,
        path,
        hint: choicesHint(cname, colNames, 'the columns are'),
      });
      return;
    }
    if (NOT_OVERRIDABLE.has(col.kind)) {
      issues.push({
        code: 'invalid_value',
        message: `a ${col.kind} column's values come from elsewhere, so they cannot be overridden`,
        path,
        hint: 'override the columns it is made from instead',
      });
      return;
    }
    for (const k of FIXED_KEYS) {
      if (k in over) {
        issues.push({
          code: 'invalid_value',
          message: `"${k}" cannot change in an override`,
          path: [...path, k],
          hint: `an override changes how "${cname}" is drawn, not what it is; remove "${k}"`,
        });
        return;
      }
    }
    const merged = mergeOverride(col, over);
    const parsed = columnSchema.safeParse(merged);
    if (!parsed.success) {
      for (const i of fromZodIssues(parsed.error.issues, merged)) {
        const rel = (i.path ?? []).slice(0);
        issues.push({ ...i, path: [...path, ...rel] });
      }
      return;
    }
    checkColumn(parsed.data, path, issues);
  };

  for (const [cname, col] of Object.entries(table.columns)) {
    const path: Path = [...tpath, 'columns', cname];
    if (!('given' in col) || (col.given === undefined && col.cases === undefined)) continue;
    if (col.given === undefined || col.cases === undefined) {
      issues.push({
        code: 'missing_parameter',
        message: col.given === undefined ? '"cases" needs "given"' : '"given" needs "cases"',
        path: [...path, col.given === undefined ? 'cases' : 'given'],
        hint: 'write given: <column> and cases: { <value>: { …settings } }',
      });
      continue;
    }
    if (col.given === cname) {
      issues.push({
        code: 'invalid_reference',
        message: `given names "${cname}" itself; a column's cases are chosen by another column`,
        path: [...path, 'given'],
        hint: 'name the column whose value picks the case, e.g. given: segment',
      });
      continue;
    }
    if (!table.columns[col.given]) {
      issues.push({
        code: 'missing_reference',
        message: `given names "${col.given}", which is not another column of "${tname}"`,
        path: [...path, 'given'],
        hint: choicesHint(
          col.given,
          colNames.filter((c) => c !== cname),
          'the columns are',
        ),
      });
      continue;
    }
    for (const [value, over] of Object.entries(col.cases))
      checkOverride(cname, over, [...path, 'cases', value]);
  }

  const names = new Set<string>();
  for (const [i, s] of (table.scenarios ?? []).entries()) {
    const path: Path = [...tpath, 'scenarios', i];
    if (names.has(s.name)) {
      issues.push({
        code: 'duplicate_name',
        message: `two scenarios are named "${s.name}"`,
        path: [...path, 'name'],
        hint: 'give each scenario its own name',
      });
    }
    names.add(s.name);
    if (s.when !== undefined) checkWhen(spec, tname, s.when, [...path, 'when'], issues);
    if ((s.when === undefined) === (s.rate === undefined)) {
      issues.push({
        code: 'missing_parameter',
        message: `scenario "${s.name}" needs exactly one of "when" and "rate"`,
        path,
        hint: 'when: <expression of the row>, or rate: <share of rows>',
      });
    }
    for (const [cname, over] of Object.entries(s.columns))
      checkOverride(cname, over, [...path, 'columns', cname]);
  }

  for (const [i, e] of (table.edge_cases ?? []).entries()) {
    const path: Path = [...tpath, 'edge_cases', i];
    if (names.has(e.name)) {
      issues.push({
        code: 'duplicate_name',
        message: `"${e.name}" names another scenario or edge case`,
        path: [...path, 'name'],
        hint: 'give each one its own name: the ground truth records it',
      });
    }
    names.add(e.name);
    if (e.kind === 'duplicate') {
      if (e.column !== undefined) {
        issues.push({
          code: 'unused_parameter',
          message: 'a duplicate edge case copies a whole row, so it takes no column',
          path: [...path, 'column'],
          hint: 'remove column',
        });
      }
      continue;
    }
    if (e.column === undefined || !table.columns[e.column]) {
      issues.push({
        code: e.column === undefined ? 'missing_parameter' : 'missing_reference',
        message:
          e.column === undefined
            ? `a ${e.kind} edge case needs the column it hits`
            : `"${e.column}" names no column of "${tname}"`,
        path: [...path, 'column'],
        hint: choicesHint(e.column ?? '', colNames, 'the columns are'),
      });
      continue;
    }
    const target = table.columns[e.column]!;
    if (target.kind === 'id' || target.kind === 'ref' || e.column === table.primary_key) {
      issues.push({
        code: 'invalid_value',
        message: `edge cases cannot hit "${e.column}": it is a key, and broken keys break every join`,
        path: [...path, 'column'],
        hint: 'hit another column',
      });
    } else if (Object.values(table.columns).some((c) => c.kind === 'spans' && c.of === e.column)) {
      issues.push({
        code: 'invalid_value',
        message: `a ${e.kind} edge case cannot hit "${e.column}": a spans column records offsets into it, which a broken text would falsify`,
        path: [...path, 'column'],
        hint: 'put typo noise in the text column itself (noise: { typo_rate }), which keeps the spans exact',
      });
    } else if (target.unique && (e.kind !== 'missing' || e.value !== undefined)) {
      // "N/A", a fixed value or a cut-off string would repeat, and the database refuses the rows
      issues.push({
        code: 'invalid_value',
        message: `a ${e.kind} edge case cannot hit "${e.column}": it is unique, and broken values repeat`,
        path: [...path, 'column'],
        hint: 'use kind: missing (a null) on a unique column, or hit another column',
      });
    }
  }

  for (const [i, c] of (table.correlations ?? []).entries()) {
    const path: Path = [...tpath, 'correlations', i];
    const k = c.columns.length;
    for (const [j, cname] of c.columns.entries()) {
      const col = table.columns[cname];
      if (!col) {
        issues.push({
          code: 'missing_reference',
          message: `"${cname}" names no column of "${tname}"`,
          path: [...path, 'columns', j],
          hint: choicesHint(cname, colNames, 'the columns are'),
        });
      } else if (
        !['integer', 'number', 'date', 'datetime', 'boolean', 'category', 'label'].includes(col.kind)
      ) {
        issues.push({
          code: 'invalid_value',
          message: `"${cname}" is a ${col.kind} column; correlations take numbers, dates, booleans and categories`,
          path: [...path, 'columns', j],
        });
      } else if ('unique' in col && col.unique) {
        issues.push({
          code: 'invalid_value',
          message: `"${cname}" is unique, and a unique column cannot follow a copula`,
          path: [...path, 'columns', j],
          hint: 'drop unique, or leave the column out of the correlation',
        });
      } else if (col.kind === 'label' && col.p !== undefined) {
        issues.push({
          code: 'invalid_value',
          message: `"${cname}" is drawn from its own expression "p", so a copula cannot set it`,
          path: [...path, 'columns', j],
        });
      }
      const others = (table.correlations ?? []).findIndex((o, oi) => oi !== i && o.columns.includes(cname));
      if (others >= 0 && others < i) {
        issues.push({
          code: 'invalid_value',
          message: `"${cname}" is in two correlation groups`,
          path: [...path, 'columns', j],
          hint: 'put all the columns that correlate with each other in one group with one matrix',
        });
      }
    }
    if (c.matrix === undefined && c.r === undefined) {
      issues.push({
        code: 'missing_parameter',
        message: 'a correlation needs "matrix" (or "r" for two columns)',
        path,
        hint: `add matrix: a ${k}×${k} correlation matrix`,
      });
    } else if (c.matrix !== undefined && c.r !== undefined) {
      issues.push({
        code: 'unused_parameter',
        message: 'give "matrix" or "r", not both',
        path: [...path, 'r'],
      });
    } else if (c.r !== undefined && k !== 2) {
      issues.push({
        code: 'invalid_value',
        message: `"r" is for two columns; this correlation has ${k}`,
        path: [...path, 'r'],
        hint: `write matrix: a ${k}×${k} correlation matrix`,
      });
    } else if (c.matrix && (c.matrix.length !== k || c.matrix.some((row) => row.length !== k))) {
      issues.push({
        code: 'invalid_value',
        message: `the matrix must be ${k}×${k}, one row and column per listed column`,
        path: [...path, 'matrix'],
      });
    } else {
      // found here rather than when the plan is built, where the columns that read the copula fail with it
      const built = GaussianCopula.fromMatrix(
        c.matrix ?? [
          [1, c.r!],
          [c.r!, 1],
        ],
      );
      if (!(built instanceof GaussianCopula)) {
        issues.push({
          code: 'invalid_value',
          message: built.error,
          path: [...path, c.matrix ? 'matrix' : 'r'],
          hint: built.hint,
        });
      }
    }
  }
}

/** A scenario's `when`: an expression of the row (and its parents) that gives a boolean. */
function checkWhen(spec: Spec, tname: string, src: string, path: Path, issues: Issue[]): void {
  const result = compileSource<null>(
    src,
    (name) => {
      const r = resolveName(spec, tname, name);
      if (!('table' in r)) return undefined;
      return { type: valueType(spec.tables[r.table]!.columns[r.column]), read: () => null };
    },
    Object.keys(spec.tables[tname]!.columns),
  );
  if ('error' in result) {
    const e = result.error;
    issues.push({
      code: 'invalid_expression',
      message: `${e.message} (at character ${e.at + 1} of ${JSON.stringify(src)})`,
      path,
      ...(e.hint ? { hint: e.hint } : {}),
    });
  } else if (result.type !== 'boolean' && result.type !== 'any') {
    issues.push({
      code: 'invalid_type',
      message: `a scenario holds where "when" is true, but this expression gives a ${result.type}`,
      path,
      hint: 'write a condition, e.g. amount > 500 or is_fraud',
    });
  }
}
