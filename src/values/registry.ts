import type { ColumnKind, ColumnSpec } from '../spec/index.js';
import { arrayProvider } from './array-provider.js';
import { booleanProvider } from './boolean-provider.js';
import { categoryProvider } from './category-provider.js';
import { conditionalProvider } from './conditional-provider.js';
import { dateProvider } from './date-provider.js';
import { derivedProvider } from './derived-provider.js';
import { eventProvider } from './event-provider.js';
import { fakeProvider } from './fake-provider.js';
import { idProvider } from './id-provider.js';
import { labelProvider } from './label-provider.js';
import { numericProvider } from './numeric-provider.js';
import { objectProvider } from './object-provider.js';
import { patternProvider } from './pattern-provider.js';
import type { Provider, ProviderContext, ProviderFactory } from './provider.js';
import { refProvider } from './ref-provider.js';
import { sequenceProvider } from './sequence-provider.js';
import { signalProvider } from './signal-provider.js';
import { spansProvider } from './spans-provider.js';
import { templateProvider } from './template-provider.js';
import { textProvider } from './text-provider.js';

type Factories = { [K in ColumnKind]: ProviderFactory<Extract<ColumnSpec, { kind: K }>> };

/** The provider of each column kind. A new kind adds one entry here and one file. */
export const providers: Factories = {
  id: idProvider,
  integer: numericProvider,
  number: numericProvider,
  boolean: booleanProvider,
  category: categoryProvider,
  date: dateProvider,
  datetime: dateProvider,
  fake: fakeProvider,
  pattern: patternProvider,
  template: templateProvider,
  ref: refProvider,
  object: objectProvider,
  array: arrayProvider,
  label: labelProvider,
  derived: derivedProvider,
  text: textProvider,
  spans: spansProvider,
  sequence: sequenceProvider,
  signal: signalProvider,
  event: eventProvider,
  // filled in by the engine from the child rows once they are made
  aggregate: (col) => ({
    sqlType: col.fn === 'count' ? 'INTEGER' : 'REAL',
    next: () => {
      throw new Error('aggregate columns are computed by the engine');
    },
  }),
};

/**
 * Builds the provider for a column spec.
 *
 * @example
 * const p = createProvider({ kind: 'boolean', rate: 0.2 }, ctx);
 */
export function createProvider(column: ColumnSpec, ctx: ProviderContext): Provider {
  if ('given' in column && column.given !== undefined && column.cases !== undefined) {
    return conditionalProvider({ ...column, given: column.given, cases: column.cases }, ctx, createProvider);
  }
  const factory = providers[column.kind] as ProviderFactory;
  return factory(column, ctx);
}
