import { TrainkitError } from '../errors/index.js';
import { compileSource, type ExprType } from '../expr/index.js';
import { resolveName, valueType } from '../spec/index.js';
import type { ProviderContext, RowCursor, Value } from './provider.js';

/**
 * Compiles an expression over the current row and its parents: names resolve to this row's
 * columns (`amount`) or a parent's (`customers.tier`), read as stored (dates as epoch ms).
 */
export function compileRowExpression(
  src: string,
  ctx: ProviderContext,
  path: readonly (string | number)[],
): { type: ExprType; evaluate: (row: RowCursor) => Value } {
  const table = ctx.spec.tables[ctx.table];
  const names = table ? Object.keys(table.columns) : [];
  const result = compileSource<RowCursor>(
    src,
    (name) => {
      const r = resolveName(ctx.spec, ctx.table, name);
      if (!('table' in r)) return undefined;
      return { type: valueType(ctx.spec.tables[r.table]!.columns[r.column]), read: ctx.lookupRaw(name) };
    },
    names,
  );
  if ('error' in result) {
    throw new TrainkitError([
      {
        code: 'invalid_expression',
        message: `${result.error.message} (at character ${result.error.at + 1})`,
        path: [...path],
        ...(result.error.hint ? { hint: result.error.hint } : {}),
      },
    ]);
  }
  return result;
}
