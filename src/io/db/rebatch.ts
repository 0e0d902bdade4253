import type { DbRow } from './connection.js';

/**
 * Rows from any iterator, in batches of `size` (the last one shorter): what `DbConnection.stream`
 * yields, whatever the driver's own unit (one row, or a vector of 2,048).
 *
 * @example
 * for await (const batch of rebatch(db.prepare(sql).iterate(), 1000)) write(batch);
 */
export async function* rebatch(
  rows: Iterable<DbRow> | AsyncIterable<DbRow>,
  size: number,
): AsyncGenerator<DbRow[]> {
  let batch: DbRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
