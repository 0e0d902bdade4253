import { extname } from 'node:path';
import { userError } from '../errors/index.js';
import { connect, type DbLocation, describeLocation, isDbLocation, parseLocation } from '../io/db/index.js';
import { openSource, type ReadCell } from '../io/index.js';
import { Rng } from '../random/index.js';
import { introspectSchema } from '../schema/index.js';
import type { Cell, LearnForeignKey, LearnInput, LearnKeys, LearnTable } from './types.js';

/** Options of `readLearnInput`. */
export interface ReadOptions {
  /** At most this many rows of a table are held: a seeded uniform sample of a bigger one (default 200,000). */
  readonly maxRows?: number;
  readonly seed?: number;
  /** Only these tables. */
  readonly tables?: readonly string[];
}

const SQLITE_FILES = new Set(['.sqlite', '.sqlite3', '.db']);

function cellOf(v: ReadCell): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

/**
 * Reads what `trainkit learn` learns from (a CSV, JSONL, Parquet or SQLite file or folder, or a
 * database URL) into memory, each table a seeded uniform sample of at most `maxRows` rows
 * (reservoir sampling, so memory stays bounded however big the table), with the primary and
 * foreign keys a database declares.
 *
 * @example
 * const input = await readLearnInput('chinook.sqlite');
 * input.tables.map((t) => t.name);
 */
export async function readLearnInput(text: string, options: ReadOptions = {}): Promise<LearnInput> {
  const maxRows = options.maxRows ?? 200_000;
  const source = await openSource(text);
  const tables: LearnTable[] = [];
  try {
    const all = await source.tables();
    const missing = (options.tables ?? []).filter((n) => !all.some((t) => t.name === n));
    if (missing.length > 0)
      throw userError(
        'learn-tables',
        `--tables: no table ${missing.join(', ')} in ${describeLocation(text)}`,
        {
          hint: `give some of: ${all.map((t) => t.name).join(', ') || 'none'}`,
        },
      );
    for (const t of all) {
      if (options.tables && !options.tables.includes(t.name)) continue;
      const rng = Rng.from([options.seed ?? 0, 'learn-sample', t.name]);
      const opened = await t.open();
      const columns = [...opened.columns];
      const kept: Cell[][] = [];
      let seen = 0;
      for await (const batch of opened.batches()) {
        for (const row of batch.rows) {
          const cells = columns.map((_, i) => cellOf(row[i] ?? null));
          if (kept.length < maxRows) kept.push(cells);
          else {
            const j = rng.below(seen + 1);
            if (j < maxRows) kept[j] = cells;
          }
          seen++;
        }
      }
      const data: Record<string, Cell[]> = {};
      columns.forEach((c, i) => {
        data[c] = kept.map((r) => r[i]!);
      });
      const declared: Record<string, string> = {};
      for (const c of t.columns) if (c.type) declared[c.name] = c.type;
      tables.push({ name: t.name, columns, data, rows: kept.length, totalRows: seen, declared });
    }
  } finally {
    await source.close();
  }
  const keys = await declaredKeys(text, tables);
  const name = datasetName(text);
  return keys ? { name, tables, keys } : { name, tables };
}

/** A spec name from the source's name: letters, digits, `_`, `.` and `-`. */
function datasetName(text: string): string {
  const base =
    text
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split(/[/\\:]/)
      .pop() ?? 'learned';
  const stem = base.replace(/\.[A-Za-z0-9]+$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_');
  return stem || 'learned';
}

/** The keys a database declares (a SQLite or DuckDB file, or a server); files get theirs inferred from the data. */
async function declaredKeys(
  text: string,
  tables: readonly LearnTable[],
): Promise<Record<string, LearnKeys> | undefined> {
  const location = parseLocation(text);
  let db: DbLocation | undefined;
  if (isDbLocation(location)) db = location;
  else if (location.kind === 'path' && SQLITE_FILES.has(extname(location.path).toLowerCase()))
    db = { kind: 'sqlite', file: location.path };
  else if (location.kind === 'path' && extname(location.path).toLowerCase() === '.duckdb')
    db = { kind: 'duckdb', file: location.path };
  if (!db) return undefined;
  const conn = await connect(db);
  try {
    const schema = await introspectSchema(conn, { stats: false });
    const wanted = new Set(tables.map((t) => t.name));
    const out: Record<string, LearnKeys> = {};
    for (const t of schema.tables) {
      if (!wanted.has(t.name)) continue;
      const foreignKeys: LearnForeignKey[] = t.foreignKeys.map((fk) => ({
        columns: [...fk.columns],
        table: fk.table,
        refColumns: [...fk.refColumns],
      }));
      out[t.name] = { primaryKey: [...t.primaryKey], foreignKeys };
    }
    return out;
  } finally {
    await conn.close();
  }
}
