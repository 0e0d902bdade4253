/**
 * DuckDB checks a foreign key against the rows already in the table, and its appender sends rows
 * in blocks: a row that refers to an earlier row of its own table must not share a block with it.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateToTarget } from '../../src/generate/index.js';
import { connect } from '../../src/io/db/index.js';
import { defineSpec } from '../../src/spec/index.js';
import { tempDir } from '../helpers/tmp.js';

it('duckdb: a table that refers to itself (reports_to) loads, every reference to an existing row', async () => {
  const file = join(tempDir(), 'staff.duckdb');
  const spec = defineSpec({
    name: 'staff',
    seed: 5,
    tables: {
      employee: {
        rows: 3000,
        columns: {
          employee_id: { kind: 'id' },
          reports_to: { kind: 'ref', ref: 'employee.employee_id' },
        },
      },
    },
  });
  await generateToTarget(spec, { target: `duckdb:${file}` });
  const db = await connect({ kind: 'duckdb', file });
  try {
    const [r] = await db.query(
      'SELECT count(*) AS n, count(e.reports_to) AS refs, count(b.employee_id) AS found FROM employee e LEFT JOIN employee b ON e.reports_to = b.employee_id',
    );
    expect({ n: Number(r!.n), orphans: Number(r!.refs) - Number(r!.found) }).toEqual({ n: 3000, orphans: 0 });
    expect(Number(r!.refs)).toBeGreaterThan(2900);
  } finally {
    await db.close();
  }
});
