import type { DbConnection } from '../io/db/index.js';
import { parseDdl } from './ddl-parser.js';
import { resolveForeignKeys } from './resolve-names.js';
import type { DbColumn, DbForeignKey, DbTable } from './types.js';

/** SQLite: sqlite_master and the table_info, foreign_key_list and index_list pragmas. */
export async function sqliteTables(conn: DbConnection): Promise<DbTable[]> {
  const q = conn.quote;
  const masters = await conn.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
  );
  const tables: DbTable[] = [];
  for (const m of masters) {
    const name = String(m.name);
    // checks and AUTOINCREMENT are only in the CREATE statement SQLite kept
    const declared = m.sql
      ? parseDdl(String(m.sql), { dialect: 'sqlite', partial: true }).tables[0]
      : undefined;
    const info = await conn.query(`PRAGMA table_info(${q(name)})`);
    const pk = info
      .filter((r) => Number(r.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((r) => String(r.name));
    const columns: DbColumn[] = info.map((r) => {
      const cname = String(r.name);
      const type = String(r.type ?? '');
      const rowid = pk.length === 1 && pk[0] === cname && /^integer$/i.test(type);
      const auto = declared?.columns.find((c) => c.name === cname)?.autoIncrement === true;
      return {
        name: cname,
        type,
        // a PRIMARY KEY is NOT NULL in every other database; say so here too
        notNull: Number(r.notnull) === 1 || pk.includes(cname),
        ...(r.dflt_value === null || r.dflt_value === undefined ? {} : { default: String(r.dflt_value) }),
        ...(rowid && auto ? { autoIncrement: true } : {}),
      };
    });
    const fkRows = await conn.query(`PRAGMA foreign_key_list(${q(name)})`);
    const fks = new Map<number, { table: string; columns: string[]; refColumns: (string | null)[] }>();
    for (const r of fkRows) {
      const id = Number(r.id);
      const fk = fks.get(id) ?? { table: String(r.table), columns: [], refColumns: [] };
      fk.columns.push(String(r.from));
      fk.refColumns.push(r.to === null ? null : String(r.to));
      fks.set(id, fk);
    }
    const unique: string[][] = [];
    for (const ix of await conn.query(`PRAGMA index_list(${q(name)})`)) {
      if (Number(ix.unique) !== 1 || ix.origin === 'pk' || Number(ix.partial) === 1) continue;
      const cols = (await conn.query(`PRAGMA index_info(${q(String(ix.name))})`))
        .sort((a, b) => Number(a.seqno) - Number(b.seqno))
        .map((r) => (r.name === null ? undefined : String(r.name)));
      // an index on an expression has no column name
      if (cols.every((c) => c !== undefined)) unique.push(cols as string[]);
    }
    tables.push({
      name,
      columns,
      primaryKey: pk,
      foreignKeys: [...fks.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, f]) => f)
        .map(
          (f): DbForeignKey => ({
            columns: f.columns,
            table: f.table,
            refColumns: f.refColumns.every((c) => c !== null) ? (f.refColumns as string[]) : [],
          }),
        ),
      unique,
      checks: declared?.checks ?? [],
    });
  }
  return resolveForeignKeys(tables);
}
