import { connectError } from './connect-error.js';
import type { DbConnection, DbRow } from './connection.js';
import { describeLocation } from './location.js';
import { numberPlaceholders } from './placeholders.js';

/** The subset of pg's Client this connection uses. */
export interface PgClient {
  connect(): Promise<unknown>;
  query(text: string, values?: readonly unknown[]): Promise<{ rows: DbRow[] }>;
  end(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE_TYPES = new Set([1082, 1083, 1114, 1184, 1266]);

/**
 * A pg client whose values read the same whatever the server's settings: 64-bit integers and
 * numerics as numbers when they fit exactly (else text), dates and times as the server's text.
 */
export async function newPgClient(url: string): Promise<PgClient> {
  const pg = (await import('pg')).default;
  const getTypeParser = ((oid: number, format?: string) => {
    if (oid === INT8 || oid === NUMERIC)
      return (v: string) => {
        const x = Number(v);
        return Number.isSafeInteger(x) || (oid === NUMERIC && String(x) === v) ? x : v;
      };
    if (DATE_TYPES.has(oid)) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser;
  const client = new pg.Client({ connectionString: url, types: { getTypeParser } });
  // an error on an idle connection (the server went away) must not crash the process
  client.on('error', () => {});
  return client as unknown as PgClient;
}

/** Opens a PostgreSQL connection (see DbConnection). */
export async function connectPostgres(url: string): Promise<DbConnection> {
  const label = describeLocation(url);
  const client = await newPgClient(url);
  try {
    await client.connect();
  } catch (e) {
    throw connectError(label, e);
  }
  let cursors = 0;
  return {
    engine: 'postgres',
    label,
    async query(sql, params = []) {
      return (await client.query(numberPlaceholders(sql), params)).rows;
    },
    async exec(sql) {
      await client.query(sql);
    },
    async *stream(sql, batchRows = 2000) {
      const name = `trainkit_cursor_${++cursors}`;
      await client.query('BEGIN');
      try {
        await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const { rows } = await client.query(`FETCH ${batchRows} FROM ${name}`);
          if (rows.length === 0) break;
          yield rows;
        }
        await client.query(`CLOSE ${name}`);
      } finally {
        await client.query('COMMIT');
      }
    },
    quote: (name) => `"${name.replaceAll('"', '""')}"`,
    async close() {
      await client.end();
    },
  };
}
