/**
 * A table that refers to itself (an employee's manager) whose rows do not come parents first in
 * key order: the copy writes each row after the row it refers to, so engines that check a foreign
 * key per statement (PostgreSQL) or per row (DuckDB) take every row, whatever the batch size.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  DEMO_KEY,
  Deidentifier,
  defaultRecognizers,
  deidentifyDatabase,
  loadPolicy,
} from '../../src/deid/index.js';
import { connect, type DbLocation, parseLocation } from '../../src/io/db/index.js';
import { openSqlite } from '../../src/io/index.js';
import { pgDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const policy = loadPolicy('synthesize');
const deidentifier = new Deidentifier({
  policy,
  key: DEMO_KEY,
  recognizers: defaultRecognizers({ tagger: false }),
});

// 1 and 2 report to 3, which comes later; 4 reports to 1; 7 reports to 8, which reports to 9
const from = join(dir, 'staff.sqlite');
const db = await openSqlite(from);
db.exec(`CREATE TABLE emp (id INTEGER PRIMARY KEY, boss INTEGER REFERENCES emp(id));
  INSERT INTO emp VALUES (1, 3), (2, 3), (3, NULL), (4, 1), (7, 8), (8, 9), (9, NULL);`);
db.close();

async function managed(to: string): Promise<unknown[]> {
  const conn = await connect(parseLocation(to) as DbLocation);
  try {
    const rows = await conn.query(
      'SELECT c.id AS id, p.id AS boss FROM emp c LEFT JOIN emp p ON c.boss = p.id ORDER BY c.id',
    );
    return rows.map((r) => [Number(r.id), r.boss === null ? null : Number(r.boss)]);
  } finally {
    await conn.close();
  }
}

const expected = [
  [1, 3],
  [2, 3],
  [3, null],
  [4, 1],
  [7, 8],
  [8, 9],
  [9, null],
];

it.each([
  ['duckdb', () => Promise.resolve(`duckdb:${join(dir, 'staff.duckdb')}`)],
  ['postgres', () => pgDatabase('selfref')],
])('%s: rows that refer to a later row of their own table are written after it', async (_engine, target) => {
  const to = await target();
  const report = await deidentifyDatabase({ from: `sqlite:${from}`, to, policy, deidentifier, batchRows: 2 });
  expect(report.tables.map((t) => [t.table, t.rows, t.written, t.leftOut])).toEqual([['emp', 7, 7, 0]]);
  expect(await managed(to)).toEqual(expected);
});
