import { TrainkitError } from '../errors/index.js';
import { GaussianCopula } from '../random/index.js';
import { type ColumnSpec, copulaNode, mergeOverride, scenarioNode } from '../spec/index.js';
import {
  compileRowExpression,
  isVariantProvider,
  type Provider,
  type ProviderContext,
  type RowCursor,
  withVariants,
} from '../values/index.js';
import type { ColumnPlan, TablePlan } from './plan.js';

/** The ground-truth columns a table gets when its rows can come from scenarios or edge cases. */
export const TRUTH_COLUMNS = ['_scenario', '_edge_case'] as const;

/** Where a table's ground truth goes: its own columns, a sidecar table, or nowhere. */
export function truthMode(t: TablePlan): 'column' | 'sidecar' | 'none' {
  const rules = (t.spec.scenarios?.length ?? 0) + (t.spec.edge_cases?.length ?? 0);
  return rules === 0 ? 'none' : (t.spec.ground_truth ?? 'column');
}

function pushColumn(t: TablePlan, col: ColumnPlan): void {
  t.columns.push(col);
  t.state.cols.push([]);
}

function layoutOf(name: string, kind: string, sqlType: 'INTEGER' | 'REAL' | 'TEXT', notNull: boolean) {
  return { name, kind, sqlType, primaryKey: false, unique: false, notNull };
}

/**
 * Adds the steps a table's rules need: a hidden flag per scenario, a hidden draw per correlation
 * group, and the ground-truth columns. Late columns (aggregates, truth) get their providers here,
 * since the row loop never calls them.
 */
export function addRuleColumns(t: TablePlan): void {
  const hidden = (name: string, kind: string, sqlType: 'INTEGER' | 'REAL') =>
    pushColumn(t, {
      name,
      spec: { kind: 'boolean' },
      provider: undefined as unknown as Provider,
      layout: layoutOf(name, kind, sqlType, true),
      hidden: true,
    });
  for (const s of t.spec.scenarios ?? []) hidden(scenarioNode(s.name), 'scenario', 'INTEGER');
  for (const [i] of (t.spec.correlations ?? []).entries()) hidden(copulaNode(i), 'copula', 'REAL');
  for (const c of t.columns) {
    if (c.spec.kind !== 'aggregate') continue;
    const count = c.spec.fn === 'count';
    c.provider = { sqlType: count ? 'INTEGER' : 'REAL', next: lateOnly };
    (c.layout as { sqlType: string }).sqlType = c.provider.sqlType;
    // a parent without children has no mean, min or max
    if (!count && c.spec.fn !== 'sum') (c.layout as { notNull: boolean }).notNull = false;
  }
  if (truthMode(t) === 'column') {
    for (const name of TRUTH_COLUMNS) {
      pushColumn(t, {
        name,
        spec: { kind: 'boolean' },
        provider: { sqlType: 'TEXT', next: lateOnly },
        layout: layoutOf(name, 'ground_truth', 'TEXT', false),
        late: true,
      });
    }
  }
}

function lateOnly(): never {
  throw new Error('late columns are filled after the rows are made');
}

/** A correlation group's step: draws every row's uniforms at once, for its columns to read. */
interface CopulaStep extends Provider {
  u(local: number, j: number): number;
}

/** The provider of a hidden step: a scenario's flag or a copula's draws. */
export function ruleStepProvider(t: TablePlan, name: string, ctx: ProviderContext): Provider {
  const [, kind, id] = /^#(scenario|copula):(.+)$/.exec(name)!;
  if (kind === 'scenario') {
    const i = t.spec.scenarios!.findIndex((s) => s.name === id);
    const s = t.spec.scenarios![i]!;
    if (s.rate !== undefined) {
      const rate = s.rate;
      return { sqlType: 'INTEGER', next: (rng) => rng.float() < rate };
    }
    const when = compileRowExpression(s.when!, ctx, ['tables', t.name, 'scenarios', i, 'when']).evaluate;
    return { sqlType: 'INTEGER', next: (_rng, row) => when(row) === true };
  }
  const gi = Number(id);
  const group = t.spec.correlations![gi]!;
  const matrix = group.matrix ?? [
    [1, group.r!],
    [group.r!, 1],
  ];
  const built = GaussianCopula.fromMatrix(matrix);
  if (!(built instanceof GaussianCopula)) {
    throw new TrainkitError([
      {
        code: 'invalid_value',
        message: built.error,
        path: ['tables', t.name, 'correlations', gi, group.matrix ? 'matrix' : 'r'],
        hint: built.hint,
      },
    ]);
  }
  const dim = built.dim;
  let buf = new Float64Array(dim * 1024);
  const one = new Float64Array(dim);
  const step: CopulaStep = {
    sqlType: 'REAL',
    next: (rng, row) => {
      if ((row.local + 1) * dim > buf.length) {
        const grown = new Float64Array(Math.max(buf.length * 2, (row.local + 1) * dim));
        grown.set(buf);
        buf = grown;
      }
      built.sample(rng, one);
      buf.set(one, row.local * dim);
      return null;
    },
    u: (local, j) => buf[local * dim + j]!,
  };
  return step;
}

/**
 * Wraps a column's provider with the table's rules: scenarios that replace its settings on the
 * rows where they hold (the first listed wins), and a correlation group whose draws it turns
 * into values through its quantile function.
 */
export function applyRules(
  t: TablePlan,
  name: string,
  base: Provider,
  ctx: ProviderContext,
  build: (col: ColumnSpec, path: (string | number)[]) => Provider,
): Provider {
  const spec = t.spec.columns[name];
  if (!spec) return base;
  let provider = base;
  const overrides: { flag: (row: RowCursor) => unknown; provider: Provider }[] = [];
  for (const [i, s] of (t.spec.scenarios ?? []).entries()) {
    const over = s.columns[name];
    if (!over) continue;
    overrides.push({
      flag: ctx.lookupRaw(scenarioNode(s.name)),
      provider: build(mergeOverride(spec, over), ['tables', t.name, 'scenarios', i, 'columns', name]),
    });
  }
  if (overrides.length > 0) {
    const plain = base;
    provider = withVariants(
      base,
      (row) => {
        for (const o of overrides) if (o.flag(row) === true) return o.provider;
        return isVariantProvider(plain) ? plain.variantFor(row) : plain;
      },
      overrides.map((o) => o.provider),
    );
  }
  const gi = (t.spec.correlations ?? []).findIndex((c) => c.columns.includes(name));
  if (gi < 0) return provider;
  const j = t.spec.correlations![gi]!.columns.indexOf(name);
  const step = ctx.sibling(copulaNode(gi)) as CopulaStep;
  const choices = [base, ...overrides.map((o) => o.provider)];
  if (choices.some((p) => !isVariantProvider(p) && typeof p.quantile !== 'function')) {
    throw new TrainkitError([
      {
        code: 'invalid_value',
        message: `"${name}" cannot follow a copula: its distribution has no quantile function`,
        path: ['tables', t.name, 'correlations', gi, 'columns', j],
      },
    ]);
  }
  const pick = provider;
  const wrapped: Provider = {
    sqlType: pick.sqlType,
    ...(pick.nullable ? { nullable: true } : {}),
    next: (_rng, row) => {
      const p = isVariantProvider(pick) ? pick.variantFor(row) : pick;
      return p.quantile!(step.u(row.local, j));
    },
  };
  if (pick.format) wrapped.format = pick.format.bind(pick);
  return wrapped;
}
