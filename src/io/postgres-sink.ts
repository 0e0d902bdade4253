import type { Writable } from 'node:stream';
import { userError } from '../errors/index.js';
import { ByteBuffer } from './byte-buffer.js';
import { copyCsvEncoder } from './copy-encoder.js';
import { describeLocation } from './db/location.js';
import type { PgClient } from './db/pg-connection.js';
import type { Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import { createTableDdl, quoteName } from './sql-ddl.js';
import { rowsRefusedError, tableRefusedError, targetExistsError } from './target-errors.js';

/** Options of the database sinks. */
export interface DatabaseSinkOptions {
  /** Drop tables of the same names first (in the load's transaction); without it they are an error. */
  readonly replace?: boolean;
  /**
   * PostgreSQL: commit every this many rows instead of once at the end, recording progress so a
   * rerun of the same run continues after the last committed batch (see `PostgresSink`).
   */
  readonly batchRows?: number;
  /** What identifies a run for resuming: spec hash, seed, scale and version. */
  readonly runId?: string;
}

/** Where resumable loads record their committed rows. */
export const PROGRESS_TABLE = 'trainkit_load_progress';

const q = (name: string) => quoteName(name, 'postgres');

/**
 * Loads tables into PostgreSQL: creates them with their primary-key, unique, not-null and
 * foreign-key constraints, then streams each chunk through `COPY … FROM STDIN (FORMAT csv)`, in
 * foreign-key order, with backpressure. By default everything happens in one transaction, so a
 * failed run leaves the database as it was.
 *
 * With `batchRows` the load commits every `batchRows` rows and records, in the same transaction,
 * how many rows of each table are in (table `trainkit_load_progress`, keyed by the run: spec
 * hash, seed, scale, version). Rerunning the same run finds that record, keeps the tables and
 * skips the rows already committed (the engine regenerates them identically); a finished load
 * deletes its record. A different run over an interrupted one is an error until `--replace`.
 *
 * @example
 * await generateToSink(spec, new PostgresSink('postgres://localhost/shop'));
 */
export class PostgresSink implements Sink {
  readonly format = 'postgres';
  private client: PgClient | undefined;
  private copy: { table: string; stream: Writable } | undefined;
  private failure: unknown;
  private readonly encoders = new Map<string, (chunk: Chunk, w: ByteBuffer) => void>();
  private readonly columns = new Map<string, string>();
  private readonly buffer = new ByteBuffer();
  /** rows already committed by an interrupted run, per table (resuming) */
  private readonly skip = new Map<string, number>();
  /** rows loaded so far, per table, including skipped ones */
  private readonly loaded = new Map<string, number>();
  private sinceCommit = 0;
  private copyFrom: ((sql: string) => Writable) | undefined;

  constructor(
    private readonly url: string,
    private readonly options: DatabaseSinkOptions = {},
  ) {}

  async open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }): Promise<void> {
    const [{ newPgClient }, { connectError }, copyStreams] = await Promise.all([
      import('./db/pg-connection.js'),
      import('./db/connect-error.js'),
      import('pg-copy-streams'),
    ]);
    const from = copyStreams.default.from;
    const client = await newPgClient(this.url);
    try {
      await client.connect();
    } catch (e) {
      throw connectError(describeLocation(this.url), e);
    }
    this.client = client;
    this.copyFrom = (sql) => (client as unknown as { query(s: Writable): Writable }).query(from(sql));
    try {
      await this.prepare(dataset);
    } catch (e) {
      // an open connection would keep the process alive after the error is reported
      await this.abort();
      throw e;
    }
  }

  /** Creates the tables (or finds where an interrupted run of this load stopped), in a transaction. */
  private async prepare(dataset: { readonly tables: readonly TableLayout[] }): Promise<void> {
    const client = this.client!;
    const names = dataset.tables.map((t) => t.name);
    for (const t of dataset.tables) {
      this.encoders.set(t.name, copyCsvEncoder(t));
      this.columns.set(t.name, t.columns.map((c) => q(c.name)).join(', '));
      this.loaded.set(t.name, 0);
    }
    const resumed = this.options.batchRows ? await this.resumePoint(names) : undefined;
    await client.query('BEGIN');
    if (resumed) {
      for (const [table, rows] of resumed) this.skip.set(table, rows);
      return;
    }
    const existing = await existingTables(client, names);
    if (existing.length > 0 && !this.options.replace) {
      throw targetExistsError(existing, (n) => `"${n}"`);
    }
    // children first, so a dropped table takes no foreign key of a kept one with it
    for (const n of [...existing].reverse()) await client.query(`DROP TABLE IF EXISTS ${q(n)} CASCADE`);
    for (const t of dataset.tables) {
      try {
        await client.query(createTableDdl(t, 'postgres'));
      } catch (e) {
        throw tableRefusedError(describeLocation(this.url), t.name, e);
      }
    }
    if (this.options.batchRows) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${q(PROGRESS_TABLE)} (run TEXT NOT NULL, table_name TEXT NOT NULL, rows_committed BIGINT NOT NULL, PRIMARY KEY (run, table_name))`,
      );
      if (this.options.replace) await client.query(`DELETE FROM ${q(PROGRESS_TABLE)}`);
    }
  }

  /** The rows an interrupted load of this run committed, per table; undefined when there is none. */
  private async resumePoint(names: readonly string[]): Promise<Map<string, number> | undefined> {
    const client = this.client!;
    const [{ exists }] = (
      await client.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [PROGRESS_TABLE])
    ).rows as [{ exists: boolean }];
    if (!exists) return undefined;
    const rows = (await client.query(`SELECT run, table_name, rows_committed FROM ${q(PROGRESS_TABLE)}`))
      .rows as { run: string; table_name: string; rows_committed: number }[];
    const mine = rows.filter((r) => r.run === this.options.runId && names.includes(r.table_name));
    if (mine.length > 0) return new Map(mine.map((r) => [r.table_name, Number(r.rows_committed)]));
    const other = rows.filter((r) => names.includes(r.table_name));
    if (other.length > 0 && !this.options.replace)
      throw userError(
        'target_exists',
        'The target database holds an interrupted load of another run (another spec, seed or scale)',
        {
          hint: `rerun that run to finish it, or pass --replace to start over (see table ${PROGRESS_TABLE})`,
        },
      );
    return undefined;
  }

  async write(chunk: Chunk): Promise<void> {
    if (this.failure) throw this.failure;
    const before = this.loaded.get(chunk.table)!;
    this.loaded.set(chunk.table, before + chunk.rows);
    const skip = this.skip.get(chunk.table) ?? 0;
    if (before + chunk.rows <= skip || chunk.rows === 0) return;
    const stream = await this.copyInto(chunk.table);
    const buf = this.buffer;
    buf.reset();
    this.encoders.get(chunk.table)!(chunk, buf);
    let bytes = buf.view();
    if (skip > before) bytes = dropLines(bytes, skip - before);
    // the stream keeps the bytes until they are sent: give it its own copy of the reused buffer
    if (!stream.write(Buffer.from(bytes))) await drained(stream);
    if (this.failure) throw this.failure;
    this.sinceCommit += chunk.rows;
    if (this.options.batchRows && this.sinceCommit >= this.options.batchRows) await this.commitBatch();
  }

  /** The COPY stream of a table, ending the previous table's first (one COPY at a time per connection). */
  private async copyInto(table: string): Promise<Writable> {
    if (this.copy?.table === table) return this.copy.stream;
    await this.endCopy();
    const stream = this.copyFrom!(`COPY ${q(table)} (${this.columns.get(table)}) FROM STDIN (FORMAT csv)`);
    stream.on('error', (e: unknown) => {
      this.failure ??= rowsRefusedError(describeLocation(this.url), table, e);
    });
    this.copy = { table, stream };
    return stream;
  }

  private async endCopy(): Promise<void> {
    const copy = this.copy;
    if (!copy) return;
    this.copy = undefined;
    await new Promise<void>((resolve, reject) => {
      copy.stream.once('error', (e) => reject(this.failure ?? e));
      copy.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }

  private async commitBatch(): Promise<void> {
    const client = this.client!;
    await this.endCopy();
    for (const [table, rows] of this.loaded) {
      await client.query(
        `INSERT INTO ${q(PROGRESS_TABLE)} (run, table_name, rows_committed) VALUES ($1, $2, $3)
         ON CONFLICT (run, table_name) DO UPDATE SET rows_committed = EXCLUDED.rows_committed`,
        [this.options.runId ?? '', table, rows],
      );
    }
    await client.query('COMMIT');
    await client.query('BEGIN');
    this.sinceCommit = 0;
  }

  async close(): Promise<WrittenFile[]> {
    const client = this.client!;
    await this.endCopy();
    if (this.options.batchRows) {
      await client.query(`DELETE FROM ${q(PROGRESS_TABLE)} WHERE run = $1`, [this.options.runId ?? '']);
      const [{ n }] = (await client.query(`SELECT count(*) AS n FROM ${q(PROGRESS_TABLE)}`)).rows as [
        { n: number },
      ];
      if (Number(n) === 0) await client.query(`DROP TABLE ${q(PROGRESS_TABLE)}`);
    }
    await client.query('COMMIT');
    await client.end();
    this.client = undefined;
    return [];
  }

  async abort(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      this.copy?.stream.destroy();
      await client.query('ROLLBACK');
    } catch {
      // the connection may be gone: the server rolls back an open transaction on disconnect
    }
    await client.end().catch(() => {});
  }
}

/** The names among `names` that are tables or views in the connection's search path. */
async function existingTables(client: PgClient, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const n of names) {
    const [{ exists }] = (await client.query('SELECT to_regclass($1) IS NOT NULL AS exists', [q(n)]))
      .rows as [{ exists: boolean }];
    if (exists) found.push(n);
  }
  return found;
}

/** Waits for a stream's buffer to drain, or rejects with its error. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('error', fail);
      resolve();
    };
    const fail = (e: unknown) => {
      stream.off('drain', done);
      reject(e);
    };
    stream.once('drain', done);
    stream.once('error', fail);
  });
}

/**
 * The bytes after the first `n` CSV records. A record ends at a newline outside quotes; quoted
 * fields may hold newlines.
 */
function dropLines(bytes: Uint8Array, n: number): Uint8Array {
  let quoted = false;
  let i = 0;
  for (; i < bytes.length && n > 0; i++) {
    const b = bytes[i];
    if (b === 34) quoted = !quoted;
    else if (b === 10 && !quoted) n--;
  }
  return bytes.subarray(i);
}
