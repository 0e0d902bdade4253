import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  compileSource,
  type ExprBinding,
  type ExprError,
  type ExprType,
  expressionRefs,
  parseExpression,
} from '../src/expr/index.js';
import type { Value } from '../src/values/index.js';

type Row = Record<string, Value>;

const COLUMNS = new Map<string, ExprType>([
  ['price', 'number'],
  ['quantity', 'number'],
  ['tenure', 'number'],
  ['name', 'string'],
  ['status', 'string'],
  ['is_fraud', 'boolean'],
  ['amount', 'number'],
  ['signup', 'date'],
  ['orders.ordered_at', 'date'],
  ['customers.signup', 'date'],
  ['extra', 'any'],
]);
const NAMES = [...COLUMNS.keys()];

/** Columns read straight from a row object; a Map, so only listed names resolve. */
function resolve(name: string): ExprBinding<Row> | undefined {
  const type = COLUMNS.get(name);
  return type === undefined ? undefined : { type, read: (row) => row[name] ?? null };
}

const ROW: Row = {
  price: 2.5,
  quantity: 4,
  tenure: 2.5,
  name: 'Ada',
  status: 'open',
  is_fraud: true,
  amount: 150,
  signup: Date.UTC(2024, 0, 31),
  'orders.ordered_at': Date.UTC(2024, 11, 31, 22, 30),
  'customers.signup': Date.UTC(2023, 5, 1),
  extra: null,
};

/** Compiles `src` (failing the test on an error) and evaluates it on `ROW` merged with `row`. */
function run(src: string, row: Row = {}): Value {
  const r = compileSource(src, resolve, NAMES);
  if ('error' in r) throw new Error(`${src}: ${r.error.message}`);
  return r.evaluate({ ...ROW, ...row });
}

function typeOf(src: string): ExprType {
  const r = compileSource(src, resolve, NAMES);
  if ('error' in r) throw new Error(`${src}: ${r.error.message}`);
  return r.type;
}

function fail(src: string): ExprError {
  const r = compileSource(src, resolve, NAMES);
  if (!('error' in r)) throw new Error(`${src} compiled`);
  return r.error;
}

const utc = (...parts: [number, number, number, number?, number?]) =>
  Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0);

describe('parsing and precedence', () => {
  it('binds * over +, unary minus tightest, and parentheses override', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('2 * -3')).toBe(-6);
    expect(run('-2 * 3 + 10 % 4')).toBe(-4);
    expect(run('1e-3 * 1000 + 3.5 + .5')).toBe(5);
  });

  it('orders ternary < or < and < not < comparison', () => {
    expect(run('true or false and false')).toBe(true);
    expect(run('(true or false) and false')).toBe(false);
    expect(run('not 1 == 2')).toBe(true);
    expect(run('! false && true || false')).toBe(true);
    expect(run('1 > 2 or 3 > 2 ? "yes" : "no"')).toBe('yes');
    expect(run('false ? 1 : true ? 2 : 3')).toBe(2);
    expect(run('is_fraud and amount > 100')).toBe(true);
    expect(run('price * quantity')).toBe(10);
  });

  it('reads strings in either quote with escapes', () => {
    expect(run(`'it\\'s' + "a \\"b\\"" + '\\\\n'`)).toBe("it's" + 'a "b"' + '\\n');
    expect(run("'tab\\there'")).toBe('tab\there');
  });

  it('keeps a long flat chain within the limits', () => {
    const src = Array.from({ length: 1999 }, () => '1').join('+');
    expect(src.length).toBeLessThanOrEqual(4000);
    expect(run(src)).toBe(1999);
  });
});

describe('expressionRefs', () => {
  it('lists identifiers in first-use order, once each, dotted names whole', () => {
    const parsed = parseExpression('b + round(a, 2) > b ? customers.signup : if(c, a, orders.ordered_at)');
    if ('error' in parsed) throw new Error(parsed.error.message);
    expect(expressionRefs(parsed.ast)).toEqual(['b', 'a', 'customers.signup', 'c', 'orders.ordered_at']);
  });

  it('includes names inside in-lists and ignores function names', () => {
    const parsed = parseExpression("status not in ['a', name] and contains(name, 'x')");
    if ('error' in parsed) throw new Error(parsed.error.message);
    expect(expressionRefs(parsed.ast)).toEqual(['status', 'name']);
  });
});

describe('null rules', () => {
  it('propagates null through arithmetic, functions and string ops', () => {
    expect(run('extra + 1')).toBeNull();
    expect(run('price * null')).toBeNull();
    expect(run('-extra')).toBeNull();
    expect(run('abs(extra)')).toBeNull();
    expect(run('upper(extra)')).toBeNull();
    expect(run('add_days(extra, 1)')).toBeNull();
  });

  it('gives null for division or modulo by zero and other non-finite results', () => {
    expect(run('price / 0')).toBeNull();
    expect(run('price % 0')).toBeNull();
    expect(run('0 / 0')).toBeNull();
    expect(run('1e308 * 10')).toBeNull();
  });

  it('compares null as a value with == and != but never orders it', () => {
    expect(run('null == null')).toBe(true);
    expect(run('extra == null')).toBe(true);
    expect(run('price != null')).toBe(true);
    expect(run('price == null')).toBe(false);
    expect(run('extra < 1')).toBe(false);
    expect(run('extra >= 1')).toBe(false);
    expect(run('price > null')).toBe(false);
  });

  it('treats null as false in and, or, not, if and ternaries', () => {
    expect(run('extra and true')).toBe(false);
    expect(run('extra or true')).toBe(true);
    expect(run('not extra')).toBe(true);
    expect(run('if(extra, 1, 2)')).toBe(2);
    expect(run('extra ? 1 : 2')).toBe(2);
  });

  it('finds null in no list, and not outside one either (as in SQL)', () => {
    expect(run("extra in ['a', null]")).toBe(false);
    expect(run("extra not in ['a']")).toBe(false);
  });
});

describe('in lists', () => {
  it('matches literal and computed items, negated with not in', () => {
    expect(run("status in ['open', 'held']")).toBe(true);
    expect(run("status not in ['open', 'held']")).toBe(false);
    expect(run('quantity in [1, 2, 2 + 2]')).toBe(true);
    expect(run('quantity in [price, 3]')).toBe(false);
    expect(run('quantity in [price, 3]', { price: 4 })).toBe(true);
    expect(run('quantity not in []')).toBe(true);
    expect(run("signup in [date('2024-01-31'), date('2024-02-01')]")).toBe(true);
  });
});

describe('operators on unknown types', () => {
  it('checks `any` values when they arrive and gives null on a mismatch, never throwing', () => {
    expect(run('extra * 2', { extra: 'x' })).toBeNull();
    expect(run('extra + 2', { extra: 3 })).toBe(5);
    expect(run('extra + extra', { extra: 'ab' })).toBe('abab');
    expect(run('extra + extra', { extra: true })).toBeNull();
    expect(run('extra < 2', { extra: 'x' })).toBeNull();
    expect(run('not extra', { extra: 5 })).toBeNull();
    expect(run('extra ? 1 : 2', { extra: 'yes' })).toBeNull();
    expect(run('upper(extra)', { extra: 7 })).toBeNull();
    expect(run('extra + 1', { extra: {} as unknown as Value })).toBeNull();
    expect(typeOf('extra + 1')).toBe('number');
    expect(typeOf('extra + extra')).toBe('any');
    expect(typeOf('null')).toBe('any');
  });
});

describe('number functions', () => {
  it.each([
    ['abs(-3)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1.005, 2)', 1.01],
    ['round(1234.5, -2)', 1200],
    ['round(-0.4)', 0],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['sqrt(16)', 4],
    ['sqrt(-1)', null],
    ['exp(0)', 1],
    ['log(exp(2))', 2],
    ['log(0)', null],
    ['pow(2, 10)', 1024],
    ['clamp(15, 0, 10)', 10],
    ['clamp(-5, 0, 10)', 0],
    ['sigmoid(0)', 0.5],
    ['sigmoid(0.8 * tenure - 2)', 0.5],
    ['logit(0.5)', 0],
    ['logit(1)', null],
    ['min(1, extra)', null],
  ])('%s = %s', (src, want) => {
    const got = run(src);
    if (typeof want === 'number') expect(got).toBeCloseTo(want, 12);
    else expect(got).toBe(want);
  });

  it('keeps -0 out of results', () => {
    expect(Object.is(run('round(-0.4)'), 0)).toBe(true);
    expect(Object.is(run('-0 * 1'), 0)).toBe(true);
  });

  it('takes min and max of dates as dates', () => {
    expect(typeOf('max(signup, customers.signup)')).toBe('date');
    expect(run('max(signup, customers.signup)')).toBe(ROW.signup);
  });
});

describe('string functions', () => {
  it.each([
    ["lower('AbC')", 'abc'],
    ["upper('straße')", 'STRASSE'],
    ["trim('  a b  ')", 'a b'],
    ["len('a😀b')", 3],
    ["len('')", 0],
    ["substr('a😀b😀c', 1, 3)", '😀b😀'],
    ["substr('a😀b', 2)", 'b'],
    ["substr('abc', 5)", ''],
    ["substr('abc', -1, 2)", 'ab'],
    ["concat('n=', 1, ' ', true, ' ', null, extra)", 'n=1 true '],
    ["concat(date('2024-03-14'))", '2024-03-14T00:00:00.000Z'],
    ["contains('haystack', 'st')", true],
    ["starts_with('haystack', 'hay')", true],
    ["ends_with('haystack', 'hay')", false],
    ["replace('a.b.c', '.', '$&')", 'a$&b$&c'],
    ["replace('abc', '', 'x')", 'abc'],
    ['str(1.5)', '1.5'],
    ['str(false)', 'false'],
    ["str(date('2024-03-14T09:30:00Z'))", '2024-03-14T09:30:00.000Z'],
    ['str(extra)', null],
    ["num(' 12.5 ')", 12.5],
    ["num('1e3')", 1000],
    ["num('0x10')", null],
    ["num('twelve')", null],
    ["num('')", null],
    ["'a' + 'b'", 'ab'],
    ["'b' > 'a'", true],
  ])('%s = %s', (src, want) => {
    expect(run(src)).toBe(want);
  });
});

describe('date functions', () => {
  it.each([
    ["date('2024-03-14')", utc(2024, 3, 14)],
    ["date('2024-03-14T09:30:00Z')", utc(2024, 3, 14, 9, 30)],
    ["date('2024-03-14T09:30:00+02:00')", utc(2024, 3, 14, 7, 30)],
    ["date('0099-12-31')", Date.parse('0099-12-31T00:00:00Z')],
    ['add_days(signup, 1)', utc(2024, 2, 1)],
    ['add_days(signup, 30)', utc(2024, 3, 1)],
    ["add_days(date('2024-03-01'), -1)", utc(2024, 2, 29)],
    ['add_hours(orders.ordered_at, 2)', utc(2025, 1, 1, 0, 30)],
    ['add_minutes(orders.ordered_at, 90)', utc(2025, 1, 1, 0, 0)],
    ["days_between(date('2024-02-28'), date('2024-03-01'))", 2],
    ["days_between(date('2024-01-02'), date('2024-01-01T12:00:00Z'))", -0.5],
    ["hours_between(date('2024-12-31T22:00:00Z'), date('2025-01-01'))", 2],
    ['year(add_hours(orders.ordered_at, 2))', 2025],
    ['month(add_days(signup, 1))', 2],
    ['day(add_days(signup, 29))', 29],
    ['hour(orders.ordered_at)', 22],
    ['minute(orders.ordered_at)', 30],
    ["weekday(date('2024-03-14'))", 4],
    ["weekday(date('2024-03-17'))", 7],
    ["weekday(date('1969-12-29'))", 1],
    ["year(date('1969-12-31T23:59:00Z'))", 1969],
    ['year(extra)', null],
  ])('%s = %s', (src, want) => {
    expect(run(src)).toBe(want);
  });

  it('compares and orders dates', () => {
    expect(run('orders.ordered_at > signup')).toBe(true);
    expect(run("signup == date('2024-01-31')")).toBe(true);
    expect(typeOf('add_days(signup, 1)')).toBe('date');
  });

  it('agrees with Date on calendar parts across four centuries', () => {
    for (let ms = Date.UTC(1800, 0, 1); ms < Date.UTC(2200, 0, 1); ms += 86_400_000 * 37 + 3_600_000 * 5) {
      const d = new Date(ms);
      const got = ['year', 'month', 'day', 'hour', 'weekday'].map((f) => run(`${f}(signup)`, { signup: ms }));
      expect(got).toEqual([
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCDay() || 7,
      ]);
    }
  });
});

describe('logic functions and ternaries', () => {
  it('picks branches lazily and finds the common type', () => {
    expect(run('if(price > 1, "big", "small")')).toBe('big');
    expect(run('quantity > 10 ? 1 : 0')).toBe(0);
    expect(run('if(true, 1, 1 / 0)')).toBe(1);
    expect(typeOf('if(is_fraud, null, 5)')).toBe('number');
    expect(typeOf('is_fraud ? signup : null')).toBe('date');
    expect(typeOf('if(is_fraud, extra, 5)')).toBe('any');
  });

  it('coalesces to the first non-null and tests for null', () => {
    expect(run('coalesce(extra, null, 3, 4)')).toBe(3);
    expect(run('coalesce(extra)')).toBeNull();
    expect(run('is_null(extra)')).toBe(true);
    expect(run('is_null(0)')).toBe(false);
  });
});

describe('safety', () => {
  it('resolves every identifier through resolve only', () => {
    const asked: string[] = [];
    const spy = (name: string) => {
      asked.push(name);
      return resolve(name);
    };
    for (const name of ['constructor', '__proto__', 'toString', 'globalThis', 'process']) {
      const r = compileSource(name, spy, NAMES);
      expect(r).toMatchObject({ error: { message: `unknown column "${name}"` } });
    }
    expect(asked).toEqual(['constructor', '__proto__', 'toString', 'globalThis', 'process']);
  });

  it('treats prototype names as unknown functions', () => {
    for (const name of ['constructor', 'hasOwnProperty', '__proto__', 'toString', 'valueOf', 'eval']) {
      expect(fail(`${name}(1)`).message).toBe(`unknown function "${name}"`);
    }
  });

  it('evaluates pure arithmetic without allocating per call', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const r = compileSource('(price * quantity + 3) % 7 - -quantity', resolve, NAMES);
    if ('error' in r) throw new Error(r.error.message);
    // small integers stay unboxed, so any growth would come from the evaluator itself
    const row: Row = { price: 3, quantity: 4 };
    let sum = 0;
    const loop = (n: number) => {
      for (let i = 0; i < n; i++) sum += r.evaluate(row) as number;
    };
    loop(50_000);
    // allocation shows either as heap growth or, once the young generation fills, as a collection;
    // the cleanest of a few rounds counts, so JIT work in one round cannot pass for allocation
    const rounds = [1, 2, 3].map(() => {
      gc();
      const profiler = new GCProfiler();
      profiler.start();
      const before = process.memoryUsage().heapUsed;
      loop(200_000);
      const grown = process.memoryUsage().heapUsed - before;
      return { grown, collections: profiler.stop()?.statistics.length ?? 0 };
    });
    expect(sum).toBe(650_000 * 5);
    // 200k calls allocating even one 16-byte object each would make ~3 MB
    expect(rounds.some((r) => r.collections === 0 && r.grown < 256 * 1024)).toBe(true);
  });
});

describe('compileExpression', () => {
  it('compiles a parsed AST against the caller’s context type', () => {
    const parsed = parseExpression('a * 2 + len(b)');
    if ('error' in parsed) throw new Error(parsed.error.message);
    type Ctx = { a: number; b: string };
    const bindings: Record<string, ExprBinding<Ctx>> = {
      a: { type: 'number', read: (c) => c.a },
      b: { type: 'string', read: (c) => c.b },
    };
    const r = compileExpression<Ctx>(
      parsed.ast,
      (n) => (Object.hasOwn(bindings, n) ? bindings[n] : undefined),
      ['a', 'b'],
    );
    if ('error' in r) throw new Error(r.error.message);
    expect(r.type).toBe('number');
    expect(r.evaluate({ a: 4, b: 'xyz' })).toBe(11);
  });
});

describe('errors', () => {
  it('says what is wrong, where, and how to fix it', () => {
    expect(fail('prcie * quantity')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "did you mean "price"?",
        "message": "unknown column "prcie"",
      }
    `);
    expect(fail('zzzzzz')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "the columns are: price, quantity, tenure, name, status, is_fraud, amount, signup and 3 more",
        "message": "unknown column "zzzzzz"",
      }
    `);
    expect(fail('roundd(price)')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "did you mean "round"?",
        "message": "unknown function "roundd"",
      }
    `);
    expect(fail('price(2)')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": ""price" is a column, not a function",
        "message": "unknown function "price"",
      }
    `);
    expect(fail('round(price, 2, 3)')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "message": "round takes 1 or 2 arguments, got 3",
      }
    `);
    expect(fail('abs()')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "message": "abs takes 1 argument, got 0",
      }
    `);
    expect(fail('pow(2)')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "message": "pow takes 2 arguments, got 1",
      }
    `);
    expect(fail('min()')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "message": "min takes at least 1 argument, got 0",
      }
    `);
    expect(fail('name * 2')).toMatchInlineSnapshot(`
      {
        "at": 5,
        "hint": "convert it with num(x)",
        "message": "cannot multiply a string by a number",
      }
    `);
    expect(fail('name + 1')).toMatchInlineSnapshot(`
      {
        "at": 5,
        "hint": "join text with concat(a, b)",
        "message": "cannot add a number to a string",
      }
    `);
    expect(fail('signup + 1')).toMatchInlineSnapshot(`
      {
        "at": 7,
        "hint": "use add_days(d, n) or add_hours(d, n)",
        "message": "cannot add a number to a date",
      }
    `);
    expect(fail('signup - 1')).toMatchInlineSnapshot(`
      {
        "at": 7,
        "hint": "use add_days(d, -n) or add_hours(d, -n)",
        "message": "cannot subtract a number from a date",
      }
    `);
    expect(fail('signup - customers.signup')).toMatchInlineSnapshot(`
      {
        "at": 7,
        "hint": "use days_between(a, b) or hours_between(a, b)",
        "message": "cannot subtract a date from a date",
      }
    `);
    expect(fail('is_fraud + 1')).toMatchInlineSnapshot(`
      {
        "at": 9,
        "hint": "turn a boolean into a number with if(x, 1, 0)",
        "message": "cannot add a number to a boolean",
      }
    `);
    expect(fail('price and true')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "compare it, e.g. x > 0",
        "message": "the left side of and must be a boolean, got a number",
      }
    `);
    expect(fail('not name')).toMatchInlineSnapshot(`
      {
        "at": 4,
        "hint": "compare it, e.g. x == 'yes'",
        "message": "the operand of not must be a boolean, got a string",
      }
    `);
    expect(fail('-name')).toMatchInlineSnapshot(`
      {
        "at": 1,
        "hint": "convert it with num(x)",
        "message": "cannot negate a string",
      }
    `);
    expect(fail('price == name')).toMatchInlineSnapshot(`
      {
        "at": 6,
        "hint": "convert one side with num(x) or str(x)",
        "message": "cannot compare a number with a string",
      }
    `);
    expect(fail("signup > '2024-01-01'")).toMatchInlineSnapshot(`
      {
        "at": 7,
        "hint": "write date('2024-01-01')",
        "message": "cannot compare a date with a string",
      }
    `);
    expect(fail('is_fraud < true')).toMatchInlineSnapshot(`
      {
        "at": 9,
        "hint": "use == or != with booleans",
        "message": "cannot order booleans with "<"",
      }
    `);
    expect(fail('price ? 1 : 2')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "compare it, e.g. x > 0",
        "message": "the condition of "?" must be a boolean, got a number",
      }
    `);
    expect(fail('is_fraud ? signup : 1')).toMatchInlineSnapshot(`
      {
        "at": 20,
        "hint": "a date is not a number; use add_days or days_between to go between them",
        "message": "the branches of "? :" have different types: a date and a number",
      }
    `);
    expect(fail("if(is_fraud, 1, 'a')")).toMatchInlineSnapshot(`
      {
        "at": 16,
        "hint": "make every branch the same type, e.g. with str(x) or num(x)",
        "message": "the branches of if have different types: a number and a string",
      }
    `);
    expect(fail("coalesce(price, 'none')")).toMatchInlineSnapshot(`
      {
        "at": 16,
        "hint": "make every branch the same type, e.g. with str(x) or num(x)",
        "message": "the arguments of coalesce have different types: a number and a string",
      }
    `);
    expect(fail("status in ['a', 1]")).toMatchInlineSnapshot(`
      {
        "at": 16,
        "hint": "make every item a string, like the value before "in"",
        "message": "cannot look for a string in a list holding a number",
      }
    `);
    expect(fail('abs(name)')).toMatchInlineSnapshot(`
      {
        "at": 4,
        "hint": "convert it with num(x)",
        "message": "abs needs a number as argument 1, got a string",
      }
    `);
    expect(fail('sqrt(is_fraud)')).toMatchInlineSnapshot(`
      {
        "at": 5,
        "hint": "turn a boolean into a number with if(x, 1, 0)",
        "message": "sqrt needs a number as argument 1, got a boolean",
      }
    `);
    expect(fail("add_days('2024-01-01', 1)")).toMatchInlineSnapshot(`
      {
        "at": 9,
        "hint": "write date('2024-01-01')",
        "message": "add_days needs a date as argument 1, got a string",
      }
    `);
    expect(fail('date(name)')).toMatchInlineSnapshot(`
      {
        "at": 5,
        "hint": "write date('2024-03-14'); add_days moves a date",
        "message": "date takes a string literal",
      }
    `);
    expect(fail("date('2024-02-30')")).toMatchInlineSnapshot(`
      {
        "at": 5,
        "hint": "write YYYY-MM-DD or an ISO datetime such as 2024-03-14T09:30:00Z",
        "message": "invalid date "2024-02-30"",
      }
    `);
    expect(fail('min(price, signup)')).toMatchInlineSnapshot(`
      {
        "at": 11,
        "message": "min cannot mix a number and a date",
      }
    `);
    expect(fail('upper(price)')).toMatchInlineSnapshot(`
      {
        "at": 6,
        "hint": "convert it with str(x)",
        "message": "upper needs a string as argument 1, got a number",
      }
    `);
  });

  it('reports syntax errors at the offending token', () => {
    expect(fail("status == 'open")).toMatchInlineSnapshot(`
      {
        "at": 10,
        "hint": "close it with '",
        "message": "unterminated string",
      }
    `);
    expect(fail('price # 2')).toMatchInlineSnapshot(`
      {
        "at": 6,
        "message": "unexpected character "#"",
      }
    `);
    expect(fail('price = 2')).toMatchInlineSnapshot(`
      {
        "at": 6,
        "hint": "use == to compare",
        "message": "unexpected character "="",
      }
    `);
    expect(fail('price *')).toMatchInlineSnapshot(`
      {
        "at": 7,
        "hint": "expected a value",
        "message": "unexpected end of expression",
      }
    `);
    expect(fail('(price + 1')).toMatchInlineSnapshot(`
      {
        "at": 10,
        "hint": "expected ")" to close the "(" at 0",
        "message": "unexpected end of expression",
      }
    `);
    expect(fail('price quantity')).toMatchInlineSnapshot(`
      {
        "at": 6,
        "hint": "expected an operator such as +, == or and",
        "message": "unexpected "quantity"",
      }
    `);
    expect(fail('')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "write a value, e.g. price * quantity",
        "message": "expression is empty",
      }
    `);
    expect(fail('1 < price < 3')).toMatchInlineSnapshot(`
      {
        "at": 10,
        "hint": "join them with and, e.g. a < b and b < c",
        "message": "comparisons cannot be chained",
      }
    `);
    expect(fail("['a']")).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "write x in ['a', 'b']",
        "message": "a list can only follow "in"",
      }
    `);
    expect(fail('status in 3')).toMatchInlineSnapshot(`
      {
        "at": 10,
        "hint": "expected a list after "in", e.g. in ['a', 'b']",
        "message": "unexpected "3"",
      }
    `);
    expect(fail('12abc')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "write numbers like 12, 3.5 or 1e-3",
        "message": "invalid number "12abc"",
      }
    `);
    expect(fail('a.b.c')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "a name is a column or table.column",
        "message": ""a.b.c" has more than one dot",
      }
    `);
    expect(fail("'\\q'")).toMatchInlineSnapshot(`
      {
        "at": 1,
        "hint": "the escapes are \\\\ \\' \\" \\n \\t \\r",
        "message": "unknown escape "\\q"",
      }
    `);
    expect(fail('round(price, )')).toMatchInlineSnapshot(`
      {
        "at": 13,
        "hint": "expected a value",
        "message": "unexpected ")"",
      }
    `);
    expect(fail('if + 1')).toMatchInlineSnapshot(`
      {
        "at": 0,
        "hint": "write if(condition, then, else)",
        "message": "unexpected "if"",
      }
    `);
    expect(fail('true ? 1')).toMatchInlineSnapshot(`
      {
        "at": 8,
        "hint": "expected ":" between the two branches of "?"",
        "message": "unexpected end of expression",
      }
    `);
    expect(fail('price and or 1')).toMatchInlineSnapshot(`
      {
        "at": 10,
        "hint": "expected a value",
        "message": "unexpected "or"",
      }
    `);
  });

  it('limits length and nesting', () => {
    expect(fail('1'.repeat(4001))).toMatchInlineSnapshot(`
      {
        "at": 4000,
        "hint": "split it into several derived columns",
        "message": "expression is too long (4001 characters, the limit is 4000)",
      }
    `);
    expect(fail(`${'('.repeat(65)}1${')'.repeat(65)}`)).toMatchInlineSnapshot(`
      {
        "at": 64,
        "hint": "split it into several derived columns",
        "message": "expression is nested too deeply (more than 64 levels)",
      }
    `);
    expect(run(`${'('.repeat(64)}1${')'.repeat(64)}`)).toBe(1);
    expect(fail(`${'-'.repeat(65)}1`).message).toMatch(/nested too deeply/);
    expect(fail(`${'abs('.repeat(65)}1${')'.repeat(65)}`).message).toMatch(/nested too deeply/);
  });

  it('points `at` at the offending token', () => {
    const src = 'price + round(name, 2)';
    expect(src.slice(fail(src).at)).toBe('name, 2)');
    const src2 = 'quantity * 2 + prcie';
    expect(src2.slice(fail(src2).at)).toBe('prcie');
  });
});
