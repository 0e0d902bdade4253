/**
 * The peer of the generation benchmark: the same columns as bench/specs/bench.yaml, made the
 * way a TypeScript developer would write it by hand with @faker-js/faker, streamed to CSV.
 * Prints `{ rows, seconds, rowsPerSec, peakRssMb }` as JSON.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { faker } from '@faker-js/faker';

function csv(values: unknown[]): string {
  return `${values
    .map((v) => {
      if (v === null || v === undefined) return '';
      const s = String(v);
      return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(',')}\n`;
}

async function writeTable(
  path: string,
  header: string[],
  rows: number,
  row: (i: number) => unknown[],
): Promise<void> {
  const out = createWriteStream(path);
  out.write(csv(header));
  for (let i = 0; i < rows; i++) {
    if (!out.write(csv(row(i)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const [outDir = 'bench/out/baseline', customersArg = '198000', productsArg = '10000', ordersArg = '792000'] =
  process.argv.slice(2);
const customers = Number(customersArg);
const products = Number(productsArg);
const orders = Number(ordersArg);
mkdirSync(outDir, { recursive: true });
faker.seed(1);

const started = performance.now();
await writeTable(
  join(outDir, 'customers.csv'),
  [
    'id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'company',
    'street',
    'city',
    'state',
    'zip',
    'birth_date',
    'segment',
  ],
  customers,
  (i) => [
    i + 1,
    faker.person.firstName(),
    faker.person.lastName(),
    faker.internet.email(),
    faker.phone.number(),
    faker.company.name(),
    faker.location.streetAddress(),
    faker.location.city(),
    faker.location.state(),
    faker.location.zipCode(),
    faker.date.between({ from: '1940-01-01', to: '2006-12-31' }).toISOString().slice(0, 10),
    faker.helpers.weightedArrayElement([
      { value: 'consumer', weight: 60 },
      { value: 'small_business', weight: 30 },
      { value: 'enterprise', weight: 10 },
    ]),
  ],
);
await writeTable(
  join(outDir, 'products.csv'),
  ['id', 'name', 'department', 'sku', 'price', 'in_stock', 'created_at'],
  products,
  (i) => [
    i + 1,
    faker.commerce.productName(),
    faker.commerce.department(),
    faker.helpers.replaceSymbols('SKU-?????-####'),
    Math.round(Math.exp(3.5 + 0.9 * faker.number.float({ min: -3, max: 3 })) * 100) / 100,
    faker.datatype.boolean(0.85),
    faker.date.between({ from: '2018-01-01', to: '2025-12-31' }).toISOString(),
  ],
);
await writeTable(
  join(outDir, 'orders.csv'),
  [
    'id',
    'customer_id',
    'product_id',
    'ordered_at',
    'quantity',
    'amount',
    'discount',
    'status',
    'channel',
    'ship_city',
    'note',
  ],
  orders,
  (i) => [
    i + 1,
    faker.number.int({ min: 1, max: customers }),
    faker.number.int({ min: 1, max: products }),
    faker.date.between({ from: '2023-01-01', to: '2025-12-31' }).toISOString(),
    faker.number.int({ min: 1, max: 5 }),
    faker.number.float({ min: 1, max: 160, fractionDigits: 2 }),
    faker.number.float({ min: 0, max: 0.6, fractionDigits: 3 }),
    faker.helpers.weightedArrayElement([
      { value: 'delivered', weight: 80 },
      { value: 'shipped', weight: 12 },
      { value: 'cancelled', weight: 5 },
      { value: 'returned', weight: 3 },
    ]),
    faker.helpers.weightedArrayElement([
      { value: 'web', weight: 55 },
      { value: 'app', weight: 35 },
      { value: 'phone', weight: 10 },
    ]),
    faker.location.city(),
    faker.datatype.boolean(0.3) ? faker.lorem.sentence() : null,
  ],
);
const seconds = (performance.now() - started) / 1000;
const rows = customers + products + orders;
process.stdout.write(
  `${JSON.stringify({ rows, seconds, rowsPerSec: rows / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
