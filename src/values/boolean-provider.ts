import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';

type BooleanColumn = Extract<ColumnSpec, { kind: 'boolean' }>;

/** True with probability `rate` (default 0.5). */
export function booleanProvider(col: BooleanColumn): Provider {
  const rate = col.rate ?? 0.5;
  // true at the top of the u range, so a positive correlation means "more often true"
  return { sqlType: 'INTEGER', next: (rng) => rng.float() < rate, quantile: (u) => u >= 1 - rate };
}
