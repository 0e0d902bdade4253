import type { DbTable } from './types.js';

/**
 * Spells every foreign key's table and columns as the tables declare them (SQLite and DuckDB
 * match names case-insensitively), and fills in the target's primary key where a foreign key
 * names no columns.
 */
export function resolveForeignKeys(tables: DbTable[]): DbTable[] {
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const spell = (t: DbTable, c: string) =>
    t.columns.find((x) => x.name === c)?.name ??
    t.columns.find((x) => x.name.toLowerCase() === c.toLowerCase())?.name ??
    c;
  for (const t of tables) {
    t.foreignKeys.forEach((fk, i) => {
      const target = byName.get(fk.table.toLowerCase());
      if (!target) return;
      const refColumns = fk.refColumns.length > 0 ? fk.refColumns : target.primaryKey;
      t.foreignKeys[i] = {
        columns: fk.columns.map((c) => spell(t, c)),
        table: target.name,
        refColumns: refColumns.map((c) => spell(target, c)),
      };
    });
    t.primaryKey = t.primaryKey.map((c) => spell(t, c));
  }
  return tables;
}
