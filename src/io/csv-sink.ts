import { FileWriter } from './file-writer.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import type { StagedDir } from './staged-dir.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell (RFC 4180): text with a comma, quote or newline is quoted. Null is an empty
 * field and the empty string is `""`, so the two stay apart (as in PostgreSQL's CSV COPY).
 */
export function csvCell(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'string') {
    if (v === '') return '""';
    return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }
  return String(v);
}

/**
 * Writes each table to `<table>.csv` with a header row.
 *
 * @example
 * const sink = new CsvSink(new StagedDir('out'));
 */
export class CsvSink implements Sink {
  readonly format = 'csv';
  private readonly writers = new Map<string, FileWriter>();

  constructor(private readonly dir: StagedDir) {}

  async open(dataset: { tables: readonly TableLayout[] }): Promise<void> {
    for (const t of dataset.tables) {
      const rel = `${t.name}.csv`;
      const w = new FileWriter(this.dir.path(rel), rel, t.name);
      w.write(`${t.columns.map((c) => csvCell(c.name)).join(',')}\n`);
      this.writers.set(t.name, w);
    }
  }

  write(chunk: Chunk): void {
    const cols = chunk.columns;
    const ncol = cols.length;
    let out = '';
    // one flat loop appending to one string: the hot path of CSV output
    for (let r = 0; r < chunk.rows; r++) {
      for (let c = 0; c < ncol; c++) {
        if (c > 0) out += ',';
        const v = cols[c]![r]!;
        if (typeof v === 'string')
          out += v === '' || !NEEDS_QUOTES.test(v) ? v : `"${v.replaceAll('"', '""')}"`;
        else if (v !== null) out += v;
      }
      out += '\n';
    }
    this.writers.get(chunk.table)!.write(out);
  }

  async close(): Promise<WrittenFile[]> {
    return [...this.writers.values()].map((w) => w.close());
  }

  async abort(): Promise<void> {
    for (const w of this.writers.values()) w.discard();
  }
}
