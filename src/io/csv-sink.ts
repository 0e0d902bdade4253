import type { ByteOut } from './byte-buffer.js';
import { FileWriter } from './file-writer.js';
import { jsonText } from './jsonl-sink.js';
import { numberText } from './number-text.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import type { OutputDir } from './staged-dir.js';

const NEEDS_QUOTES = /[",\r\n]/;
const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;

/**
 * One CSV cell (RFC 4180): text with a comma, quote or newline is quoted. Null is an empty
 * field and the empty string is `""`, so the two stay apart (as in PostgreSQL's CSV COPY).
 */
export function csvCell(v: CellValue): string {
  if (v === null) return '';
  // nested values are compact JSON text, quoted like any other text
  if (typeof v === 'object') return csvCell(jsonText(v));
  if (typeof v === 'string') {
    if (v === '') return '""';
    return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }
  return typeof v === 'number' ? numberText(v) : String(v);
}

/**
 * Writes each table to `<table>.csv` with a header row.
 *
 * @example
 * const sink = new CsvSink(new StagedDir('out'));
 */
export class CsvSink implements Sink {
  readonly format = 'csv';
  readonly encoder = 'csv' as const;
  private readonly writers = new Map<string, FileWriter>();

  /** `header: false` leaves out the header row: what a shard after the first writes. */
  constructor(
    private readonly dir: OutputDir,
    private readonly options: { header?: boolean } = {},
  ) {}

  async open(dataset: { tables: readonly TableLayout[] }): Promise<void> {
    for (const t of dataset.tables) {
      const rel = `${t.name}.csv`;
      const w = new FileWriter(this.dir.path(rel), rel, t.name);
      if (this.options.header !== false) w.write(`${t.columns.map((c) => csvCell(c.name)).join(',')}\n`);
      this.writers.set(t.name, w);
    }
  }

  write(chunk: Chunk): void {
    encodeCsvChunk(chunk, this.writers.get(chunk.table)!);
  }

  /** Appends rows a worker encoded with `encodeCsvChunk`. */
  writeBytes(table: string, bytes: Uint8Array): void {
    this.writers.get(table)!.append(bytes);
  }

  async close(): Promise<WrittenFile[]> {
    return [...this.writers.values()].map((w) => w.close());
  }

  async abort(): Promise<void> {
    for (const w of this.writers.values()) w.discard();
  }
}

/** Encodes a chunk's rows as CSV: the hot path of CSV output, straight into the output's bytes. */
export function encodeCsvChunk(chunk: Chunk, w: ByteOut): void {
  const cols = chunk.columns;
  const ncol = cols.length;
  // the hot path of CSV output: cells are encoded straight into the file's block
  for (let r = 0; r < chunk.rows; r++) {
    for (let c = 0; c < ncol; c++) {
      if (c > 0) w.byte(COMMA);
      const v = cols[c]![r]!;
      if (typeof v === 'string') {
        if (!w.plainField(v)) {
          w.byte(QUOTE);
          w.text(v.replaceAll('"', '""'));
          w.byte(QUOTE);
        }
      } else if (typeof v === 'number') w.text(numberText(v));
      else if (typeof v === 'boolean') w.text(v ? 'true' : 'false');
      else if (v !== null) w.text(csvCell(jsonText(v)));
    }
    w.byte(NEWLINE);
  }
}
