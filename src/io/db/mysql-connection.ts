import { connectError } from './connect-error.js';
import type { DbConnection, DbRow } from './connection.js';
import { describeLocation } from './location.js';
import { rebatch } from './rebatch.js';

/** The subset of mysql2/promise's connection this connection uses. */
export interface MysqlClient {
  query(sql: string, values?: readonly unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
  /** the callback connection underneath, for streaming */
  readonly connection: {
    query(sql: string): { stream(options?: { highWaterMark?: number }): AsyncIterable<DbRow> };
  };
}

/**
 * A mysql2 connection whose values read the same whatever the server: dates as text, exact
 * decimals and 64-bit integers as numbers when they fit, several statements per call allowed.
 */
export async function newMysqlClient(url: string, extra: Record<string, unknown> = {}): Promise<MysqlClient> {
  const mysql = (await import('mysql2/promise')).default;
  return (await mysql.createConnection({
    uri: url,
    dateStrings: true,
    decimalNumbers: true,
    supportBigNumbers: true,
    multipleStatements: true,
    // mysql2 parses binary-protocol doubles itself and can land one ulp off (90.33333333333331 for
    // 90.33333333333333); reading the server's shortest text and parsing it gives the stored value
    typeCast: (field: { type: string; string(): string | null }, next: () => unknown) => {
      if (field.type === 'DOUBLE' || field.type === 'FLOAT') {
        const text = field.string();
        return text === null ? null : Number(text);
      }
      return next();
    },
    ...extra,
  })) as unknown as MysqlClient;
}

/** Opens a MySQL or MariaDB connection (see DbConnection). */
export async function connectMysql(url: string): Promise<DbConnection> {
  const label = describeLocation(url);
  let client: MysqlClient;
  try {
    client = await newMysqlClient(url);
  } catch (e) {
    throw connectError(label, e);
  }
  return {
    engine: 'mysql',
    label,
    async query(sql, params = []) {
      const [rows] = await client.query(sql, params);
      return Array.isArray(rows) ? (rows as DbRow[]) : [];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async *stream(sql, batchRows = 2000) {
      yield* rebatch(client.connection.query(sql).stream({ highWaterMark: batchRows }), batchRows);
    },
    quote: (name) => `\`${name.replaceAll('`', '``')}\``,
    async close() {
      await client.end();
    },
  };
}
