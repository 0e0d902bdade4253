import { fault } from './types.js';

export type TokenKind = 'number' | 'string' | 'ident' | 'keyword' | 'op' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text, or for a string the decoded contents. */
  readonly text: string;
  readonly at: number;
  readonly num: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'if',
  'true',
  'false',
  'null',
]);

const TWO_CHAR_OPS: ReadonlySet<string> = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPS = '+-*/%<>!()[],?:';
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

function isIdentPart(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Splits the source into tokens, ending with one `end` token. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, at: number, num = 0) => tokens.push({ kind, text, at, num });
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
      i = readNumber(src, i, push);
    } else if (isIdentStart(c)) {
      i = readName(src, i, push);
    } else if (c === "'" || c === '"') {
      i = readString(src, i, push);
    } else if (TWO_CHAR_OPS.has(src.slice(i, i + 2))) {
      push('op', src.slice(i, i + 2), i);
      i += 2;
    } else if (ONE_CHAR_OPS.includes(c)) {
      push('op', c, i);
      i++;
    } else {
      unexpected(src, i);
    }
  }
  push('end', '', src.length);
  return tokens;
}

type Push = (kind: TokenKind, text: string, at: number, num?: number) => void;

function readNumber(src: string, start: number, push: Push): number {
  let i = start;
  while (isDigit(src[i])) i++;
  if (src[i] === '.' && isDigit(src[i + 1])) {
    i++;
    while (isDigit(src[i])) i++;
  }
  if (src[i] === 'e' || src[i] === 'E') {
    let j = i + 1;
    if (src[j] === '+' || src[j] === '-') j++;
    if (isDigit(src[j])) {
      while (isDigit(src[j])) j++;
      i = j;
    }
  }
  if (isIdentPart(src[i]) || src[i] === '.') {
    let end = i;
    while (isIdentPart(src[end]) || src[end] === '.') end++;
    fault(`invalid number "${src.slice(start, end)}"`, start, 'write numbers like 12, 3.5 or 1e-3');
  }
  const text = src.slice(start, i);
  push('number', text, start, Number(text));
  return i;
}

function readName(src: string, start: number, push: Push): number {
  let i = start;
  while (isIdentPart(src[i])) i++;
  let dots = 0;
  while (src[i] === '.' && isIdentStart(src[i + 1])) {
    dots++;
    i++;
    while (isIdentPart(src[i])) i++;
  }
  const text = src.slice(start, i);
  if (dots > 1) fault(`"${text}" has more than one dot`, start, 'a name is a column or table.column');
  push(dots === 0 && KEYWORDS.has(text) ? 'keyword' : 'ident', text, start);
  return i;
}

function readString(src: string, start: number, push: Push): number {
  const quote = src[start]!;
  let out = '';
  let i = start + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined) fault('unterminated string', start, `close it with ${quote}`);
    if (c === quote) break;
    if (c === '\\') {
      const e = src[i + 1];
      const decoded = e === undefined ? undefined : ESCAPES.get(e);
      if (decoded === undefined) {
        fault(`unknown escape "\\${e ?? ''}"`, i, 'the escapes are \\\\ \\\' \\" \\n \\t \\r');
      }
      out += decoded;
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  push('string', out, start);
  return i + 1;
}

function unexpected(src: string, at: number): never {
  const ch = String.fromCodePoint(src.codePointAt(at)!);
  const hints: Record<string, string> = {
    '=': 'use == to compare',
    '&': 'use and (or &&)',
    '|': 'use or (or ||)',
  };
  fault(`unexpected character "${ch}"`, at, hints[ch]);
}
