import { type SqlToken, SqlTokenizer } from './sql-tokenizer.js';
import type { SqlDialect } from './types.js';

/** What a simple CHECK says about one column: a range, or a list of allowed values. */
export type CheckFact =
  | { readonly column: string; readonly min?: number; readonly max?: number; readonly strict?: true }
  | { readonly column: string; readonly values: (string | number)[] };

/**
 * Reads a CHECK that is a conjunction of simple conditions on one column each — `qty > 0`,
 * `price BETWEEN 0 AND 100`, `status IN ('a', 'b')`, with parentheses and casts such as
 * `(0)::numeric` — into facts. Anything else gives undefined: the caller keeps it as a comment.
 *
 * @example
 * checkFacts('(qty >= 1) AND (qty <= 9)', 'postgres'); // [{ column: 'qty', min: 1 }, { column: 'qty', max: 9 }]
 */
export function checkFacts(check: string, dialect: SqlDialect | 'duckdb'): CheckFact[] | undefined {
  const tk = new SqlTokenizer(check, dialect === 'duckdb' ? 'postgres' : dialect);
  const tokens: SqlToken[] = [];
  try {
    for (let t = tk.next(); t.kind !== 'end'; t = tk.next()) {
      // casts say nothing about the range: (0)::numeric, 'a'::text, ::character varying
      if (t.value === '::') {
        tk.next();
        while (tk.peek().kind === 'word' && ['VARYING', 'PRECISION'].includes(tk.peek().value)) tk.next();
        if (tk.peek().value === '(')
          for (let u = tk.next(); u.value !== ')' && u.kind !== 'end'; u = tk.next());
        continue;
      }
      if (t.value === '(' || t.value === ')') continue;
      tokens.push(t);
    }
  } catch {
    return undefined;
  }
  const facts: CheckFact[] = [];
  let i = 0;
  const num = (): number | undefined => {
    let sign = 1;
    if (tokens[i]?.value === '-') {
      sign = -1;
      i++;
    }
    const t = tokens[i];
    if (t?.kind !== 'number') return undefined;
    i++;
    return sign * Number(t.value);
  };
  const column = (): string | undefined => {
    const t = tokens[i];
    if (
      t?.kind === 'ident' ||
      (t?.kind === 'word' && !['AND', 'OR', 'NOT', 'IN', 'BETWEEN'].includes(t.value))
    ) {
      i++;
      return t.kind === 'ident' ? t.value : dialect === 'postgres' ? t.text.toLowerCase() : t.text;
    }
    return undefined;
  };
  const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=' };
  while (i < tokens.length) {
    const start = i;
    let col = column();
    if (col !== undefined) {
      const op = tokens[i]?.value;
      i++;
      if (op === 'BETWEEN') {
        const lo = num();
        if (tokens[i++]?.value !== 'AND') return undefined;
        const hi = num();
        if (lo === undefined || hi === undefined) return undefined;
        facts.push({ column: col, min: lo, max: hi });
      } else if (op === 'IN') {
        const values: (string | number)[] = [];
        while (i < tokens.length && tokens[i]!.value !== 'AND') {
          const t = tokens[i++]!;
          if (t.value === ',') continue;
          if (t.kind === 'string') values.push(t.value);
          else if (t.kind === 'number') values.push(Number(t.value));
          else return undefined;
        }
        facts.push({ column: col, values });
      } else if (op && op in flip) {
        const v = num();
        if (v === undefined) return undefined;
        facts.push(rangeFact(col, op, v));
      } else return undefined;
    } else {
      // a number on the left: 0 <= qty
      i = start;
      const v = num();
      const op = tokens[i++]?.value;
      col = column();
      if (v === undefined || col === undefined || !op || !(op in flip)) return undefined;
      facts.push(rangeFact(col, flip[op]!, v));
    }
    if (i < tokens.length) {
      if (tokens[i]!.value !== 'AND') return undefined;
      i++;
    }
  }
  return facts;
}

function rangeFact(column: string, op: string, v: number): CheckFact {
  switch (op) {
    case '>':
      return { column, min: v, strict: true };
    case '>=':
      return { column, min: v };
    case '<':
      return { column, max: v, strict: true };
    case '<=':
      return { column, max: v };
    default:
      return { column, min: v, max: v };
  }
}
