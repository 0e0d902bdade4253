import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  connect,
  type DbLocation,
  describeLocation,
  numberPlaceholders,
  parseLocation,
} from '../../src/io/db/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/tmp.js';

describe('locations', () => {
  it('parses every scheme and a plain path', () => {
    expect(parseLocation('postgres://u@h/db')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(parseLocation('postgresql://h/db').kind).toBe('postgres');
    expect(parseLocation('mariadb://root@h/db')).toEqual({ kind: 'mysql', url: 'mysql://root@h/db' });
    expect(parseLocation('duckdb:out/x.duckdb')).toEqual({ kind: 'duckdb', file: 'out/x.duckdb' });
    expect(parseLocation('sqlite:///tmp/x.db')).toEqual({ kind: 'sqlite', file: '/tmp/x.db' });
    expect(parseLocation('parquet:out')).toEqual({ kind: 'parquet', dir: 'out' });
    expect(parseLocation('sql:load.sql?dialect=mysql')).toEqual({
      kind: 'sql',
      file: 'load.sql',
      dialect: 'mysql',
    });
    expect(parseLocation('out/dir')).toEqual({ kind: 'path', path: 'out/dir' });
    expect(parseLocation('C:\\data')).toEqual({ kind: 'path', path: 'C:\\data' });
  });

  it('refuses an unknown scheme and an empty file, saying what to write', () => {
    expect(() => parseLocation('oracle://h/db')).toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: Unknown scheme "oracle:" in oracle://h/db]`,
    );
    expect(() => parseLocation('duckdb:')).toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: duckdb: names no file]`,
    );
    expect(() => parseLocation('sql:x.sql?dialect=oracle')).toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: Unknown SQL dialect "oracle" in sql:x.sql?dialect=oracle]`,
    );
  });

  it('masks the password when a location is shown', () => {
    expect(describeLocation('postgres://me:s3cret@db:5432/x')).toBe('postgres://me:***@db:5432/x');
    expect(describeLocation('mysql://root@db/x')).toBe('mysql://root@db/x');
    expect(describeLocation('postgres://me:p@ss@db/x')).toBe('postgres://me:***@db/x');
    expect(describeLocation('postgres://db/x?user=me&password=s3cret&sslmode=require')).toBe(
      'postgres://db/x?user=me&password=***&sslmode=require',
    );
    expect(describeLocation('duckdb:out/x.duckdb')).toBe('duckdb:out/x.duckdb');
  });

  it('numbers placeholders outside quotes and comments', () => {
    expect(numberPlaceholders(`select '?', "a?" from t where a = ? and b = ? -- c?\nand c = ?`)).toBe(
      `select '?', "a?" from t where a = $1 and b = $2 -- c?\nand c = $3`,
    );
  });
});

const dir = tempDir();
const engines: [string, () => Promise<DbLocation>][] = [
  ['postgres', async () => ({ kind: 'postgres', url: await pgDatabase('conn') })],
  ['mysql', async () => ({ kind: 'mysql', url: await mysqlDatabase('conn') })],
  ['duckdb', async () => ({ kind: 'duckdb', file: join(dir, 'c.duckdb') })],
  ['sqlite', async () => ({ kind: 'sqlite', file: join(dir, 'c.sqlite') })],
];

describe.each(engines)('a %s connection', (engine, location) => {
  it('creates, inserts with parameters, queries and streams in batches', async () => {
    const where = await location();
    if (where.kind === 'sqlite') {
      const { connectSqlite } = await import('../../src/io/db/sqlite-connection.js');
      await (await connectSqlite(where.file, true)).close();
    }
    const db = await connect(where);
    expect(db.engine).toBe(engine);
    await db.exec(
      `CREATE TABLE ${db.quote('t')} (id INTEGER PRIMARY KEY, name VARCHAR(20), big BIGINT, day DATE)`,
    );
    for (let i = 1; i <= 25; i++)
      await db.query(`INSERT INTO ${db.quote('t')} VALUES (?, ?, ?, ?)`, [
        i,
        `n${i}`,
        2 ** 40 + i,
        '2024-03-14',
      ]);
    const rows = await db.query(`SELECT id, name, big, day FROM ${db.quote('t')} WHERE id = ?`, [3]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('n3');
    expect(rows[0]!.big).toBe(2 ** 40 + 3);
    expect(String(rows[0]!.day)).toMatch(/^2024-03-14/);
    const sizes: number[] = [];
    for await (const batch of db.stream(`SELECT id FROM ${db.quote('t')} ORDER BY id`, 10))
      sizes.push(batch.length);
    expect(sizes).toEqual([10, 10, 5]);
    // doubles come back exactly as stored
    await db.exec(`CREATE TABLE ${db.quote('d')} (x DOUBLE PRECISION)`);
    const xs = [90.33333333333333, 0.30000000000000004, 1e-300, -2.5];
    for (const x of xs) await db.query(`INSERT INTO ${db.quote('d')} VALUES (?)`, [x]);
    const back = (await db.query(`SELECT x FROM ${db.quote('d')}`)).map((r) => r.x);
    expect(back.sort()).toEqual([...xs].sort());
    await db.close();
  });
});

describe('connection errors', () => {
  it('names the server and says what to check, password masked', async () => {
    await expect(
      connect({ kind: 'postgres', url: 'postgres://u:pw@127.0.0.1:1/x' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: Cannot connect to postgres://u:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1]`,
    );
    await expect(
      connect({ kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/tk_no_such_db' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TrainkitError: Cannot connect to mysql://root@127.0.0.1:3306/tk_no_such_db: Unknown database 'tk_no_such_db']`,
    );
  });
});
