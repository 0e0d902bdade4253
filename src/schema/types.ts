/** A SQL dialect whose DDL trainkit reads. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';

/** A column as the database declares it. */
export interface DbColumn {
  readonly name: string;
  /** The declared type as written, e.g. `VARCHAR(40)`, `NUMERIC(10,2)`; empty when SQLite has none. */
  readonly type: string;
  readonly notNull: boolean;
  /** The default expression as SQL text. */
  readonly default?: string;
  /** SERIAL, AUTO_INCREMENT, AUTOINCREMENT or an identity column. */
  readonly autoIncrement?: boolean;
}

/** A column's values in a live database: the share of nulls and the range. */
export interface ColumnStats {
  readonly nullRate: number;
  /** numbers as numbers, dates and text as text */
  readonly min?: number | string;
  readonly max?: number | string;
}

/** A foreign key: `columns` of this table refer to `refColumns` of `table`. */
export interface DbForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  /** Empty when the DDL names no columns: the target's primary key. */
  readonly refColumns: readonly string[];
}

/** A table with its constraints. */
export interface DbTable {
  readonly name: string;
  readonly columns: DbColumn[];
  primaryKey: string[];
  readonly foreignKeys: DbForeignKey[];
  /** Unique constraints and unique indexes, one column list each. */
  readonly unique: string[][];
  /** CHECK expressions as SQL text, without the CHECK keyword and outer parentheses. */
  readonly checks: string[];
  /** The number of rows, when read from a live database. */
  rows?: number;
  /** Per column: what the live data holds (absent for DDL). */
  stats?: Record<string, ColumnStats>;
}

/** What a DDL file or a live database declares. */
export interface DbSchema {
  /** The dialect of the DDL, or the engine of the database. */
  readonly dialect: SqlDialect | 'duckdb';
  readonly tables: DbTable[];
}
