import type { DbConnection } from '../io/db/index.js';
import type { ColumnStats, DbSchema, DbTable } from './types.js';

export interface IntrospectOptions {
  /** PostgreSQL: the schema to read (default `public`); DuckDB: default `main`. */
  readonly schema?: string;
  /** Also read each column's share of nulls and its min and max (one scan per table). Default true. */
  readonly stats?: boolean;
}

/**
 * Reads the tables of a live database: columns with their declared types, primary keys, foreign
 * keys, unique constraints and indexes, checks, and the row count of every table (and, unless
 * `stats: false`, each column's null share and range).
 *
 * @example
 * const db = await connect(parseLocation('sqlite:chinook.sqlite') as DbLocation);
 * const schema = await introspectSchema(db);
 * schema.tables.map((t) => `${t.name}: ${t.rows}`);
 */
export async function introspectSchema(
  conn: DbConnection,
  options: IntrospectOptions = {},
): Promise<DbSchema> {
  let tables: DbTable[];
  switch (conn.engine) {
    case 'postgres':
      tables = await (await import('./introspect-postgres.js')).postgresTables(
        conn,
        options.schema ?? 'public',
      );
      break;
    case 'mysql':
      tables = await (await import('./introspect-mysql.js')).mysqlTables(conn);
      break;
    case 'sqlite':
      tables = await (await import('./introspect-sqlite.js')).sqliteTables(conn);
      break;
    case 'duckdb':
      tables = await (await import('./introspect-duckdb.js')).duckdbTables(conn, options.schema ?? 'main');
      break;
  }
  for (const t of tables) await readStats(conn, t, options.stats !== false, options.schema);
  return { dialect: conn.engine, tables };
}

/** Row count, and per column the null share and range, in one scan of the table. */
async function readStats(conn: DbConnection, t: DbTable, stats: boolean, schema?: string): Promise<void> {
  const q = conn.quote;
  const from = schema && conn.engine === 'postgres' ? `${q(schema)}.${q(t.name)}` : q(t.name);
  const parts = ['count(*) AS n'];
  if (stats) {
    t.columns.forEach((c, i) => {
      parts.push(`count(${q(c.name)}) AS c${i}`);
      if (isRangeType(c.type)) parts.push(`min(${q(c.name)}) AS lo${i}`, `max(${q(c.name)}) AS hi${i}`);
    });
  }
  const [row] = await conn.query(`SELECT ${parts.join(', ')} FROM ${from}`);
  const n = Number(row?.n ?? 0);
  t.rows = n;
  if (!stats) return;
  const out: Record<string, ColumnStats> = {};
  t.columns.forEach((c, i) => {
    const nonNull = Number(row?.[`c${i}`] ?? 0);
    const lo = plain(row?.[`lo${i}`]);
    const hi = plain(row?.[`hi${i}`]);
    out[c.name] = {
      nullRate: n > 0 ? (n - nonNull) / n : 0,
      ...(lo === undefined ? {} : { min: lo }),
      ...(hi === undefined ? {} : { max: hi }),
    };
  });
  t.stats = out;
}

// types with no min() (ranges, geometry, arrays) that the words of isRangeType still catch:
// int4range and daterange, point (p-o-INT), geometry(Point)
const NO_RANGE = /interval|range|\[\]|^(point|line|lseg|box|path|polygon|circle|geometry|geography)\b/i;

/** Types whose min and max say something: numbers, dates and times. */
function isRangeType(type: string): boolean {
  return /int|num|dec|real|float|double|money|date|time|serial/i.test(type) && !NO_RANGE.test(type.trim());
}

function plain(v: unknown): number | string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
