/**
 * A spec's sql_type goes to the database as written: a type the server refuses, or values that do
 * not fit it, are the user's to fix, so they are messages naming the table (exit 2), not internal
 * errors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateToTarget } from '../../src/generate/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const pgUrl = await pgDatabase('refused');
const myUrl = await mysqlDatabase('refused');
const dir = tempDir();
const spec = join(dir, 'bad.yaml');
writeFileSync(
  spec,
  `name: bad
tables:
  t:
    rows: 3
    columns:
      id: { kind: id }
      amount: { kind: integer, min: 1, max: 9, sql_type: NO_SUCH_TYPE }
`,
);

/** stderr with the test databases' names and the server's own wording made stable */
const stable = (s: string) =>
  s
    .replaceAll(new URL(pgUrl).pathname.slice(1), '<db>')
    .replaceAll(new URL(myUrl).pathname.slice(1), '<db>')
    .replaceAll(dir, '<dir>')
    .replace(/(create table "t": ).*/, '$1<server message>')
    .replace(/(rows of table "t": ).*/, '$1<server message>');

// NUMERIC(5,2) holds less than 1000
const over = join(dir, 'over.yaml');
writeFileSync(
  over,
  `name: over
tables:
  t:
    rows: 3
    columns:
      id: { kind: id }
      amount: { kind: number, min: 1000, max: 5000, round: 2, sql_type: "NUMERIC(5,2)" }
`,
);

async function refused(target: string, file = spec): Promise<string> {
  const r = await runCli(['generate', file, '--target', target, '--replace']);
  expect(r.code).toBe(2);
  return stable(r.stderr);
}

it('postgres: a sql_type the server refuses is a user error naming the table', async () => {
  expect(await refused(pgUrl)).toMatchInlineSnapshot(`
    "✖ postgres://postgres@127.0.0.1:5432/<db> refused to create table "t": <server message>
      → at tables.t (<dir>/bad.yaml:4:5)
      hint: check the sql_type of its columns: each goes to the database as written
    "
  `);
});

it('mysql: a sql_type the server refuses is a user error naming the table', async () => {
  expect(await refused(myUrl)).toMatchInlineSnapshot(`
    "✖ mysql://root@127.0.0.1:3306/<db> refused to create table "t": <server message>
      → at tables.t (<dir>/bad.yaml:4:5)
      hint: check the sql_type of its columns: each goes to the database as written
    "
  `);
});

it('duckdb: a sql_type the engine refuses is a user error naming the table', async () => {
  expect(await refused(`duckdb:${join(dir, 'bad.duckdb')}`)).toMatchInlineSnapshot(`
    "✖ DuckDB refused to create table "t": <server message>
      → at tables.t (<dir>/bad.yaml:4:5)
      hint: check the sql_type of its columns: each goes to the database as written
    "
  `);
});

it('postgres: values that do not fit their sql_type are a user error naming the table', async () => {
  expect(await refused(pgUrl, over)).toMatchInlineSnapshot(`
    "✖ postgres://postgres@127.0.0.1:5432/<db> refused rows of table "t": <server message>
      → at tables.t (<dir>/over.yaml:4:5)
      hint: the values of each column must fit its sql_type (length, precision, range): check the column's bounds
    "
  `);
});

it('mysql: values that do not fit their sql_type are a user error naming the table (LOAD DATA and INSERT)', async () => {
  expect(await refused(myUrl, over)).toMatchInlineSnapshot(`
    "✖ mysql://root@127.0.0.1:3306/<db> refused rows of table "t": <server message>
      → at tables.t (<dir>/over.yaml:4:5)
      hint: the values of each column must fit its sql_type (length, precision, range): check the column's bounds
    "
  `);
  const err = await generateToTarget(loadSpec(over).spec, {
    target: myUrl,
    replace: true,
    mysqlMethod: 'insert',
  }).catch((e) => e);
  expect(stable(String(err))).toMatchInlineSnapshot(
    `"TrainkitError: mysql://root@127.0.0.1:3306/<db> refused rows of table "t": <server message>"`,
  );
});

it('duckdb: values that do not fit their sql_type are a user error naming the table', async () => {
  expect(await refused(`duckdb:${join(dir, 'over.duckdb')}`, over)).toMatchInlineSnapshot(`
    "✖ DuckDB refused rows of table "t": <server message>
      → at tables.t (<dir>/over.yaml:4:5)
      hint: the values of each column must fit its sql_type (length, precision, range): check the column's bounds
    "
  `);
});
