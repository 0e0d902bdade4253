import type { Value } from '../values/index.js';
import { validDate } from './dates.js';
import { expectArg, type FunctionDef, fixed } from './function-def.js';
import type { ExprType, Fn, Ty } from './types.js';

function str1(f: (s: string) => Value, type: ExprType): FunctionDef {
  return {
    ...fixed(1),
    compile(args, site) {
      expectArg(args, site, 0, 'string');
      const a = args[0]!.fn;
      return {
        type,
        fn: (c) => {
          const s = a(c);
          return typeof s === 'string' ? f(s) : null;
        },
      };
    },
  };
}

function str2(f: (s: string, t: string) => Value, type: ExprType): FunctionDef {
  return {
    ...fixed(2),
    compile(args, site) {
      expectArg(args, site, 0, 'string');
      expectArg(args, site, 1, 'string');
      const a = args[0]!.fn;
      const b = args[1]!.fn;
      return {
        type,
        fn: (c) => {
          const s = a(c);
          const t = b(c);
          return typeof s === 'string' && typeof t === 'string' ? f(s, t) : null;
        },
      };
    },
  };
}

/** Length of the UTF-16 unit at `i`: 2 for a surrogate pair, so astral characters count once. */
function unitLength(s: string, i: number): number {
  const hi = s.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff) return 1;
  const lo = s.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff ? 2 : 1;
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += unitLength(s, i)) n++;
  return n;
}

/** Code points `[start, start + length)`; a negative start counts as 0. */
function substr(s: string, start: number, length: number): string {
  let from = 0;
  for (let skip = Math.trunc(start); skip > 0 && from < s.length; skip--) from += unitLength(s, from);
  let to = from;
  for (let take = Math.trunc(length); take > 0 && to < s.length; take--) to += unitLength(s, to);
  return s.slice(from, to);
}

const substrDef: FunctionDef = {
  ...fixed(2, 3),
  compile(args, site) {
    expectArg(args, site, 0, 'string');
    expectArg(args, site, 1, 'number');
    if (args.length === 3) expectArg(args, site, 2, 'number');
    const a = args[0]!.fn;
    const b = args[1]!.fn;
    const n = args[2]?.fn ?? (() => Number.POSITIVE_INFINITY);
    return {
      type: 'string',
      fn: (c) => {
        const s = a(c);
        const start = b(c);
        const length = n(c);
        return typeof s === 'string' && typeof start === 'number' && typeof length === 'number'
          ? substr(s, start, length)
          : null;
      },
    };
  },
};

/** Text of a value of static type `t`; dates become ISO strings. Null (and anything opaque) is null. */
export function textOf(t: Ty): (v: Value) => string | null {
  if (t === 'date') {
    return (v) => (typeof v === 'number' && validDate(v) !== null ? new Date(v).toISOString() : null);
  }
  return (v) =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

const str: FunctionDef = {
  ...fixed(1),
  compile(args) {
    const a = args[0]!.fn;
    const text = textOf(args[0]!.type);
    return { type: 'string', fn: (c) => text(a(c)) };
  },
};

const concat: FunctionDef = {
  min: 1,
  max: Number.POSITIVE_INFINITY,
  compile(args) {
    const fns: Fn[] = args.map((a) => a.fn);
    const texts = args.map((a) => textOf(a.type));
    return {
      type: 'string',
      fn: (c) => {
        let out = '';
        for (let i = 0; i < fns.length; i++) out += texts[i]!(fns[i]!(c)) ?? '';
        return out;
      },
    };
  },
};

const replace: FunctionDef = {
  ...fixed(3),
  compile(args, site) {
    for (let i = 0; i < 3; i++) expectArg(args, site, i, 'string');
    const [a, b, w] = args.map((x) => x.fn) as [Fn, Fn, Fn];
    return {
      type: 'string',
      fn: (c) => {
        const s = a(c);
        const find = b(c);
        const by = w(c);
        if (typeof s !== 'string' || typeof find !== 'string' || typeof by !== 'string') return null;
        // an empty needle would insert `by` between every character
        return find === '' ? s : s.replaceAll(find, () => by);
      },
    };
  },
};

const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i;

export const stringFunctions: Readonly<Record<string, FunctionDef>> = {
  lower: str1((s) => s.toLowerCase(), 'string'),
  upper: str1((s) => s.toUpperCase(), 'string'),
  trim: str1((s) => s.trim(), 'string'),
  len: str1(codePointLength, 'number'),
  substr: substrDef,
  concat,
  contains: str2((s, t) => s.includes(t), 'boolean'),
  starts_with: str2((s, t) => s.startsWith(t), 'boolean'),
  ends_with: str2((s, t) => s.endsWith(t), 'boolean'),
  replace,
  str,
  num: str1((s) => (NUMBER_TEXT.test(s) && Number.isFinite(Number(s)) ? Number(s) : null), 'number'),
};
