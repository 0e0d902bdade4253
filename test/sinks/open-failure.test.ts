/**
 * A load that fails while the sink opens (tables already there, a type the server refuses) must
 * leave nothing behind: no connection that keeps the process alive, no half-made tables.
 */
import { describe, expect, it } from 'vitest';
import { generateToTarget } from '../../src/generate/index.js';
import { connect, type DbLocation } from '../../src/io/db/index.js';
import { defineSpec, type SpecInput } from '../../src/spec/index.js';
import { mysqlDatabase, PG_ADMIN, pgDatabase } from '../helpers/databases.js';

const pgUrl = await pgDatabase('openfail');
const myUrl = await mysqlDatabase('openfail');

/** Two tables; the second's declared type is one no server knows, so its CREATE TABLE fails. */
function shop(badType: boolean): SpecInput {
  return {
    name: 'shop',
    seed: 1,
    tables: {
      customer: {
        rows: 5,
        columns: { id: { kind: 'id' }, name: { kind: 'fake', method: 'person.firstName' } },
      },
      purchase: {
        rows: 10,
        columns: {
          id: { kind: 'id' },
          customer_id: { kind: 'ref', ref: 'customer.id' },
          amount: { kind: 'integer', min: 1, max: 9, ...(badType ? { sql_type: 'NO_SUCH_TYPE' } : {}) },
        },
      },
    },
  };
}

/** Other sessions on a PostgreSQL database, waited for a little (a closed one takes a moment to go). */
async function pgSessions(db: string): Promise<number> {
  const admin = await connect({ kind: 'postgres', url: PG_ADMIN } as DbLocation);
  try {
    let n = 0;
    for (let i = 0; i < 40; i++) {
      n = Number(
        (
          await admin.query(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
            [db],
          )
        )[0]!.n,
      );
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return n;
  } finally {
    await admin.close();
  }
}

async function mysqlTables(url: string): Promise<string[]> {
  const db = await connect({ kind: 'mysql', url });
  try {
    const rows = await db.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1',
    );
    return rows.map((r) => String(r.name));
  } finally {
    await db.close();
  }
}

describe('a sink that fails while opening', () => {
  it('postgres: a refused second load closes its connection (the CLI would otherwise hang)', async () => {
    const db = new URL(pgUrl).pathname.slice(1);
    await generateToTarget(defineSpec(shop(false)), { target: pgUrl });
    await expect(generateToTarget(defineSpec(shop(false)), { target: pgUrl })).rejects.toThrow(
      /already exist in the target database/,
    );
    expect(await pgSessions(db)).toBe(0);
  });

  it('postgres: a CREATE TABLE the server refuses rolls back and closes the connection', async () => {
    const db = new URL(pgUrl).pathname.slice(1);
    await expect(generateToTarget(defineSpec(shop(true)), { target: pgUrl, replace: true })).rejects.toThrow(
      /no_such_type/i,
    );
    expect(await pgSessions(db)).toBe(0);
  });

  it('mysql: a CREATE TABLE the server refuses drops the tables made before it', async () => {
    await expect(generateToTarget(defineSpec(shop(true)), { target: myUrl })).rejects.toThrow();
    expect(await mysqlTables(myUrl)).toEqual([]);
  });
});
