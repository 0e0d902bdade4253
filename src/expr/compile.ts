import type { Value } from '../values/index.js';
import { commonType } from './common-type.js';
import { mixUpHint } from './function-def.js';
import { FUNCTION_NAMES, FUNCTIONS } from './functions.js';
import { arithmetic, comparable, comparison } from './operators.js';
import { suggestHint } from './suggest.js';
import {
  type Ast,
  describe,
  type ExprType,
  type Fn,
  fault,
  finite,
  fits,
  type Typed,
  truth,
} from './types.js';

/** A column or other name the expression may read. */
export interface ExprBinding<C> {
  readonly type: ExprType;
  read(ctx: C): Value;
}

export interface Scope {
  resolve(name: string): ExprBinding<never> | undefined;
  readonly names: readonly string[];
}

/** Type-checks `node` and builds its closure; throws `ExprFault` on the first error. */
export function compileNode(node: Ast, scope: Scope): Typed {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean': {
      const v = node.value;
      return { type: node.kind, fn: () => v };
    }
    case 'null':
      return { type: 'null', fn: () => null };
    case 'ident':
      return identifier(node.name, node.at, scope);
    case 'unary':
      return unary(node.op, compileNode(node.operand, scope), node.operand);
    case 'binary': {
      const left = compileNode(node.left, scope);
      const right = compileNode(node.right, scope);
      switch (node.op) {
        case 'and':
        case 'or':
          return logical(node.op, left, right, node);
        case '+':
        case '-':
        case '*':
        case '/':
        case '%':
          return arithmetic(node.op, left, right, node.opAt);
        default:
          return comparison(node.op, left, right, node.opAt, [node.left, node.right]);
      }
    }
    case 'in':
      return membership(node, scope);
    case 'conditional': {
      const test = condition(compileNode(node.test, scope), node.test, 'the condition of "?"');
      const then = compileNode(node.then, scope);
      const otherwise = compileNode(node.otherwise, scope);
      const type = commonType(
        [then.type, otherwise.type],
        [node.then, node.otherwise],
        'the branches of "? :"',
      );
      const t = then.fn;
      const e = otherwise.fn;
      return {
        type,
        fn: (c) => {
          const k = truth(test(c));
          return k === null ? null : k ? t(c) : e(c);
        },
      };
    }
    case 'call':
      return call(node, scope);
  }
}

function identifier(name: string, at: number, scope: Scope): Typed {
  const binding = scope.resolve(name);
  if (binding === undefined) fault(`unknown column "${name}"`, at, suggestHint(name, scope.names, 'columns'));
  const b = binding as ExprBinding<unknown>;
  return { type: b.type, fn: (c) => b.read(c) };
}

/** A boolean operand (null and unknown allowed), with a hint when a number or string is used as one. */
function condition(operand: Typed, node: Ast, what: string): Fn {
  if (!fits(operand.type, 'boolean')) {
    fault(
      `${what} must be a boolean, got ${describe(operand.type)}`,
      node.at,
      mixUpHint(operand.type, 'boolean'),
    );
  }
  return operand.fn;
}

function unary(op: '-' | 'not', operand: Typed, node: Ast): Typed {
  const a = operand.fn;
  if (op === 'not') {
    condition(operand, node, 'the operand of not');
    return {
      type: 'boolean',
      fn: (c) => {
        const k = truth(a(c));
        return k === null ? null : !k;
      },
    };
  }
  if (!fits(operand.type, 'number')) {
    fault(`cannot negate ${describe(operand.type)}`, node.at, mixUpHint(operand.type, 'number'));
  }
  return {
    type: 'number',
    fn: (c) => {
      const x = a(c);
      return typeof x === 'number' ? finite(-x) : null;
    },
  };
}

function logical(op: 'and' | 'or', left: Typed, right: Typed, node: Ast & { kind: 'binary' }): Typed {
  const a = condition(left, node.left, `the left side of ${op}`);
  const b = condition(right, node.right, `the right side of ${op}`);
  // short-circuits on the deciding value; null counts as false
  const decisive = op === 'or';
  return {
    type: 'boolean',
    fn: (c) => {
      const x = truth(a(c));
      if (x === null) return null;
      if (x === decisive) return x;
      return truth(b(c));
    },
  };
}

function membership(node: Ast & { kind: 'in' }, scope: Scope): Typed {
  const value = compileNode(node.value, scope);
  const items = node.list.map((item) => {
    const typed = compileNode(item, scope);
    if (!comparable(value.type, typed.type)) {
      fault(
        `cannot look for ${describe(value.type)} in a list holding ${describe(typed.type)}`,
        item.at,
        `make every item ${describe(value.type)}, like the value before "in"`,
      );
    }
    return typed;
  });
  const v = value.fn;
  const negated = node.negated;
  // as in SQL, a null value is in no list and also not "not in" one
  if (node.list.every(isConstant)) {
    const set = new Set<Value>(items.map((i) => i.fn(undefined)));
    set.delete(null);
    return {
      type: 'boolean',
      fn: (c) => {
        const x = v(c);
        return x === null ? false : set.has(x) !== negated;
      },
    };
  }
  const fns = items.map((i) => i.fn);
  return {
    type: 'boolean',
    fn: (c) => {
      const x = v(c);
      if (x === null) return false;
      for (let i = 0; i < fns.length; i++) if (fns[i]!(c) === x) return !negated;
      return negated;
    },
  };
}

/** No identifiers anywhere below: the value is the same for every row (built-ins are pure). */
function isConstant(node: Ast): boolean {
  switch (node.kind) {
    case 'ident':
      return false;
    case 'unary':
      return isConstant(node.operand);
    case 'binary':
      return isConstant(node.left) && isConstant(node.right);
    case 'in':
      return isConstant(node.value) && node.list.every(isConstant);
    case 'conditional':
      return isConstant(node.test) && isConstant(node.then) && isConstant(node.otherwise);
    case 'call':
      return node.args.every(isConstant);
    default:
      return true;
  }
}

function call(node: Ast & { kind: 'call' }, scope: Scope): Typed {
  const def = FUNCTIONS.get(node.name);
  if (def === undefined) {
    const column = scope.resolve(node.name) !== undefined;
    fault(
      `unknown function "${node.name}"`,
      node.at,
      column
        ? `"${node.name}" is a column, not a function`
        : suggestHint(node.name, FUNCTION_NAMES, 'functions'),
    );
  }
  const n = node.args.length;
  if (n < def.min || n > def.max) fault(`${node.name} takes ${arity(def.min, def.max)}, got ${n}`, node.at);
  const args = node.args.map((a) => compileNode(a, scope));
  return def.compile(args, { name: node.name, at: node.at, args: node.args });
}

function arity(min: number, max: number): string {
  const plural = (k: number) => (k === 1 ? 'argument' : 'arguments');
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} ${plural(min)}`;
  if (min === max) return `${min} ${plural(min)}`;
  return max === min + 1 ? `${min} or ${max} arguments` : `${min} to ${max} arguments`;
}
