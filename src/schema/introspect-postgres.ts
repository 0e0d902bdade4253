import type { DbConnection } from '../io/db/index.js';
import type { DbColumn, DbTable } from './types.js';

const COLUMNS = `
SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS ident
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

const CONSTRAINTS = `
SELECT con.contype AS kind, c.relname AS tbl, fc.relname AS ftbl,
       pg_get_constraintdef(con.oid) AS def,
       (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS cols,
       (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS fcols
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = ? AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY c.relname, con.conname`;

// unique indexes that are not constraints (CREATE UNIQUE INDEX), on plain columns, over all rows
const UNIQUE_INDEXES = `
SELECT c.relname AS tbl,
       (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n) AS cols
FROM pg_index ix
JOIN pg_class c ON c.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ? AND ix.indisunique AND NOT ix.indisprimary
  AND ix.indexprs IS NULL AND ix.indpred IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)`;

/** PostgreSQL: pg_catalog, for the tables of one schema. */
export async function postgresTables(conn: DbConnection, schema: string): Promise<DbTable[]> {
  const tables = new Map<string, DbTable>();
  const table = (name: string): DbTable => {
    let t = tables.get(name);
    if (!t) {
      t = { name, columns: [], primaryKey: [], foreignKeys: [], unique: [], checks: [] };
      tables.set(name, t);
    }
    return t;
  };
  for (const r of await conn.query(COLUMNS, [schema])) {
    const dflt = r.dflt === null ? undefined : String(r.dflt);
    const col: DbColumn = {
      name: String(r.col),
      type: String(r.type),
      notNull: r.not_null === true,
      ...(dflt === undefined ? {} : { default: dflt }),
      ...(r.ident === 'a' || r.ident === 'd' || dflt?.startsWith('nextval(') ? { autoIncrement: true } : {}),
    };
    table(String(r.tbl)).columns.push(col);
  }
  for (const r of await conn.query(CONSTRAINTS, [schema])) {
    const t = tables.get(String(r.tbl));
    if (!t) continue;
    const cols = (r.cols as string[] | null) ?? [];
    switch (r.kind) {
      case 'p':
        t.primaryKey = cols;
        break;
      case 'u':
        t.unique.push(cols);
        break;
      case 'f':
        t.foreignKeys.push({
          columns: cols,
          table: String(r.ftbl),
          refColumns: (r.fcols as string[] | null) ?? [],
        });
        break;
      case 'c':
        t.checks.push(checkBody(String(r.def)));
        break;
    }
  }
  for (const r of await conn.query(UNIQUE_INDEXES, [schema])) {
    const t = tables.get(String(r.tbl));
    const cols = r.cols as string[] | null;
    if (t && cols && !t.unique.some((u) => u.join('\0') === cols.join('\0'))) t.unique.push(cols);
  }
  return [...tables.values()];
}

/** `CHECK ((total >= (0)::numeric))` → `(total >= (0)::numeric)`. */
export function checkBody(def: string): string {
  const m = /^CHECK\s*\((.*)\)(\s+NOT VALID)?$/is.exec(def.trim());
  return m ? m[1]!.trim() : def;
}
