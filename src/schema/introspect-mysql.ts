import type { DbConnection } from '../io/db/index.js';
import type { DbColumn, DbTable } from './types.js';

/** MySQL and MariaDB: information_schema, for the connected database. */
export async function mysqlTables(conn: DbConnection): Promise<DbTable[]> {
  const tables = new Map<string, DbTable>();
  const names = await conn.query(
    `SELECT TABLE_NAME AS tbl FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  );
  for (const r of names) {
    const name = String(r.tbl);
    tables.set(name, { name, columns: [], primaryKey: [], foreignKeys: [], unique: [], checks: [] });
  }
  const cols = await conn.query(
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
            COLUMN_DEFAULT AS dflt, EXTRA AS extra
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  for (const r of cols) {
    const t = tables.get(String(r.tbl));
    if (!t) continue;
    // MariaDB writes "no default" of a nullable column as the text NULL
    const dflt = r.dflt === null || r.dflt === 'NULL' ? undefined : String(r.dflt);
    const col: DbColumn = {
      name: String(r.col),
      type: String(r.type),
      notNull: r.nullable === 'NO',
      ...(dflt === undefined ? {} : { default: dflt }),
      ...(/auto_increment/i.test(String(r.extra ?? '')) ? { autoIncrement: true } : {}),
    };
    t.columns.push(col);
  }
  const indexes = await conn.query(
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, COLUMN_NAME AS col, SUB_PART AS part
     FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0 ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const groups = new Map<string, { t: DbTable; idx: string; cols: string[]; partial: boolean }>();
  for (const r of indexes) {
    const t = tables.get(String(r.tbl));
    if (!t) continue;
    const key = `${r.tbl}\0${r.idx}`;
    const g = groups.get(key) ?? { t, idx: String(r.idx), cols: [], partial: false };
    if (r.col === null) g.partial = true;
    else g.cols.push(String(r.col));
    // a prefix index (name(10)) is unique on the prefix, not a constraint on the column
    if (r.part !== null && r.part !== undefined) g.partial = true;
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    if (g.idx === 'PRIMARY') g.t.primaryKey = g.cols;
    else if (!g.partial) g.t.unique.push(g.cols);
  }
  const fks = await conn.query(
    `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col,
            REFERENCED_TABLE_NAME AS ftbl, REFERENCED_COLUMN_NAME AS fcol
     FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
  );
  const fkGroups = new Map<string, { t: DbTable; table: string; columns: string[]; refColumns: string[] }>();
  for (const r of fks) {
    const t = tables.get(String(r.tbl));
    if (!t) continue;
    const key = `${r.tbl}\0${r.name}`;
    const g = fkGroups.get(key) ?? { t, table: String(r.ftbl), columns: [], refColumns: [] };
    g.columns.push(String(r.col));
    g.refColumns.push(String(r.fcol));
    fkGroups.set(key, g);
  }
  for (const g of fkGroups.values())
    g.t.foreignKeys.push({ columns: g.columns, table: g.table, refColumns: g.refColumns });
  try {
    const checks = await conn.query(
      `SELECT tc.TABLE_NAME AS tbl, cc.CHECK_CLAUSE AS clause
       FROM information_schema.TABLE_CONSTRAINTS tc
       JOIN information_schema.CHECK_CONSTRAINTS cc
         ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
       WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'`,
    );
    for (const r of checks) tables.get(String(r.tbl))?.checks.push(String(r.clause));
  } catch {
    // servers before MySQL 8.0.16 and MariaDB 10.2 keep no checks
  }
  return [...tables.values()];
}
