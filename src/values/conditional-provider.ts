import type { ColumnSpec } from '../spec/index.js';
import { mergeOverride } from '../spec/index.js';
import type { Provider, ProviderContext, RowCursor } from './provider.js';

/** A provider that hands each row to one of several providers: what `quantile` must go through too. */
export interface VariantProvider extends Provider {
  variantFor(row: RowCursor): Provider;
}

export function isVariantProvider(p: Provider): p is VariantProvider {
  return typeof (p as Partial<VariantProvider>).variantFor === 'function';
}

/**
 * A conditional distribution: the `given` column's value picks one of `cases` (the column's own
 * settings with the case's merged over them); other values use the column's own settings.
 */
export function conditionalProvider(
  col: ColumnSpec & { given: string; cases: Record<string, Record<string, unknown>> },
  ctx: ProviderContext,
  build: (col: ColumnSpec, ctx: ProviderContext) => Provider,
): Provider {
  const base = build(mergeOverride(col, {}), ctx);
  const byValue = new Map<string, Provider>();
  for (const [value, over] of Object.entries(col.cases)) {
    byValue.set(value, build(mergeOverride(col, over), { ...ctx, path: [...ctx.path, 'cases', value] }));
  }
  const given = ctx.lookup(col.given);
  const variantFor = (row: RowCursor): Provider => {
    const v = given(row);
    return (v === null ? undefined : byValue.get(String(v))) ?? base;
  };
  return withVariants(base, variantFor, [...byValue.values()]);
}

/**
 * Wraps a choice of providers per row as one provider: the base decides type and format, and it
 * may give null when any of the choices may.
 */
export function withVariants(
  base: Provider,
  variantFor: (row: RowCursor) => Provider,
  others: readonly Provider[],
): VariantProvider {
  const p: VariantProvider = {
    sqlType: base.sqlType,
    nullable: [base, ...others].some((x) => x.nullable === true),
    next: (rng, row) => variantFor(row).next(rng, row),
    variantFor: (row) => {
      const v = variantFor(row);
      return isVariantProvider(v) ? v.variantFor(row) : v;
    },
  };
  if (base.format) p.format = base.format.bind(base);
  return p;
}
