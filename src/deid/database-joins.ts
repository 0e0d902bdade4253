import { connect, type DbConnection, parseDbLocation } from '../io/db/index.js';
import { introspectSchema } from '../schema/index.js';

/** One foreign key's join, counted in both databases. */
export interface JoinCount {
  /** `child(columns) → parent(columns)` */
  readonly key: string;
  readonly source: number;
  readonly target: number;
}

async function open(text: string): Promise<DbConnection> {
  return connect(parseDbLocation(text));
}

/**
 * For every foreign key of the source database, the row count of
 * `SELECT count(*) FROM child JOIN parent ON child.fk = parent.key` in the source and in the
 * target: a de-identified copy that keeps its joins has the same counts.
 *
 * @example
 * const counts = await compareJoins('postgres://localhost/shop', 'sqlite:shop-deid.sqlite');
 * const broken = counts.filter((c) => c.source !== c.target);
 */
export async function compareJoins(from: string, to: string): Promise<JoinCount[]> {
  const source = await open(from);
  let target: DbConnection | undefined;
  try {
    target = await open(to);
    const schema = await introspectSchema(source, { stats: false });
    const out: JoinCount[] = [];
    for (const t of schema.tables)
      for (const fk of t.foreignKeys) {
        const parent = schema.tables.find((p) => p.name === fk.table);
        const ref = fk.refColumns.length ? fk.refColumns : (parent?.primaryKey ?? []);
        const count = async (db: DbConnection) => {
          const q = db.quote;
          // the parent gets an alias: a self-reference joins the table to itself
          const on = fk.columns.map((c, i) => `c.${q(c)} = p.${q(ref[i]!)}`).join(' AND ');
          const [row] = await db.query(
            `SELECT count(*) AS n FROM ${q(t.name)} c JOIN ${q(fk.table)} p ON ${on}`,
          );
          return Number(row?.n ?? 0);
        };
        out.push({
          key: `${t.name}(${fk.columns.join(', ')}) → ${fk.table}(${ref.join(', ')})`,
          source: await count(source),
          target: await count(target!),
        });
      }
    return out;
  } finally {
    await source.close();
    await target?.close();
  }
}
