import { readFileSync } from 'node:fs';
import type { DbConnection } from '../../src/io/db/index.js';
import { splitSqlStatements } from '../../src/schema/index.js';

export const CHINOOK = '../shared/data/chinook';
export const CHINOOK_PG = `${CHINOOK}/Chinook_PostgreSql.sql`;
export const CHINOOK_MYSQL = `${CHINOOK}/Chinook_MySql.sql`;
export const CHINOOK_SQLITE = `${CHINOOK}/Chinook_Sqlite.sqlite`;

/** The row counts of the Chinook tables, as the published database holds them. */
export const CHINOOK_ROWS: Record<string, number> = {
  album: 347,
  artist: 275,
  customer: 59,
  employee: 8,
  genre: 25,
  invoice: 412,
  invoiceline: 2240,
  mediatype: 5,
  playlist: 18,
  playlisttrack: 8715,
  track: 3503,
};

/** Table names compared without case and underscores (invoice_line, InvoiceLine). */
export const norm = (name: string) => name.toLowerCase().replaceAll('_', '');

/**
 * Loads a Chinook script into an empty database statement by statement, leaving out what
 * creates, drops or switches databases (the test database is already the current one).
 */
export async function loadChinook(
  conn: DbConnection,
  file: string,
  dialect: 'postgres' | 'mysql',
): Promise<void> {
  const skip = /^(DROP DATABASE|CREATE DATABASE|USE\s)/i;
  for (const stmt of splitSqlStatements(readFileSync(file, 'utf8'), dialect)) {
    if (!skip.test(stmt)) await conn.exec(stmt);
  }
}
