import { AliasTable } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';
import { weightedIndex } from './quantile.js';

type CategoryColumn = Extract<ColumnSpec, { kind: 'category' }>;

/** One of a fixed set of values, equally likely or by weight. */
export function categoryProvider(col: CategoryColumn): Provider {
  const values: (string | number)[] = Array.isArray(col.values) ? col.values : Object.keys(col.values);
  const weights = Array.isArray(col.values) ? values.map(() => 1) : Object.values(col.values);
  const table = new AliasTable(weights);
  const numeric = values.every((v) => typeof v === 'number');
  // quantile walks the cumulative weights in declared order, so declare categories in the order
  // a correlation should rank them
  const index = weightedIndex(weights);
  return {
    sqlType: numeric ? 'REAL' : 'TEXT',
    next: (rng) => values[table.sample(rng)]!,
    quantile: (u) => values[index(u)]!,
  };
}
