import { describe, expect, it } from 'vitest';
import { connect } from '../../src/io/db/index.js';
import { learnSource } from '../../src/learn/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';

/** A shop whose keys only the database declares: regions, customers, orders. */
async function fill(url: string, engine: 'postgres' | 'mysql'): Promise<void> {
  const conn = await connect({ kind: engine, url });
  try {
    const serial = engine === 'postgres' ? 'INTEGER' : 'INT';
    await conn.exec(`CREATE TABLE region (region_id ${serial} PRIMARY KEY, label VARCHAR(20))`);
    await conn.exec(
      `CREATE TABLE customer (customer_id ${serial} PRIMARY KEY, email VARCHAR(80), region_ref ${serial} NOT NULL REFERENCES region(region_id))`,
    );
    await conn.exec(
      `CREATE TABLE purchase (purchase_id ${serial} PRIMARY KEY, buyer ${serial} NOT NULL REFERENCES customer(customer_id), amount DECIMAL(10,2))`,
    );
    await conn.exec(`INSERT INTO region VALUES (1, 'north'), (2, 'south'), (3, 'east')`);
    const customers: string[] = [];
    for (let i = 1; i <= 200; i++)
      customers.push(`(${i}, 'person${i}@example.com', ${1 + (i % 3 === 0 ? 2 : i % 2)})`);
    await conn.exec(`INSERT INTO customer VALUES ${customers.join(', ')}`);
    // customers 1..100 have 3 purchases each, the others 1
    const purchases: string[] = [];
    let id = 1;
    for (let c = 1; c <= 200; c++)
      for (let k = 0; k < (c <= 100 ? 3 : 1); k++)
        purchases.push(`(${id++}, ${c}, ${((c * 7 + k * 13) % 90) + 10}.50)`);
    await conn.exec(`INSERT INTO purchase VALUES ${purchases.join(', ')}`);
  } finally {
    await conn.close();
  }
}

describe.each(['postgres', 'mysql'] as const)('learn from %s', (engine) => {
  it('reads the declared keys: children per parent, no e-mail copied', async () => {
    const url = engine === 'postgres' ? await pgDatabase('learn') : await mysqlDatabase('learn');
    await fill(url, engine);
    const { spec, yaml } = await learnSource(url);
    const purchase = spec.tables.purchase!;
    expect(purchase.rows).toEqual({
      per: 'customer',
      dist: 'categorical',
      weights: { 1: 100, 3: 100 },
      spread: 'even',
    });
    expect(purchase.columns.buyer).toEqual({ kind: 'ref', ref: 'customer.customer_id' });
    // the only parent of customer, a lookup table, is the one it is made per
    expect(spec.tables.customer!.rows).toEqual({
      per: 'region',
      dist: 'categorical',
      weights: { 66: 1, 67: 2 },
      spread: 'even',
    });
    expect(spec.tables.customer!.columns.region_ref).toEqual({ kind: 'ref', ref: 'region.region_id' });
    expect(spec.tables.customer!.columns.email).toMatchObject({ kind: 'fake', method: 'internet.email' });
    expect(yaml).not.toMatch(/person\d+@example\.com/);
  });
});
