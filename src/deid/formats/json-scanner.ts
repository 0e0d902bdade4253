/**
 * A JSON reader that keeps where every value sits, so the JSON formats can point errors at a
 * line and column and write a document back by splicing only its strings: numbers past 2^53,
 * key order, escapes and spacing all stay as the input had them.
 */

/** A JSON value with its offsets in the text (end exclusive). */
export type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly entries: JsonEntry[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: JsonNode[] }
  | { readonly kind: 'string'; readonly start: number; readonly end: number; readonly value: string }
  | { readonly kind: 'number' | 'boolean' | 'null'; readonly start: number; readonly end: number };

export interface JsonEntry {
  readonly key: string;
  readonly value: JsonNode;
}

/** Why the text is not JSON, and where. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

const CHECK_NEAR = 'check quotes, commas and brackets near this position';
// deeper nesting would overflow the stack of this recursive reader; no real document nests so deep
const MAX_DEPTH = 1000;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const WORDS = [
  ['true', 'boolean'],
  ['false', 'boolean'],
  ['null', 'null'],
] as const;

/**
 * Reads the one JSON value in `text[start, end)`; anything but whitespace around it is an error.
 *
 * @example
 * const node = scanJson('{"a": [1, "x"]}'); // node.kind === 'object'
 */
export function scanJson(text: string, start = 0, end = text.length): JsonNode {
  const reader = new Reader(text, start, end);
  reader.space();
  const value = reader.value(0);
  reader.space();
  if (reader.pos < end)
    throw new JsonSyntaxError(
      `unexpected ${reader.describe()} after the JSON value`,
      reader.pos,
      'one value only: a second value needs its own line (JSONL) or an enclosing array',
    );
  return value;
}

class Reader {
  pos: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  space(): void {
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  peek(): string | undefined {
    return this.pos < this.end ? this.text[this.pos] : undefined;
  }

  describe(): string {
    if (this.pos >= this.end) return 'end of input';
    return `character ${JSON.stringify(String.fromCodePoint(this.text.codePointAt(this.pos)!))}`;
  }

  fail(message: string, hint = CHECK_NEAR): never {
    throw new JsonSyntaxError(message, this.pos, hint);
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`, 'flatten the structure');
    const start = this.pos;
    const c = this.peek();
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'string', start, value: this.string(), end: this.pos };
    for (const [word, kind] of WORDS) {
      if (this.text.startsWith(word, start) && start + word.length <= this.end) {
        this.pos += word.length;
        return { kind, start, end: this.pos };
      }
    }
    const numberEnd = this.number();
    if (numberEnd > start) {
      this.pos = numberEnd;
      return { kind: 'number', start, end: numberEnd };
    }
    if (c === "'") this.fail('strings must use double quotes', 'write "text", not \'text\'');
    return this.fail(`unexpected ${this.describe()} where a value should start`);
  }

  // the end of the number at `pos` (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?), or `pos` when there is none
  number(): number {
    const { text, end } = this;
    const digits = (from: number) => {
      let i = from;
      while (i < end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      return i;
    };
    let i = this.pos;
    if (text[i] === '-') i++;
    if (i >= end) return this.pos;
    if (text[i] === '0') i++;
    else {
      const d = digits(i);
      if (d === i) return this.pos;
      i = d;
    }
    if (text[i] === '.' && i + 1 < end) {
      const d = digits(i + 1);
      if (d > i + 1) i = d;
    }
    if ((text[i] === 'e' || text[i] === 'E') && i + 1 < end) {
      const sign = text[i + 1] === '+' || text[i + 1] === '-' ? 1 : 0;
      const d = digits(i + 1 + sign);
      if (d > i + 1 + sign) i = d;
    }
    return i;
  }

  object(depth: number): JsonNode {
    const start = this.pos++;
    const entries: JsonEntry[] = [];
    this.space();
    if (this.peek() === '}') {
      this.pos++;
      return { kind: 'object', start, end: this.pos, entries };
    }
    for (;;) {
      this.space();
      if (this.peek() !== '"')
        this.fail(
          `expected a key in double quotes, found ${this.describe()}`,
          entries.length > 0 && this.peek() === '}'
            ? 'remove the comma before "}": JSON allows no trailing comma'
            : CHECK_NEAR,
        );
      const key = this.string();
      this.space();
      if (this.peek() !== ':') this.fail(`expected ":" after the key, found ${this.describe()}`);
      this.pos++;
      this.space();
      entries.push({ key, value: this.value(depth + 1) });
      this.space();
      const next = this.peek();
      this.pos++;
      if (next === '}') return { kind: 'object', start, end: this.pos, entries };
      if (next !== ',') {
        this.pos--;
        this.fail(`expected "," or "}" after an object entry, found ${this.describe()}`);
      }
    }
  }

  array(depth: number): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.space();
    if (this.peek() === ']') {
      this.pos++;
      return { kind: 'array', start, end: this.pos, items };
    }
    for (;;) {
      this.space();
      if (items.length > 0 && this.peek() === ']')
        this.fail(
          'unexpected "]" after a comma',
          'remove the comma before "]": JSON allows no trailing comma',
        );
      items.push(this.value(depth + 1));
      this.space();
      const next = this.peek();
      this.pos++;
      if (next === ']') return { kind: 'array', start, end: this.pos, items };
      if (next !== ',') {
        this.pos--;
        this.fail(`expected "," or "]" after an array item, found ${this.describe()}`);
      }
    }
  }

  string(): string {
    const open = this.pos++;
    let out = '';
    let from = this.pos;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(from, this.pos++);
        return out;
      }
      if (c < 0x20)
        this.fail(
          'a raw control character (line break or tab) inside a string',
          'write it escaped: \\n for a line break, \\t for a tab',
        );
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(from, this.pos);
      const e = this.text[this.pos + 1];
      if (e === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex) || this.pos + 6 > this.end)
          this.fail('invalid \\u escape', 'write \\u followed by four hex digits');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
      } else if (e !== undefined && this.pos + 1 < this.end && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        this.pos += 2;
      } else {
        this.fail(`invalid escape "\\${e ?? ''}" in a string`, 'a backslash in text is written \\\\');
      }
      from = this.pos;
    }
    this.pos = open;
    return this.fail('a string is not closed', 'add the closing double quote');
  }
}
