import { TrainkitError } from '../../errors/index.js';
import type { DbConnection, DbRow } from './connection.js';
import { rebatch } from './rebatch.js';

/** A DuckDB value as plain data: 64-bit integers as numbers when they fit, dates as ISO text. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  return v;
}

function plainRow(row: Record<string, unknown>): DbRow {
  const out: DbRow = {};
  for (const k in row) out[k] = plain(row[k]);
  return out;
}

/** Opens (or creates) a DuckDB database file (see DbConnection). */
export async function connectDuckdb(file: string): Promise<DbConnection> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (e) {
    throw new TrainkitError(
      [
        {
          code: 'db_unreachable',
          message: `Cannot open the DuckDB file ${file}: ${String((e as Error).message).split('\n')[0]}`,
          file,
          hint: 'check the path, and that no other process holds the file open',
        },
      ],
      { cause: e },
    );
  }
  const conn = await instance.connect();
  return {
    engine: 'duckdb',
    label: `duckdb:${file}`,
    async query(sql, params = []) {
      const reader = await conn.runAndReadAll(sql, params.length ? (params as never) : undefined);
      return reader.getRowObjectsJS().map((r) => plainRow(r as Record<string, unknown>));
    },
    async exec(sql) {
      await conn.run(sql);
    },
    async *stream(sql, batchRows = 2000) {
      const result = await conn.stream(sql);
      async function* rows() {
        for await (const vector of result.yieldRowObjectJs()) for (const r of vector) yield plainRow(r);
      }
      yield* rebatch(rows(), batchRows);
    },
    quote: (name) => `"${name.replaceAll('"', '""')}"`,
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
