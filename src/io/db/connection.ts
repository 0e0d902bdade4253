import { userError } from '../../errors/index.js';
import { type DataLocation, type Engine, parseLocation } from './location.js';

/** A row as a driver returns it: column name → value. */
export type DbRow = Record<string, unknown>;

/**
 * The small surface trainkit needs of a database, the same for every engine. Drivers (pg, mysql2,
 * DuckDB, better-sqlite3) load only when a connection of that engine is opened.
 */
export interface DbConnection {
  readonly engine: Engine;
  /** What the connection is to, password masked: for messages. */
  readonly label: string;
  /** Runs a query with positional `?` parameters (translated to `$1…` for PostgreSQL). */
  query(sql: string, params?: readonly unknown[]): Promise<DbRow[]>;
  /** Runs statements that return nothing (one or several, `;`-separated). */
  exec(sql: string): Promise<void>;
  /** Streams a query's rows in batches, without holding the result in memory. */
  stream(sql: string, batchRows?: number): AsyncGenerator<DbRow[]>;
  /** The identifier quoted for this engine. */
  quote(name: string): string;
  close(): Promise<void>;
}

/** A location a connection can be opened to. */
export type DbLocation = Extract<DataLocation, { kind: Engine }>;

/**
 * Opens a connection: PostgreSQL and MySQL/MariaDB over the network, DuckDB and SQLite files.
 * An unreachable server or a missing database is a user error that names the location.
 *
 * @example
 * const db = await connect(parseLocation('postgres://localhost/shop') as DbLocation);
 * const rows = await db.query('select count(*) as n from customer');
 * await db.close();
 */
export async function connect(location: DbLocation): Promise<DbConnection> {
  switch (location.kind) {
    case 'postgres':
      return (await import('./pg-connection.js')).connectPostgres(location.url);
    case 'mysql':
      return (await import('./mysql-connection.js')).connectMysql(location.url);
    case 'duckdb':
      return (await import('./duckdb-connection.js')).connectDuckdb(location.file);
    case 'sqlite':
      return (await import('./sqlite-connection.js')).connectSqlite(location.file);
  }
}

/**
 * The database a user named, or a user error saying it is not one (a path, `parquet:`, `sql:`).
 *
 * @example
 * const location = parseDbLocation(options.fromDb, '--from-db');
 */
export function parseDbLocation(text: string, flag?: string): DbLocation {
  const location = parseLocation(text);
  if (!isDbLocation(location))
    throw userError('not_a_database', `${flag ? `${flag} ` : ''}${text} is not a database`, {
      hint: 'give postgres://…, mysql://…, duckdb:FILE or sqlite:FILE',
    });
  return location;
}

/** Whether a location is a database connect() can open. */
export function isDbLocation(location: DataLocation): location is DbLocation {
  return (
    location.kind === 'postgres' ||
    location.kind === 'mysql' ||
    location.kind === 'duckdb' ||
    location.kind === 'sqlite'
  );
}
