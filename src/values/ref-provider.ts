import type { ColumnSpec } from '../spec/index.js';
import type { Provider, ProviderContext } from './provider.js';

type RefColumn = Extract<ColumnSpec, { kind: 'ref' }>;

/**
 * The key of a parent row: the row's own parent for a `per` table, an earlier row for a ref to
 * the table itself (the first row gets none), otherwise a uniformly chosen row, drawn without
 * repeats among a parent's rows when `distinct`, or rows shared out by `popularity`.
 */
export function refProvider(col: RefColumn, ctx: ProviderContext): Provider {
  const link = ctx.link(col.ref, {
    ...(col.distinct ? { distinct: true } : {}),
    ...(col.popularity ? { popularity: col.popularity } : {}),
  });
  const self = col.ref.split('.')[0] === ctx.table;
  const [table, column] = col.ref.split('.') as [string, string];
  const target = ctx.spec.tables[table]!.columns[column]!;
  const sqlType = target.kind === 'id' && target.strategy === 'uuid' ? 'TEXT' : 'INTEGER';
  return self ? { sqlType, next: link, nullable: true } : { sqlType, next: link };
}
