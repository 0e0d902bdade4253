import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { userError } from '../../errors/index.js';
import type { Source, SourceTable } from '../source.js';
import { openTableRows, type RowBatch } from '../table-reader.js';
import { DbSource } from './db-source.js';
import { parquetTable } from './parquet-source.js';

const TEXT_FILES = new Set(['.csv', '.jsonl', '.ndjson']);
const SQLITE_FILES = new Set(['.sqlite', '.sqlite3', '.db']);

/** A table of CSV or JSONL files read one after the other (the parts of a split are one table). */
async function fileTable(name: string, files: readonly string[]): Promise<SourceTable> {
  const first = await openTableRows(files[0]!);
  return {
    name,
    columns: first.columns.map((c) => ({ name: c })),
    files,
    async open() {
      const parts = await Promise.all(files.map((f) => openTableRows(f)));
      const columns = parts[0]?.columns ?? [];
      for (const [i, p] of parts.entries()) {
        if (p.columns.join('\u0000') !== columns.join('\u0000'))
          throw userError(
            'table_parts_differ',
            `${files[i]} has other columns than ${files[0]}, though both hold table "${name}"`,
            { file: files[i]!, hint: 'validate each part on its own' },
          );
      }
      return {
        columns,
        async *batches(): AsyncGenerator<RowBatch> {
          for (const p of parts) yield* p.batches();
        },
      };
    },
  };
}

async function sqliteTables(file: string): Promise<readonly SourceTable[]> {
  const db = await DbSource.open({ kind: 'sqlite', file });
  try {
    return await db.tables();
  } finally {
    await db.close();
  }
}

/** The files of a folder: those its `manifest.json` names (a generate output), else all of them. */
function folderFiles(dir: string): string[] {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest))
    return readdirSync(dir)
      .sort()
      .map((f) => join(dir, f));
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { files?: { path: string }[] };
  return (m.files ?? []).map((f) => join(dir, f.path));
}

/**
 * Files as a source: a folder written by `trainkit generate` (its manifest names the files), any
 * folder of CSV, JSONL, Parquet or SQLite files (a table per file, named by the file; files of
 * the same name in several subfolders, such as the parts of a split, read as one table), or a
 * single such file.
 *
 * @example
 * const source = await fileSource('out/');
 * for (const t of await source.tables()) console.log(t.name, t.files);
 */
export async function fileSource(path: string): Promise<Source> {
  if (!existsSync(path))
    throw userError('data_not_found', `${path} does not exist`, {
      file: path,
      hint: 'give the folder trainkit generate wrote, or a CSV, JSONL or SQLite file',
    });
  const directory = statSync(path).isDirectory();
  const files = directory ? folderFiles(path) : [path];
  const tables: SourceTable[] = [];
  const byName = new Map<string, string[]>();
  const parquet = new Map<string, string[]>();
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    if (SQLITE_FILES.has(ext)) tables.push(...(await sqliteTables(file)));
    else if (ext === '.parquet' || TEXT_FILES.has(ext)) {
      const group = ext === '.parquet' ? parquet : byName;
      const name = basename(file, extname(file));
      group.set(name, [...(group.get(name) ?? []), file]);
    } else if (!directory)
      throw userError('unknown_table_format', `Cannot read ${path}: not CSV, JSONL, Parquet or SQLite`, {
        file: path,
        hint: 'give a .csv, .jsonl, .parquet or .sqlite file, or a folder of them',
      });
  }
  for (const [name, parts] of byName) tables.push(await fileTable(name, parts));
  for (const [name, parts] of parquet) tables.push(await parquetTable(name, parts));
  if (tables.length === 0)
    throw userError('no_tables', `${path} holds no CSV, JSONL, Parquet or SQLite table`, {
      file: path,
      hint: 'give the folder trainkit generate wrote, or a CSV, JSONL, Parquet or SQLite file',
    });
  return {
    label: path,
    tables: async () => tables,
    table: async (name) => tables.find((t) => t.name === name),
    close: async () => {},
  };
}
