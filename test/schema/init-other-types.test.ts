/**
 * A live database with types no kind makes values for (geometry, ranges, arrays, intervals,
 * network addresses) still gives a spec that loads: such a column is made as text, and the spec
 * says so beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { connect } from '../../src/io/db/index.js';
import { typeInfo } from '../../src/schema/index.js';
import { pgDatabase } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const from = await pgDatabase('othertypes');
const to = await pgDatabase('othertypes_gen');
const dir = tempDir();

it('reads int4range, interval and integer[] as no integer type', () => {
  expect(
    ['int4range', 'interval', 'integer[]', 'point', 'int4', 'int(11)'].map((t) => typeInfo(t).family),
  ).toEqual(['other', 'other', 'other', 'other', 'integer', 'integer']);
});

it('postgres: init --from-db on geometric, range, array, interval and inet columns gives a spec that loads', async () => {
  const db = await connect({ kind: 'postgres', url: from });
  try {
    await db.exec(`CREATE TABLE place (
      id integer PRIMARY KEY, at point NOT NULL, span int4range, days daterange, tags integer[],
      wait interval, addr inet, name varchar(20))`);
    await db.exec(`INSERT INTO place VALUES
      (1, point(1,2), int4range(1,5), daterange('2024-01-01','2024-02-01'), '{1,2}', '1 day', '10.0.0.1', 'a')`);
  } finally {
    await db.close();
  }
  const spec = join(dir, 'place.yaml');
  const init = await runCli(['init', '--from-db', from, '--out', spec]);
  expect(init.code).toBe(0);
  const yaml = readFileSync(spec, 'utf8');
  expect(yaml).toContain('at: { kind: pattern');
  expect(yaml).toMatch(/at: .*# point: trainkit makes no values of this type; created as text: review/);
  expect(yaml).not.toMatch(/sql_type: (point|int4range|daterange|integer\[\]|interval|inet)/);
  const gen = await runCli(['generate', spec, '--target', to]);
  expect(gen.stderr).toBe('');
  expect(gen.code).toBe(0);
});
