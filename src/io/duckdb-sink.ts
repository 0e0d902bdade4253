import { statSync } from 'node:fs';
import { jsonText } from './jsonl-sink.js';
import { sha256File } from './sha256-file.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import { createTableDdl, type LogicalType, logicalType } from './sql-ddl.js';
import type { OutputDir } from './staged-dir.js';
import { refused, tableRefusedError } from './target-errors.js';

/** The subset of @duckdb/node-api this sink needs, so the driver loads only when it is used. */
interface Appender {
  appendNull(): void;
  appendBoolean(v: boolean): void;
  appendBigInt(v: bigint): void;
  appendDouble(v: number): void;
  appendVarchar(v: string): void;
  endRow(): void;
  flushSync(): void;
  closeSync(): void;
}
interface Connection {
  run(sql: string): Promise<unknown>;
  createAppender(table: string): Promise<Appender>;
  closeSync(): void;
}
interface Instance {
  connect(): Promise<Connection>;
  closeSync(): void;
}

/** the most held keys of a self-referring table before the appender sends its rows anyway (memory) */
const HELD_MAX = 1 << 16;

/**
 * Writes every table into one DuckDB database file with typed columns (BIGINT, DOUBLE, BOOLEAN,
 * VARCHAR, DATE, TIMESTAMP) and PRIMARY KEY, UNIQUE, NOT NULL and FOREIGN KEY constraints, loaded
 * through DuckDB's appender (which checks them). Dates and times are appended as ISO text and
 * cast by DuckDB.
 *
 * @example
 * const sink = new DuckdbSink(new StagedDir('out')); // out/<name>.duckdb
 */
export class DuckdbSink implements Sink {
  readonly format = 'duckdb';
  private instance: Instance | undefined;
  private conn: Connection | undefined;
  private rel = '';
  private current: { table: string; appender: Appender } | undefined;
  private readonly types = new Map<string, LogicalType[]>();
  /**
   * Per table that refers to itself: each such column and the column it refers to, with the
   * referred-to values of the rows the appender holds and has not sent yet.
   */
  private readonly selfRefs = new Map<string, { col: number; ref: number; held: Set<CellValue> }[]>();

  constructor(private readonly dir: OutputDir) {}

  async open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }): Promise<void> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    this.rel = `${dataset.name}.duckdb`;
    this.instance = (await DuckDBInstance.create(this.dir.path(this.rel))) as unknown as Instance;
    this.conn = await this.instance.connect();
    for (const t of dataset.tables) {
      try {
        await this.conn.run(createTableDdl(t, 'duckdb'));
      } catch (e) {
        throw tableRefusedError('DuckDB', t.name, e);
      }
      this.types.set(t.name, t.columns.map(logicalType));
      const names = t.columns.map((c) => c.name);
      const self = t.columns
        .map((c, col) => ({ col, to: c.references?.table === t.name ? c.references.column : undefined }))
        .filter((s) => s.to !== undefined)
        .map((s) => ({ col: s.col, ref: names.indexOf(s.to!), held: new Set<CellValue>() }));
      if (self.length) this.selfRefs.set(t.name, self);
    }
  }

  async write(chunk: Chunk): Promise<void> {
    const a = await this.appenderOf(chunk.table);
    try {
      this.append(a, chunk);
    } catch (e) {
      throw duckdbRefused(chunk.table, e);
    }
  }

  private append(a: Appender, chunk: Chunk): void {
    const types = this.types.get(chunk.table)!;
    const self = this.selfRefs.get(chunk.table);
    const cols = chunk.columns;
    for (let r = 0; r < chunk.rows; r++) {
      // DuckDB checks a foreign key against the rows already sent: a row whose parent the
      // appender still holds sends the held rows first
      if (self?.some((s) => s.held.has(cols[s.col]![r]!) || s.held.size >= HELD_MAX)) {
        a.flushSync();
        for (const s of self) s.held.clear();
      }
      if (self) for (const s of self) s.held.add(cols[s.ref]![r]!);
      for (let c = 0; c < cols.length; c++) {
        const v = cols[c]![r]!;
        const type = types[c]!;
        if (v === null) a.appendNull();
        else if (type === 'integer')
          a.appendBigInt(BigInt(typeof v === 'boolean' ? Number(v) : (v as number)));
        else if (type === 'real') a.appendDouble(v as number);
        else if (type === 'boolean') a.appendBoolean(v === true || v === 1);
        else if (typeof v === 'string') a.appendVarchar(v);
        else a.appendVarchar(typeof v === 'object' ? jsonText(v) : String(v));
      }
      a.endRow();
    }
  }

  /** One appender at a time: the previous table's rows are flushed first, so children find their parents. */
  private async appenderOf(table: string): Promise<Appender> {
    if (this.current?.table === table) return this.current.appender;
    this.flush();
    const appender = await this.conn!.createAppender(table);
    this.current = { table, appender };
    return appender;
  }

  private flush(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = undefined;
    for (const s of this.selfRefs.get(cur.table) ?? []) s.held.clear();
    try {
      // constraints are checked here, when the rows reach the table
      cur.appender.flushSync();
      cur.appender.closeSync();
    } catch (e) {
      throw duckdbRefused(cur.table, e);
    }
  }

  async close(): Promise<WrittenFile[]> {
    this.flush();
    await this.conn!.run('CHECKPOINT');
    this.conn!.closeSync();
    this.instance!.closeSync();
    this.conn = undefined;
    this.instance = undefined;
    const file = this.dir.path(this.rel);
    return [{ path: this.rel, bytes: statSync(file).size, sha256: await sha256File(file) }];
  }

  async abort(): Promise<void> {
    try {
      this.current?.appender.closeSync();
    } catch {
      // the failed rows die with the file
    }
    this.current = undefined;
    this.conn?.closeSync();
    this.instance?.closeSync();
    this.conn = undefined;
    this.instance = undefined;
  }
}

/** DuckDB's own error (a cast, a constraint) as rows it refused; a JavaScript error passes on. */
function duckdbRefused(table: string, e: unknown): unknown {
  return e instanceof Error && e.constructor === Error ? refused('DuckDB', table, e.message, e) : e;
}
