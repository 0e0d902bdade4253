/**
 * A small, safe expression language for derived columns, conditions and labels. Sources are
 * parsed into an AST, type-checked against the columns in scope and compiled to closures; nothing
 * is ever passed to eval or Function.
 */
import type { Value } from '../values/index.js';
import { compileNode, type ExprBinding } from './compile.js';
import { parse } from './parser.js';
import { collectRefs } from './refs.js';
import { type Ast, type ExprError, ExprFault, type ExprType } from './types.js';

export type { ExprBinding } from './compile.js';
export { civilFromDays } from './dates.js';
export type { Ast, ExprError, ExprType } from './types.js';

/** A compiled expression: its static type and an evaluator that never throws. */
export interface CompiledExpression<C> {
  readonly type: ExprType;
  readonly evaluate: (ctx: C) => Value;
}

function caught<T>(body: () => T): T | { error: ExprError } {
  try {
    return body();
  } catch (e) {
    if (e instanceof ExprFault) return { error: e.toError() };
    throw e;
  }
}

/**
 * Parses an expression; returns the AST or the first syntax error.
 *
 * @example
 * const r = parseExpression('price * quantity');
 * if ('error' in r) console.error(r.error.message, 'at', r.error.at);
 */
export function parseExpression(src: string): { ast: Ast } | { error: ExprError } {
  return caught(() => ({ ast: parse(src) }));
}

/**
 * Every identifier the expression reads, in first-use order, deduplicated. A dotted name such as
 * `customers.signup` is one identifier.
 *
 * @example
 * const r = parseExpression('a + b * a + customers.signup');
 * if ('ast' in r) expressionRefs(r.ast); // ['a', 'b', 'customers.signup']
 */
export function expressionRefs(ast: Ast): string[] {
  return collectRefs(ast);
}

/**
 * Type-checks and compiles a parsed expression. `resolve` maps an identifier to its type and
 * reader, or undefined when unknown; `names` lists the known identifiers for "did you mean" hints.
 *
 * @example
 * type Row = { price: number; quantity: number };
 * const cols: Record<string, ExprBinding<Row>> = {
 *   price: { type: 'number', read: (r) => r.price },
 *   quantity: { type: 'number', read: (r) => r.quantity },
 * };
 * const parsed = parseExpression('price * quantity');
 * if ('ast' in parsed) {
 *   const r = compileExpression(parsed.ast, (n) => (Object.hasOwn(cols, n) ? cols[n] : undefined), Object.keys(cols));
 *   if ('evaluate' in r) r.evaluate({ price: 2.5, quantity: 4 }); // 10
 * }
 */
export function compileExpression<C>(
  ast: Ast,
  resolve: (name: string) => ExprBinding<C> | undefined,
  names: readonly string[],
): CompiledExpression<C> | { error: ExprError } {
  return caught(() => {
    const { type, fn } = compileNode(ast, { resolve, names });
    return { type: type === 'null' ? 'any' : type, evaluate: fn };
  });
}

/**
 * Parses and compiles in one step; returns the error of either phase.
 *
 * @example
 * const r = compileSource<{ tenure: number }>(
 *   'sigmoid(0.8 * tenure - 2)',
 *   (n) => (n === 'tenure' ? { type: 'number', read: (row) => row.tenure } : undefined),
 *   ['tenure'],
 * );
 * if ('evaluate' in r) r.evaluate({ tenure: 2.5 }); // 0.5
 */
export function compileSource<C>(
  src: string,
  resolve: (name: string) => ExprBinding<C> | undefined,
  names: readonly string[],
): CompiledExpression<C> | { error: ExprError } {
  const parsed = parseExpression(src);
  return 'error' in parsed ? parsed : compileExpression(parsed.ast, resolve, names);
}
