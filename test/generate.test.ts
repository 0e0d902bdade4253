import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateChunks, generateToDirectory, planGeneration } from '../src/generate/index.js';
import { defineSpec, loadSpec, type Spec, type SpecInput } from '../src/spec/index.js';
import { tempDir } from './helpers/tmp.js';

type Row = Record<string, unknown>;

/** Generates a spec in memory: table → rows as objects. */
function collect(spec: Spec, opts: { seed?: number; scale?: number } = {}): Map<string, Row[]> {
  const plan = planGeneration(spec, opts);
  const out = new Map<string, Row[]>(plan.tables.map((t) => [t.name, []]));
  for (const chunk of generateChunks(plan)) {
    const names = plan.tables.find((t) => t.name === chunk.table)!.columns.map((c) => c.name);
    const rows = out.get(chunk.table)!;
    for (let r = 0; r < chunk.rows; r++) {
      const row: Row = {};
      names.forEach((n, c) => {
        row[n] = chunk.columns[c]![r];
      });
      rows.push(row);
    }
  }
  return out;
}

/** |p̂ − p| within z standard errors of a binomial proportion (z = 4.5: a false alarm about once in 150,000 runs). */
function expectRate(hits: number, n: number, p: number, z = 4.5): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(hits / n - p)).toBeLessThanOrEqual(z * se);
}

const shop: SpecInput = {
  name: 'shop',
  seed: 7,
  tables: {
    customers: {
      rows: 20_000,
      columns: {
        id: { kind: 'id' },
        first_name: { kind: 'fake', method: 'person.firstName' },
        tier: { kind: 'category', values: { gold: 1, silver: 3, bronze: 6 } },
        active: { kind: 'boolean', rate: 0.3 },
        phone: { kind: 'fake', method: 'phone.number', null_rate: 0.15 },
        age: { kind: 'integer', dist: 'normal', mean: 40, sd: 12, min: 18, max: 90 },
        email: { kind: 'template', template: '{first_name|slug}.{id}@example.com', unique: true },
      },
    },
    products: {
      rows: 300,
      columns: {
        id: { kind: 'id', strategy: 'uuid' },
        name: { kind: 'fake', method: 'commerce.productName' },
        sku: { kind: 'pattern', pattern: 'P-#####', unique: true },
      },
    },
    orders: {
      rows: { per: 'customers', dist: 'poisson', mean: 4 },
      columns: {
        id: { kind: 'id', start: 1000 },
        customer_id: { kind: 'ref', ref: 'customers.id' },
        greeting: { kind: 'template', template: 'Dear {customers.first_name}' },
      },
    },
    items: {
      rows: { per: 'orders', dist: 'geometric', mean: 1.5, min: 1 },
      columns: {
        id: { kind: 'id' },
        order_id: { kind: 'ref', ref: 'orders.id' },
        customer_id: { kind: 'ref', ref: 'customers.id' },
        product_id: { kind: 'ref', ref: 'products.id' },
        product_name: { kind: 'template', template: '{products.name}' },
      },
    },
  },
};

describe('generation', () => {
  const spec = defineSpec(shop);
  const data = collect(spec);
  const customers = data.get('customers')!;
  const orders = data.get('orders')!;
  const items = data.get('items')!;
  const products = data.get('products')!;

  it('makes the root tables the size the spec says', () => {
    expect(customers).toHaveLength(20_000);
    expect(products).toHaveLength(300);
  });

  it('keeps every foreign key pointing at an existing parent row', () => {
    const customerIds = new Set(customers.map((c) => c.id));
    const orderIds = new Set(orders.map((o) => o.id));
    const productIds = new Set(products.map((p) => p.id));
    expect(orders.every((o) => customerIds.has(o.customer_id))).toBe(true);
    expect(items.every((i) => orderIds.has(i.order_id) && productIds.has(i.product_id))).toBe(true);
  });

  it('follows a ref to a grandparent through the parent chain', () => {
    const orderCustomer = new Map(orders.map((o) => [o.id, o.customer_id]));
    expect(items.every((i) => orderCustomer.get(i.order_id) === i.customer_id)).toBe(true);
  });

  it('reads parent columns of the linked row in templates', () => {
    const names = new Map(customers.map((c) => [c.id, c.first_name]));
    expect(orders.every((o) => o.greeting === `Dear ${names.get(o.customer_id)}`)).toBe(true);
    const productNames = new Map(products.map((p) => [p.id, p.name]));
    expect(items.every((i) => i.product_name === productNames.get(i.product_id))).toBe(true);
  });

  it('draws per-parent counts from the stated distribution', () => {
    const counts = new Map<unknown, number>(customers.map((c) => [c.id, 0]));
    for (const o of orders) counts.set(o.customer_id, counts.get(o.customer_id)! + 1);
    const xs = [...counts.values()];
    const n = xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    // Poisson(4): mean 4, sd of the sample mean sqrt(4 / n); variance within 8% (its se is about 1.6% here)
    expect(Math.abs(mean - 4)).toBeLessThan(4.5 * Math.sqrt(4 / n));
    expect(Math.abs(variance / 4 - 1)).toBeLessThan(0.08);
    // orders are numbered from `start` in parent order
    expect(orders[0]!.id).toBe(1000);
    expect(orders.map((o) => o.id)).toEqual(orders.map((_, i) => 1000 + i));
  });

  it('clips a geometric count at its min', () => {
    const perOrder = new Map<unknown, number>();
    for (const i of items) perOrder.set(i.order_id, (perOrder.get(i.order_id) ?? 0) + 1);
    expect(perOrder.size).toBe(orders.length);
    expect(Math.min(...perOrder.values())).toBeGreaterThanOrEqual(1);
  });

  it('holds boolean and null rates within binomial bounds', () => {
    expectRate(customers.filter((c) => c.active === true).length, customers.length, 0.3);
    expectRate(customers.filter((c) => c.phone === null).length, customers.length, 0.15);
  });

  it('holds category weights (chi-square, 2 degrees of freedom, critical value 13.8 at p = 0.001)', () => {
    const expected = { gold: 0.1, silver: 0.3, bronze: 0.6 };
    let chi2 = 0;
    for (const [k, p] of Object.entries(expected)) {
      const obs = customers.filter((c) => c.tier === k).length;
      chi2 += (obs - p * customers.length) ** 2 / (p * customers.length);
    }
    expect(chi2).toBeLessThan(13.8);
  });

  it('truncates a normal integer to its bounds and keeps its centre', () => {
    const ages = customers.map((c) => c.age as number);
    expect(ages.every((a) => Number.isInteger(a) && a >= 18 && a <= 90)).toBe(true);
    const mean = ages.reduce((s, a) => s + a, 0) / ages.length;
    // truncation at 18 lifts the mean of N(40, 12) to about 40.6; allow ±1
    expect(mean).toBeGreaterThan(39.6);
    expect(mean).toBeLessThan(41.6);
  });

  it('makes unique columns unique', () => {
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
  });

  it('keeps a primary key unique even when its column does not say unique', () => {
    const keyed = defineSpec({
      name: 'k',
      tables: {
        t: { rows: 900, primary_key: 'code', columns: { code: { kind: 'pattern', pattern: '###' } } },
      },
    });
    const codes = collect(keyed)
      .get('t')!
      .map((r) => r.code);
    expect(new Set(codes).size).toBe(900);
  });

  it('scales root tables and lets children follow', () => {
    const half = collect(spec, { scale: 0.5 });
    expect(half.get('customers')).toHaveLength(10_000);
    expect(half.get('products')).toHaveLength(150);
    const ratio = half.get('orders')!.length / half.get('customers')!.length;
    expect(Math.abs(ratio - 4)).toBeLessThan(0.2);
  });
});

describe('randomness comes from (seed, table, column, chunk)', () => {
  const base = defineSpec(shop);

  it('gives the same data for the same seed and different data for another', () => {
    const a = collect(base);
    const b = collect(base);
    expect(b.get('customers')).toEqual(a.get('customers'));
    expect(b.get('items')).toEqual(a.get('items'));
    const c = collect(base, { seed: 8 });
    expect(c.get('customers')!.slice(0, 50)).not.toEqual(a.get('customers')!.slice(0, 50));
  });

  it('leaves the other columns alone when a column is added', () => {
    const withExtra = structuredClone(shop);
    (withExtra.tables.customers!.columns as Record<string, unknown>).score = {
      kind: 'number',
      min: 0,
      max: 1,
    };
    const a = collect(base).get('customers')!;
    const b = collect(defineSpec(withExtra)).get('customers')!;
    expect(b.map(({ score: _s, ...rest }) => rest)).toEqual(a);
  });

  it('leaves earlier chunks alone when rows are added', () => {
    const bigger = structuredClone(shop);
    bigger.tables.customers!.rows = 30_000;
    const a = collect(base).get('customers')!;
    const b = collect(defineSpec(bigger)).get('customers')!;
    expect(b.slice(0, 20_000)).toEqual(a);
  });
});

describe('generateToDirectory', () => {
  const dir = tempDir();
  const { spec } = loadSpec('examples/ecommerce.yaml');

  it.each(['csv', 'jsonl', 'sqlite'] as const)(
    'gives identical manifests and files for the same seed (%s)',
    async (format) => {
      const a = await generateToDirectory(spec, { out: join(dir, `${format}-a`), format });
      const b = await generateToDirectory(spec, { out: join(dir, `${format}-b`), format });
      expect(readFileSync(join(dir, `${format}-b`, 'manifest.json'), 'utf8')).toBe(
        readFileSync(join(dir, `${format}-a`, 'manifest.json'), 'utf8'),
      );
      expect(b.manifest).toEqual(a.manifest);
      const c = await generateToDirectory(spec, { out: join(dir, `${format}-c`), format, seed: 43 });
      expect(c.manifest.files.map((f) => f.sha256)).not.toEqual(a.manifest.files.map((f) => f.sha256));
      expect(c.manifest.seed).toBe(43);
    },
  );

  it('records version, spec hash, seed, rows, columns and file hashes in the manifest', async () => {
    const { manifest } = await generateToDirectory(spec, { out: join(dir, 'm'), format: 'csv' });
    expect(manifest.trainkit).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.seed).toBe(42);
    expect(manifest.tables.map((t) => t.name)).toEqual(['customers', 'products', 'orders', 'order_items']);
    const customers = manifest.tables[0]!;
    expect(customers.rows).toBe(1000);
    expect(customers.file).toBe('customers.csv');
    const text = readFileSync(join(dir, 'm', 'customers.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(customers.columns.join(','));
    expect(text.trimEnd().split('\n')).toHaveLength(1001);
  });
});
