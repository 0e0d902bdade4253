import { existsSync } from 'node:fs';
import { userError } from '../../errors/index.js';
import type { DbConnection, DbRow } from './connection.js';
import { rebatch } from './rebatch.js';

interface Statement {
  readonly reader: boolean;
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): DbRow[];
  iterate(...params: unknown[]): IterableIterator<DbRow>;
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  close(): unknown;
}

/**
 * Opens a SQLite file (see DbConnection). `create` makes a missing file; without it a missing
 * file is a user error, so a typo is not silently an empty database.
 */
export async function connectSqlite(file: string, create = false): Promise<DbConnection> {
  if (!create && !existsSync(file))
    throw userError('file_not_found', `${file} does not exist`, { file, hint: 'check the path' });
  const { default: SqliteDatabase } = await import('better-sqlite3');
  const db = new SqliteDatabase(file) as unknown as Database;
  return {
    engine: 'sqlite',
    label: `sqlite:${file}`,
    async query(sql, params = []) {
      const st = db.prepare(sql);
      if (st.reader) return st.all(...params);
      st.run(...params);
      return [];
    },
    async exec(sql) {
      db.exec(sql);
    },
    async *stream(sql, batchRows = 2000) {
      yield* rebatch(db.prepare(sql).iterate(), batchRows);
    },
    quote: (name) => `"${name.replaceAll('"', '""')}"`,
    async close() {
      db.close();
    },
  };
}
