import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderIssues, TrainkitError } from '../../src/errors/index.js';
import { checkFacts, guessDialect, parseDdl, splitSqlStatements, typeInfo } from '../../src/schema/index.js';
import { CHINOOK_MYSQL, CHINOOK_PG, norm } from './chinook.js';

function ddlError(sql: string, dialect: 'postgres' | 'mysql' | 'sqlite' = 'postgres'): string {
  try {
    parseDdl(sql, { dialect, file: 'schema.sql' });
  } catch (e) {
    if (e instanceof TrainkitError) return renderIssues(e.issues);
    throw e;
  }
  return 'no error';
}

describe('parseDdl on Chinook', () => {
  it.each([
    ['postgres', CHINOOK_PG],
    ['mysql', CHINOOK_MYSQL],
  ] as const)('reads the %s script: 11 tables, 11 foreign keys, composite and self keys', (dialect, file) => {
    const text = readFileSync(file, 'utf8');
    const schema = parseDdl(text, { dialect, file });
    expect(schema.tables).toHaveLength(11);
    expect(schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0)).toBe(11);
    const t = (n: string) => schema.tables.find((x) => norm(x.name) === n)!;
    expect(t('playlisttrack').primaryKey.map(norm)).toEqual(['playlistid', 'trackid']);
    expect(
      t('employee').foreignKeys.map((f) => [f.columns.map(norm), norm(f.table), f.refColumns.map(norm)]),
    ).toEqual([[['reportsto'], 'employee', ['employeeid']]]);
    const total = t('invoice').columns.find((c) => norm(c.name) === 'total')!;
    expect(total).toMatchObject({ type: 'NUMERIC(10,2)', notNull: true });
    expect(t('customer').columns.find((c) => norm(c.name) === 'company')!.notNull).toBe(false);
    // the script is mostly INSERTs: skipping them must be fast (a generous bound on a noisy machine)
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) parseDdl(text, { dialect });
    expect((performance.now() - t0) / 5).toBeLessThan(250);
    expect(guessDialect(text)).toBe(dialect);
  });
});

describe('parseDdl', () => {
  it('reads column and table constraints, ALTER TABLE ADD and CREATE UNIQUE INDEX', () => {
    const sql = `
      -- a comment; with a semicolon
      SET search_path = public;
      CREATE TABLE "Shop"."Order" (
        id BIGSERIAL PRIMARY KEY,
        "Code" varchar(12) NOT NULL UNIQUE,
        total numeric(10, 2) DEFAULT 0 CHECK (total >= 0),
        note text DEFAULT 'it''s; fine',
        made timestamp with time zone DEFAULT now() NOT NULL,
        tags integer[],
        body text DEFAULT $$a ; b$$,
        n int GENERATED ALWAYS AS IDENTITY
      );
      CREATE TABLE line (order_id int NOT NULL REFERENCES "Order", line_no int NOT NULL, qty int,
        CONSTRAINT pk PRIMARY KEY (order_id, line_no), CHECK (qty BETWEEN 1 AND 99));
      ALTER TABLE ONLY line ADD COLUMN sku varchar(8), ADD CONSTRAINT u_sku UNIQUE (sku), OWNER TO me;
      CREATE UNIQUE INDEX IF NOT EXISTS ix ON line (line_no, qty);
      CREATE UNIQUE INDEX ix2 ON line (lower(sku));
      CREATE INDEX ix3 ON line (qty);
      INSERT INTO line VALUES (1, 1, 2, 'x;y');`;
    const s = parseDdl(sql, { dialect: 'postgres' });
    expect(s.tables.map((t) => t.name)).toEqual(['Order', 'line']);
    const [order, line] = s.tables as [(typeof s.tables)[0], (typeof s.tables)[0]];
    expect(order.columns).toEqual([
      { name: 'id', type: 'BIGSERIAL', notNull: true, autoIncrement: true },
      { name: 'Code', type: 'varchar(12)', notNull: true },
      { name: 'total', type: 'numeric(10, 2)', notNull: false, default: '0' },
      { name: 'note', type: 'text', notNull: false, default: "'it''s; fine'" },
      { name: 'made', type: 'timestamp with time zone', notNull: true, default: 'now()' },
      { name: 'tags', type: 'integer[]', notNull: false },
      { name: 'body', type: 'text', notNull: false, default: '$$a ; b$$' },
      { name: 'n', type: 'int', notNull: false, autoIncrement: true },
    ]);
    expect(order.primaryKey).toEqual(['id']);
    expect(order.unique).toEqual([['Code']]);
    expect(order.checks).toEqual(['total >= 0']);
    expect(line.primaryKey).toEqual(['order_id', 'line_no']);
    expect(line.foreignKeys).toEqual([{ columns: ['order_id'], table: 'Order', refColumns: ['id'] }]);
    expect(line.columns.map((c) => c.name)).toEqual(['order_id', 'line_no', 'qty', 'sku']);
    expect(line.unique).toEqual([['sku'], ['line_no', 'qty']]);
    expect(line.checks).toEqual(['qty BETWEEN 1 AND 99']);
  });

  it('reads MySQL backquotes, AUTO_INCREMENT, KEY lines, table options and backslash escapes', () => {
    const s = parseDdl(
      "CREATE TABLE `a` (`id` int(11) unsigned NOT NULL AUTO_INCREMENT, `s` enum('x','y') DEFAULT 'x', `t` varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, PRIMARY KEY (`id`), UNIQUE KEY `u` (`t`), KEY `k` (`s`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\nINSERT INTO `a` VALUES (1, 'it\\'s; \\\\', 'x');\nCREATE TABLE b (a_id int REFERENCES A (ID));",
      { dialect: 'mysql' },
    );
    expect(s.tables[0]!.columns).toEqual([
      { name: 'id', type: 'int(11) unsigned', notNull: true, autoIncrement: true },
      { name: 's', type: "enum('x','y')", notNull: false, default: "'x'" },
      { name: 't', type: 'varchar(5)', notNull: false },
    ]);
    expect(s.tables[0]!.unique).toEqual([['t']]);
    expect(s.tables[1]!.foreignKeys).toEqual([{ columns: ['a_id'], table: 'a', refColumns: ['id'] }]);
  });

  it('reads SQLite brackets and AUTOINCREMENT, and foreign keys that name no columns', () => {
    const s = parseDdl(
      'CREATE TABLE [p] ([id] INTEGER PRIMARY KEY AUTOINCREMENT, x);\nCREATE TABLE c (p_id REFERENCES p, y TEXT NOT NULL);',
      { dialect: 'sqlite' },
    );
    expect(s.tables[0]!.columns).toEqual([
      { name: 'id', type: 'INTEGER', notNull: true, autoIncrement: true },
      { name: 'x', type: '', notNull: false },
    ]);
    expect(s.tables[1]!.foreignKeys).toEqual([{ columns: ['p_id'], table: 'p', refColumns: ['id'] }]);
  });

  it('points at a malformed CREATE TABLE with file, line:column and a hint', () => {
    expect(
      ddlError('CREATE TABLE a (\n  id int,\n  name varchar(20) NOT NULL\n  email text\n);'),
    ).toMatchInlineSnapshot(`
      "✖ Column "name" of "a": unexpected "email"
        → at schema.sql:4:3
        hint: a column is: name type [NOT NULL] [DEFAULT …] [PRIMARY KEY] [UNIQUE] [REFERENCES t (c)] [CHECK (…)]; is a comma missing before it?"
    `);
    expect(
      ddlError('CREATE TABLE a (\n  id int PRIMARY KEY,\n  b int REFERENCES nowhere (id)\n);'),
    ).toMatchInlineSnapshot(`
      "✖ A foreign key of "a" references table "nowhere", which the script does not create
        → at schema.sql:3:20
        hint: add its CREATE TABLE to the script; the tables are: a"
    `);
    expect(ddlError("CREATE TABLE a (id int, note text DEFAULT 'oops);")).toMatchInlineSnapshot(`
      "✖ A string that is never closed
        → at schema.sql:1:43
        hint: close it, or remove the stray quote"
    `);
    expect(ddlError('CREATE TABLE a (id int,\n  PRIMARY KEY (idd));')).toMatchInlineSnapshot(`
      "✖ PRIMARY KEY names column "idd", which "a" does not have
        → at schema.sql:2:3
        hint: the columns are: id"
    `);
    expect(
      ddlError('CREATE TABLE a (id int);\nALTER TABLE b ADD CONSTRAINT x UNIQUE (id);'),
    ).toMatchInlineSnapshot(`
      "✖ ALTER TABLE names table "b", which the script does not create
        → at schema.sql:2:13
        hint: create it before this point, or remove the statement; the tables are: a"
    `);
    expect(ddlError('CREATE TABLE a AS SELECT 1;')).toMatchInlineSnapshot(`
      "✖ CREATE TABLE a: expected "(" and the column list, found "AS"
        → at schema.sql:1:16
        hint: a table copied from a query or another table has no column list to read: write its columns out"
    `);
    expect(ddlError('CREATE TABLE a (id int, id text);')).toMatchInlineSnapshot(`
      "✖ Column "id" of "a" is declared twice
        → at schema.sql:1:25
        hint: remove or rename one of them"
    `);
  });

  it('splits a script into statements, leaving psql meta-commands out', () => {
    expect(splitSqlStatements("\\c shop;\nSELECT 'a;b'; /* ; */ SELECT 2 -- x;\n;", 'postgres')).toEqual([
      "SELECT 'a;b'",
      'SELECT 2 -- x;',
    ]);
  });
});

describe('types and checks', () => {
  it('reads declared types of every dialect', () => {
    expect(typeInfo('NUMERIC(10,2)')).toEqual({ family: 'decimal', precision: 10, scale: 2 });
    expect(typeInfo('character varying(40)')).toEqual({ family: 'text', length: 40 });
    expect(typeInfo('NVARCHAR(160)')).toEqual({ family: 'text', length: 160 });
    expect(typeInfo('tinyint(1)').family).toBe('boolean');
    expect(typeInfo('smallint').maxInt).toBe(32767);
    expect(typeInfo('timestamp with time zone').family).toBe('datetime');
    expect(typeInfo('DATE').family).toBe('date');
    expect(typeInfo("enum('a','b''c')")).toEqual({ family: 'enum', values: ['a', "b'c"] });
  });

  it('reads simple CHECKs into ranges and value lists, and refuses the rest', () => {
    expect(checkFacts('((qty >= 1) AND (qty <= 9))', 'postgres')).toEqual([
      { column: 'qty', min: 1 },
      { column: 'qty', max: 9 },
    ]);
    expect(checkFacts('(total >= (0)::numeric)', 'postgres')).toEqual([{ column: 'total', min: 0 }]);
    expect(checkFacts('0 < price AND price BETWEEN -5 AND 100', 'postgres')).toEqual([
      { column: 'price', min: 0, strict: true },
      { column: 'price', min: -5, max: 100 },
    ]);
    expect(checkFacts("`status` in ('a','b')", 'mysql')).toEqual([{ column: 'status', values: ['a', 'b'] }]);
    expect(checkFacts('a > b', 'postgres')).toBeUndefined();
    expect(checkFacts('a > 1 OR a < 0', 'postgres')).toBeUndefined();
  });
});
