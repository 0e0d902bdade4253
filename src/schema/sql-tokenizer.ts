import type { SqlDialect } from './types.js';

/** A token of SQL text. `value` is the unquoted text of identifiers and strings. */
export interface SqlToken {
  readonly kind: 'word' | 'ident' | 'string' | 'number' | 'op' | 'end';
  /** the text as written */
  readonly text: string;
  /** words: upper-cased; quoted identifiers and strings: their content; others: the text */
  readonly value: string;
  /** offset of the first character */
  readonly at: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const OPS = ['::', '<=', '>=', '<>', '!=', '||', '=>'];

/**
 * Reads SQL a token at a time: quoted identifiers ("x", `x`, [x] in SQLite), strings with doubled
 * quotes (and backslash escapes in MySQL and E'…'), N'…' strings, `--` and `/* *\/` comments and,
 * in PostgreSQL, dollar-quoted bodies. `skipStatement` jumps to the next `;` without making
 * tokens, which is what keeps a dump that is mostly INSERTs fast.
 *
 * @example
 * const t = new SqlTokenizer('CREATE TABLE "a" (x int);', 'postgres');
 * t.next(); // { kind: 'word', value: 'CREATE', … }
 */
export class SqlTokenizer {
  private pos = 0;
  private peeked: SqlToken | undefined;
  private lineStarts: number[] | undefined;

  constructor(
    readonly text: string,
    readonly dialect: SqlDialect,
  ) {}

  peek(): SqlToken {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): SqlToken {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** The offset where the next token (or the end) starts, after blanks and comments. */
  offset(): number {
    if (this.peeked) return this.peeked.at;
    this.skipBlank();
    return this.pos;
  }

  /** Where the tokenizer is, to come back to with `reset`. */
  mark(): number {
    return this.offset();
  }

  /** Where reading stopped, before any blanks or comments that follow. */
  stopped(): number {
    return this.peeked ? this.peeked.at : this.pos;
  }

  reset(at: number): void {
    this.pos = at;
    this.peeked = undefined;
  }

  /** 1-based line and column of an offset. */
  position(at: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++)
        if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.lineStarts[lo]! + 1 };
  }

  /** Skips a psql meta-command (`\c chinook`) or a MySQL `DELIMITER` line: the rest of the line. */
  skipLine(): void {
    const at = this.offset();
    this.peeked = undefined;
    const nl = this.text.indexOf('\n', at);
    this.pos = nl < 0 ? this.text.length : nl + 1;
  }

  /** Moves past the next top-level `;` (or to the end), without making tokens. */
  skipStatement(): void {
    if (this.peeked) {
      this.pos = this.peeked.at;
      this.peeked = undefined;
    }
    const s = this.text;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === ';') {
        this.pos++;
        return;
      }
      if (c === "'" || c === '"' || c === '`' || (c === '[' && this.dialect === 'sqlite')) {
        this.pos = this.quotedEnd(this.pos, c === '[' ? ']' : c);
      } else if ((c === '-' && s[this.pos + 1] === '-') || (c === '/' && s[this.pos + 1] === '*')) {
        this.skipBlank();
      } else if (c === '$' && this.dialect === 'postgres') {
        const end = this.dollarEnd(this.pos);
        this.pos = end ?? this.pos + 1;
      } else this.pos++;
    }
  }

  private skipBlank(): void {
    const s = this.text;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff) this.pos++;
      else if (c === 45 && s.charCodeAt(this.pos + 1) === 45) {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? s.length : nl + 1;
      } else if (c === 35 && this.dialect === 'mysql') {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? s.length : nl + 1;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 42) {
        const end = s.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? s.length : end + 2;
      } else return;
    }
  }

  /** The offset just past a quoted run opening at `start`; a doubled closing quote stays inside. */
  private quotedEnd(start: number, close: string, backslash = false): number {
    const s = this.text;
    let i = start + 1;
    while (i < s.length) {
      const c = s[i]!;
      if (backslash && c === '\\') i += 2;
      else if (c === close) {
        if (s[i + 1] === close && close !== ']') i += 2;
        else return i + 1;
      } else i++;
    }
    return -1;
  }

  /** The end of a dollar-quoted string `$tag$…$tag$` opening at `start`, if one opens there. */
  private dollarEnd(start: number): number | undefined {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(this.text.slice(start, start + 64));
    if (!m) return undefined;
    const end = this.text.indexOf(m[0], start + m[0].length);
    return end < 0 ? -1 : end + m[0].length;
  }

  private unterminated(at: number, what: string): never {
    throw new SqlSyntaxError(at, `${what} that is never closed`, 'close it, or remove the stray quote');
  }

  private read(): SqlToken {
    this.skipBlank();
    const s = this.text;
    const at = this.pos;
    if (at >= s.length) return { kind: 'end', text: '', value: '', at };
    const c = s[at]!;
    const stringBackslash = this.dialect === 'mysql';
    // N'…', E'…', X'…', B'…' strings
    if (/[NnEeXxBb]/.test(c) && s[at + 1] === "'") {
      const backslash = stringBackslash || c === 'E' || c === 'e';
      const end = this.quotedEnd(at + 1, "'", backslash);
      if (end < 0) this.unterminated(at, 'A string');
      this.pos = end;
      const value = unquote(s.slice(at + 2, end - 1), "'", backslash);
      return { kind: 'string', text: s.slice(at, end), value, at };
    }
    if (WORD_START.test(c)) {
      let i = at + 1;
      while (i < s.length && WORD_CHAR.test(s[i]!)) i++;
      this.pos = i;
      const text = s.slice(at, i);
      return { kind: 'word', text, value: text.toUpperCase(), at };
    }
    if (c === "'" || (c === '"' && this.dialect === 'mysql')) {
      const end = this.quotedEnd(at, c, stringBackslash);
      if (end < 0) this.unterminated(at, 'A string');
      this.pos = end;
      return {
        kind: 'string',
        text: s.slice(at, end),
        value: unquote(s.slice(at + 1, end - 1), c, stringBackslash),
        at,
      };
    }
    if (c === '"' || c === '`' || (c === '[' && this.dialect === 'sqlite')) {
      const close = c === '[' ? ']' : c;
      const end = this.quotedEnd(at, close);
      if (end < 0) this.unterminated(at, 'A quoted name');
      this.pos = end;
      const inner = s.slice(at + 1, end - 1);
      return {
        kind: 'ident',
        text: s.slice(at, end),
        value: close === ']' ? inner : unquote(inner, close, false),
        at,
      };
    }
    if (c === '$' && this.dialect === 'postgres') {
      const end = this.dollarEnd(at);
      if (end !== undefined) {
        if (end < 0) this.unterminated(at, 'A dollar-quoted string');
        this.pos = end;
        const tag = /^\$[A-Za-z0-9_]*\$/.exec(s.slice(at))![0];
        return {
          kind: 'string',
          text: s.slice(at, end),
          value: s.slice(at + tag.length, end - tag.length),
          at,
        };
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[at + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(s.slice(at, at + 64))!;
      this.pos = at + m[0].length;
      return { kind: 'number', text: m[0], value: m[0], at };
    }
    const two = s.slice(at, at + 2);
    const op = OPS.includes(two) ? two : c;
    this.pos = at + op.length;
    return { kind: 'op', text: op, value: op, at };
  }
}

function unquote(inner: string, quote: string, backslash: boolean): string {
  let out = inner.replaceAll(quote + quote, quote);
  if (backslash && inner.includes('\\')) {
    out = out.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[ch] ?? ch);
  }
  return out;
}

/** A syntax problem at an offset of the text; the parser turns it into a located user error. */
export class SqlSyntaxError extends Error {
  constructor(
    readonly at: number,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * The statements of a SQL script, in order, without their `;` and without psql meta-commands
 * (`\c db`): what a test or a loader runs one at a time.
 *
 * @example
 * splitSqlStatements('CREATE TABLE a (x int); INSERT INTO a VALUES (1);', 'postgres'); // two statements
 */
export function splitSqlStatements(text: string, dialect: SqlDialect): string[] {
  const tk = new SqlTokenizer(text, dialect);
  const out: string[] = [];
  for (;;) {
    const at = tk.offset();
    if (at >= text.length) return out;
    if (text[at] === '\\') {
      tk.skipLine();
      continue;
    }
    tk.skipStatement();
    const stmt = text.slice(at, tk.stopped()).replace(/;$/, '').trim();
    if (stmt) out.push(stmt);
  }
}
