import type { Rng } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { Provider, ProviderContext, RowCursor, Value } from './provider.js';
import { createProvider } from './registry.js';

type ObjectColumn = Extract<ColumnSpec, { kind: 'object' }>;

/** Draws one nested value (a field or an element) in its final, formatted form. */
export type NestedDraw = (rng: Rng, row: RowCursor) => Value;

/**
 * Builds the maker of a value nested in an object or array column: its own provider, at its own
 * spec path (so its errors point at `…columns.customer.fields.name`), drawing from the parent
 * column's stream. `null_rate` is drawn from that stream too, just before the value.
 *
 * @example
 * const draw = nestedDraw({ kind: 'integer', min: 1, max: 5 }, ctx, ['of']);
 * draw(rng, row); // 3
 */
export function nestedDraw(
  spec: ColumnSpec,
  ctx: ProviderContext,
  at: readonly (string | number)[],
): NestedDraw {
  // the parent's context with a longer path; a prototype link keeps every other member as it is
  const sub: ProviderContext = Object.create(ctx, { path: { value: [...ctx.path, ...at] } });
  const provider = createProvider(spec, sub);
  // nested values are final output: the engine formats only top-level columns
  const format = provider.format?.bind(provider);
  const nullRate = 'null_rate' in spec ? (spec.null_rate ?? 0) : 0;
  const draw: NestedDraw = format
    ? (rng, row) => format(provider.next(rng, row))
    : (rng, row) => provider.next(rng, row);
  if (nullRate <= 0) return draw;
  return (rng, row) => (rng.float() < nullRate ? null : draw(rng, row));
}

/**
 * A JSON object with the declared fields, in declared order; each field is any column spec
 * (objects and arrays nest). Fields draw in order from the column's stream, so a row's object
 * depends only on seed, table, column and chunk.
 *
 * @example
 * const p = objectProvider({ kind: 'object', fields: { qty: { kind: 'integer', min: 1, max: 5 } } }, ctx);
 * p.next(rng, row); // { qty: 4 }
 */
export function objectProvider(col: ObjectColumn, ctx: ProviderContext): Provider {
  const keys = Object.keys(col.fields);
  const draws = keys.map((k) => nestedDraw(col.fields[k]!, ctx, ['fields', k]));
  return {
    // stored as JSON text
    sqlType: 'TEXT',
    next: (rng, row) => {
      const out: { [key: string]: Value } = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]!] = draws[i]!(rng, row);
      return out;
    },
  };
}
