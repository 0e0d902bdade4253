import { AliasTable, Permutation } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { Provider, ProviderContext } from './provider.js';
import { weightedIndex } from './quantile.js';

type CategoryColumn = Extract<ColumnSpec, { kind: 'category' }>;

/**
 * One of a fixed set of values, equally likely or by weight. With `spread: even`, row i of n
 * takes the value at the weights' quantile (π(i) + 0.5) / n, π a seeded shuffle of the rows, so
 * every value is used as often as its weight says, to within one row.
 */
export function categoryProvider(col: CategoryColumn, ctx?: ProviderContext): Provider {
  const values: (string | number)[] = Array.isArray(col.values) ? col.values : Object.keys(col.values);
  const weights = Array.isArray(col.values) ? values.map(() => 1) : Object.values(col.values);
  const table = new AliasTable(weights);
  const numeric = values.every((v) => typeof v === 'number');
  // quantile walks the cumulative weights in declared order, so declare categories in the order
  // a correlation should rank them
  const index = weightedIndex(weights);
  const quantile = (u: number) => values[index(u)]!;
  const sqlType = numeric ? 'REAL' : 'TEXT';
  if (col.spread === 'even' && ctx?.rows) {
    const rows = ctx.rows.bind(ctx);
    let perm: Permutation | undefined;
    return {
      sqlType,
      // the table's size is known only once generation starts
      next: (_rng, row) => {
        perm ??= new Permutation(rows(), [ctx.seed, ctx.table, ctx.column, '#spread']);
        return quantile((perm.at(row.index) + 0.5) / perm.size);
      },
      quantile,
    };
  }
  return { sqlType, next: (rng) => values[table.sample(rng)]!, quantile };
}
