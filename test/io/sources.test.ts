import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, type DbConnection, type DbLocation } from '../../src/io/db/index.js';
import { normaliserFor, openSource, type ReadCell, writeCsvRecord } from '../../src/io/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/tmp.js';

/** The same two tables written into every engine and format: types, nulls, awkward text. */
type Kind = 'int' | 'text' | 'date' | 'bool' | 'decimal' | 'double' | 'timestamp';
const TABLES: { name: string; columns: [string, Kind][]; rows: ReadCell[][] }[] = [
  {
    name: 'customer',
    columns: [
      ['id', 'int'],
      ['name', 'text'],
      ['email', 'text'],
      ['joined', 'date'],
      ['active', 'bool'],
      ['balance', 'decimal'],
      ['seen', 'timestamp'],
    ],
    rows: [
      [1, 'Ada Lovelace', 'ada@example.com', '1990-01-31', true, 12.5, '2024-03-14T09:30:00'],
      [2, 'Zoë "Z" O\'Neil, Jr.', null, '2001-12-01', false, -3, null],
      [3, 'Line\nbreak', 'x@y.org', '1970-01-01', true, 1234567.89, '2023-12-31T23:59:59.25'],
    ],
  },
  {
    name: 'orders',
    columns: [
      ['id', 'int'],
      ['customer_id', 'int'],
      ['note', 'text'],
      ['amount', 'double'],
    ],
    rows: [
      [10, 1, 'first order', 19.99],
      [11, 1, null, 0.5],
      [12, 3, 'comma, here', 100],
    ],
  },
];

const SQL_TYPES: Record<'postgres' | 'mysql' | 'duckdb' | 'sqlite', Record<Kind, string>> = {
  postgres: {
    int: 'INTEGER',
    text: 'TEXT',
    date: 'DATE',
    bool: 'BOOLEAN',
    decimal: 'NUMERIC(10,2)',
    double: 'DOUBLE PRECISION',
    timestamp: 'TIMESTAMP',
  },
  mysql: {
    int: 'INT',
    text: 'TEXT',
    date: 'DATE',
    bool: 'BOOLEAN',
    decimal: 'DECIMAL(10,2)',
    double: 'DOUBLE',
    timestamp: 'DATETIME(3)',
  },
  duckdb: {
    int: 'INTEGER',
    text: 'VARCHAR',
    date: 'DATE',
    bool: 'BOOLEAN',
    decimal: 'DECIMAL(10,2)',
    double: 'DOUBLE',
    timestamp: 'TIMESTAMP',
  },
  sqlite: {
    int: 'INTEGER',
    text: 'TEXT',
    date: 'DATE',
    bool: 'BOOLEAN',
    decimal: 'NUMERIC',
    double: 'REAL',
    timestamp: 'DATETIME',
  },
};

/** Writes the dataset with plain SQL: the engine's own types, parameters for every value. */
async function fill(db: DbConnection): Promise<void> {
  const types = SQL_TYPES[db.engine];
  for (const t of TABLES) {
    const cols = t.columns.map(([c, k]) => `${db.quote(c)} ${types[k]}${c === 'id' ? ' PRIMARY KEY' : ''}`);
    await db.exec(`CREATE TABLE ${db.quote(t.name)} (${cols.join(', ')})`);
    const marks = t.columns.map(() => '?').join(', ');
    for (const row of t.rows)
      await db.query(
        `INSERT INTO ${db.quote(t.name)} VALUES (${marks})`,
        row.map((v, i) => {
          const kind = t.columns[i]![1];
          if (db.engine === 'sqlite' && typeof v === 'boolean') return v ? 1 : 0;
          // date-times go in as SQL text, the form every engine takes
          return kind === 'timestamp' && typeof v === 'string' ? v.replace('T', ' ') : v;
        }),
      );
  }
}

const dir = tempDir();

async function database(location: DbLocation): Promise<string> {
  if (location.kind === 'sqlite') {
    const { connectSqlite } = await import('../../src/io/db/sqlite-connection.js');
    await (await connectSqlite(location.file, true)).close();
  }
  const db = await connect(location);
  await fill(db);
  await db.close();
  return location.kind === 'postgres' || location.kind === 'mysql'
    ? location.url
    : `${location.kind}:${location.file}`;
}

/** CSV is untyped: every value reads back as its text. */
const asText = (v: ReadCell) => (v === null ? null : String(v));

const SOURCES: [string, () => Promise<string>, ((v: ReadCell) => ReadCell)?][] = [
  ['postgres', async () => database({ kind: 'postgres', url: await pgDatabase('sources') })],
  ['mysql', async () => database({ kind: 'mysql', url: await mysqlDatabase('sources') })],
  ['duckdb', () => database({ kind: 'duckdb', file: join(dir, 'shop.duckdb') })],
  ['sqlite', () => database({ kind: 'sqlite', file: join(dir, 'shop.sqlite') })],
  [
    'parquet',
    async () => {
      mkdirSync(join(dir, 'pq'));
      const db = await connect({ kind: 'duckdb', file: join(dir, 'for-parquet.duckdb') });
      await fill(db);
      for (const t of TABLES)
        await db.exec(`COPY ${t.name} TO '${join(dir, `pq/${t.name}.parquet`)}' (FORMAT parquet)`);
      await db.close();
      return `parquet:${join(dir, 'pq')}`;
    },
  ],
  [
    'csv folder',
    async () => {
      const sub = join(dir, 'csv');
      mkdirSync(sub);
      for (const t of TABLES) {
        const lines = [t.columns.map(([c]) => c), ...t.rows.map((r) => r.map((v) => asText(v) ?? ''))];
        writeFileSync(join(sub, `${t.name}.csv`), `${lines.map((l) => writeCsvRecord(l, ',')).join('\n')}\n`);
      }
      return sub;
    },
    asText,
  ],
  [
    'jsonl files',
    async () => {
      const sub = join(dir, 'jsonl');
      mkdirSync(sub);
      for (const t of TABLES) {
        const objects = t.rows.map((r) =>
          JSON.stringify(Object.fromEntries(t.columns.map(([c], i) => [c, r[i]]))),
        );
        writeFileSync(join(sub, `${t.name}.jsonl`), `${objects.join('\n')}\n`);
      }
      return sub;
    },
  ],
];

describe.each(SOURCES)('the %s source', (_name, write, expectCell = (v) => v) => {
  let written: Promise<string> | undefined;
  const make = () => {
    written ??= write();
    return written;
  };

  it('lists the tables and reads back the same columns, rows, values and nulls', async () => {
    const source = await openSource(await make());
    const names = (await source.tables()).map((t) => t.name);
    for (const t of TABLES) {
      expect(names).toContain(t.name);
      const table = (await source.table(t.name))!;
      expect(table.columns.map((c) => c.name)).toEqual(t.columns.map(([c]) => c));
      const rows = await table.open();
      expect(rows.columns).toEqual(t.columns.map(([c]) => c));
      const got: ReadCell[][] = [];
      for await (const batch of rows.batches()) got.push(...batch.rows.map((r) => [...r]));
      expect(got).toEqual(t.rows.map((r) => r.map(expectCell)));
    }
    expect(await source.table('no_such_table')).toBeUndefined();
    await source.close();
  });

  it('reads two tables at once, and still reads after close()', async () => {
    const source = await openSource(await make());
    const [a, b] = await Promise.all(TABLES.map((t) => source.table(t.name)));
    await source.close();
    const count = async (t: typeof a) => {
      let n = 0;
      for await (const batch of (await t!.open()).batches()) n += batch.rows.length;
      return n;
    };
    expect(await Promise.all([count(a), count(b)])).toEqual([3, 3]);
  });
});

describe('value normalisation', () => {
  it('reads every engine’s dates, booleans and decimals the same way', () => {
    expect(normaliserFor('timestamp with time zone')('2024-03-14 10:00:00+02')).toBe('2024-03-14T08:00:00Z');
    expect(normaliserFor('timestamptz')('2024-03-14 10:00:00.120+05:30')).toBe('2024-03-14T04:30:00.12Z');
    expect(normaliserFor('TIMESTAMP')('2024-03-14T10:00:00.000Z')).toBe('2024-03-14T10:00:00');
    expect(normaliserFor('datetime')('2024-03-14 10:00:00')).toBe('2024-03-14T10:00:00');
    expect(normaliserFor('DATE')('2024-03-14T00:00:00.000Z')).toBe('2024-03-14');
    expect(normaliserFor('tinyint(1)')(1)).toBe(true);
    expect(normaliserFor('BOOLEAN')(0)).toBe(false);
    expect(normaliserFor('numeric(10,2)')('12.50')).toBe(12.5);
    expect(normaliserFor('decimal(10,2)')(1234567.8900000001)).toBe(1234567.89);
    expect(normaliserFor('numeric')('123456789012345678901234567890')).toBe('123456789012345678901234567890');
    expect(normaliserFor('bigint')(2n ** 40n)).toBe(2 ** 40);
    expect(normaliserFor('bigint')(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(normaliserFor('TIME')(36_672_500_000)).toBe('10:11:12.5');
    expect(normaliserFor('blob')(Buffer.from('hi'))).toBe('aGk=');
    expect(normaliserFor(undefined)(undefined)).toBeNull();
  });
});

describe('source errors', () => {
  it('says what is wrong and what to give instead', async () => {
    await expect(openSource(join(dir, 'missing'))).rejects.toThrow(/missing does not exist/);
    await expect(openSource('sql:load.sql')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: sql:load.sql is a SQL script, which trainkit writes but does not read]`,
    );
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    await expect(openSource(join(dir, 'notes.txt'))).rejects.toThrow(/not CSV, JSONL, Parquet or SQLite/);
    await expect(openSource('postgres://postgres@127.0.0.1:1/x')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: Cannot connect to postgres://postgres@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1]`,
    );
  });
});

describe('validate reads any source', () => {
  it('compares a CSV file with a PostgreSQL reference table', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const url = await pgDatabase('validate_ref');
    const db = await connect({ kind: 'postgres', url });
    await db.exec(
      'CREATE TABLE visits (id INTEGER PRIMARY KEY, city TEXT, minutes DOUBLE PRECISION, day DATE)',
    );
    const rows: [number, string, number, string][] = [];
    const cities = ['Lyon', 'Oslo', 'Quito', 'Perth'];
    for (let i = 1; i <= 200; i++)
      rows.push([i, cities[i % 4]!, (i * 37) % 90, `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`]);
    await db.exec(
      `INSERT INTO visits VALUES ${rows.map((r) => `(${r[0]}, '${r[1]}', ${r[2]}, '${r[3]}')`).join(', ')}`,
    );
    await db.close();
    const csv = join(dir, 'visits.csv');
    writeFileSync(csv, `id,city,minutes,day\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const r = await runCli(['validate', csv, '--reference', url, '--no-quality', '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { fidelity?: { score: number } };
    // the same rows on both sides: the shapes agree exactly
    expect(report.fidelity?.score).toBeCloseTo(1, 6);
    const missing = await runCli([
      'validate',
      csv,
      '--reference',
      url.replace(/tk_validate_ref\w+/, 'tk_missing_db'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.replace(/127\.0\.0\.1:\d+/, 'HOST')).toMatchInlineSnapshot(`
      "✖ Cannot connect to postgres://postgres@HOST/tk_missing_db: database "tk_missing_db" does not exist
        hint: create the database first, or name one that exists
      "
    `);
  });
});
