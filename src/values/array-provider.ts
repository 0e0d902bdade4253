import { TrainkitError } from '../errors/index.js';
// the file, not the folder's index: the index loads the engine, which loads this folder
import { countSampler } from '../generate/count-sampler.js';
import type { ColumnSpec } from '../spec/index.js';
import { nestedDraw } from './object-provider.js';
import type { Provider, ProviderContext, Value } from './provider.js';

type ArrayColumn = Extract<ColumnSpec, { kind: 'array' }>;

/** How many redraws one distinct element gets before the array gives up. */
const MAX_DISTINCT_TRIES = 1000;

/**
 * A JSON array whose length follows a count distribution (as `rows: { per: … }` does) and whose
 * elements follow `of`. With `distinct: true` no non-null element repeats: a repeat is redrawn.
 * The length is drawn first, then the elements in order, all from the column's stream.
 *
 * @example
 * const p = arrayProvider({ kind: 'array', length: { dist: 'uniform', min: 0, max: 3 }, of: { kind: 'boolean' } }, ctx);
 * p.next(rng, row); // [true, false]
 */
export function arrayProvider(col: ArrayColumn, ctx: ProviderContext): Provider {
  const length = countSampler({ per: ctx.table, ...col.length });
  const element = nestedDraw(col.of, ctx, ['of']);
  const distinct = col.distinct === true;
  const seen = new Set<Value>();
  return {
    // stored as JSON text
    sqlType: 'TEXT',
    next: (rng, row) => {
      const n = length(rng);
      const out: Value[] = new Array(n);
      if (!distinct) {
        for (let i = 0; i < n; i++) out[i] = element(rng, row);
        return out;
      }
      seen.clear();
      for (let i = 0; i < n; i++) {
        let v = element(rng, row);
        for (let tries = 1; v !== null && seen.has(v); tries++) {
          if (tries >= MAX_DISTINCT_TRIES) throw exhausted(ctx, n, row.index);
          v = element(rng, row);
        }
        seen.add(v);
        out[i] = v;
      }
      return out;
    },
  };
}

function exhausted(ctx: ProviderContext, n: number, row: number): TrainkitError {
  return new TrainkitError([
    {
      code: 'impossible_constraint',
      message: `"${ctx.table}.${ctx.column}" needs ${n} distinct elements at row ${row + 1}, but no new element turned up in ${MAX_DISTINCT_TRIES} draws`,
      path: [...ctx.path, 'distinct'],
      hint: "some element values are too rare to fill the array: make the weights more even, lower the length's max, or drop distinct",
    },
  ]);
}
