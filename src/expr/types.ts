import type { Value } from '../values/index.js';

/** A static type. Dates are epoch milliseconds at run time; `any` is checked when the value arrives. */
export type ExprType = 'number' | 'string' | 'boolean' | 'date' | 'any';

/** The checker's types: `null` is the type of the `null` literal, which fits any slot. */
export type Ty = ExprType | 'null';

/** A syntax or type error: what is wrong, where (0-based offset into the source) and how to fix it. */
export interface ExprError {
  readonly message: string;
  readonly at: number;
  readonly hint?: string;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/** A parsed expression. `at` is where the node starts in the source. */
export type Ast =
  | { readonly kind: 'number'; readonly at: number; readonly value: number }
  | { readonly kind: 'string'; readonly at: number; readonly value: string }
  | { readonly kind: 'boolean'; readonly at: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly at: number }
  | { readonly kind: 'ident'; readonly at: number; readonly name: string }
  | { readonly kind: 'unary'; readonly at: number; readonly op: '-' | 'not'; readonly operand: Ast }
  | {
      readonly kind: 'binary';
      readonly at: number;
      readonly op: BinaryOp;
      readonly opAt: number;
      readonly left: Ast;
      readonly right: Ast;
    }
  | {
      readonly kind: 'in';
      readonly at: number;
      readonly opAt: number;
      readonly negated: boolean;
      readonly value: Ast;
      readonly list: readonly Ast[];
    }
  | {
      readonly kind: 'conditional';
      readonly at: number;
      readonly opAt: number;
      readonly test: Ast;
      readonly then: Ast;
      readonly otherwise: Ast;
    }
  | { readonly kind: 'call'; readonly at: number; readonly name: string; readonly args: readonly Ast[] };

/** A compiled node. The context is opaque here; only a binding's reader looks inside it. */
export type Fn = (ctx: unknown) => Value;

export interface Typed {
  readonly type: Ty;
  readonly fn: Fn;
}

/** Thrown inside the lexer, parser and checker, and turned into an `ExprError` at the public edge. */
export class ExprFault extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly hint?: string,
  ) {
    super(message);
  }

  toError(): ExprError {
    return this.hint === undefined
      ? { message: this.message, at: this.at }
      : { message: this.message, at: this.at, hint: this.hint };
  }
}

export function fault(message: string, at: number, hint?: string): never {
  throw new ExprFault(message, at, hint);
}

/** `a number`, `a date`, `null`: a type as it reads inside a sentence. */
export function describe(t: Ty): string {
  if (t === 'null') return 'null';
  if (t === 'any') return 'a value';
  return `a ${t}`;
}

/** Does a value of type `have` fit a slot of type `want`? Unknown and null fit everywhere. */
export function fits(have: Ty, want: ExprType): boolean {
  return have === want || have === 'any' || have === 'null' || want === 'any';
}

/** The test of if/ternary/and/or/not: null counts as false; a non-boolean (only possible via `any`) is null. */
export function truth(v: Value): boolean | null {
  if (v === true || v === false) return v;
  return v === null ? false : null;
}

/** Numbers stay finite (overflow, 0/0 and the like become null) and -0 becomes 0. */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x + 0 : null;
}
