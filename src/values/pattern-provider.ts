import type { ColumnSpec } from '../spec/index.js';
import type { Provider } from './provider.js';

type PatternColumn = Extract<ColumnSpec, { kind: 'pattern' }>;

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = DIGITS + UPPER;

/**
 * The regular expression a pattern's values match: what `patternProvider` makes, and only that.
 *
 * @example
 * patternRegExp('ACC-#####').test('ACC-40172'); // true
 */
export function patternRegExp(pattern: string): RegExp {
  const cls: Record<string, string> = { '#': '[0-9]', '?': '[A-Z]', '*': '[0-9A-Z]' };
  const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += literal(pattern[++i]!);
    else source += cls[c] ?? literal(c);
  }
  return new RegExp(`^${source}$`);
}

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
