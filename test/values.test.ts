import { allLocales, Faker, type LocaleDefinition } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { TrainkitError } from '../src/errors/index.js';
import { logGamma, Rng } from '../src/random/index.js';
import type { ColumnSpec, Spec } from '../src/spec/index.js';
import {
  compileDateFormat,
  compileFakerMethod,
  createProvider,
  type Provider,
  type ProviderContext,
  type RowCursor,
  type Value,
} from '../src/values/index.js';
import { expectMean, expectVariance, K } from './helpers/stats.js';

// ---------------------------------------------------------------------------------------------
// Statistical helpers. Streams are seeded, so every check is deterministic; tolerances are still
// set as if the draws were truly random, so that a legitimate change of generator does not make a
// correct provider fail:
//  - a sample mean is checked against K·sd/√n, K = 5 (a two-sided miss has p ≈ 6e-7);
//  - a sample variance against K·√((μ4 − σ⁴)/n), the large-sample sd of s²;
//  - a rate against the binomial bound K·√(p(1 − p)/n);
//  - categorical frequencies with Pearson's chi-square against its critical value at p = 1e-4.
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const SEEDS = [42, 1337, 1211] as const;

function expectRate(hits: number, n: number, p: number): void {
  const tol = K * Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(hits / n - p), `rate ${hits / n} vs ${p} ± ${tol}`).toBeLessThanOrEqual(tol);
}

/**
 * The chi-square critical value at p = 1e-4 (Wilson–Hilferty). For df ≥ 2 it is within 5% of the
 * exact quantile and slightly above it, e.g. df 9: 34.15 (exact 33.72), df 365: 474.19 (474.13).
 */
function chiSquareCritical(df: number): number {
  const z = 3.719; // upper 1e-4 normal quantile
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Pearson's chi-square of the values' counts against `probs` (value → probability). */
function expectFrequencies<T>(values: readonly T[], probs: ReadonlyMap<T, number>): void {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const v of counts.keys()) expect(probs.has(v), `unexpected value ${String(v)}`).toBe(true);
  let chi = 0;
  for (const [v, p] of probs) {
    const e = values.length * p;
    const o = counts.get(v) ?? 0;
    chi += ((o - e) * (o - e)) / e;
  }
  const crit = chiSquareCritical(probs.size - 1);
  expect(chi, `chi-square ${chi} with ${probs.size - 1} df, critical ${crit}`).toBeLessThan(crit);
}

function uniformOver<T>(values: readonly T[]): Map<T, number> {
  return new Map(values.map((v) => [v, 1 / values.length]));
}

/** Asserts that every value satisfies `ok`, reporting the first that does not (one expect, so fast). */
function expectAll<T>(xs: readonly T[], ok: (x: T) => boolean): void {
  const bad = xs.findIndex((x) => !ok(x));
  expect(bad, bad < 0 ? '' : `value #${bad} = ${JSON.stringify(xs[bad])}`).toBe(-1);
}

// ---------------------------------------------------------------------------------------------
// A ProviderContext for tests.
// ---------------------------------------------------------------------------------------------

type LookupValue = Value | ((row: RowCursor) => Value);

interface TestContext extends ProviderContext {
  /** What `lookup(ref)` reads, per row. */
  readonly values: Map<string, LookupValue>;
  /** The refs lookup and link were asked for. */
  readonly lookedUp: string[];
  readonly linked: string[];
}

const minimalSpec: Spec = { name: 'test', tables: {} };

function makeCtx(
  opts: {
    seed?: number;
    locale?: string;
    spec?: Spec;
    linkKey?: Value;
    values?: Record<string, LookupValue>;
  } = {},
): TestContext {
  const values = new Map<string, LookupValue>(Object.entries(opts.values ?? {}));
  const lookedUp: string[] = [];
  const linked: string[] = [];
  const linkKey = opts.linkKey ?? 7;
  return {
    spec: opts.spec ?? minimalSpec,
    seed: opts.seed ?? 42,
    table: 't',
    column: 'c',
    locale: opts.locale ?? 'en',
    path: ['tables', 't', 'columns', 'c'],
    values,
    lookedUp,
    linked,
    lookup(ref) {
      lookedUp.push(ref);
      return (row) => {
        const v = values.get(ref);
        return typeof v === 'function' ? v(row) : (v ?? null);
      };
    },
    lookupRaw(ref) {
      return this.lookup(ref);
    },
    sibling(name) {
      throw new Error(`no sibling ${name} in the test context`);
    },
    link(ref) {
      linked.push(ref);
      return () => linkKey;
    },
  };
}

/** The column's own stream, as the engine makes it: (seed, table, column, chunk). */
function streamFor(seed: number): Rng {
  return Rng.from([seed, 't', 'c', 0]);
}

/** Raw values of rows 0..n-1 (before `format`). */
function rawValues(p: Provider, n: number, rng: Rng, start = 0): Value[] {
  const row: RowCursor = { index: 0, local: 0, group: -1, seq: 0 };
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    row.index = start + i;
    row.local = i;
    out.push(p.next(rng, row));
  }
  return out;
}

/** n raw numeric values of a column. */
function numbers(col: ColumnSpec, n: number, seed = 42): number[] {
  const p = createProvider(col, makeCtx({ seed }));
  return rawValues(p, n, streamFor(seed)) as number[];
}

/** The first n output values (formatted when the provider formats) for a seed. */
function sample(col: ColumnSpec, seed: number, n = 4, ctxOpts: Parameters<typeof makeCtx>[0] = {}): Value[] {
  const p = createProvider(col, makeCtx({ ...ctxOpts, seed }));
  const raw = rawValues(p, n, streamFor(seed));
  return p.format ? raw.map((v) => p.format!(v)) : raw;
}

function bySeed(col: ColumnSpec, n = 4, ctxOpts: Parameters<typeof makeCtx>[0] = {}) {
  return Object.fromEntries(SEEDS.map((s) => [s, sample(col, s, n, ctxOpts)]));
}

function decimals(x: number): number {
  const s = String(x);
  expect(s).not.toMatch(/e/); // plain notation for the values used here
  return s.includes('.') ? s.split('.')[1]!.length : 0;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The TrainkitError that `fn` throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): TrainkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TrainkitError);
    return e as TrainkitError;
  }
  throw new Error('expected a TrainkitError, but nothing was thrown');
}

// ---------------------------------------------------------------------------------------------
// Seeded determinism of every provider kind.
// ---------------------------------------------------------------------------------------------

describe('seeded determinism: known values for seeds 42, 1337, 1211', () => {
  it('id sequence', () => {
    expect(bySeed({ kind: 'id', start: 10, step: 5 })).toMatchInlineSnapshot(`
      {
        "1211": [
          10,
          15,
          20,
          25,
        ],
        "1337": [
          10,
          15,
          20,
          25,
        ],
        "42": [
          10,
          15,
          20,
          25,
        ],
      }
    `);
  });

  it('id uuid', () => {
    expect(bySeed({ kind: 'id', strategy: 'uuid' }, 3)).toMatchInlineSnapshot(`
      {
        "1211": [
          "22a76b36-e526-4c25-a645-da7cf93ba3ae",
          "bc506030-076a-4034-8fde-25cdbfde591e",
          "a36ec63d-8d1e-484d-b9c9-026d176cf5e6",
        ],
        "1337": [
          "738adf91-daa6-4169-9104-de382ce8f0d0",
          "eb93b9ab-b120-4217-a969-b39a124015c5",
          "8c591e7b-a973-43a7-8542-962b72ff0d94",
        ],
        "42": [
          "d97e1786-2fc7-4ef8-8b2a-f27d32247762",
          "9b133753-1f97-45b2-9232-748bf961eb60",
          "51268fcd-f2fd-4b10-a11c-7c6682ad5fa7",
        ],
      }
    `);
  });

  it('integer (uniform, poisson)', () => {
    expect({
      uniform: bySeed({ kind: 'integer', min: 1, max: 100 }, 6),
      poisson: bySeed({ kind: 'integer', dist: 'poisson', mean: 4 }, 6),
    }).toMatchInlineSnapshot(`
      {
        "poisson": {
          "1211": [
            6,
            2,
            2,
            3,
            3,
            4,
          ],
          "1337": [
            4,
            3,
            3,
            7,
            3,
            3,
          ],
          "42": [
            2,
            3,
            7,
            2,
            5,
            2,
          ],
        },
        "uniform": {
          "1211": [
            69,
            39,
            37,
            74,
            85,
            3,
          ],
          "1337": [
            89,
            51,
            67,
            50,
            41,
            80,
          ],
          "42": [
            17,
            39,
            13,
            81,
            1,
            3,
          ],
        },
      }
    `);
  });

  it('number (normal, rounded; lognormal)', () => {
    expect({
      normal: bySeed({ kind: 'number', dist: 'normal', mean: 50, sd: 10, round: 2 }),
      lognormal: bySeed({ kind: 'number', dist: 'lognormal', mu: 0, sigma: 1, round: 3 }),
    }).toMatchInlineSnapshot(`
      {
        "lognormal": {
          "1211": [
            4.161,
            0.358,
            2.844,
            0.704,
          ],
          "1337": [
            2.171,
            1.384,
            0.74,
            0.328,
          ],
          "42": [
            2.265,
            0.733,
            1.431,
            1.075,
          ],
        },
        "normal": {
          "1211": [
            64.26,
            39.73,
            60.45,
            46.49,
          ],
          "1337": [
            57.75,
            53.25,
            46.99,
            38.85,
          ],
          "42": [
            58.17,
            46.9,
            53.58,
            50.72,
          ],
        },
      }
    `);
  });

  it('boolean', () => {
    expect(bySeed({ kind: 'boolean', rate: 0.3 }, 8)).toMatchInlineSnapshot(`
      {
        "1211": [
          false,
          false,
          false,
          false,
          false,
          false,
          true,
          false,
        ],
        "1337": [
          false,
          false,
          false,
          true,
          true,
          true,
          false,
          false,
        ],
        "42": [
          true,
          true,
          true,
          true,
          true,
          false,
          false,
          false,
        ],
      }
    `);
  });

  it('category', () => {
    expect(bySeed({ kind: 'category', values: { gold: 1, silver: 3, bronze: 6 } }, 6)).toMatchInlineSnapshot(`
      {
        "1211": [
          "bronze",
          "silver",
          "bronze",
          "silver",
          "silver",
          "silver",
        ],
        "1337": [
          "bronze",
          "bronze",
          "silver",
          "bronze",
          "bronze",
          "bronze",
        ],
        "42": [
          "bronze",
          "bronze",
          "gold",
          "bronze",
          "bronze",
          "bronze",
        ],
      }
    `);
  });

  it('date and datetime', () => {
    expect({
      date: bySeed({ kind: 'date', min: '2020-01-01', max: '2024-12-31' }),
      datetime: bySeed({ kind: 'datetime', min: '2024-01-01T00:00:00Z', max: '2024-12-31T23:59:59Z' }),
    }).toMatchInlineSnapshot(`
      {
        "date": {
          "1211": [
            "2023-06-10",
            "2021-12-11",
            "2021-10-28",
            "2023-09-12",
          ],
          "1337": [
            "2024-06-07",
            "2022-07-19",
            "2023-04-24",
            "2022-06-27",
          ],
          "42": [
            "2020-11-01",
            "2021-12-08",
            "2020-08-07",
            "2024-01-16",
          ],
        },
        "datetime": {
          "1211": [
            "2024-09-08T15:36:20Z",
            "2024-05-13T13:45:07Z",
            "2024-11-06T23:48:52Z",
            "2024-05-19T23:03:38Z",
          ],
          "1337": [
            "2024-11-20T10:38:14Z",
            "2024-08-30T06:59:14Z",
            "2024-05-28T18:46:12Z",
            "2024-02-26T09:50:56Z",
          ],
          "42": [
            "2024-03-02T05:35:23Z",
            "2024-02-14T01:33:17Z",
            "2024-01-03T12:15:02Z",
            "2024-03-11T01:34:49Z",
          ],
        },
      }
    `);
  });

  it('fake (compiled and through faker)', () => {
    expect({
      fullName: bySeed({ kind: 'fake', method: 'person.fullName' }, 3),
      email: bySeed({ kind: 'fake', method: 'internet.email' }, 3),
      cityDe: bySeed({ kind: 'fake', method: 'location.city', locale: 'de' }, 3),
      dice: bySeed({ kind: 'fake', method: 'number.int', args: { min: 1, max: 6 } }, 6),
    }).toMatchInlineSnapshot(`
      {
        "cityDe": {
          "1211": [
            "Spinnerstadt",
            "Ost Niels",
            "Alt Yarenstadt",
          ],
          "1337": [
            "Koblenz",
            "Dombrowskiburg",
            "Alt Tamara",
          ],
          "42": [
            "West Alexandrastadt",
            "Zuberdorf",
            "Potteldorf",
          ],
        },
        "dice": {
          "1211": [
            5,
            3,
            6,
            3,
            4,
            3,
          ],
          "1337": [
            6,
            4,
            3,
            1,
            2,
            2,
          ],
          "42": [
            2,
            1,
            1,
            2,
            1,
            6,
          ],
        },
        "email": {
          "1211": [
            "Nils_Feil38@yahoo.com",
            "Nella.Franecki@hotmail.com",
            "Sydney88@yahoo.com",
          ],
          "1337": [
            "Jared.Schumm25@hotmail.com",
            "Cruz.Legros49@hotmail.com",
            "Hilda_Sporer16@yahoo.com",
          ],
          "42": [
            "Polly92@yahoo.com",
            "Kara_Fadel59@yahoo.com",
            "Orin_Emard7@yahoo.com",
          ],
        },
        "fullName": {
          "1211": [
            "Alex McKenzie",
            "Glenn Wunsch",
            "Hillary Volkman",
          ],
          "1337": [
            "Rafael Gorczany DDS",
            "Cruz Doyle",
            "Mr. Giovanny Zemlak",
          ],
          "42": [
            "Albina Crona",
            "Yoshiko Parisian-Hermann",
            "Thea Rosenbaum-Lakin",
          ],
        },
      }
    `);
  });

  it('pattern', () => {
    expect(bySeed({ kind: 'pattern', pattern: 'ACC-###-??-**' })).toMatchInlineSnapshot(`
      {
        "1211": [
          "ACC-633-TW-0D",
          "ACC-257-KT-1U",
          "ACC-477-ZA-87",
          "ACC-644-BZ-WH",
        ],
        "1337": [
          "ACC-856-MK-S5",
          "ACC-827-GQ-HX",
          "ACC-821-QF-J9",
          "ACC-943-ML-EE",
        ],
        "42": [
          "ACC-131-VA-06",
          "ACC-711-YZ-BO",
          "ACC-958-RJ-8Z",
          "ACC-858-YN-5R",
        ],
      }
    `);
  });

  it('template and ref use no randomness: the same values for every seed', () => {
    const template = bySeed({ kind: 'template', template: '{first|lower}.{last|upper}' }, 2, {
      values: { first: 'Ana', last: 'Ng' },
    });
    const ref = bySeed({ kind: 'ref', ref: 'users.id' }, 2, {
      spec: {
        name: 'test',
        tables: { users: { rows: 3, columns: { id: { kind: 'id' } } } },
      },
      linkKey: 3,
    });
    expect({ template, ref }).toMatchInlineSnapshot(`
      {
        "ref": {
          "1211": [
            3,
            3,
          ],
          "1337": [
            3,
            3,
          ],
          "42": [
            3,
            3,
          ],
        },
        "template": {
          "1211": [
            "ana.NG",
            "ana.NG",
          ],
          "1337": [
            "ana.NG",
            "ana.NG",
          ],
          "42": [
            "ana.NG",
            "ana.NG",
          ],
        },
      }
    `);
  });

  const randomKinds: [string, ColumnSpec][] = [
    ['id uuid', { kind: 'id', strategy: 'uuid' }],
    ['integer', { kind: 'integer', min: 0, max: 1_000_000 }],
    ['number', { kind: 'number', dist: 'normal', mean: 0, sd: 1 }],
    ['boolean', { kind: 'boolean' }],
    ['category', { kind: 'category', values: ['a', 'b', 'c', 'd', 'e', 'f'] }],
    ['date', { kind: 'date', min: '2000-01-01', max: '2030-12-31' }],
    ['datetime', { kind: 'datetime', min: '2000-01-01T00:00:00Z', max: '2030-12-31T00:00:00Z' }],
    ['fake (compiled)', { kind: 'fake', method: 'person.firstName' }],
    ['fake (faker call)', { kind: 'fake', method: 'string.uuid' }],
    ['pattern', { kind: 'pattern', pattern: '****-****' }],
  ];

  it.each(randomKinds)('%s: the same seed gives the same sequence, another seed another', (_, col) => {
    for (const seed of SEEDS) expect(sample(col, seed, 30)).toEqual(sample(col, seed, 30));
    expect(sample(col, 42, 30)).not.toEqual(sample(col, 1337, 30));
    expect(sample(col, 1337, 30)).not.toEqual(sample(col, 1211, 30));
  });

  it('template does not draw from the stream', () => {
    const p = createProvider({ kind: 'template', template: 'x{a}' }, makeCtx({ values: { a: 1 } }));
    const rng = streamFor(42);
    rawValues(p, 10, rng);
    expect(rng.u32()).toBe(streamFor(42).u32());
  });
});

// ---------------------------------------------------------------------------------------------

describe('id', () => {
  it('sequence: start + index × step, defaults 1 and 1, keyAt agrees with next', () => {
    const def = createProvider({ kind: 'id' }, makeCtx());
    expect(def.sqlType).toBe('INTEGER');
    expect(rawValues(def, 4, streamFor(1))).toEqual([1, 2, 3, 4]);

    const p = createProvider({ kind: 'id', start: 100, step: 5 }, makeCtx());
    expect(rawValues(p, 3, streamFor(1), 10)).toEqual([150, 155, 160]);
    for (const i of [0, 1, 17, 123_456]) {
      expect(p.keyAt!(i)).toBe(100 + 5 * i);
      expect(p.next(streamFor(1), { index: i, local: 0, group: -1, seq: i })).toBe(p.keyAt!(i));
    }
    const neg = createProvider({ kind: 'id', start: -3 }, makeCtx());
    expect(rawValues(neg, 4, streamFor(1))).toEqual([-3, -2, -1, 0]);
  });

  it('uuid: 8-4-4-4-12 lower-case hex, version 4, variant 8–b, distinct over 10k rows', () => {
    const p = createProvider({ kind: 'id', strategy: 'uuid' }, makeCtx({ seed: 1337 }));
    expect(p.sqlType).toBe('TEXT');
    const ids = rawValues(p, 10_000, streamFor(1337)) as string[];
    expectAll(ids, (id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id));
    expect(new Set(ids).size).toBe(10_000);
    // the variant nibble takes all four values 8, 9, a, b about equally
    expectFrequencies(
      ids.map((id) => id[19]!),
      uniformOver(['8', '9', 'a', 'b']),
    );
    // random hex digits outside the fixed nibbles are uniform over 16 values
    expectFrequencies(
      ids.flatMap((id) => [id[0]!, id[9]!, id[15]!, id[35]!]),
      uniformOver([...'0123456789abcdef']),
    );
  });

  it('uuid: keyAt(i) equals next at row index i, whatever the stream', () => {
    const p = createProvider({ kind: 'id', strategy: 'uuid' }, makeCtx({ seed: 42 }));
    for (const i of [0, 1, 2, 999, 65_536, 2 ** 33]) {
      expect(p.next(streamFor(1), { index: i, local: 0, group: -1, seq: i })).toBe(p.keyAt!(i));
      expect(p.next(streamFor(2), { index: i, local: 5, group: -1, seq: i })).toBe(p.keyAt!(i));
    }
    const ids = rawValues(p, 100, streamFor(9), 500);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => p.keyAt!(500 + i)));
  });

  it('uuid depends on seed, table and column', () => {
    const base = createProvider({ kind: 'id', strategy: 'uuid' }, makeCtx({ seed: 42 })).keyAt!(0);
    const otherSeed = createProvider({ kind: 'id', strategy: 'uuid' }, makeCtx({ seed: 43 })).keyAt!(0);
    const otherColumn = createProvider(
      { kind: 'id', strategy: 'uuid' },
      { ...makeCtx({ seed: 42 }), column: 'd' },
    ).keyAt!(0);
    const otherTable = createProvider(
      { kind: 'id', strategy: 'uuid' },
      { ...makeCtx({ seed: 42 }), table: 'u' },
    ).keyAt!(0);
    expect(new Set([base, otherSeed, otherColumn, otherTable]).size).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------

describe('integer and number', () => {
  const N = 50_000;

  it('sqlType is INTEGER for integer and REAL for number', () => {
    expect(createProvider({ kind: 'integer' }, makeCtx()).sqlType).toBe('INTEGER');
    expect(createProvider({ kind: 'number' }, makeCtx()).sqlType).toBe('REAL');
    expect(createProvider({ kind: 'number', round: 2 }, makeCtx()).sqlType).toBe('REAL');
  });

  it('number uniform without bounds is in [0, 1) with mean 1/2', () => {
    const xs = numbers({ kind: 'number' }, N);
    expectAll(xs, (x) => x >= 0 && x < 1);
    expectMean(xs, 0.5, Math.sqrt(1 / 12));
  });

  it('number uniform in [min, max): mean and variance of U(min, max)', () => {
    const xs = numbers({ kind: 'number', min: -5, max: 15 }, N, 1337);
    expectAll(xs, (x) => x >= -5 && x < 15);
    // U(a, b): variance w²/12, fourth central moment w⁴/80
    expectMean(xs, 5, 20 / Math.sqrt(12));
    expectVariance(xs, 400 / 12, 20 ** 4 / 80);
  });

  it('integer uniform is inclusive of both bounds and uniform (chi-square, 5 df)', () => {
    const xs = numbers({ kind: 'integer', min: 1, max: 6 }, 60_000, 1211);
    expectAll(xs, (x) => Number.isInteger(x));
    expectFrequencies(xs, uniformOver([1, 2, 3, 4, 5, 6]));
  });

  it('integer uniform defaults to {0, 1}, and non-integer bounds are ceil(min)..floor(max)', () => {
    expectFrequencies(numbers({ kind: 'integer' }, 10_000), uniformOver([0, 1]));
    expectFrequencies(numbers({ kind: 'integer', min: 0.5, max: 3.5 }, 30_000), uniformOver([1, 2, 3]));
    expectFrequencies(numbers({ kind: 'integer', min: -2, max: 2 }, 50_000), uniformOver([-2, -1, 0, 1, 2]));
  });

  it('normal: mean and variance', () => {
    const xs = numbers({ kind: 'number', dist: 'normal', mean: 100, sd: 15 }, N);
    // N(μ, σ²): fourth central moment 3σ⁴
    expectMean(xs, 100, 15);
    expectVariance(xs, 225, 3 * 15 ** 4);
  });

  it('normal integer: whole numbers with the same mean (rounding adds variance 1/12)', () => {
    const xs = numbers({ kind: 'integer', dist: 'normal', mean: -20, sd: 4 }, N, 1337);
    expectAll(xs, (x) => Number.isInteger(x));
    expectMean(xs, -20, Math.sqrt(16 + 1 / 12));
    expectVariance(xs, 16 + 1 / 12, 3 * 16 ** 2 * 1.05); // 5% slack in μ4 for the rounding
  });

  it('lognormal: log of the values is N(mu, sigma²), all positive', () => {
    const xs = numbers({ kind: 'number', dist: 'lognormal', mu: 2, sigma: 0.5 }, N, 1211);
    expectAll(xs, (x) => x > 0);
    const logs = xs.map(Math.log);
    expectMean(logs, 2, 0.5);
    expectVariance(logs, 0.25, 3 * 0.5 ** 4);
    const m = Math.exp(2 + 0.125);
    expectMean(xs, m, m * Math.sqrt(Math.exp(0.25) - 1));
  });

  it('exponential: non-negative with mean 1/rate and variance 1/rate²', () => {
    const xs = numbers({ kind: 'number', dist: 'exponential', rate: 0.5 }, N);
    expectAll(xs, (x) => x >= 0);
    // Exp(λ): sd 1/λ, fourth central moment 9/λ⁴
    expectMean(xs, 2, 2);
    expectVariance(xs, 4, 9 * 16);
  });

  it('beta is rescaled to [min, max]: mean min + (max − min)·a/(a + b)', () => {
    const xs = numbers({ kind: 'number', dist: 'beta', alpha: 2, beta: 5, min: 10, max: 20 }, N, 1337);
    expectAll(xs, (x) => x >= 10 && x <= 20);
    const v = (100 * (2 * 5)) / (7 * 7 * 8);
    expectMean(xs, 10 + (10 * 2) / 7, Math.sqrt(v));
    // values in an interval of width 10 have μ4 ≤ 100·variance, a safe bound for the tolerance
    expectVariance(xs, v, 100 * v);
    // without bounds it is Beta itself, on [0, 1]
    const unit = numbers({ kind: 'number', dist: 'beta', alpha: 0.5, beta: 0.5 }, N);
    expectAll(unit, (x) => x >= 0 && x <= 1);
    expectMean(unit, 0.5, Math.sqrt(1 / 8));
  });

  it('poisson: whole numbers with mean ≈ variance ≈ mean', () => {
    for (const m of [4, 60]) {
      const xs = numbers({ kind: 'integer', dist: 'poisson', mean: m }, N, 1211);
      expectAll(xs, (x) => Number.isInteger(x) && x >= 0);
      // Poisson(λ): fourth central moment λ + 3λ²
      expectMean(xs, m, Math.sqrt(m));
      expectVariance(xs, m, m + 3 * m * m);
    }
  });

  it('weighted: values by weight (chi-square), as numbers', () => {
    const col: ColumnSpec = {
      kind: 'integer',
      dist: 'weighted',
      values: { '1': 1, '2': 3, '10': 6, '99': 0 },
    };
    const xs = numbers(col, N);
    expectAll(xs, (x) => typeof x === 'number');
    expect(xs).not.toContain(99);
    expectFrequencies(
      xs,
      new Map([
        [1, 0.1],
        [2, 0.3],
        [10, 0.6],
      ]),
    );
    const real = numbers({ kind: 'number', dist: 'weighted', values: { '0.5': 1, '-1.25': 1 } }, 20_000);
    expectFrequencies(real, uniformOver([0.5, -1.25]));
  });

  it('min/max truncate (not clip) a normal: all values in bounds, variance of the truncated normal', () => {
    const xs = numbers({ kind: 'number', dist: 'normal', mean: 0, sd: 1, min: -1, max: 1 }, N, 1337);
    expectAll(xs, (x) => x >= -1 && x <= 1);
    // a truncated N(0,1) on [−1, 1] has variance 1 − 2φ(1)/(2Φ(1) − 1) = 0.291125; clipping would
    // put 31.7% of the values on ±1 and give 0.516. Values in [−1, 1] have μ4 ≤ 1.
    expectVariance(xs, 0.291125, 1);
    expectMean(xs, 0, 1);
    expect(xs.filter((x) => Math.abs(x) === 1).length).toBe(0);
  });

  it('min/max truncate exponential, lognormal and poisson', () => {
    const exp = numbers({ kind: 'number', dist: 'exponential', rate: 1, max: 2 }, N);
    expectAll(exp, (x) => x >= 0 && x <= 2);
    // Exp(1) truncated to [0, 2] has mean 1 − 2e⁻²/(1 − e⁻²) = 0.686965; sd < 1
    expectMean(exp, 1 - (2 * Math.exp(-2)) / (1 - Math.exp(-2)), 1);

    const ln = numbers({ kind: 'number', dist: 'lognormal', mu: 0, sigma: 1, min: 1, max: 3 }, 20_000);
    expectAll(ln, (x) => x >= 1 && x <= 3);

    // Poisson(4) truncated to 2..6 keeps the pmf's proportions within the bounds
    const po = numbers({ kind: 'integer', dist: 'poisson', mean: 4, min: 2, max: 6 }, N, 1211);
    const pmf = (k: number) => Math.exp(-4 + k * Math.log(4) - logGamma(k + 1));
    const total = [2, 3, 4, 5, 6].reduce((s, k) => s + pmf(k), 0);
    expectFrequencies(po, new Map([2, 3, 4, 5, 6].map((k) => [k, pmf(k) / total])));
  });

  it('integer bounds keep rounded values within [ceil(min), floor(max)]', () => {
    const xs = numbers({ kind: 'integer', dist: 'normal', mean: 0, sd: 10, min: -3.5, max: 3.5 }, 20_000);
    expectAll(xs, (x) => Number.isInteger(x) && x >= -3 && x <= 3);
    expect(new Set(xs)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
  });

  it('bounds that cut away nearly all the mass still give values within them', () => {
    const xs = numbers({ kind: 'number', dist: 'normal', mean: 0, sd: 1, min: 10, max: 11 }, 1000);
    expectAll(xs, (x) => x >= 10 && x <= 11);
    const ints = numbers({ kind: 'integer', dist: 'exponential', rate: 5, min: 40, max: 50 }, 1000);
    expectAll(ints, (x) => Number.isInteger(x) && x >= 40 && x <= 50);
  });

  it('round gives at most that many decimals, and uses them', () => {
    for (const round of [0, 1, 2, 4]) {
      const xs = numbers({ kind: 'number', dist: 'normal', mean: 0, sd: 100, round }, 5000);
      expectAll(xs, (x) => decimals(x) <= round);
      // nine in ten values of a continuous draw need all `round` places
      expect(xs.filter((x) => decimals(x) === round).length).toBeGreaterThan(4000);
      const f = 10 ** round;
      expectAll(xs, (x) => Math.abs(x * f - Math.round(x * f)) < 1e-6);
    }
    const uni = numbers({ kind: 'number', min: 0, max: 1, round: 3 }, 5000);
    expectAll(uni, (x) => x >= 0 && x <= 1 && decimals(x) <= 3);
  });

  it('integer values are always integers, whatever the distribution', () => {
    const cols: ColumnSpec[] = [
      { kind: 'integer', dist: 'lognormal', mu: 3, sigma: 1 },
      { kind: 'integer', dist: 'exponential', rate: 0.1 },
      { kind: 'integer', dist: 'beta', alpha: 2, beta: 2, min: 0, max: 100 },
    ];
    for (const col of cols) expectAll(numbers(col, 5000), (x) => Number.isInteger(x));
  });
});

// ---------------------------------------------------------------------------------------------

describe('boolean', () => {
  it('is true at `rate` (binomial bound), INTEGER in SQL, booleans in JS', () => {
    const p = createProvider({ kind: 'boolean', rate: 0.2 }, makeCtx());
    expect(p.sqlType).toBe('INTEGER');
    const n = 100_000;
    const xs = rawValues(p, n, streamFor(42));
    expectAll(xs, (x) => typeof x === 'boolean');
    expectRate(xs.filter((x) => x === true).length, n, 0.2);
  });

  it('defaults to rate 1/2; rate 0 and 1 are never and always', () => {
    const n = 50_000;
    const half = rawValues(createProvider({ kind: 'boolean' }, makeCtx()), n, streamFor(1337));
    expectRate(half.filter((x) => x === true).length, n, 0.5);
    const never = rawValues(createProvider({ kind: 'boolean', rate: 0 }, makeCtx()), 10_000, streamFor(1));
    expect(never.every((x) => x === false)).toBe(true);
    const always = rawValues(createProvider({ kind: 'boolean', rate: 1 }, makeCtx()), 10_000, streamFor(1));
    expect(always.every((x) => x === true)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('category', () => {
  it('a list: equally likely (chi-square), TEXT', () => {
    const p = createProvider({ kind: 'category', values: ['red', 'green', 'blue', 'yellow'] }, makeCtx());
    expect(p.sqlType).toBe('TEXT');
    expectFrequencies(rawValues(p, 40_000, streamFor(42)), uniformOver(['red', 'green', 'blue', 'yellow']));
  });

  it('a weighted map: by weight (chi-square); a zero weight never appears', () => {
    const p = createProvider(
      { kind: 'category', values: { gold: 1, silver: 3, bronze: 6, none: 0 } },
      makeCtx(),
    );
    const xs = rawValues(p, 50_000, streamFor(1211));
    expect(xs).not.toContain('none');
    expectFrequencies(
      xs,
      new Map([
        ['gold', 0.1],
        ['silver', 0.3],
        ['bronze', 0.6],
      ]),
    );
  });

  it('a list of numbers gives numbers and REAL; a mixed list TEXT', () => {
    const p = createProvider({ kind: 'category', values: [1, 2.5, 10] }, makeCtx());
    expect(p.sqlType).toBe('REAL');
    expectFrequencies(rawValues(p, 30_000, streamFor(5)), uniformOver([1, 2.5, 10]));
    expect(createProvider({ kind: 'category', values: ['a', 1] }, makeCtx()).sqlType).toBe('TEXT');
  });

  it('a single value is always that value', () => {
    const p = createProvider({ kind: 'category', values: ['only'] }, makeCtx());
    expect(new Set(rawValues(p, 100, streamFor(1)))).toEqual(new Set(['only']));
  });
});

// ---------------------------------------------------------------------------------------------

describe('date and datetime', () => {
  const lo2020 = Date.UTC(2020, 0, 1);
  const hi2020 = Date.UTC(2020, 11, 31);

  it('date: whole UTC days within [min, max], uniform over the 366 days (chi-square)', () => {
    const p = createProvider({ kind: 'date', min: '2020-01-01', max: '2020-12-31' }, makeCtx());
    expect(p.sqlType).toBe('TEXT');
    const xs = rawValues(p, 73_200, streamFor(42)) as number[];
    expectAll(xs, (x) => x % DAY === 0 && x >= lo2020 && x <= hi2020);
    expect(Math.min(...xs)).toBe(lo2020);
    expect(Math.max(...xs)).toBe(hi2020);
    const days = Array.from({ length: 366 }, (_, i) => lo2020 + i * DAY);
    expectFrequencies(xs, uniformOver(days));
  });

  it('date: the default format is YYYY-MM-DD', () => {
    const p = createProvider({ kind: 'date', min: '1960-01-01', max: '2030-12-31' }, makeCtx());
    const xs = rawValues(p, 2000, streamFor(3)) as number[];
    for (const x of xs) expect(p.format!(x)).toBe(iso(x).slice(0, 10));
  });

  it('date: min/max with a time of day round inwards to whole days', () => {
    const p = createProvider(
      { kind: 'date', min: '2021-03-01T12:00:00Z', max: '2021-03-03T12:00:00Z' },
      makeCtx(),
    );
    const xs = rawValues(p, 3000, streamFor(7)) as number[];
    expect(new Set(xs)).toEqual(new Set([Date.UTC(2021, 2, 2), Date.UTC(2021, 2, 3)]));
  });

  it('date normal: centred on `mean` with sd `sd_days`', () => {
    const p = createProvider(
      { kind: 'date', min: '2020-01-01', max: '2020-12-31', dist: 'normal', mean: '2020-07-01', sd_days: 10 },
      makeCtx(),
    );
    const days = (rawValues(p, 20_000, streamFor(1337)) as number[]).map((x) => (x - lo2020) / DAY);
    expectAll(days, (d) => Number.isInteger(d) && d >= 0 && d <= 365);
    const centre = (Date.UTC(2020, 6, 1) - lo2020) / DAY;
    // rounding to whole days adds variance 1/12; μ4 ≈ 3σ⁴ with 5% slack
    expectMean(days, centre, Math.sqrt(100 + 1 / 12));
    expectVariance(days, 100 + 1 / 12, 3 * 100 ** 2 * 1.05);
  });

  it('date exponential: counts back from `max`, mean distance ≈ scale_days', () => {
    const p = createProvider(
      { kind: 'date', min: '2010-01-01', max: '2020-12-31', dist: 'exponential', scale_days: 30 },
      makeCtx(),
    );
    const back = (rawValues(p, 20_000, streamFor(1211)) as number[]).map((x) => (hi2020 - x) / DAY);
    expectAll(back, (d) => Number.isInteger(d) && d >= 0);
    // floor(Exp(1/30)) is geometric: P(d = k) = (1 − q)·q^k with q = e^(−1/30), mean
    // 1/(e^(1/30) − 1) = 29.5014 and sd ≈ 30 (the 11-year range truncates nothing noticeable)
    expectMean(back, 1 / (Math.exp(1 / 30) - 1), 30);
    const q = Math.exp(-1 / 30);
    expectRate(back.filter((d) => d === 0).length, back.length, 1 - q);
    expectRate(back.filter((d) => d < 30).length, back.length, 1 - q ** 30);
  });

  it('datetime: whole seconds within [min, max], ISO format by default', () => {
    const min = '2024-03-10T08:00:00Z';
    const max = '2024-03-10T20:00:00Z';
    const p = createProvider({ kind: 'datetime', min, max }, makeCtx());
    expect(p.sqlType).toBe('TEXT');
    const xs = rawValues(p, 20_000, streamFor(42)) as number[];
    expectAll(xs, (x) => x % 1000 === 0 && x >= Date.parse(min) && x <= Date.parse(max));
    // uniform over the 12 hours: mean at 14:00, sd 12h/√12
    expectMean(xs, Date.parse('2024-03-10T14:00:00Z'), (12 * 3_600_000) / Math.sqrt(12));
    for (const x of xs.slice(0, 500)) expect(p.format!(x)).toBe(iso(x).replace('.000Z', 'Z'));
  });

  it('datetime: a min with milliseconds rounds up to the next whole second', () => {
    const p = createProvider(
      { kind: 'datetime', min: '2024-01-01T00:00:00.250Z', max: '2024-01-01T00:00:02Z' },
      makeCtx(),
    );
    const xs = rawValues(p, 1000, streamFor(1)) as number[];
    expect(new Set(xs)).toEqual(new Set([Date.UTC(2024, 0, 1, 0, 0, 1), Date.UTC(2024, 0, 1, 0, 0, 2)]));
  });

  it('datetime normal around a date-time, in seconds', () => {
    const p = createProvider(
      {
        kind: 'datetime',
        min: '2024-01-01T00:00:00Z',
        max: '2024-12-31T00:00:00Z',
        dist: 'normal',
        mean: '2024-06-01T12:00:00Z',
        sd_days: 1,
      },
      makeCtx(),
    );
    const xs = (rawValues(p, 20_000, streamFor(8)) as number[]).map((x) => x / 1000);
    expectAll(xs, (x) => Number.isInteger(x));
    // sd_days 1 is 86 400 s; N(μ, σ²) has μ4 = 3σ⁴ (rounding to whole seconds is negligible)
    expectMean(xs, Date.parse('2024-06-01T12:00:00Z') / 1000, 86_400);
    expectVariance(xs, 86_400 ** 2, 3 * 86_400 ** 4);
  });

  it('format: tokens YYYY MM DD HH mm ss SSS and [literal] text', () => {
    const t = Date.UTC(2024, 2, 14, 9, 5, 7, 89);
    const p = createProvider(
      {
        kind: 'datetime',
        min: '2024-01-01',
        max: '2024-12-31',
        format: 'DD/MM/YYYY [at] HH:mm:ss.SSS [YYYY-MM-DD HH]',
      },
      makeCtx(),
    );
    expect(p.sqlType).toBe('TEXT');
    expect(p.format!(t)).toBe('14/03/2024 at 09:05:07.089 YYYY-MM-DD HH');
    expect(compileDateFormat('YYYYMMDDHHmmssSSS')(t)).toBe('20240314090507089');
    expect(compileDateFormat('[]YYYY[]')(t)).toBe('2024');
    expect(compileDateFormat('no tokens here')(t)).toBe('no tokens here');
  });

  it('format presets: iso, epoch (seconds, INTEGER) and epoch_ms (INTEGER)', () => {
    const t = Date.UTC(2001, 8, 9, 1, 46, 40);
    const range = { min: '2000-01-01', max: '2002-01-01' };
    const isoP = createProvider({ kind: 'datetime', ...range, format: 'iso' }, makeCtx());
    expect(isoP.sqlType).toBe('TEXT');
    expect(isoP.format!(t)).toBe('2001-09-09T01:46:40Z');
    const epoch = createProvider({ kind: 'datetime', ...range, format: 'epoch' }, makeCtx());
    expect(epoch.sqlType).toBe('INTEGER');
    expect(epoch.format!(t)).toBe(1_000_000_000);
    const ms = createProvider({ kind: 'date', ...range, format: 'epoch_ms' }, makeCtx());
    expect(ms.sqlType).toBe('INTEGER');
    expect(ms.format!(t)).toBe(1_000_000_000_000);
    expect(compileDateFormat('epoch')(-1500)).toBe(-2);
  });

  it('format passes through values that are not numbers (null stays null)', () => {
    const p = createProvider({ kind: 'date', min: '2020-01-01', max: '2020-01-02' }, makeCtx());
    expect(p.format!(null)).toBeNull();
    expect(p.format!('already text')).toBe('already text');
  });

  it('compileDateFormat matches Date#toISOString for random instants in years 0–9999, incl. before 1970', () => {
    const full = compileDateFormat('YYYY-MM-DD[T]HH:mm:ss.SSS[Z]');
    const isoPreset = compileDateFormat('iso');
    const dateOnly = compileDateFormat('YYYY-MM-DD');
    const lo = Date.parse('0000-01-01T00:00:00.000Z');
    const hi = Date.parse('9999-12-31T23:59:59.999Z');
    const rng = Rng.from([42, 'date-format']);
    let before1970 = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = lo + rng.below(hi - lo + 1);
      if (ms < 0) before1970++;
      const want = iso(ms);
      if (full(ms) !== want) mismatches.push(`${ms}: ${full(ms)} vs ${want}`);
      if (isoPreset(ms) !== want.replace(/\.\d{3}Z$/, 'Z')) mismatches.push(`iso ${ms}`);
      if (dateOnly(ms) !== want.slice(0, 10)) mismatches.push(`date ${ms}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(before1970).toBeGreaterThan(3000);
  });

  it('compileDateFormat handles the edge instants: epoch, just before it, leap days, century years', () => {
    const full = compileDateFormat('YYYY-MM-DD[T]HH:mm:ss.SSS[Z]');
    const instants = [
      0,
      -1,
      1,
      -DAY,
      -DAY + 1,
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(1600, 1, 29, 12),
      Date.UTC(2100, 2, 1) - 1,
      Date.UTC(1969, 11, 31, 23, 59, 59),
      Date.parse('0000-03-01T00:00:00.000Z'),
      Date.parse('0000-02-29T23:59:59.999Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
    ];
    for (const ms of instants) expect(full(ms), String(ms)).toBe(iso(ms));
    // every day boundary of four years around 1970
    for (let d = -800; d < 800; d++) expect(full(d * DAY)).toBe(iso(d * DAY));
  });
});

// ---------------------------------------------------------------------------------------------

describe('pattern', () => {
  const fill = (pattern: string, n: number, seed = 42) =>
    rawValues(createProvider({ kind: 'pattern', pattern }, makeCtx()), n, streamFor(seed)) as string[];

  it('# is a digit, ? an upper-case letter, * a digit or letter; other characters are kept', () => {
    const xs = fill('ACC-###/??.**', 2000);
    expectAll(xs, (x) => /^ACC-\d{3}\/[A-Z]{2}\.[0-9A-Z]{2}$/.test(x));
    expect(createProvider({ kind: 'pattern', pattern: '#' }, makeCtx()).sqlType).toBe('TEXT');
  });

  it('each slot is uniform over its pool (chi-square for 10, 26 and 36 symbols)', () => {
    expectFrequencies(fill('#', 30_000).join('').split(''), uniformOver([...'0123456789']));
    expectFrequencies(
      fill('?', 52_000, 1337).join('').split(''),
      uniformOver([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']),
    );
    expectFrequencies(
      fill('*', 72_000, 1211).join('').split(''),
      uniformOver([...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ']),
    );
  });

  it('\\ makes the next character literal; a trailing \\ is itself literal', () => {
    expect(fill('\\#\\?\\*\\\\', 3)).toEqual(['#?*\\', '#?*\\', '#?*\\']);
    expectAll(fill('\\##', 200), (x) => /^#\d$/.test(x));
    expectAll(fill('A\\', 5), (x) => x === 'A\\');
  });
});

// ---------------------------------------------------------------------------------------------

describe('template', () => {
  const render = (
    template: string,
    values: Record<string, LookupValue>,
    row: RowCursor = { index: 0, local: 0, group: -1, seq: 0 },
  ) => {
    const ctx = makeCtx({ values });
    return createProvider({ kind: 'template', template }, ctx).next(streamFor(1), row);
  };

  it('fills placeholders and applies lower, upper, trim', () => {
    const values = { first: 'Ana', last: 'McDonald', pad: '  spaced out  ' };
    expect(render('{first|lower}.{last|lower}@example.com', values)).toBe('ana.mcdonald@example.com');
    expect(render('{last|upper}, {first}', values)).toBe('MCDONALD, Ana');
    expect(render('[{pad|trim}]', values)).toBe('[spaced out]');
    expect(render('[{pad}]', values)).toBe('[  spaced out  ]');
    expect(render('{ first | upper }', values)).toBe('ANA');
  });

  it('slug folds accents and keeps letters and digits joined by "-"', () => {
    const s = (v: string) => render('{x|slug}', { x: v });
    expect(s('Crème Brûlée à la Mode!')).toBe('creme-brulee-a-la-mode');
    expect(s('  Núñez   García 2024 ')).toBe('nunez-garcia-2024');
    expect(s('Ÿvonne—Zoë')).toBe('yvonne-zoe');
    expect(s('---')).toBe('');
    // apostrophes vanish rather than split a name
    expect(s("O'Brien-Núñez")).toBe('obrien-nunez');
    expect(s('D’Angelo')).toBe('dangelo');
  });

  it('initial takes the first character; filters chain left to right', () => {
    expect(render('{x|initial}', { x: 'Zoë' })).toBe('Z');
    expect(render('{x|initial}', { x: '' })).toBe('');
    expect(render('{x|trim|initial|lower}', { x: '  Émile' })).toBe('é');
    expect(render('{x|initial|trim}', { x: '  Émile' })).toBe('');
    expect(render('{a|initial}.{b}', { a: 'John', b: 'Smith' })).toBe('J.Smith');
    // a character outside the basic plane is not split in half
    expect(render('{x|initial}', { x: '𠮷田' })).toBe('𠮷');
  });

  it('{{ and }} are literal braces', () => {
    expect(render('{{literal}} {x}', { x: 'v' })).toBe('{literal} v');
    expect(render('{{{x}}}', { x: 'v' })).toBe('{v}');
  });

  it('null becomes empty text, numbers and booleans their text', () => {
    expect(render('<{x}>', { x: null })).toBe('<>');
    expect(render('<{x}>', {})).toBe('<>');
    expect(render('{n}/{b}', { n: 42.5, b: true })).toBe('42.5/true');
  });

  it('reads each row through lookup, including table.column references', () => {
    const ctx = makeCtx({
      values: {
        name: (row) => `n${row.index}`,
        'customers.city': (row) => (row.index % 2 === 0 ? 'Oslo' : 'Bergen'),
      },
    });
    const p = createProvider({ kind: 'template', template: '{name}@{customers.city|lower}' }, ctx);
    expect(p.sqlType).toBe('TEXT');
    expect(ctx.lookedUp).toEqual(['name', 'customers.city']);
    expect(rawValues(p, 3, streamFor(1))).toEqual(['n0@oslo', 'n1@bergen', 'n2@oslo']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('ref', () => {
  const spec = (strategy: 'sequence' | 'uuid'): Spec => ({
    name: 'test',
    tables: { users: { rows: 5, columns: { id: { kind: 'id', strategy } } } },
  });

  it('asks link for the parent key and takes its SQL type from the parent id', () => {
    const ctx = makeCtx({ spec: spec('uuid'), linkKey: 'k-1' });
    const p = createProvider({ kind: 'ref', ref: 'users.id' }, ctx);
    expect(ctx.linked).toEqual(['users.id']);
    expect(p.sqlType).toBe('TEXT');
    expect(p.next(streamFor(1), { index: 3, local: 3, group: -1, seq: 3 })).toBe('k-1');
    const seq = createProvider({ kind: 'ref', ref: 'users.id' }, makeCtx({ spec: spec('sequence') }));
    expect(seq.sqlType).toBe('INTEGER');
  });
});

// ---------------------------------------------------------------------------------------------

type Defs = Record<string, Record<string, unknown> | undefined>;
const localeDefs = (l: string) => (allLocales as Record<string, LocaleDefinition>)[l] as unknown as Defs;

/** The names in a locale's person.<key> definition (a list, or one of its generic/female/male lists). */
function nameList(locale: string, key: string, sex?: 'female' | 'male' | 'generic'): string[] {
  const def = localeDefs(locale).person?.[key];
  if (Array.isArray(def)) return def as string[];
  const d = (def ?? {}) as Record<string, string[] | undefined>;
  const lists = sex ? [d[sex]] : [d.generic, d.female, d.male];
  return lists.flatMap((l) => l ?? []);
}

function namesOf(locale: string, key: string, sex?: 'female' | 'male' | 'generic'): Set<string> {
  return new Set(nameList(locale, key, sex));
}

describe('fake', () => {
  const LOCALES = ['en', 'de', 'fr', 'ja'] as const;
  const METHODS = [
    'person.firstName',
    'person.lastName',
    'person.fullName',
    'internet.email',
    'location.city',
    'location.streetAddress',
    'location.zipCode',
    'phone.number',
    'company.name',
    'commerce.productName',
    'lorem.sentence',
  ] as const;

  const fake = (method: string, locale: string, n: number, seed = 42, args?: unknown) => {
    const col: ColumnSpec = { kind: 'fake', method, ...(args === undefined ? {} : { args }) };
    const p = createProvider(col, makeCtx({ locale, seed }));
    return { p, values: rawValues(p, n, streamFor(seed)) };
  };

  for (const locale of LOCALES) {
    it.each(METHODS)(`${locale}: %s gives non-empty text, TEXT, no unexpanded {{placeholders}}`, (method) => {
      const { p, values } = fake(method, locale, 500);
      expect(p.sqlType).toBe('TEXT');
      expectAll(values, (v) => typeof v === 'string' && v.trim().length > 0);
      // e.g. ja's street pattern "{{number.int({...})}}丁目…" must be expanded, not copied
      expectAll(values, (v) => !/\{\{|\}\}/.test(String(v)));
      // a variety of values, not one repeated
      expect(new Set(values).size).toBeGreaterThan(50);
    });
  }

  it.each(['en', 'de', 'fr'])('%s: location.secondaryAddress fills its # symbols', (locale) => {
    const { values } = fake('location.secondaryAddress', locale, 300);
    expectAll(values, (v) => /\d/.test(v as string) && !/[#{}]/.test(v as string));
  });

  it('ja location.secondaryAddress expands {{person.lastName}}', () => {
    const { values } = fake('location.secondaryAddress', 'ja', 50);
    expectAll(values, (v) => !/\{\{|\}\}/.test(v as string));
  });

  /**
   * Faker 10's choice of a gendered name list: the sex (given, or female/male at random), then the
   * sex's list with weight 3·√size or the generic list with weight √size. Returns the probability
   * that a drawn name is in `target`.
   */
  function fakerNameShare(locale: string, target: Set<string>, sex?: 'female' | 'male'): number {
    const generic = nameList(locale, 'first_name', 'generic');
    const share = (list: string[]) => list.filter((n) => target.has(n)).length / list.length;
    const forSex = (x: 'female' | 'male') => {
      const own = nameList(locale, 'first_name', x);
      if (generic.length === 0) return share(own);
      const pOwn = (3 * Math.sqrt(own.length)) / (3 * Math.sqrt(own.length) + Math.sqrt(generic.length));
      return pOwn * share(own) + (1 - pOwn) * share(generic);
    };
    return sex ? forSex(sex) : (forSex('female') + forSex('male')) / 2;
  }

  it.each(LOCALES)(
    '%s: firstName without a sex mixes the female, male and generic lists as faker does',
    (locale) => {
      const n = 20_000;
      const { values } = fake('person.firstName', locale, n, 1337);
      for (const list of ['generic', 'female', 'male'] as const) {
        const target = namesOf(locale, 'first_name', list);
        // binomial bound on the share of names that fall in each list
        expectRate(values.filter((v) => target.has(v as string)).length, n, fakerNameShare(locale, target));
      }
    },
  );

  it.each(LOCALES)('%s: firstName values come from that locale’s faker definitions', (locale) => {
    const names = namesOf(locale, 'first_name');
    expect(names.size).toBeGreaterThan(20);
    const { values } = fake('person.firstName', locale, 3000, 1337);
    expectAll(values, (v) => names.has(v as string));
    // and not from en's when the locale has its own
    if (locale !== 'en') {
      const en = namesOf('en', 'first_name');
      expect(values.filter((v) => !en.has(v as string)).length).toBeGreaterThan(1500);
    }
  });

  it.each(LOCALES)('%s: lastName values are the locale’s last names (or two joined by "-")', (locale) => {
    const names = namesOf(locale, 'last_name');
    const { values } = fake('person.lastName', locale, 3000, 1211);
    const ok = (v: string) =>
      names.has(v) ||
      [...v].some((c, i) => c === '-' && names.has(v.slice(0, i)) && names.has(v.slice(i + 1)));
    expectAll(values as string[], ok);
  });

  it('firstName with a sex argument draws from that sex’s list (or, like faker, the generic one)', () => {
    const female = namesOf('en', 'first_name', 'female');
    const male = namesOf('en', 'first_name', 'male');
    const generic = namesOf('en', 'first_name', 'generic');
    const n = 20_000;
    const f = fake('person.firstName', 'en', n, 42, 'female').values as string[];
    expectAll(f, (v) => female.has(v) || generic.has(v));
    expectRate(f.filter((v) => female.has(v)).length, n, fakerNameShare('en', female, 'female'));
    const m = fake('person.firstName', 'en', n, 42, { sex: 'male' }).values as string[];
    expectAll(m, (v) => male.has(v) || generic.has(v));
    expectRate(m.filter((v) => male.has(v)).length, n, fakerNameShare('en', male, 'male'));
  });

  it.each(['en', 'de', 'fr'])(
    '%s: emails are ASCII local@domain with the locale’s free email domains',
    (locale) => {
      const domains = new Set(localeDefs(locale).internet?.free_email as string[]);
      const { values } = fake('internet.email', locale, 5000, 1337);
      expectAll(values, (v) => /^[A-Za-z0-9._-]+@[a-z0-9.-]+$/.test(v as string));
      expectAll(values, (v) => domains.has((v as string).split('@')[1]!));
    },
  );

  it('ja: emails (through faker) still have the shape local@domain', () => {
    const { values } = fake('internet.email', 'ja', 500);
    expectAll(values, (v) => /^[^@\s]+@[a-z0-9.-]+\.[a-z]+$/.test(v as string));
  });

  it('zip codes follow each locale’s postcode shape', () => {
    const shapes: Record<(typeof LOCALES)[number], RegExp> = {
      en: /^\d{5}(-\d{4})?$/,
      de: /^\d{5}$/,
      fr: /^\d{5}$/,
      ja: /^\d{3}-\d{4}$/,
    };
    for (const locale of LOCALES) {
      expectAll(fake('location.zipCode', locale, 1000).values, (v) => shapes[locale].test(v as string));
    }
  });

  it('phone numbers have at least 7 digits and no unreplaced symbols', () => {
    for (const locale of LOCALES) {
      const { values } = fake('phone.number', locale, 1000);
      expectAll(values, (v) => (v as string).replace(/\D/g, '').length >= 7 && !/[#!?]/.test(v as string));
    }
  });

  it('lorem.sentence: 3 to 10 words, capitalised, ending in a full stop; word counts are uniform', () => {
    for (const locale of LOCALES) {
      const { values } = fake('lorem.sentence', locale, 16_000, 1211);
      const counts = (values as string[]).map((s) => s.split(' ').length);
      expectAll(values, (v) => (v as string).endsWith('.') && !(v as string).endsWith('..'));
      if (locale !== 'ja') expectAll(values, (v) => /^[A-ZÀ-Ý]/.test(v as string));
      expectFrequencies(counts, uniformOver([3, 4, 5, 6, 7, 8, 9, 10]));
    }
  });

  it('productName is adjective material product, from the definitions', () => {
    const pn = localeDefs('en').commerce?.product_name as Record<string, string[]>;
    const { values } = fake('commerce.productName', 'en', 1000);
    expectAll(values, (v) => {
      const [a, m, p, ...rest] = (v as string).split(' ');
      return (
        rest.length === 0 &&
        pn.adjective!.includes(a!) &&
        pn.material!.includes(m!) &&
        pn.product!.includes(p!)
      );
    });
  });

  it('the column locale overrides the context’s, and locale names are normalised', () => {
    const de = namesOf('de', 'first_name');
    const p = createProvider(
      { kind: 'fake', method: 'person.firstName', locale: 'de' },
      makeCtx({ locale: 'en' }),
    );
    expectAll(rawValues(p, 500, streamFor(1)), (v) => de.has(v as string));
    const col: ColumnSpec = { kind: 'fake', method: 'location.city' };
    expect(sample(col, 42, 50, { locale: 'de-AT' })).toEqual(sample(col, 42, 50, { locale: 'de_AT' }));
    expect(sample(col, 42, 50, { locale: 'de_AT' })).not.toEqual(sample(col, 42, 50, { locale: 'de' }));
    expect(sample(col, 42, 50, { locale: 'DE' })).toEqual(sample(col, 42, 50, { locale: 'de' }));
    expect(sample(col, 42, 50, { locale: 'fr' })).not.toEqual(sample(col, 42, 50, { locale: 'de' }));
  });

  it('a method faker has but the compiler does not (string.uuid) works and is deterministic per seed', () => {
    const a = fake('string.uuid', 'en', 200, 42);
    expect(a.p.sqlType).toBe('TEXT');
    expectAll(a.values, (v) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(v as string),
    );
    expect(new Set(a.values).size).toBe(200);
    expect(fake('string.uuid', 'en', 200, 42).values).toEqual(a.values);
    expect(fake('string.uuid', 'en', 200, 1337).values).not.toEqual(a.values);
  });

  it('number.int with args {min: 1, max: 6}: INTEGER, uniform over 1..6, deterministic per seed', () => {
    const { p, values } = fake('number.int', 'en', 30_000, 1211, { min: 1, max: 6 });
    expect(p.sqlType).toBe('INTEGER');
    expectAll(values, (v) => Number.isInteger(v));
    expectFrequencies(values, uniformOver([1, 2, 3, 4, 5, 6]));
    const again = fake('number.int', 'en', 100, 1211, { min: 1, max: 6 }).values;
    expect(again).toEqual(values.slice(0, 100));
    expect(fake('number.int', 'en', 100, 42, { min: 1, max: 6 }).values).not.toEqual(again);
  });

  it('SQL types follow the faker method’s values: REAL for number.float, INTEGER for booleans', () => {
    expect(fake('number.float', 'en', 1).p.sqlType).toBe('REAL');
    expect(fake('datatype.boolean', 'en', 1).p.sqlType).toBe('INTEGER');
  });

  it('providers sharing a locale’s faker do not disturb each other’s streams', () => {
    const alone = fake('string.uuid', 'en', 50, 42).values;
    const a = createProvider({ kind: 'fake', method: 'string.uuid' }, makeCtx({ seed: 42 }));
    const b = createProvider({ kind: 'fake', method: 'string.uuid' }, makeCtx({ seed: 7 }));
    const ra = streamFor(42);
    const rb = streamFor(7);
    const interleaved: Value[] = [];
    for (let i = 0; i < 50; i++) {
      interleaved.push(a.next(ra, { index: i, local: i, group: -1, seq: i }));
      b.next(rb, { index: i, local: i, group: -1, seq: i });
    }
    expect(interleaved).toEqual(alone);
  });

  it('an unknown method throws a located TrainkitError that suggests the right one', () => {
    const issue = thrown(() => createProvider({ kind: 'fake', method: 'person.frstName' }, makeCtx()))
      .issues[0]!;
    expect(issue.code).toBe('unknown_faker_method');
    expect(issue.hint).toContain('person.firstName');
    expect(issue.hint).toMatch(/^did you mean "person\.firstName"\?/);
    expect(issue.path).toEqual(['tables', 't', 'columns', 'c', 'method']);
  });

  it.each(['persn.firstName', 'person', 'person.firstName.extra', 'helpers.arrayElement', ''])(
    'method %j is rejected with unknown_faker_method',
    (method) => {
      expect(thrown(() => createProvider({ kind: 'fake', method }, makeCtx())).code).toBe(
        'unknown_faker_method',
      );
    },
  );

  it('an unknown module suggests the closest module', () => {
    const issue = thrown(() => createProvider({ kind: 'fake', method: 'persn.firstName' }, makeCtx()))
      .issues[0]!;
    expect(issue.hint).toMatch(/^did you mean "person"\?/);
  });

  it('an unknown locale throws unknown_locale, at the column or at its locale field', () => {
    const fromCtx = thrown(() =>
      createProvider({ kind: 'fake', method: 'person.firstName' }, makeCtx({ locale: 'xx' })),
    ).issues[0]!;
    expect(fromCtx.code).toBe('unknown_locale');
    expect(fromCtx.path).toEqual(['tables', 't', 'columns', 'c']);
    expect(fromCtx.message).toContain('"xx"');
    const fromColumn = thrown(() =>
      createProvider({ kind: 'fake', method: 'person.firstName', locale: 'klingon' }, makeCtx()),
    ).issues[0]!;
    expect(fromColumn.code).toBe('unknown_locale');
    expect(fromColumn.path).toEqual(['tables', 't', 'columns', 'c', 'locale']);
  });

  it('rejects names on Object.prototype (toString, constructor, __proto__) as locales', () => {
    for (const locale of ['toString', 'constructor', '__proto__']) {
      const issue = thrown(() =>
        createProvider({ kind: 'fake', method: 'person.firstName' }, makeCtx({ locale })),
      ).issues[0]!;
      expect(issue.code).toBe('unknown_locale');
    }
  });

  it('arguments faker rejects throw faker_call_failed at args when the provider is built', () => {
    const issue = thrown(() =>
      createProvider({ kind: 'fake', method: 'number.int', args: { min: 10, max: 1 } }, makeCtx()),
    ).issues[0]!;
    expect(issue.code).toBe('faker_call_failed');
    expect(issue.path).toEqual(['tables', 't', 'columns', 'c', 'args']);
  });
});

describe('compileFakerMethod', () => {
  const en = new Faker({ locale: [allLocales.en, allLocales.base] });

  it('returns undefined for methods it does not compile', () => {
    for (const m of ['internet.url', 'string.uuid', 'number.int', 'person.jobTitle', 'no.such', 'person']) {
      expect(compileFakerMethod(en, m, undefined), m).toBeUndefined();
    }
  });

  it('returns undefined when given arguments it does not understand', () => {
    expect(compileFakerMethod(en, 'location.city', { abbreviated: true })).toBeUndefined();
    expect(compileFakerMethod(en, 'person.firstName', { foo: 1 })).toBeUndefined();
  });

  it('compiles the lookup methods, with a sex argument for person methods', () => {
    for (const m of [
      'person.firstName',
      'person.lastName',
      'location.city',
      'lorem.sentence',
      'internet.email',
    ]) {
      expect(typeof compileFakerMethod(en, m, undefined), m).toBe('function');
      expect(typeof compileFakerMethod(en, m, null), m).toBe('function');
    }
    const female = compileFakerMethod(en, 'person.firstName', 'female')!;
    const names = new Set([
      ...namesOf('en', 'first_name', 'female'),
      ...namesOf('en', 'first_name', 'generic'),
    ]);
    const rng = Rng.from([1]);
    for (let i = 0; i < 200; i++) expect(names.has(female(rng))).toBe(true);
  });

  it('a compiled method draws only from the given stream: same stream, same values', () => {
    const gen = compileFakerMethod(en, 'person.fullName', undefined)!;
    const a = Rng.from([5]);
    const b = Rng.from([5]);
    const xs = Array.from({ length: 50 }, () => gen(a));
    expect(Array.from({ length: 50 }, () => gen(b))).toEqual(xs);
  });
});
