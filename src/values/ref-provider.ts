import type { ColumnSpec } from '../spec/index.js';
import type { Provider, ProviderContext } from './provider.js';

type RefColumn = Extract<ColumnSpec, { kind: 'ref' }>;

/** The key of a parent row: the row's own parent for a `per` table, otherwise a uniformly chosen row. */
export function refProvider(col: RefColumn, ctx: ProviderContext): Provider {
  const link = ctx.link(col.ref);
  const [table, column] = col.ref.split('.') as [string, string];
  const target = ctx.spec.tables[table]!.columns[column]!;
  const sqlType = target.kind === 'id' && target.strategy === 'uuid' ? 'TEXT' : 'INTEGER';
  return { sqlType, next: link };
}
