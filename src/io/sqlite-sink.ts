import { statSync } from 'node:fs';
import { jsonText } from './jsonl-sink.js';
import { sha256File } from './sha256-file.js';
import type { CellValue, Chunk, ColumnLayout, Sink, TableLayout, WrittenFile } from './sink.js';
import type { OutputDir } from './staged-dir.js';

/** The subset of better-sqlite3 this sink needs, so the driver loads only when it is used. */
interface SqliteStatement {
  run(...params: unknown[]): unknown;
}
export interface SqliteDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
  close(): unknown;
}

export async function openSqlite(file: string): Promise<SqliteDatabase> {
  const { default: Database } = await import('better-sqlite3');
  return new Database(file) as unknown as SqliteDatabase;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** CREATE TABLE with the primary key, unique, not-null and foreign-key constraints of the layout. */
export function createTableSql(t: TableLayout): string {
  const defs = t.columns.map((c: ColumnLayout) => {
    let d = `${quoteIdent(c.name)} ${c.sqlType}`;
    // only INTEGER PRIMARY KEY implies NOT NULL in SQLite; say it for every other key
    if (c.primaryKey) d += c.notNull ? ' PRIMARY KEY NOT NULL' : ' PRIMARY KEY';
    else {
      if (c.notNull) d += ' NOT NULL';
      if (c.unique) d += ' UNIQUE';
    }
    return d;
  });
  if (t.primaryKey && t.primaryKey.length > 1)
    defs.push(`PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
  for (const u of t.unique ?? []) defs.push(`UNIQUE (${u.map(quoteIdent).join(', ')})`);
  for (const c of t.columns) {
    if (c.references) {
      defs.push(
        `FOREIGN KEY (${quoteIdent(c.name)}) REFERENCES ${quoteIdent(c.references.table)} (${quoteIdent(c.references.column)})`,
      );
    }
  }
  return `CREATE TABLE ${quoteIdent(t.name)} (\n  ${defs.join(',\n  ')}\n)`;
}

const ROWS_PER_INSERT = 64;

/**
 * Writes every table into one SQLite database with real PRIMARY KEY and FOREIGN KEY
 * constraints, enforced while loading. The embedded default target.
 */
export class SqliteSink implements Sink {
  readonly format = 'sqlite';
  private db: SqliteDatabase | undefined;
  private rel = '';
  private readonly inserts = new Map<
    string,
    { batch: SqliteStatement; single: SqliteStatement; width: number }
  >();

  constructor(private readonly dir: OutputDir) {}

  async open(dataset: { name: string; tables: readonly TableLayout[] }): Promise<void> {
    this.rel = `${dataset.name}.sqlite`;
    const db = await openSqlite(this.dir.path(this.rel));
    this.db = db;
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = ON');
    db.exec('BEGIN');
    for (const t of dataset.tables) {
      db.exec(createTableSql(t));
      const cols = t.columns.map((c) => quoteIdent(c.name)).join(', ');
      const one = `(${t.columns.map(() => '?').join(', ')})`;
      const head = `INSERT INTO ${quoteIdent(t.name)} (${cols}) VALUES `;
      this.inserts.set(t.name, {
        batch: db.prepare(head + Array.from({ length: ROWS_PER_INSERT }, () => one).join(', ')),
        single: db.prepare(head + one),
        width: t.columns.length,
      });
    }
  }

  write(chunk: Chunk): void {
    const ins = this.inserts.get(chunk.table)!;
    const cols = chunk.columns;
    const params: unknown[] = new Array(ins.width * ROWS_PER_INSERT);
    let r = 0;
    for (; r + ROWS_PER_INSERT <= chunk.rows; r += ROWS_PER_INSERT) {
      let p = 0;
      for (let i = r; i < r + ROWS_PER_INSERT; i++) {
        for (let c = 0; c < ins.width; c++) params[p++] = sqlValue(cols[c]![i]!);
      }
      ins.batch.run(params);
    }
    const one: unknown[] = new Array(ins.width);
    for (; r < chunk.rows; r++) {
      for (let c = 0; c < ins.width; c++) one[c] = sqlValue(cols[c]![r]!);
      ins.single.run(one);
    }
  }

  async close(): Promise<WrittenFile[]> {
    const db = this.db!;
    db.exec('COMMIT');
    db.pragma('journal_mode = DELETE');
    db.close();
    this.db = undefined;
    const file = this.dir.path(this.rel);
    return [
      {
        path: this.rel,
        bytes: statSync(file).size,
        sha256: await sha256File(file),
      },
    ];
  }

  async abort(): Promise<void> {
    try {
      this.db?.close();
    } catch {
      // the staging folder is removed by the caller
    }
    this.db = undefined;
  }
}

function sqlValue(v: CellValue): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  // nested values (object and array columns) are stored as JSON text, readable with json_extract
  return v !== null && typeof v === 'object' ? jsonText(v) : v;
}
