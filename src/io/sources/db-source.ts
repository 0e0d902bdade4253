import { connect, type DbConnection, type DbLocation, describeLocation } from '../db/index.js';
import type { Source, SourceTable } from '../source.js';
import { openTableRows, type ReadCell, type RowBatch, type TableRows } from '../table-reader.js';
import { listTables } from './catalogue.js';
import { normaliserFor } from './normalise.js';

// a SQLite file trainkit's own reader takes (faster: rows come as arrays, no objects)
const SQLITE_FILE = /\.(sqlite3?|db)$/i;

/** Rows fetched per round trip. */
const BATCH_ROWS = 5000;

/**
 * A database as a source: PostgreSQL, MySQL/MariaDB, DuckDB or SQLite, through one
 * DbConnection. The catalogue is read on a connection of the source's own; each table's rows
 * stream on a connection of their own, opened when reading starts and closed when it ends.
 *
 * @example
 * const source = await DbSource.open({ kind: 'postgres', url: 'postgres://localhost/shop' });
 * for (const t of await source.tables()) console.log(t.name, t.columns.length);
 * await source.close();
 */
export class DbSource implements Source {
  private catalogue: Promise<SourceTable[]> | undefined;

  private constructor(
    private readonly location: DbLocation,
    private conn: DbConnection | undefined,
  ) {}

  /** Connects at once, so an unreachable server is reported before any work starts. */
  static async open(location: DbLocation): Promise<DbSource> {
    return new DbSource(location, await connect(location));
  }

  get label(): string {
    return this.location.kind === 'postgres' || this.location.kind === 'mysql'
      ? describeLocation(this.location.url)
      : `${this.location.kind}:${this.location.file}`;
  }

  tables(): Promise<readonly SourceTable[]> {
    this.catalogue ??= this.readCatalogue();
    return this.catalogue;
  }

  async table(name: string): Promise<SourceTable | undefined> {
    return (await this.tables()).find((t) => t.name === name);
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close();
  }

  private async readCatalogue(): Promise<SourceTable[]> {
    const conn = this.conn ?? (await connect(this.location));
    this.conn = conn;
    const location = this.location;
    return (await listTables(conn)).map(({ name, columns }) => ({
      name,
      columns,
      files: [],
      async open(options = {}) {
        const norms = columns.map((c) => normaliserFor(c.type));
        const names = columns.map((c) => c.name);
        const orderBy = options.orderBy ?? [];
        if (location.kind === 'sqlite' && SQLITE_FILE.test(location.file) && orderBy.length === 0)
          return normalised(await openTableRows(location.file, name), norms);
        return {
          columns: names,
          async *batches(): AsyncGenerator<RowBatch> {
            const db = await connect(location);
            try {
              const list = names.map((c) => db.quote(c)).join(', ');
              let line = 1;
              const order = orderBy.length ? ` ORDER BY ${orderBy.map((c) => db.quote(c)).join(', ')}` : '';
              const sql = `SELECT ${list} FROM ${db.quote(name)}${order}`;
              for await (const rows of db.stream(sql, BATCH_ROWS)) {
                const out: ReadCell[][] = new Array(rows.length);
                for (let r = 0; r < rows.length; r++) {
                  const row = rows[r]!;
                  const cells: ReadCell[] = new Array(names.length);
                  for (let c = 0; c < names.length; c++) cells[c] = norms[c]!(row[names[c]!]);
                  out[r] = cells;
                }
                yield { rows: out, line };
                line += rows.length;
              }
            } finally {
              await db.close();
            }
          },
        };
      },
    }));
  }
}

/** The rows of a reader with each column's normaliser applied (none where all are plain). */
function normalised(rows: TableRows, norms: readonly ((v: unknown) => ReadCell)[]): TableRows {
  const plain = normaliserFor(undefined);
  if (norms.every((n) => n === plain)) return rows;
  return {
    columns: rows.columns,
    async *batches() {
      for await (const batch of rows.batches()) {
        for (const row of batch.rows as ReadCell[][])
          for (let c = 0; c < norms.length; c++) row[c] = norms[c]!(row[c]);
        yield batch;
      }
    },
  };
}
