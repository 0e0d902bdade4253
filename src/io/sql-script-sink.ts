import { FileWriter } from './file-writer.js';
import type { Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import { createTableDdl, type LogicalType, logicalType, quoteName, sqlLiteral } from './sql-ddl.js';
import type { OutputDir } from './staged-dir.js';

/** Rows per INSERT statement, and the most bytes one may hold (below MySQL's default packet of 16 MB). */
const ROWS_PER_INSERT = 500;
const BYTES_PER_INSERT = 1 << 20;

/**
 * Writes a SQL script that recreates the dataset in one transaction: CREATE TABLEs with their
 * constraints (parents first), then multi-row INSERTs, literals escaped for the dialect.
 *
 * @example
 * const sink = new SqlScriptSink(new StagedDir('out'), 'mysql'); // out/<name>.sql
 */
export class SqlScriptSink implements Sink {
  readonly format = 'sql';
  private w: FileWriter | undefined;
  private readonly tables = new Map<string, { head: string; types: LogicalType[] }>();

  constructor(
    private readonly dir: OutputDir,
    private readonly dialect: 'postgres' | 'mysql' | 'sqlite' = 'postgres',
  ) {}

  async open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }): Promise<void> {
    const rel = `${dataset.name}.sql`;
    const w = new FileWriter(this.dir.path(rel), rel);
    this.w = w;
    const d = this.dialect;
    w.write(`-- ${dataset.name}: written by trainkit (${d})\n`);
    if (d === 'mysql') w.write('SET NAMES utf8mb4;\n');
    if (d === 'sqlite') w.write('PRAGMA foreign_keys = ON;\n');
    // MySQL commits DDL on its own: its CREATE TABLEs go first, the rows in one transaction
    if (d !== 'mysql') w.write('BEGIN;\n');
    for (const t of dataset.tables) {
      w.write(`${createTableDdl(t, d)};\n`);
      const cols = t.columns.map((c) => quoteName(c.name, d)).join(', ');
      this.tables.set(t.name, {
        head: `INSERT INTO ${quoteName(t.name, d)} (${cols}) VALUES\n`,
        types: t.columns.map(logicalType),
      });
    }
    if (d === 'mysql') w.write('START TRANSACTION;\n');
  }

  write(chunk: Chunk): void {
    const w = this.w!;
    const { head, types } = this.tables.get(chunk.table)!;
    const cols = chunk.columns;
    let stmt = '';
    let rows = 0;
    for (let r = 0; r < chunk.rows; r++) {
      let row = '(';
      for (let c = 0; c < cols.length; c++) {
        if (c > 0) row += ', ';
        row += sqlLiteral(cols[c]![r]!, this.dialect, types[c]);
      }
      row += ')';
      stmt += rows === 0 ? head + row : `,\n${row}`;
      rows++;
      if (rows >= ROWS_PER_INSERT || stmt.length >= BYTES_PER_INSERT) {
        w.write(`${stmt};\n`);
        stmt = '';
        rows = 0;
      }
    }
    if (rows > 0) w.write(`${stmt};\n`);
  }

  async close(): Promise<WrittenFile[]> {
    const w = this.w!;
    w.write('COMMIT;\n');
    return [w.close()];
  }

  async abort(): Promise<void> {
    this.w?.discard();
  }
}
