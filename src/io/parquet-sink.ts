import { statSync } from 'node:fs';
import { sha256File } from './sha256-file.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import { type LogicalType, logicalType } from './sql-ddl.js';
import type { OutputDir } from './staged-dir.js';

/** Rows a table buffers before they are written as one row group: memory is bounded by this. */
export const PARQUET_ROW_GROUP = 50_000;

const DAY = 86_400_000;

/** The subset of hyparquet-writer's ParquetWriter this sink uses. */
interface Writer {
  write(options: {
    columnData: { name: string; data: unknown[] }[];
    rowGroupSize: number;
  }): void | Promise<void>;
  finish(): void | Promise<void>;
}

/** Parquet's physical and logical type of each column kind. */
const SCHEMA: Record<LogicalType, Record<string, string>> = {
  boolean: { type: 'BOOLEAN' },
  integer: { type: 'INT64' },
  real: { type: 'DOUBLE' },
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  date: { type: 'INT32', converted_type: 'DATE' },
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
};

interface TableState {
  readonly rel: string;
  readonly types: LogicalType[];
  readonly names: string[];
  readonly writer: Writer;
  buffered: unknown[][];
  rows: number;
}

/**
 * Writes each table to `<table>.parquet`, typed (INT64, DOUBLE, BOOLEAN, UTF8 text, DATE,
 * TIMESTAMP in milliseconds, JSON), required where the column is not null. Rows are buffered
 * per table up to a row group (`PARQUET_ROW_GROUP` rows) and written group by group, so memory
 * stays flat whatever the table's size.
 *
 * @example
 * const sink = new ParquetSink(new StagedDir('out'));
 */
export class ParquetSink implements Sink {
  readonly format = 'parquet';
  private readonly tables = new Map<string, TableState>();

  constructor(
    private readonly dir: OutputDir,
    private readonly rowGroup = PARQUET_ROW_GROUP,
  ) {}

  async open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }): Promise<void> {
    const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
    for (const t of dataset.tables) {
      const rel = `${t.name}.parquet`;
      const types = t.columns.map(logicalType);
      const schema = [
        { name: 'root', num_children: t.columns.length },
        ...t.columns.map((c, i) => ({
          name: c.name,
          ...SCHEMA[types[i]!],
          repetition_type: c.notNull ? 'REQUIRED' : 'OPTIONAL',
        })),
      ];
      const writer = new ParquetWriter({
        writer: fileWriter(this.dir.path(rel)),
        schema: schema as never,
        createdBy: 'trainkit',
      }) as unknown as Writer;
      this.tables.set(t.name, {
        rel,
        types,
        names: t.columns.map((c) => c.name),
        writer,
        buffered: t.columns.map(() => []),
        rows: 0,
      });
    }
  }

  async write(chunk: Chunk): Promise<void> {
    const t = this.tables.get(chunk.table)!;
    for (let r = 0; r < chunk.rows; r++) {
      for (let c = 0; c < t.types.length; c++)
        t.buffered[c]!.push(parquetValue(chunk.columns[c]![r]!, t.types[c]!));
      if (++t.rows >= this.rowGroup) await this.flush(t);
    }
  }

  private async flush(t: TableState): Promise<void> {
    if (t.rows === 0) return;
    const columnData = t.names.map((name, c) => ({ name, data: t.buffered[c]! }));
    await t.writer.write({ columnData, rowGroupSize: t.rows });
    t.buffered = t.names.map(() => []);
    t.rows = 0;
  }

  async close(): Promise<WrittenFile[]> {
    const out: WrittenFile[] = [];
    for (const [table, t] of this.tables) {
      await this.flush(t);
      await t.writer.finish();
      const file = this.dir.path(t.rel);
      out.push({ path: t.rel, bytes: statSync(file).size, sha256: await sha256File(file), table });
    }
    return out;
  }

  async abort(): Promise<void> {
    // the files are synchronous appends: nothing is open; the staging folder is removed by the caller
    this.tables.clear();
  }
}

/** A cell as the writer takes it for the column's parquet type. */
function parquetValue(v: CellValue, type: LogicalType): unknown {
  if (v === null) return null;
  switch (type) {
    case 'integer':
      return BigInt(typeof v === 'boolean' ? Number(v) : (v as number));
    case 'boolean':
      return v === true || v === 1;
    case 'date':
      return Math.floor(Date.parse(v as string) / DAY);
    case 'timestamp':
      return utcMillis(v as string);
    case 'text':
      return typeof v === 'string' ? v : String(v);
    default:
      return v;
  }
}

const ZONED = /(Z|[+-]\d\d:?\d\d)$/i;

/**
 * A date-time's epoch milliseconds. Text without a zone is a UTC wall time (the engine formats in
 * UTC); Date.parse would read `2024-01-05 10:00:00` in the machine's zone instead.
 */
function utcMillis(text: string): number {
  return Date.parse(ZONED.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}
