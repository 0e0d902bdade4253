import type { DbConnection, Engine } from '../db/index.js';
import type { SourceColumn } from '../source.js';

// one query per engine listing the tables (and views) of the current schema with their columns
// in declared order; MySQL's column_type keeps tinyint(1), its boolean
const LISTING: Record<Engine, string> = {
  postgres: `SELECT c.table_name AS t, c.column_name AS c,
      CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name ELSE c.data_type END AS ty
    FROM information_schema.columns c
    WHERE c.table_schema = current_schema()
    ORDER BY c.table_name, c.ordinal_position`,
  mysql: `SELECT c.table_name AS t, c.column_name AS c, c.column_type AS ty
    FROM information_schema.columns c
    WHERE c.table_schema = database()
    ORDER BY c.table_name, c.ordinal_position`,
  duckdb: `SELECT c.table_name AS t, c.column_name AS c, c.data_type AS ty
    FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.table_catalog = current_database()
    ORDER BY c.table_name, c.ordinal_position`,
  sqlite: `SELECT m.name AS t, p.name AS c, p.type AS ty
    FROM sqlite_master m JOIN pragma_table_info(m.name) p
    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
    ORDER BY m.rowid, p.cid`,
};

/** The tables of a database's current schema and their columns, in the database's order. */
export async function listTables(conn: DbConnection): Promise<{ name: string; columns: SourceColumn[] }[]> {
  const out = new Map<string, SourceColumn[]>();
  for (const row of await conn.query(LISTING[conn.engine])) {
    const name = String(row.t);
    const type = row.ty === null || row.ty === undefined || row.ty === '' ? undefined : String(row.ty);
    const columns = out.get(name) ?? [];
    columns.push(type === undefined ? { name: String(row.c) } : { name: String(row.c), type });
    out.set(name, columns);
  }
  return [...out].map(([name, columns]) => ({ name, columns }));
}
