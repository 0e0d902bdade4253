import type { z } from 'zod';
import { TrainkitError } from '../errors/index.js';
import type { spansColumn } from '../spec/schema.js';
import { columnIssue, type Provider, type ProviderContext } from './provider.js';
import { isSpanSource } from './text-provider.js';

type SpansColumn = z.infer<typeof spansColumn>;

/**
 * The entity spans of a text column of the same row, as compact JSON sorted by start:
 * `[{"start":0,"end":11,"type":"PERSON"}]`, offsets in code points. It reads the spans the text
 * provider kept for the current chunk, so it draws nothing itself.
 *
 * @example
 * const p = spansProvider({ kind: 'spans', of: 'note' }, ctx);
 */
export function spansProvider(col: SpansColumn, ctx: ProviderContext): Provider {
  const text = ctx.sibling(col.of);
  if (!isSpanSource(text)) {
    throw new TrainkitError([
      columnIssue(ctx, {
        code: 'invalid_reference',
        message: `spans: "${col.of}" is not a text column`,
        at: 'of',
        hint: 'point "of" at a column of kind text',
      }),
    ]);
  }
  return { sqlType: 'TEXT', next: (_rng, row) => text.spansJson(row) };
}
