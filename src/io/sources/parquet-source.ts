import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { userError } from '../../errors/index.js';
import type { Source, SourceColumn, SourceTable } from '../source.js';
import type { ReadCell, RowBatch, TableRows } from '../table-reader.js';
import { normaliserFor } from './normalise.js';

/** The part of hyparquet's schema element the type mapping reads. */
interface Element {
  readonly name: string;
  readonly type?: string;
  readonly converted_type?: string;
  readonly logical_type?: { readonly type: string; readonly isAdjustedToUTC?: boolean };
  readonly precision?: number;
  readonly scale?: number;
}

/** A Parquet column's type in SQL words, so the shared normalisers apply to it. */
function sqlTypeOf(e: Element): string {
  const logical = e.logical_type;
  if (logical?.type === 'DATE' || e.converted_type === 'DATE') return 'date';
  if (logical?.type === 'TIMESTAMP')
    return logical.isAdjustedToUTC ? 'timestamp with time zone' : 'timestamp';
  // the legacy converted types are instants in UTC
  if (e.converted_type?.startsWith('TIMESTAMP')) return 'timestamp with time zone';
  if (logical?.type === 'TIME' || e.converted_type?.startsWith('TIME')) return 'time';
  if (logical?.type === 'DECIMAL' || e.converted_type === 'DECIMAL')
    return `decimal(${e.precision ?? 38},${e.scale ?? 0})`;
  if (logical?.type === 'STRING' || e.converted_type === 'UTF8') return 'varchar';
  if (logical?.type === 'JSON' || e.converted_type === 'JSON') return 'json';
  switch (e.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
      return 'integer';
    case 'INT64':
      return 'bigint';
    case 'FLOAT':
    case 'DOUBLE':
      return 'double';
    case 'INT96':
      return 'timestamp';
    default:
      return 'blob';
  }
}

async function fileInfo(file: string) {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } = await import('hyparquet');
  const buffer = await asyncBufferFromFile(file);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw userError('parquet_unreadable', `${file} is not a Parquet file: ${(e as Error).message}`, {
      file,
      hint: 'give a .parquet file, or a folder of them',
    });
  }
  const columns: SourceColumn[] = parquetSchema(metadata).children.map((c) => ({
    name: c.element.name,
    type: sqlTypeOf(c.element as Element),
  }));
  return { buffer, metadata, columns };
}

/** A Parquet file's rows, one row group at a time, values normalised like a database's. */
async function parquetRows(file: string): Promise<TableRows> {
  const { buffer, metadata, columns } = await fileInfo(file);
  const norms = columns.map((c) => normaliserFor(c.type));
  return {
    columns: columns.map((c) => c.name),
    async *batches(): AsyncGenerator<RowBatch> {
      const { parquetRead } = await import('hyparquet');
      let start = 0;
      for (const group of metadata.row_groups) {
        const end = start + Number(group.num_rows);
        let rows: unknown[][] = [];
        await parquetRead({
          file: buffer,
          metadata,
          rowStart: start,
          rowEnd: end,
          onComplete: (r) => {
            rows = r;
          },
        });
        const out: ReadCell[][] = new Array(rows.length);
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r]!;
          const cells: ReadCell[] = new Array(norms.length);
          for (let c = 0; c < norms.length; c++) cells[c] = norms[c]!(row[c]);
          out[r] = cells;
        }
        if (out.length) yield { rows: out, line: start + 1 };
        start = end;
      }
    },
  };
}

/** One table read from Parquet files in turn (one file, or the parts in a table's folder). */
export async function parquetTable(name: string, files: readonly string[]): Promise<SourceTable> {
  const { columns } = await fileInfo(files[0]!);
  return {
    name,
    columns,
    files,
    async open() {
      const parts = await Promise.all(files.map((f) => parquetRows(f)));
      for (const [i, p] of parts.entries())
        if (p.columns.join('\u0000') !== parts[0]!.columns.join('\u0000'))
          throw userError(
            'table_parts_differ',
            `${files[i]} has other columns than ${files[0]}, though both hold table "${name}"`,
            { file: files[i]!, hint: 'give each part the same columns' },
          );
      return {
        columns: parts[0]!.columns,
        async *batches() {
          for (const p of parts) yield* p.batches();
        },
      };
    },
  };
}

const isParquet = (f: string) => extname(f).toLowerCase() === '.parquet';

/**
 * Parquet as a source: one `.parquet` file (a table named by the file), or a folder holding a
 * file per table (`orders.parquet`) and/or a folder of part files per table
 * (`orders/part-0.parquet`). Rows are read one row group at a time.
 *
 * @example
 * const source = await parquetSource('out/parquet');
 * const orders = await source.table('orders');
 */
export async function parquetSource(path: string): Promise<Source> {
  if (!existsSync(path))
    throw userError('data_not_found', `${path} does not exist`, {
      file: path,
      hint: 'give a .parquet file or a folder of them',
    });
  const groups = new Map<string, string[]>();
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      const p = join(path, entry);
      if (statSync(p).isDirectory()) {
        const parts = readdirSync(p).sort().filter(isParquet);
        if (parts.length)
          groups.set(
            entry,
            parts.map((f) => join(p, f)),
          );
      } else if (isParquet(entry)) groups.set(basename(entry, extname(entry)), [p]);
    }
  } else groups.set(basename(path, extname(path)), [path]);
  const tables = await Promise.all([...groups].map(([name, files]) => parquetTable(name, files)));
  return {
    label: `parquet:${path}`,
    tables: async () => tables,
    table: async (name) => tables.find((t) => t.name === name),
    close: async () => {},
  };
}
