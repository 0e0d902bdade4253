import type { OperatorInput } from '../operator.js';
import type { OperatorDefinition } from './operator-options.js';

const SEPARATORS = new Set(['-', ' ', '.', '@', '/', '(', ')', ':', '_', '+', ',', '\t']);

/**
 * Masks a value: every character becomes `char` except the last `keepLast` (never more than half
 * of them, so a short value is never shown whole) and, when `keepSeparators`, separators.
 */
export function maskText(text: string, char: string, keepLast: number, keepSeparators: boolean): string {
  const chars = [...text];
  const maskable = chars.filter((c) => !(keepSeparators && SEPARATORS.has(c))).length;
  const keep = Math.min(keepLast, Math.floor(maskable / 2));
  let seen = 0;
  return chars
    .map((c) => {
      if (keepSeparators && SEPARATORS.has(c)) return c;
      seen++;
      return seen > maskable - keep ? c : char;
    })
    .join('');
}

/**
 * `mask`: replaces characters with `*` (option `char`), keeping the last `keep_last` (default 4)
 * and, with `keep_separators` (default true), separators such as `-`, space, `.` and `@`.
 *
 * @example
 * createOperator('mask', {}); // "4111-1111-1111-1111" → "****-****-****-1111"
 */
export const mask: OperatorDefinition = {
  name: 'mask',
  options: ['char', 'keep_last', 'keep_separators'],
  create(o) {
    const char = o.character('char', '*');
    const keepLast = o.integer('keep_last', 4, 0, 1000);
    const keepSeparators = o.boolean('keep_separators', true);
    return {
      name: 'mask',
      apply: ({ text }: OperatorInput) => maskText(text, char, keepLast, keepSeparators),
    };
  },
};
