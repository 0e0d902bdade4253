/**
 * Date-times are UTC wall times (the value engine formats them in UTC), whatever the machine's
 * time zone: the Parquet file must say the same instant on a machine in New York as in London.
 */
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterEach, expect, it } from 'vitest';
import { ParquetSink, StagedDir } from '../../src/io/index.js';
import { tempDir } from '../helpers/tmp.js';
import { col } from './sink-conformance.js';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

it('parquet: a date-time written as "YYYY-MM-DD HH:mm:ss" is the same UTC instant in any time zone', async () => {
  process.env.TZ = 'America/New_York';
  const root = join(tempDir(), 'out');
  const dir = new StagedDir(root);
  const sink = new ParquetSink(dir);
  const layout = {
    name: 'tz',
    rows: 3,
    columns: [col('id', 'id', 'INTEGER', { pk: true }), col('at', 'datetime', 'TEXT')],
  };
  await sink.open({ name: 'tz', tables: [layout] });
  await sink.write({
    table: 'tz',
    index: 0,
    start: 0,
    rows: 3,
    columns: [
      [1, 2, 3],
      ['2024-01-05 10:00:00', '2024-07-05T10:00:00Z', '2024-07-05T10:00:00'],
    ],
  });
  const files = await sink.close();
  dir.commit(files.map((f) => f.path));
  const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(root, 'tz.parquet')) });
  expect(rows.map((r) => new Date(r.at as Date).toISOString())).toEqual([
    '2024-01-05T10:00:00.000Z',
    '2024-07-05T10:00:00.000Z',
    '2024-07-05T10:00:00.000Z',
  ]);
});
