import type { ColumnSpec } from '../spec/index.js';
import { compileDateFormat } from './date-format.js';
import type { Provider, ProviderContext, Value } from './provider.js';
import { compileRowExpression } from './row-expression.js';

type DerivedColumn = Extract<ColumnSpec, { kind: 'derived' }>;

/** A value computed from the row by an expression: no randomness of its own; null where the expression gives null. */
export function derivedProvider(col: DerivedColumn, ctx: ProviderContext): Provider {
  return { ...build(col, ctx), nullable: true };
}

function build(col: DerivedColumn, ctx: ProviderContext): Provider {
  const { type: inferred, evaluate } = compileRowExpression(col.expr, ctx, [...ctx.path, 'expr']);
  const type =
    col.type ??
    (inferred === 'string'
      ? 'text'
      : inferred === 'any'
        ? 'text'
        : (inferred as 'number' | 'boolean' | 'date'));
  if (type === 'date' || type === 'datetime') {
    const fmt = compileDateFormat(col.format ?? (type === 'date' ? 'YYYY-MM-DD' : 'iso'));
    const numeric = col.format === 'epoch' || col.format === 'epoch_ms';
    return {
      sqlType: numeric ? 'INTEGER' : 'TEXT',
      next: (_rng, row) => evaluate(row),
      format: (v) => (typeof v === 'number' ? fmt(v) : v),
    };
  }
  if (type === 'integer') {
    return { sqlType: 'INTEGER', next: (_rng, row) => roundTo(evaluate(row), 0) };
  }
  if (type === 'number') {
    const digits = col.round;
    return {
      sqlType: 'REAL',
      next:
        digits === undefined ? (_rng, row) => evaluate(row) : (_rng, row) => roundTo(evaluate(row), digits),
    };
  }
  return { sqlType: type === 'boolean' ? 'INTEGER' : 'TEXT', next: (_rng, row) => evaluate(row) };
}

function roundTo(v: Value, digits: number): Value {
  if (typeof v !== 'number') return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
