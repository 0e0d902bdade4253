import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';

type BooleanColumn = Extract<ColumnSpec, { kind: 'boolean' }>;

/** True with probability `rate` (default 0.5). */
export function booleanProvider(col: BooleanColumn): Provider {
  const rate = col.rate ?? 0.5;
  return { sqlType: 'INTEGER', next: (rng) => rng.float() < rate };
}
