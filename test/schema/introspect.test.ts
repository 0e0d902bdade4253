import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DbConnection } from '../../src/io/db/index.js';
import { type DbSchema, introspectSchema } from '../../src/schema/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/tmp.js';
import { CHINOOK_MYSQL, CHINOOK_PG, CHINOOK_ROWS, CHINOOK_SQLITE, loadChinook, norm } from './chinook.js';

/** What every engine must report of Chinook: 11 tables, their row counts, keys and 11 foreign keys. */
function expectChinook(schema: DbSchema): void {
  const byName = new Map(schema.tables.map((t) => [norm(t.name), t]));
  expect([...byName.keys()].sort()).toEqual(Object.keys(CHINOOK_ROWS).sort());
  for (const [name, rows] of Object.entries(CHINOOK_ROWS)) expect(byName.get(name)!.rows, name).toBe(rows);
  expect(schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0)).toBe(11);
  const pt = byName.get('playlisttrack')!;
  expect(pt.primaryKey.map(norm)).toEqual(['playlistid', 'trackid']);
  const emp = byName.get('employee')!;
  const self = emp.foreignKeys.find((f) => f.table === emp.name)!;
  expect(self.columns.map(norm)).toEqual(['reportsto']);
  expect(self.refColumns.map(norm)).toEqual(['employeeid']);
  const inv = byName.get('invoice')!;
  const total = inv.columns.find((c) => norm(c.name) === 'total')!;
  expect(total.type.toLowerCase().replace(/\s/g, '')).toMatch(/^(numeric|decimal)\(10,2\)$/);
  expect(total.notNull).toBe(true);
  // nulls seen in the live data: 49 of 59 customers have no company
  const customer = byName.get('customer')!;
  const company = customer.columns.find((c) => norm(c.name) === 'company')!;
  expect(customer.stats![company.name]!.nullRate).toBeCloseTo(49 / 59, 6);
  const line = byName.get('invoiceline')!;
  const price = line.columns.find((c) => norm(c.name) === 'unitprice')!;
  expect(line.stats![price.name]).toMatchObject({ nullRate: 0, min: 0.99, max: 1.99 });
}

describe('introspectSchema', () => {
  it('reads Chinook from SQLite (pragmas)', async () => {
    const db = await connect({ kind: 'sqlite', file: CHINOOK_SQLITE });
    try {
      const schema = await introspectSchema(db);
      expect(schema.dialect).toBe('sqlite');
      expectChinook(schema);
      // the file's own order of foreign keys
      expect(schema.tables.find((t) => t.name === 'Track')!.foreignKeys.map((f) => f.table)).toEqual([
        'MediaType',
        'Genre',
        'Album',
      ]);
    } finally {
      await db.close();
    }
  });

  describe('PostgreSQL (Chinook loaded from its script)', () => {
    let db: DbConnection;
    beforeAll(async () => {
      db = await connect({ kind: 'postgres', url: await pgDatabase('schema') });
      await loadChinook(db, CHINOOK_PG, 'postgres');
      await db.exec(`CREATE TABLE extra (id serial PRIMARY KEY, code varchar(8), qty int CHECK (qty BETWEEN 1 AND 9),
        made timestamptz DEFAULT now(), a int, b int, UNIQUE (a, b));
        CREATE UNIQUE INDEX extra_code ON extra (code)`);
    });
    afterAll(() => db?.close());

    it('reads tables, keys, checks, identity columns and unique indexes from pg_catalog', async () => {
      const schema = await introspectSchema(db);
      expect(schema.dialect).toBe('postgres');
      const extra = schema.tables.find((t) => t.name === 'extra')!;
      schema.tables.splice(schema.tables.indexOf(extra), 1);
      expectChinook(schema);
      expect(extra.columns.map((c) => [c.name, c.type, c.notNull, c.autoIncrement ?? false])).toEqual([
        ['id', 'integer', true, true],
        ['code', 'character varying(8)', false, false],
        ['qty', 'integer', false, false],
        ['made', 'timestamp with time zone', false, false],
        ['a', 'integer', false, false],
        ['b', 'integer', false, false],
      ]);
      expect(extra.unique).toEqual([['a', 'b'], ['code']]);
      expect(extra.checks).toEqual(['((qty >= 1) AND (qty <= 9))']);
      expect(extra.columns[3]!.default).toBe('now()');
      expect(extra.rows).toBe(0);
    });
  });

  describe('MariaDB (Chinook loaded from its script)', () => {
    let db: DbConnection;
    beforeAll(async () => {
      db = await connect({ kind: 'mysql', url: await mysqlDatabase('schema') });
      await loadChinook(db, CHINOOK_MYSQL, 'mysql');
      await db.exec(`CREATE TABLE extra (id int AUTO_INCREMENT PRIMARY KEY, code varchar(8) UNIQUE,
        qty int CHECK (qty >= 1), a int, b int, UNIQUE KEY ab (a, b), KEY plain (qty))`);
    });
    afterAll(() => db?.close());

    it('reads tables, keys, checks and auto-increment columns from information_schema', async () => {
      const schema = await introspectSchema(db);
      expect(schema.dialect).toBe('mysql');
      const extra = schema.tables.find((t) => t.name === 'extra')!;
      schema.tables.splice(schema.tables.indexOf(extra), 1);
      expectChinook(schema);
      expect(extra.primaryKey).toEqual(['id']);
      expect(extra.columns[0]).toMatchObject({ name: 'id', notNull: true, autoIncrement: true });
      expect(extra.unique.sort()).toEqual([['a', 'b'], ['code']]);
      expect(extra.checks.map((c) => c.replaceAll('`', ''))).toEqual(['qty >= 1']);
    });
  });

  it('reads DuckDB (duckdb_constraints), composite keys and foreign keys included', async () => {
    const file = `${tempDir()}/x.duckdb`;
    const db = await connect({ kind: 'duckdb', file });
    try {
      await db.exec(`CREATE TABLE par (id INTEGER PRIMARY KEY, code VARCHAR UNIQUE, amt DECIMAL(10,2) CHECK (amt >= 0));
        CREATE TABLE "Child" (a INTEGER, b INTEGER REFERENCES PAR(ID), c INTEGER, PRIMARY KEY (a, b), UNIQUE (b, c));
        INSERT INTO par VALUES (1, 'x', 2.5), (2, NULL, 3); INSERT INTO "Child" VALUES (1, 1, NULL), (1, 2, 3);`);
      const schema = await introspectSchema(db);
      expect(schema.tables.map((t) => [t.name, t.rows, t.primaryKey])).toEqual([
        ['par', 2, ['id']],
        ['Child', 2, ['a', 'b']],
      ]);
      const [par, child] = schema.tables as [DbSchema['tables'][0], DbSchema['tables'][0]];
      expect(par.columns[2]).toMatchObject({ name: 'amt', type: 'DECIMAL(10,2)' });
      expect(par.unique).toEqual([['code']]);
      expect(par.checks).toEqual(['(amt >= 0)']);
      expect(par.stats!.code!.nullRate).toBe(0.5);
      expect(child.foreignKeys).toEqual([{ columns: ['b'], table: 'par', refColumns: ['id'] }]);
      expect(child.unique).toEqual([['b', 'c']]);
    } finally {
      await db.close();
    }
  });
});
