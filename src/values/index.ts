export { isVariantProvider, type VariantProvider, withVariants } from './conditional-provider.js';
export { compileDateFormat, compileDateParser } from './date-format.js';
export { fakerLocales, resolveLocale } from './fake-provider.js';
export { compileFakerMethod } from './faker-compiled.js';
export { patternRegExp } from './pattern-provider.js';
export {
  columnIssue,
  type Provider,
  type ProviderContext,
  type ProviderFactory,
  type RowCursor,
  type SqlType,
  type Value,
} from './provider.js';
export { createProvider, providers } from './registry.js';
export { compileRowExpression } from './row-expression.js';
