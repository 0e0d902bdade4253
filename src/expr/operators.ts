import type { Value } from '../values/index.js';
import { mixUpHint } from './function-def.js';
import { type Ast, type BinaryOp, describe, type Fn, fault, finite, type Ty, type Typed } from './types.js';

type Arithmetic = '+' | '-' | '*' | '/' | '%';

const VERBS: Readonly<Record<Arithmetic, (l: string, r: string) => string>> = {
  '+': (l, r) => `cannot add ${r} to ${l}`,
  '-': (l, r) => `cannot subtract ${r} from ${l}`,
  '*': (l, r) => `cannot multiply ${l} by ${r}`,
  '/': (l, r) => `cannot divide ${l} by ${r}`,
  '%': (l, r) => `cannot take the remainder of ${l} divided by ${r}`,
};

const open = (t: Ty) => t === 'any' || t === 'null';

function arithmeticHint(op: Arithmetic, l: Ty, r: Ty): string | undefined {
  if (l === 'date' && r === 'date' && op === '-') return 'use days_between(a, b) or hours_between(a, b)';
  if (l === 'date' || r === 'date') {
    return op === '-' ? 'use add_days(d, -n) or add_hours(d, -n)' : 'use add_days(d, n) or add_hours(d, n)';
  }
  if (op === '+' && (l === 'string' || r === 'string')) return 'join text with concat(a, b)';
  const odd = l === 'number' || open(l) ? r : l;
  return mixUpHint(odd, 'number');
}

/** `+ - * / %`: numbers, or `+` on two strings. Unknown operands are checked per value. */
export function arithmetic(op: Arithmetic, left: Typed, right: Typed, at: number): Typed {
  const l = left.type;
  const r = right.type;
  const numeric = (t: Ty) => t === 'number' || open(t);
  const textual = (t: Ty) => t === 'string' || open(t);
  let type: Ty;
  if (numeric(l) && numeric(r) && (l === 'number' || r === 'number' || op !== '+')) type = 'number';
  else if (op === '+' && textual(l) && textual(r)) type = l === 'string' || r === 'string' ? 'string' : 'any';
  else fault(VERBS[op](describe(l), describe(r)), at, arithmeticHint(op, l, r));
  const a = left.fn;
  const b = right.fn;
  if (type === 'any') return { type, fn: (c) => plus(a(c), b(c)) };
  if (type === 'string') {
    return {
      type,
      fn: (c) => {
        const x = a(c);
        const y = b(c);
        return typeof x === 'string' && typeof y === 'string' ? x + y : null;
      },
    };
  }
  return { type, fn: numberOp(op, a, b) };
}

function plus(x: Value, y: Value): Value {
  if (typeof x === 'number' && typeof y === 'number') return finite(x + y);
  return typeof x === 'string' && typeof y === 'string' ? x + y : null;
}

// one closure per operator, so each call site stays monomorphic and nothing is allocated per row
function numberOp(op: Arithmetic, a: Fn, b: Fn): Fn {
  switch (op) {
    case '+':
      return (c) => {
        const x = a(c);
        const y = b(c);
        return typeof x === 'number' && typeof y === 'number' ? finite(x + y) : null;
      };
    case '-':
      return (c) => {
        const x = a(c);
        const y = b(c);
        return typeof x === 'number' && typeof y === 'number' ? finite(x - y) : null;
      };
    case '*':
      return (c) => {
        const x = a(c);
        const y = b(c);
        return typeof x === 'number' && typeof y === 'number' ? finite(x * y) : null;
      };
    case '/':
      return (c) => {
        const x = a(c);
        const y = b(c);
        return typeof x === 'number' && typeof y === 'number' ? finite(x / y) : null;
      };
    case '%':
      return (c) => {
        const x = a(c);
        const y = b(c);
        return typeof x === 'number' && typeof y === 'number' ? finite(x % y) : null;
      };
  }
}

/** Whether `==` may compare the two types: the same, or one of them unknown or null. */
export function comparable(l: Ty, r: Ty): boolean {
  return l === r || open(l) || open(r);
}

function compareHint(l: Ty, r: Ty, nodes: readonly [Ast, Ast]): string | undefined {
  if (l === 'string' && r === 'date') return mixUpHint(l, r, nodes[0]);
  if (l === 'date' && r === 'string') return mixUpHint(r, l, nodes[1]);
  if ((l === 'date' && r === 'number') || (l === 'number' && r === 'date')) {
    return 'a date is not a number; compare with days_between(a, b) or a date(...) literal';
  }
  return 'convert one side with num(x) or str(x)';
}

const SKIP = 2;
const MISMATCH = 3;

/** -1, 0 or 1; SKIP when either side is null; MISMATCH when the values cannot be ordered. */
function order(x: Value, y: Value): number {
  if (x === null || y === null) return SKIP;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  return MISMATCH;
}

/** `== != < <= > >=`. Equality treats null as a value; ordering with null is false. */
export function comparison(
  op: BinaryOp,
  left: Typed,
  right: Typed,
  at: number,
  nodes: readonly [Ast, Ast],
): Typed {
  const l = left.type;
  const r = right.type;
  if (!comparable(l, r))
    fault(`cannot compare ${describe(l)} with ${describe(r)}`, at, compareHint(l, r, nodes));
  const a = left.fn;
  const b = right.fn;
  if (op === '==') return { type: 'boolean', fn: (c) => a(c) === b(c) };
  if (op === '!=') return { type: 'boolean', fn: (c) => a(c) !== b(c) };
  if (l === 'boolean' || r === 'boolean') {
    fault(`cannot order booleans with "${op}"`, at, 'use == or != with booleans');
  }
  const [lo, hi] = RANGES[op as '<' | '<=' | '>' | '>=']!;
  return {
    type: 'boolean',
    fn: (c) => {
      const o = order(a(c), b(c));
      return o === SKIP ? false : o === MISMATCH ? null : o >= lo && o <= hi;
    },
  };
}

/** The `order` results each operator accepts. */
const RANGES: Readonly<Record<'<' | '<=' | '>' | '>=', readonly [number, number]>> = {
  '<': [-1, -1],
  '<=': [-1, 0],
  '>': [1, 1],
  '>=': [0, 1],
};
