import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';

type PatternColumn = Extract<ColumnSpec, { kind: 'pattern' }>;

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = DIGITS + UPPER;

/**
 * Fills a pattern: `#` a digit, `?` an upper-case letter, `*` a digit or letter; `\` makes the
 * next character literal. `ACC-#####` → `ACC-40172`.
 */
export function patternProvider(col: PatternColumn): Provider {
  const slots: (string | null)[] = [];
  const pools: string[] = [];
  for (let i = 0; i < col.pattern.length; i++) {
    const c = col.pattern[i]!;
    if (c === '\\' && i + 1 < col.pattern.length) {
      slots.push(col.pattern[++i]!);
      pools.push('');
    } else if (c === '#' || c === '?' || c === '*') {
      slots.push(null);
      pools.push(c === '#' ? DIGITS : c === '?' ? UPPER : ALNUM);
    } else {
      slots.push(c);
      pools.push('');
    }
  }
  return {
    sqlType: 'TEXT',
    next: (rng) => {
      let s = '';
      for (let i = 0; i < slots.length; i++) {
        const lit = slots[i];
        if (lit !== null) s += lit;
        else {
          const pool = pools[i]!;
          s += pool[rng.below(pool.length)];
        }
      }
      return s;
    },
  };
}
