/**
 * A spec's sql_type goes to the database as written: one the server refuses is the user's to fix,
 * so it is a message naming the table (exit 2), not an internal error.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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
    .replace(/(create table "t": ).*/, '$1<server message>');

async function refused(target: string): Promise<string> {
  const r = await runCli(['generate', spec, '--target', target]);
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
