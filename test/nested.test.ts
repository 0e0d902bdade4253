import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { renderIssues, TrainkitError } from '../src/errors/index.js';
import { generateChunks, generateToDirectory, planGeneration } from '../src/generate/index.js';
import { readCsv } from '../src/io/csv-reader.js';
import { jsonText } from '../src/io/jsonl-sink.js';
import { defineSpec, loadSpec, type Spec, type SpecInput, specJsonSchema } from '../src/spec/index.js';
import { expectMean } from './helpers/stats.js';
import { tempDir } from './helpers/tmp.js';

type Row = Record<string, unknown>;
type Obj = Record<string, unknown>;

const dir = tempDir('trainkit-nested-');

/** Generates a spec in memory: the rows of one table as objects, values as sinks receive them. */
function rowsOf(spec: Spec, table: string, seed?: number): Row[] {
  const plan = planGeneration(spec, seed === undefined ? {} : { seed });
  const names = plan.tables.find((t) => t.name === table)!.columns.map((c) => c.name);
  const rows: Row[] = [];
  for (const chunk of generateChunks(plan)) {
    if (chunk.table !== table) continue;
    for (let r = 0; r < chunk.rows; r++) {
      rows.push(Object.fromEntries(names.map((n, c) => [n, chunk.columns[c]![r]])));
    }
  }
  return rows;
}

/** |p̂ − p| within 5 binomial standard errors (a false alarm about once in 1.7 million runs). */
function expectRate(hits: number, n: number, p: number): void {
  expect(Math.abs(hits / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
}

/** The mean and sd of min(max(X, lo), hi) for X ~ Poisson(mean), from the probability mass function. */
function clippedPoisson(mean: number, lo: number, hi: number): { mu: number; sd: number } {
  let p = Math.exp(-mean);
  let m1 = 0;
  let m2 = 0;
  let below = 0;
  for (let k = 0; k < hi; k++) {
    const x = Math.max(lo, k);
    m1 += p * x;
    m2 += p * x * x;
    below += p;
    p *= mean / (k + 1);
  }
  m1 += (1 - below) * hi;
  m2 += (1 - below) * hi * hi;
  return { mu: m1, sd: Math.sqrt(m2 - m1 * m1) };
}

const orders: SpecInput = {
  name: 'nested',
  seed: 42,
  tables: {
    orders: {
      rows: 4000,
      columns: {
        id: { kind: 'id' },
        customer: {
          kind: 'object',
          fields: {
            name: { kind: 'fake', method: 'person.fullName' },
            tier: { kind: 'category', values: { gold: 1, silver: 3 } },
            phone: { kind: 'pattern', pattern: '###-####', null_rate: 0.2 },
            code: { kind: 'template', template: 'C-{id}' },
            address: {
              kind: 'object',
              fields: {
                city: { kind: 'fake', method: 'location.city' },
                zip: { kind: 'pattern', pattern: '#####' },
              },
            },
          },
        },
        items: {
          kind: 'array',
          length: { dist: 'poisson', mean: 2.5, min: 1, max: 10 },
          of: {
            kind: 'object',
            fields: {
              sku: { kind: 'pattern', pattern: 'SKU-####' },
              qty: { kind: 'integer', min: 1, max: 5 },
              price: { kind: 'number', min: 1, max: 100, round: 2 },
              on: { kind: 'date', min: '2024-01-01', max: '2024-12-31', format: 'DD/MM/YYYY' },
            },
          },
        },
        tags: {
          kind: 'array',
          length: { dist: 'uniform', min: 0, max: 3 },
          of: { kind: 'category', values: ['a', 'b', 'c'] },
          distinct: true,
        },
      },
    },
  },
};

describe('object and array columns', () => {
  const spec = defineSpec(orders);
  const rows = rowsOf(spec, 'orders');
  const n = rows.length;

  it('draws array lengths from the stated distribution', () => {
    const items = rows.map((r) => (r.items as unknown[]).length);
    expect(Math.min(...items)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...items)).toBeLessThanOrEqual(10);
    // Poisson(2.5) clipped to [1, 10]: mean and sd from its pmf; the sample mean within 5 sd/√n
    const clipped = clippedPoisson(2.5, 1, 10);
    expectMean(items, clipped.mu, clipped.sd);
    // uniform 0..3: mean 1.5, sd √((4² − 1) / 12)
    const tags = rows.map((r) => (r.tags as unknown[]).length);
    expect(new Set(tags)).toEqual(new Set([0, 1, 2, 3]));
    expectMean(tags, 1.5, Math.sqrt(15 / 12));
  });

  it('keeps nested types and the declared key order', () => {
    for (const r of rows.slice(0, 200)) {
      const c = r.customer as Obj;
      expect(Object.keys(c)).toEqual(['name', 'tier', 'phone', 'code', 'address']);
      expect(typeof c.name).toBe('string');
      expect(['gold', 'silver']).toContain(c.tier);
      expect(c.code).toBe(`C-${r.id}`); // a nested template reads the row's columns
      const a = c.address as Obj;
      expect(Object.keys(a)).toEqual(['city', 'zip']);
      expect(a.zip).toMatch(/^\d{5}$/);
      for (const item of r.items as Obj[]) {
        expect(Object.keys(item)).toEqual(['sku', 'qty', 'price', 'on']);
        expect(item.sku).toMatch(/^SKU-\d{4}$/);
        expect(Number.isInteger(item.qty) && (item.qty as number) >= 1 && (item.qty as number) <= 5).toBe(
          true,
        );
        expect(Math.round((item.price as number) * 100) / 100).toBe(item.price);
        // nested dates come out formatted: the engine formats only top-level columns
        expect(item.on).toMatch(/^\d\d\/\d\d\/2024$/);
      }
    }
  });

  it('keeps array elements distinct when asked', () => {
    for (const r of rows) {
      const tags = r.tags as string[];
      expect(new Set(tags).size).toBe(tags.length);
    }
  });

  it('makes a field null at its null_rate, keeping the key', () => {
    const phones = rows.map((r) => (r.customer as Obj).phone);
    expect(phones.every((p) => p === null || /^\d{3}-\d{4}$/.test(p as string))).toBe(true);
    expectRate(phones.filter((p) => p === null).length, n, 0.2);
    // gold has weight 1 of 4
    expectRate(rows.filter((r) => (r.customer as Obj).tier === 'gold').length, n, 0.25);
  });

  it('is deterministic per seed', () => {
    for (const seed of [42, 1337, 1211]) {
      const a = rowsOf(spec, 'orders', seed);
      expect(rowsOf(spec, 'orders', seed)).toEqual(a);
      expect(a.slice(0, 3)).toMatchSnapshot(`seed ${seed}`);
    }
    expect(rowsOf(spec, 'orders', 43).slice(0, 20)).not.toEqual(rows.slice(0, 20));
  });

  it('writes numbers inside nested values as top-level numbers are written', () => {
    const v = { a: [0.1 + 0.2, -0, 1e21, 1e-7, 12.5, Number.NaN], b: { 'k"ey': 'x\n"y' }, c: [] };
    expect(jsonText(v)).toBe(JSON.stringify(v));
    expect(jsonText(v)).toBe(
      '{"a":[0.30000000000000004,0,1e+21,1e-7,12.5,null],"b":{"k\\"ey":"x\\n\\"y"},"c":[]}',
    );
  });
});

describe('nested output round-trips to the same JSON', async () => {
  const spec = defineSpec({
    ...orders,
    tables: { orders: { ...orders.tables.orders!, rows: 300 } },
  } as SpecInput);
  const expected = rowsOf(spec, 'orders');
  const nested = ['customer', 'items', 'tags'] as const;
  const out = (f: string) => join(dir, f);
  for (const format of ['jsonl', 'csv', 'sqlite'] as const) {
    await generateToDirectory(spec, { out: out(format), format });
  }

  it('jsonl: each line is the row, nested values as JSON, byte for byte as JSON.stringify', () => {
    const lines = readFileSync(join(out('jsonl'), 'orders.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) => {
      expect(JSON.parse(line)).toEqual(expected[i]);
      expect(line).toBe(JSON.stringify(expected[i]));
    });
  });

  it('csv: each nested cell is compact JSON text', () => {
    const text = readFileSync(join(out('csv'), 'orders.csv'), 'utf8');
    const [head, ...records] = readCsv(text, ',', 'orders.csv').records.map((r) => r.cells);
    expect(head).toEqual(['id', ...nested]);
    expect(records).toHaveLength(expected.length);
    records.forEach((cells, i) => {
      expect(Number(cells[0])).toBe(expected[i]!.id);
      nested.forEach((k, c) => {
        expect(JSON.parse(cells[c + 1]!)).toEqual(expected[i]![k]);
        expect(cells[c + 1]).toBe(JSON.stringify(expected[i]![k]));
      });
    });
  });

  it('sqlite: nested columns are TEXT holding JSON', () => {
    const db = new Database(join(out('sqlite'), 'nested.sqlite'), { readonly: true });
    try {
      const info = db.pragma('table_info(orders)') as { name: string; type: string }[];
      expect(info.map((c) => [c.name, c.type])).toEqual([
        ['id', 'INTEGER'],
        ['customer', 'TEXT'],
        ['items', 'TEXT'],
        ['tags', 'TEXT'],
      ]);
      const back = db.prepare('SELECT * FROM orders ORDER BY id').all() as Row[];
      expect(back.map((r) => Object.fromEntries(nested.map((k) => [k, JSON.parse(r[k] as string)])))).toEqual(
        expected.map((r) => Object.fromEntries(nested.map((k) => [k, r[k]]))),
      );
      const city = db
        .prepare("SELECT json_extract(customer, '$.address.city') FROM orders WHERE id = 1")
        .pluck();
      expect(city.get()).toBe(((expected[0]!.customer as Obj).address as Obj).city);
    } finally {
      db.close();
    }
  });
});

describe('nested spec errors', () => {
  /** Parses a spec of one `t` table with these columns; the rendered issues. */
  function errors(columns: Record<string, unknown>): string {
    try {
      defineSpec({
        name: 'e',
        tables: { t: { rows: 10, columns: { id: { kind: 'id' }, ...columns } } },
      } as SpecInput);
    } catch (e) {
      if (e instanceof TrainkitError) return renderIssues(e.issues);
      throw e;
    }
    return 'no error';
  }

  it('an unknown field kind, at the field', () => {
    // the list of kinds after the suggestion grows with every new kind, so it is cut off here
    const text = errors({ c: { kind: 'object', fields: { a: { kind: 'integr' } } } });
    expect(text.split(' The kinds are')[0]).toMatchInlineSnapshot(`
      "✖ Unknown column kind "integr"
        → at tables.t.columns.c.fields.a.kind
        hint: did you mean "integer"?"
    `);
  });

  it('bad length parameters', () => {
    const array = (length: Record<string, unknown>) => ({ kind: 'array', length, of: { kind: 'boolean' } });
    expect(errors({ a: array({ dist: 'uniform', min: -1, max: 2 }) })).toMatchInlineSnapshot(`
      "✖ "min" must be at least 0, got number -1
        → at tables.t.columns.a.length.min"
    `);
    expect(
      errors({
        a: array({ dist: 'poisson', min: 3, max: 1 }),
        b: array({ dist: 'fixed', value: 2, mean: 3 }),
        c: array({ dist: 'negative_binomial', mean: 2 }),
      }),
    ).toMatchInlineSnapshot(`
      "✖ dist "poisson" needs "mean"
        → at tables.t.columns.a.length.dist
        hint: add mean: …
      ✖ min (3) is greater than max (1)
        → at tables.t.columns.a.length.min
        hint: swap them
      ✖ "mean" has no meaning for dist "fixed"
        → at tables.t.columns.b.length.mean
        hint: remove it; dist "fixed" takes value
      ✖ dist "negative_binomial" needs "dispersion"
        → at tables.t.columns.c.length.dist
        hint: add mean: …, dispersion: …"
    `);
  });

  it('a ref or id inside an object or array', () => {
    expect(
      errors({
        c: { kind: 'object', fields: { owner: { kind: 'ref', ref: 't.id' } } },
        d: { kind: 'array', length: { value: 2 }, of: { kind: 'id' } },
      }),
    ).toMatchInlineSnapshot(`
      "✖ kind "ref" cannot be nested inside an object or array
        → at tables.t.columns.c.fields.owner.kind
        hint: a foreign key must be a column for the database to enforce it: make it a column of its own
      ✖ kind "id" cannot be nested inside an object or array
        → at tables.t.columns.d.of.kind
        hint: a key belongs to the row, not to a value inside it: make it a column of its own"
    `);
  });

  it('nested checks run at the nested path', () => {
    expect(
      errors({
        c: {
          kind: 'object',
          fields: {
            when: { kind: 'date', min: '2024-13-01', max: '2024-01-01' },
            note: { kind: 'template', template: '{nope}' },
            n: { kind: 'integer', min: 1, max: 5, unique: true },
            '1': { kind: 'boolean' },
          },
        },
      }),
    ).toMatchInlineSnapshot(`
      "✖ field name "1" is a whole number, which JSON objects would move to the front
        → at tables.t.columns.c.fields["1"]
        hint: give it a name that starts with a letter, e.g. "n1"
      ✖ "2024-13-01" is not a date
        → at tables.t.columns.c.fields.when.min
        hint: write dates as YYYY-MM-DD or an ISO-8601 date-time such as 2024-03-14T09:30:00Z
      ✖ template: "{nope}" names no column of "t"
        → at tables.t.columns.c.fields.note.template
        hint: The columns are: id, c
      ✖ "unique" applies to whole columns, not to values nested in one
        → at tables.t.columns.c.fields.n.unique
        hint: remove it; for arrays of distinct elements set distinct: true on the array"
    `);
  });

  it('distinct elements the element kind cannot supply', () => {
    expect(
      errors({
        a: {
          kind: 'array',
          length: { dist: 'uniform', min: 0, max: 4 },
          of: { kind: 'boolean' },
          distinct: true,
        },
        b: {
          kind: 'array',
          length: { mean: 2 },
          of: { kind: 'category', values: ['x', 'y'] },
          distinct: true,
        },
      }),
    ).toMatchInlineSnapshot(`
      "✖ "distinct" needs up to 4 different elements, but the element can take only 2 values
        → at tables.t.columns.a.distinct
        hint: lower the length's max to 2, add element values, or drop distinct
      ✖ "distinct" needs up to unboundedly many different elements, but the element can take only 2 values
        → at tables.t.columns.b.distinct
        hint: add max: 2 to the length, or drop distinct"
    `);
  });

  it('a nested template that reads its own column is a cycle', () => {
    expect(
      errors({ c: { kind: 'object', fields: { self: { kind: 'template', template: '{c}' } } } }),
    ).toMatchInlineSnapshot(`
      "✖ Columns of "t" depend on each other in a cycle: c → c
        → at tables.t.columns.c
        hint: break the cycle: one of these columns must not use the other"
    `);
  });
});

describe('examples/nested-orders.yaml', () => {
  it('generates', async () => {
    const { spec } = loadSpec('examples/nested-orders.yaml');
    const { manifest } = await generateToDirectory(spec, { out: join(dir, 'example'), format: 'jsonl' });
    expect(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])).toEqual([
      ['orders', 1000],
    ]);
    const first = JSON.parse(readFileSync(join(dir, 'example', 'orders.jsonl'), 'utf8').split('\n')[0]!);
    expect(Object.keys(first.customer)).toEqual(['name', 'tier', 'phone', 'code', 'address']);
  });

  it('the JSON Schema describes nested columns through one recursive definition', () => {
    const schema = specJsonSchema() as { $defs: Record<string, { oneOf: { properties: Obj }[] }> };
    const column = schema.$defs.column!;
    const kinds = column.oneOf.map((o) => (o.properties.kind as { const: string }).const);
    expect(kinds).toEqual(expect.arrayContaining(['object', 'array']));
    const array = column.oneOf.find((o) => (o.properties.kind as { const: string }).const === 'array')!;
    expect(array.properties.of).toMatchObject({ $ref: '#/$defs/column' });
  });
});
