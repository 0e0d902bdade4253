import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { userError } from '../errors/index.js';
import { parseLocation } from './db/index.js';
import { DbSource } from './sources/db-source.js';
import { fileSource } from './sources/folder-source.js';
import { parquetSource } from './sources/parquet-source.js';
import type { TableRows } from './table-reader.js';

/** A column of a source table, with the type its engine or file declares when it has one. */
export interface SourceColumn {
  readonly name: string;
  /** `INTEGER`, `VARCHAR(40)`, `timestamp with time zone`…; absent for CSV and JSONL. */
  readonly type?: string;
}

/** One table of a source: its columns, and its rows on demand. */
export interface SourceTable {
  readonly name: string;
  readonly columns: readonly SourceColumn[];
  /** The files the table is read from (the parts of a split are one table); empty for a database. */
  readonly files: readonly string[];
  /**
   * Streams the rows in batches, memory flat. Values read the same whatever the engine: numbers
   * as numbers, booleans as booleans, dates as ISO text (`2024-03-14`, `2024-03-14T09:30:00`,
   * `…Z` when the type has a time zone), NULL as null; CSV cells stay text. A database reads
   * in `orderBy` order when it is given (files keep their own order).
   */
  open(options?: { readonly orderBy?: readonly string[] }): Promise<TableRows>;
}

/**
 * Where tables are read from: a database, a Parquet folder, a SQLite file, a folder of CSV or
 * JSONL files (or a `trainkit generate` output), or one file. A table stays readable after
 * `close()`: each read opens what it needs and releases it when its rows are read through (or
 * the reading loop is left), so several tables can be read at once.
 */
export interface Source {
  /** What it reads from, any password masked: for messages. */
  readonly label: string;
  tables(): Promise<readonly SourceTable[]>;
  /** A table by name, or undefined. */
  table(name: string): Promise<SourceTable | undefined>;
  close(): Promise<void>;
}

/**
 * Opens what the user named as a source: `postgres://…`, `mysql://…` (or `mariadb://`),
 * `duckdb:FILE`, `sqlite:FILE`, `parquet:DIR` (or a `.parquet` file), a folder of table files or
 * a `trainkit generate` output, or one CSV, JSONL, Parquet, SQLite or DuckDB file. A database is
 * connected to at once, so an unreachable server is reported before any work starts.
 *
 * @example
 * const source = await openSource('postgres://localhost/shop');
 * const customer = await source.table('customer');
 * for await (const { rows } of (await customer!.open()).batches()) count += rows.length;
 * await source.close();
 */
export async function openSource(text: string): Promise<Source> {
  const location = parseLocation(text);
  switch (location.kind) {
    case 'postgres':
    case 'mysql':
    case 'duckdb':
    case 'sqlite':
      return DbSource.open(location);
    case 'parquet':
      return parquetSource(location.dir);
    case 'sql':
      throw userError('not_a_source', `${text} is a SQL script, which trainkit writes but does not read`, {
        hint: 'load the script into a database and give its URL, e.g. postgres://localhost/shop',
      });
    case 'path': {
      const ext = extname(location.path).toLowerCase();
      if (ext === '.duckdb' && existsSync(location.path))
        return DbSource.open({ kind: 'duckdb', file: location.path });
      return fileSource(location.path);
    }
  }
}
