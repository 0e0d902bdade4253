import type { DbConnection } from '../io/db/index.js';
import { parseDdl } from './ddl-parser.js';
import { resolveForeignKeys } from './resolve-names.js';
import type { DbTable } from './types.js';

/** DuckDB: duckdb_tables, duckdb_columns and duckdb_constraints, for one schema. */
export async function duckdbTables(conn: DbConnection, schema: string): Promise<DbTable[]> {
  const tables = new Map<string, DbTable>();
  for (const r of await conn.query(
    'SELECT table_name FROM duckdb_tables() WHERE schema_name = ? AND NOT internal ORDER BY table_oid',
    [schema],
  )) {
    const name = String(r.table_name);
    tables.set(name, { name, columns: [], primaryKey: [], foreignKeys: [], unique: [], checks: [] });
  }
  for (const r of await conn.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
     FROM duckdb_columns() WHERE schema_name = ? ORDER BY table_oid, column_index`,
    [schema],
  )) {
    const t = tables.get(String(r.table_name));
    if (!t) continue;
    const dflt = r.column_default === null ? undefined : String(r.column_default);
    t.columns.push({
      name: String(r.column_name),
      type: String(r.data_type),
      notNull: r.is_nullable === false,
      ...(dflt === undefined ? {} : { default: dflt }),
      ...(dflt?.startsWith('nextval(') ? { autoIncrement: true } : {}),
    });
  }
  // each constraint's text is a table constraint as DDL writes it: read it with the DDL parser
  for (const r of await conn.query(
    `SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()
     WHERE schema_name = ? AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE', 'CHECK')`,
    [schema],
  )) {
    const t = tables.get(String(r.table_name));
    if (!t) continue;
    const cols = t.columns.map((c) => `"${c.name.replaceAll('"', '""')}" x`).join(', ');
    const read = parseDdl(`CREATE TABLE "${t.name.replaceAll('"', '""')}" (${cols}, ${r.constraint_text});`, {
      dialect: 'sqlite',
      partial: true,
    });
    const parsed = read.tables[read.tables.length - 1]!;
    if (parsed.primaryKey.length > 0) t.primaryKey = parsed.primaryKey;
    for (const u of parsed.unique) t.unique.push(u);
    t.checks.push(...parsed.checks);
    for (const fk of parsed.foreignKeys) t.foreignKeys.push(fk);
  }
  return resolveForeignKeys([...tables.values()]);
}
