import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, generateToDirectory, parseSplit } from '../src/generate/index.js';
import type { FileFormat } from '../src/io/index.js';
import { defineSpec, type SpecInput } from '../src/spec/index.js';
import { runCli } from './helpers/run-cli.js';
import { K } from './helpers/stats.js';
import { tempDir } from './helpers/tmp.js';

const dir = tempDir();

interface ManifestPart {
  name: string;
  fraction: number;
  rows: Record<string, number>;
  labelRates: Record<string, number>;
}

/** What these tests read of manifest.json. */
interface Manifest {
  files: { path: string; sha256: string; table?: string }[];
  tables: { name: string; rows: number }[];
  splits?: { group_by?: string; parts: ManifestPart[] };
}

const readManifest = (out: string) =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;

/** Every row of a table in a SQLite file, as objects. */
function rowsOf(file: string, table: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

const SHARES = parseSplit('train=0.8,val=0.1,test=0.1');

/**
 * Customers, the products every family refers to, orders and items made per customer, and a
 * separate family of events that refer to customers and products: enough shapes for a split to
 * go wrong in.
 */
const shop: SpecInput = {
  name: 'shop',
  seed: 31,
  tables: {
    products: {
      rows: 200,
      columns: { id: { kind: 'id' }, name: { kind: 'fake', method: 'commerce.productName' } },
    },
    customers: {
      rows: 3000,
      columns: {
        id: { kind: 'id' },
        segment: { kind: 'category', values: { consumer: 4, business: 1 } },
        orders: { kind: 'aggregate', of: 'orders', fn: 'count' },
      },
    },
    orders: {
      rows: { per: 'customers', dist: 'poisson', mean: 2 },
      columns: {
        id: { kind: 'id' },
        customer_id: { kind: 'ref', ref: 'customers.id' },
        total: { kind: 'number', min: 1, max: 500, round: 2 },
      },
    },
    items: {
      rows: { per: 'orders', dist: 'uniform', min: 1, max: 3 },
      columns: {
        id: { kind: 'id' },
        order_id: { kind: 'ref', ref: 'orders.id' },
        product_id: { kind: 'ref', ref: 'products.id' },
      },
    },
    events: {
      rows: 20_000,
      columns: {
        id: { kind: 'id' },
        customer_id: { kind: 'ref', ref: 'customers.id' },
        product_id: { kind: 'ref', ref: 'products.id' },
        is_fraud: { kind: 'label', rate: 0.05 },
      },
    },
    // refers to customers by another name than the --group-by column
    reviews: {
      rows: 2000,
      columns: { id: { kind: 'id' }, author: { kind: 'ref', ref: 'customers.id' } },
    },
  },
};

describe('--split', () => {
  it('shares rows out by the fractions and keeps the label rate in every split, chunk by chunk', async () => {
    const out = join(dir, 'split-rows');
    await generateToDirectory(defineSpec(shop), { out, format: 'sqlite', split: { shares: SHARES } });
    const manifest = readManifest(out);
    const chunks = Math.ceil(20_000 / CHUNK_ROWS);
    const events = SHARES.map((s) => rowsOf(join(out, s.name, 'shop.sqlite'), 'events'));
    const n = events.reduce((a, e) => a + e.length, 0);
    const fraud = events.reduce((a, e) => a + e.filter((r) => r.is_fraud === 1).length, 0);
    expect(n).toBe(20_000);
    expect(new Set(events.flatMap((e) => e.map((r) => r.id))).size).toBe(n);
    for (const [si, s] of SHARES.entries()) {
      const rows = events[si]!.length;
      const trues = events[si]!.filter((r) => r.is_fraud === 1).length;
      // each chunk shares out each stratum (fraud, not fraud) to within a row per split
      expect(Math.abs(rows - n * s.fraction), `${s.name} rows`).toBeLessThanOrEqual(2 * chunks);
      expect(Math.abs(trues - fraud * s.fraction), `${s.name} fraud rows`).toBeLessThanOrEqual(chunks);
      const part = manifest.splits!.parts[si]!;
      expect(part).toMatchObject({ name: s.name, fraction: s.fraction });
      expect(part.rows.events).toBe(rows);
      expect(part.labelRates['events.is_fraud']).toBeCloseTo(trues / rows, 12);
    }
    // customers are referred to by another family (events), so every split holds all of that
    // family: the customers and their orders and items
    const counts = SHARES.map((s) => {
      const db = new Database(join(out, s.name, 'shop.sqlite'), { readonly: true });
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      const c = [count('customers'), count('orders'), count('items')];
      db.close();
      return c;
    });
    expect(counts[0]![0]).toBe(3000);
    expect(counts[0]![1]).toBeGreaterThan(3000);
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[2]).toEqual(counts[0]);
  });

  it('--group-by keeps each customer in one split, children with their parents, foreign keys whole', async () => {
    const out = join(dir, 'split-group');
    await generateToDirectory(defineSpec(shop), {
      out,
      format: 'sqlite',
      split: { shares: SHARES, groupBy: 'customer_id' },
    });
    const manifest = readManifest(out);
    expect(manifest.splits!.group_by).toBe('customer_id');
    const customerSplit = new Map<unknown, string>();
    const orderSplit = new Map<unknown, string>();
    let customers = 0;
    for (const s of SHARES) {
      const file = join(out, s.name, 'shop.sqlite');
      const db = new Database(file, { readonly: true });
      expect(db.pragma('foreign_key_check'), s.name).toEqual([]);
      expect((db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n).toBe(200);
      db.close();
      for (const c of rowsOf(file, 'customers')) {
        expect(customerSplit.has(c.id), `customer ${c.id} in two splits`).toBe(false);
        customerSplit.set(c.id, s.name);
        customers++;
      }
      for (const o of rowsOf(file, 'orders')) orderSplit.set(o.id, s.name);
    }
    expect(customers).toBe(3000);
    for (const s of SHARES) {
      const file = join(out, s.name, 'shop.sqlite');
      for (const e of rowsOf(file, 'events')) expect(customerSplit.get(e.customer_id)).toBe(s.name);
      for (const o of rowsOf(file, 'orders')) expect(customerSplit.get(o.customer_id)).toBe(s.name);
      for (const i of rowsOf(file, 'items')) expect(orderSplit.get(i.order_id)).toBe(s.name);
      for (const r of rowsOf(file, 'reviews')) expect(customerSplit.get(r.author)).toBe(s.name);
      // customers land by a hash of their key: a binomial share of the 3000
      const share = [...customerSplit.values()].filter((v) => v === s.name).length;
      expect(Math.abs(share - 3000 * s.fraction)).toBeLessThanOrEqual(
        K * Math.sqrt(3000 * s.fraction * (1 - s.fraction)),
      );
    }
  });

  it('makes the same split files from the same seed', async () => {
    const hashes = async (name: string) => {
      const out = join(dir, name);
      await generateToDirectory(defineSpec(shop), {
        out,
        format: 'csv',
        split: { shares: SHARES, groupBy: 'customer_id' },
      });
      return readManifest(out).files.map((f) => `${f.path} ${f.sha256}`);
    };
    const a = await hashes('same-a');
    expect(a.some((f) => f.startsWith('val/events.csv'))).toBe(true);
    expect(await hashes('same-b')).toEqual(a);
  });
});

/**
 * What makes parallel and sharded runs hard: a unique non-key column whose range is barely
 * larger than the row count (chunks made apart clash and must be remade), a template that reads
 * another family's rows (that family is retained whole), scenarios, edge cases and sidecar truth.
 */
const tricky: SpecInput = {
  name: 'tricky',
  seed: 8,
  tables: {
    products: {
      rows: 500,
      columns: {
        id: { kind: 'id', strategy: 'uuid' },
        name: { kind: 'fake', method: 'commerce.productName' },
      },
    },
    customers: {
      rows: 4000,
      columns: {
        id: { kind: 'id' },
        ticket: { kind: 'integer', min: 1, max: 4400, unique: true },
        segment: { kind: 'category', values: { consumer: 4, business: 1 } },
        signed_up: { kind: 'date', min: '2022-01-01', max: '2023-12-31' },
        spend: { kind: 'aggregate', of: 'orders', fn: 'sum', expr: 'amount', round: 2 },
      },
    },
    orders: {
      rows: { per: 'customers', dist: 'poisson', mean: 3 },
      ground_truth: 'sidecar',
      scenarios: [
        { name: 'fraud', when: 'is_fraud', columns: { amount: { dist: 'lognormal', mu: 6, sigma: 1 } } },
        { name: 'b2b', when: "customers.segment == 'business'", columns: { amount: { mu: 4.5 } } },
      ],
      edge_cases: [
        { name: 'no_amount', kind: 'missing', column: 'amount', rate: 0.01 },
        { name: 'bad_note', kind: 'malformed', column: 'note', rate: 0.01 },
        { name: 'dup', kind: 'duplicate', rate: 0.005 },
      ],
      columns: {
        id: { kind: 'id' },
        customer_id: { kind: 'ref', ref: 'customers.id' },
        product_id: { kind: 'ref', ref: 'products.id' },
        product: { kind: 'template', template: '{product_id.name} for {customers.segment}' },
        is_fraud: { kind: 'label', rate: 0.03 },
        amount: { kind: 'number', dist: 'lognormal', mu: 3, sigma: 1, round: 2 },
        note: { kind: 'pattern', pattern: 'N-????-####' },
        at: { kind: 'datetime', after: 'customers.signed_up', lag: { dist: 'exponential', rate: 0.1 } },
      },
    },
    // a unique column with a wide range: chunks made apart clash only now and then
    events: {
      rows: 6000,
      scenarios: [{ name: 'burst', rate: 0.05, columns: { size: { min: 1000, max: 2000 } } }],
      edge_cases: [{ name: 'huge', kind: 'extreme', column: 'size', rate: 0.01 }],
      columns: {
        id: { kind: 'id' },
        code: { kind: 'pattern', pattern: 'EV-######', unique: true },
        customer_id: { kind: 'ref', ref: 'customers.id' },
        size: { kind: 'number', min: 0, max: 10, round: 3 },
      },
    },
  },
};

async function hashesOf(name: string, format: FileFormat, opts: { workers?: number } = {}) {
  const out = join(dir, name);
  await generateToDirectory(defineSpec(tricky), { out, format, ...opts });
  return Object.fromEntries(readManifest(out).files.map((f) => [f.path, f.sha256]));
}

describe('--split with sidecar ground truth', () => {
  const spec = defineSpec({
    ...tricky,
    tables: { ...tricky.tables, events: { ...tricky.tables.events!, ground_truth: 'sidecar' } },
  });
  const truthCounts = async (name: string, split?: { shares: typeof SHARES; groupBy?: string }) => {
    const out = join(dir, name);
    await generateToDirectory(spec, { out, format: 'sqlite', ...(split ? { split } : {}) });
    const files = split
      ? SHARES.map((s) => join(out, s.name, 'tricky.sqlite'))
      : [join(out, 'tricky.sqlite')];
    return files.map((file) => {
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('foreign_key_check'), file).toEqual([]);
        const count = (t: string) => {
          const n = db.prepare(`SELECT count(*) AS n FROM ${t}_truth`).get() as { n: number };
          const joined = db
            .prepare(`SELECT count(*) AS n FROM ${t}_truth g JOIN ${t} r ON r.id = g.id`)
            .get() as {
            n: number;
          };
          // every truth row describes a row of its own split
          expect(joined.n, `${t} in ${file}`).toBe(n.n);
          return n.n;
        };
        return { orders: count('orders'), events: count('events') };
      } finally {
        db.close();
      }
    });
  };

  it('puts each truth row in the split of the row it describes', async () => {
    const [whole] = await truthCounts('truth-whole');
    const byRows = await truthCounts('truth-rows', { shares: SHARES });
    // events are split by row; the customers family is referred to by events, so it is copied whole
    expect(byRows.reduce((a, c) => a + c.events, 0)).toBe(whole!.events);
    expect(byRows.every((c) => c.events > 0 && c.orders === whole!.orders)).toBe(true);
    const byGroup = await truthCounts('truth-group', { shares: SHARES, groupBy: 'customer_id' });
    // workers hand over the same chunks, truth rows and the rows they describe included
    const hashes = async (name: string, workers: number) => {
      const out = join(dir, name);
      await generateToDirectory(spec, { out, format: 'csv', workers, split: { shares: SHARES } });
      return readManifest(out).files.map((f) => `${f.path} ${f.sha256}`);
    };
    expect(await hashes('truth-w2', 2)).toEqual(await hashes('truth-w1', 1));
    expect(byGroup.reduce((a, c) => a + c.events, 0)).toBe(whole!.events);
    expect(byGroup.reduce((a, c) => a + c.orders, 0)).toBe(whole!.orders);
    expect(byGroup.every((c) => c.events > 0 && c.orders > 0)).toBe(true);
  });
});

describe('--workers', () => {
  for (const format of ['csv', 'jsonl', 'sqlite'] as const) {
    it(`writes byte-identical ${format} with 2 workers and with 1`, async () => {
      const one = await hashesOf(`w1-${format}`, format);
      const two = await hashesOf(`w2-${format}`, format, { workers: 2 });
      expect(Object.keys(one).length).toBeGreaterThanOrEqual(format === 'sqlite' ? 1 : 4);
      expect(two).toEqual(one);
    });
  }
});

describe('--shard', () => {
  for (const format of ['csv', 'jsonl'] as const) {
    it(`makes ${format} shards that concatenate to the whole run, byte for byte`, async () => {
      const whole = join(dir, `whole-${format}`);
      await generateToDirectory(defineSpec(tricky), { out: whole, format });
      const parts: string[] = [];
      for (let i = 0; i < 3; i++) {
        const out = join(dir, `shard-${format}-${i}`);
        await generateToDirectory(defineSpec(tricky), { out, format, shard: { index: i, count: 3 } });
        parts.push(out);
      }
      const files = readManifest(whole).files.map((f) => f.path);
      expect(files).toEqual(
        ['products', 'customers', 'orders', 'orders_truth', 'events'].map((t) => `${t}.${format}`),
      );
      for (const f of files) {
        const joined = Buffer.concat(parts.map((p) => readFileSync(join(p, f))));
        expect(joined.equals(readFileSync(join(whole, f))), f).toBe(true);
      }
    });
  }

  it('rejects --shard with sqlite (exit code 2)', async () => {
    const file = join(dir, 'tricky.json');
    writeFileSync(file, JSON.stringify(tricky));
    const r = await runCli([
      'generate',
      file,
      '--out',
      join(dir, 'shard-sqlite'),
      '--format',
      'sqlite',
      '--shard',
      '1/3',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ --shard writes pieces of files to concatenate, which a SQLite database is not
        hint: use --format csv or jsonl with --shard, or --workers to use more cores on one machine
      "
    `);
  });
});

describe('splits refuse what would break a foreign key', () => {
  it('a table pointing into a family split by entity, but split another way itself', async () => {
    const file = join(dir, 'grp-conflict.yaml');
    writeFileSync(
      file,
      `name: grp
tables:
  customers:
    rows: 50
    columns: { id: { kind: id } }
  orders:
    rows: 200
    columns: { id: { kind: id }, customer_id: { kind: ref, ref: customers.id } }
  refunds:
    rows: 50
    columns: { id: { kind: id }, order_id: { kind: ref, ref: orders.id } }
`,
    );
    const r = await runCli([
      'generate',
      file,
      '--out',
      join(dir, 'grp-conflict'),
      '--split',
      'train=0.5,test=0.5',
      '--group-by',
      'customer_id',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ "refunds.order_id" points at "orders", which is split by entity, but "refunds" is split another way, so a row and the row it points at could land in different splits
        hint: group by the column "refunds" uses for that entity, make "refunds" a child of "orders" (rows: { per: orders }), or split without --group-by (referenced tables are then copied into every split)
      "
    `);
  });
});

it('--stratify and --group-by without --split are refused, not ignored', async () => {
  const r = await runCli([
    'generate',
    'examples/fraud-detection.yaml',
    '--out',
    join(dir, 'no-split'),
    '--stratify',
    'is_fraud',
  ]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatchInlineSnapshot(`
    "✖ --stratify needs --split
      hint: add e.g. --split train=0.8,test=0.2
    "
  `);
});
