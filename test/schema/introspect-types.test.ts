/**
 * Ranges are read only for types whose min and max mean something: a PostgreSQL database with
 * geometric or range columns (which have no min()) still introspects.
 */
import { expect, it } from 'vitest';
import { connect } from '../../src/io/db/index.js';
import { introspectSchema } from '../../src/schema/index.js';
import { pgDatabase } from '../helpers/databases.js';

const url = await pgDatabase('types');

it('postgres: point, range and array columns get a null share but no range; numbers, money and times do', async () => {
  const db = await connect({ kind: 'postgres', url });
  try {
    await db.exec(`CREATE TABLE place (
      id integer PRIMARY KEY, at point, span int4range, days daterange, tags integer[], wait interval,
      fee money, opens timetz, seen timestamptz, code text)`);
    await db.exec(`INSERT INTO place VALUES
      (1, point(1,2), int4range(1,5), daterange('2024-01-01','2024-02-01'), '{1,2}', '1 day', 3.5, '10:00+02', '2024-03-01 10:00+00', 'a'),
      (2, NULL, NULL, NULL, NULL, NULL, 7.25, NULL, '2024-05-01 10:00+00', NULL)`);
    const [place] = (await introspectSchema(db)).tables;
    const ranged = Object.entries(place!.stats!)
      .filter(([, s]) => s.min !== undefined)
      .map(([c]) => c);
    expect(ranged).toEqual(['id', 'fee', 'opens', 'seen']);
    expect(place!.stats!.at).toEqual({ nullRate: 0.5 });
  } finally {
    await db.close();
  }
});
