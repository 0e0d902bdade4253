import { type Token, tokenize } from './lexer.js';
import { type Ast, type BinaryOp, fault } from './types.js';

export const MAX_SOURCE_LENGTH = 4000;
export const MAX_DEPTH = 64;

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Parses a whole expression; throws `ExprFault` on the first syntax error. */
export function parse(src: string): Ast {
  if (src.length > MAX_SOURCE_LENGTH) {
    fault(
      `expression is too long (${src.length} characters, the limit is ${MAX_SOURCE_LENGTH})`,
      MAX_SOURCE_LENGTH,
      'split it into several derived columns',
    );
  }
  const p = new Parser(tokenize(src));
  if (p.peek().kind === 'end') fault('expression is empty', 0, 'write a value, e.g. price * quantity');
  const ast = p.ternary();
  const rest = p.peek();
  if (rest.kind !== 'end')
    fault(`unexpected ${show(rest)}`, rest.at, 'expected an operator such as +, == or and');
  return ast;
}

function show(t: Token): string {
  if (t.kind === 'end') return 'end of expression';
  return t.kind === 'string' ? 'string' : `"${t.text}"`;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private isKeyword(text: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.text === text;
  }

  private isNotIn(): boolean {
    const after = this.peek(1);
    return this.isKeyword('not') && after.kind === 'keyword' && after.text === 'in';
  }

  private expectOp(text: string, what: string): Token {
    if (!this.isOp(text)) this.fail(what);
    return this.next();
  }

  private fail(what: string): never {
    const t = this.peek();
    fault(
      t.kind === 'end' ? 'unexpected end of expression' : `unexpected ${show(t)}`,
      t.at,
      `expected ${what}`,
    );
  }

  /** Bounds recursion so a hostile source cannot exhaust the stack in the parser, checker or evaluator. */
  private nested<T>(at: number, body: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      fault(
        `expression is nested too deeply (more than ${MAX_DEPTH} levels)`,
        at,
        'split it into several derived columns',
      );
    }
    const result = body();
    this.depth--;
    return result;
  }

  ternary(): Ast {
    const test = this.or();
    if (!this.isOp('?')) return test;
    const q = this.next();
    return this.nested(q.at, () => {
      const then = this.ternary();
      this.expectOp(':', '":" between the two branches of "?"');
      const otherwise = this.ternary();
      return { kind: 'conditional', at: test.at, opAt: q.at, test, then, otherwise };
    });
  }

  private or(): Ast {
    let left = this.and();
    while (this.isKeyword('or') || this.isOp('||')) {
      const op = this.next();
      const right = this.and();
      left = { kind: 'binary', at: left.at, op: 'or', opAt: op.at, left, right };
    }
    return left;
  }

  private and(): Ast {
    let left = this.not();
    while (this.isKeyword('and') || this.isOp('&&')) {
      const op = this.next();
      const right = this.not();
      left = { kind: 'binary', at: left.at, op: 'and', opAt: op.at, left, right };
    }
    return left;
  }

  private not(): Ast {
    if ((this.isKeyword('not') && !this.isNotIn()) || this.isOp('!')) {
      const op = this.next();
      return this.nested(op.at, () => ({ kind: 'unary', at: op.at, op: 'not', operand: this.not() }));
    }
    return this.comparison();
  }

  private comparison(): Ast {
    const left = this.additive();
    const t = this.peek();
    let node: Ast;
    if (t.kind === 'op' && COMPARISONS.has(t.text)) {
      this.next();
      const right = this.additive();
      node = { kind: 'binary', at: left.at, op: t.text as BinaryOp, opAt: t.at, left, right };
    } else if (this.isKeyword('in') || this.isNotIn()) {
      const negated = this.next().text === 'not';
      if (negated) this.next();
      node = { kind: 'in', at: left.at, opAt: t.at, negated, value: left, list: this.list() };
    } else {
      return left;
    }
    const after = this.peek();
    if ((after.kind === 'op' && COMPARISONS.has(after.text)) || this.isKeyword('in')) {
      fault('comparisons cannot be chained', after.at, 'join them with and, e.g. a < b and b < c');
    }
    return node;
  }

  private list(): Ast[] {
    const open = this.expectOp('[', "a list after \"in\", e.g. in ['a', 'b']");
    return this.nested(open.at, () => {
      const items = this.items(']', 'the list');
      this.next();
      return items;
    });
  }

  private additive(): Ast {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next();
      const right = this.multiplicative();
      left = { kind: 'binary', at: left.at, op: op.text as BinaryOp, opAt: op.at, left, right };
    }
    return left;
  }

  private multiplicative(): Ast {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next();
      const right = this.unary();
      left = { kind: 'binary', at: left.at, op: op.text as BinaryOp, opAt: op.at, left, right };
    }
    return left;
  }

  private unary(): Ast {
    if (!this.isOp('-')) return this.primary();
    const op = this.next();
    return this.nested(op.at, () => ({ kind: 'unary', at: op.at, op: '-', operand: this.unary() }));
  }

  private primary(): Ast {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'number', at: t.at, value: t.num };
      case 'string':
        this.next();
        return { kind: 'string', at: t.at, value: t.text };
      case 'ident':
        this.next();
        return this.isOp('(') ? this.call(t) : { kind: 'ident', at: t.at, name: t.text };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'boolean', at: t.at, value: t.text === 'true' };
        }
        if (t.text === 'null') {
          this.next();
          return { kind: 'null', at: t.at };
        }
        if (t.text === 'if' && this.peek(1).kind === 'op' && this.peek(1).text === '(')
          return this.call(this.next());
        if (t.text === 'if') fault('unexpected "if"', t.at, 'write if(condition, then, else)');
        return this.fail('a value');
      case 'op':
        if (t.text === '(') {
          this.next();
          return this.nested(t.at, () => {
            const inner = this.ternary();
            this.expectOp(')', `")" to close the "(" at ${t.at}`);
            return inner;
          });
        }
        if (t.text === '[') fault('a list can only follow "in"', t.at, "write x in ['a', 'b']");
        return this.fail('a value');
      default:
        return this.fail('a value');
    }
  }

  private call(name: Token): Ast {
    const open = this.next();
    return this.nested(open.at, () => {
      const args = this.items(')', `the arguments of ${name.text}`);
      this.next();
      return { kind: 'call', at: name.at, name: name.text, args };
    });
  }

  /** Comma-separated values up to (not including) `close`; no trailing comma. */
  private items(close: string, where: string): Ast[] {
    const items: Ast[] = [];
    if (this.isOp(close)) return items;
    items.push(this.ternary());
    while (!this.isOp(close)) {
      this.expectOp(',', `"," or "${close}" in ${where}`);
      items.push(this.ternary());
    }
    return items;
  }
}
