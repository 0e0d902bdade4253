import type { ColumnSpec } from '../spec/index.js';
import { booleanProvider } from './boolean-provider.js';
import { categoryProvider } from './category-provider.js';
import type { Provider, ProviderContext } from './provider.js';
import { compileRowExpression } from './row-expression.js';

type LabelColumn = Extract<ColumnSpec, { kind: 'label' }>;

/**
 * The training target: a binary label at `rate`, a class by `classes` weights, or a binary label
 * true with probability `p`, an expression of the row (a label that depends on the features).
 * Scenarios keyed on the label then make the features follow it.
 */
export function labelProvider(col: LabelColumn, ctx: ProviderContext): Provider {
  if (col.classes) return categoryProvider({ kind: 'category', values: col.classes });
  const binary = binaryLabel(col, ctx);
  const outcomes = col.outcomes;
  if (!outcomes) return binary;
  // named outcomes: the same draws, written as the data writes them
  const name = (v: unknown) => (v === true ? outcomes[1] : v === false ? outcomes[0] : null);
  const named: Provider = {
    sqlType: outcomes.every((o) => typeof o === 'number') ? 'INTEGER' : 'TEXT',
    next: (rng, row) => name(binary.next(rng, row)),
  };
  if (binary.quantile) {
    const q = binary.quantile.bind(binary);
    named.quantile = (u) => name(q(u));
  }
  return named;
}

function binaryLabel(col: LabelColumn, ctx: ProviderContext): Provider {
  if (col.p === undefined) return booleanProvider({ kind: 'boolean', rate: col.rate ?? 0.5 });
  const p = compileRowExpression(col.p, ctx, [...ctx.path, 'p']).evaluate;
  return {
    sqlType: 'INTEGER',
    next: (rng, row) => {
      const v = p(row);
      // the draw is made whatever p is, so one row's p never shifts another row's randomness
      const u = rng.float();
      return typeof v === 'number' && u < v;
    },
  };
}
