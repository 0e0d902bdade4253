import type { ColumnKind, ColumnSpec } from '../spec/index.js';
import { booleanProvider } from './boolean-provider.js';
import { categoryProvider } from './category-provider.js';
import { dateProvider } from './date-provider.js';
import { fakeProvider } from './fake-provider.js';
import { idProvider } from './id-provider.js';
import { numericProvider } from './numeric-provider.js';
import { patternProvider } from './pattern-provider.js';
import type { Provider, ProviderContext, ProviderFactory } from './provider.js';
import { refProvider } from './ref-provider.js';
import { templateProvider } from './template-provider.js';

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
};

/**
 * Builds the provider for a column spec.
 *
 * @example
 * const p = createProvider({ kind: 'boolean', rate: 0.2 }, ctx);
 */
export function createProvider(column: ColumnSpec, ctx: ProviderContext): Provider {
  const factory = providers[column.kind] as ProviderFactory;
  return factory(column, ctx);
}
