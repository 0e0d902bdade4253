import { FileWriter } from './file-writer.js';
import { numberText } from './number-text.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import type { StagedDir } from './staged-dir.js';

function jsonValue(v: CellValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? numberText(v) : 'null';
  return String(v);
}

/** Writes each table to `<table>.jsonl`, one JSON object a row, keys in column order. */
export class JsonlSink implements Sink {
  readonly format = 'jsonl';
  private readonly writers = new Map<string, { w: FileWriter; keys: string[] }>();

  constructor(private readonly dir: StagedDir) {}

  async open(dataset: { tables: readonly TableLayout[] }): Promise<void> {
    for (const t of dataset.tables) {
      const rel = `${t.name}.jsonl`;
      const keys = t.columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
      this.writers.set(t.name, { w: new FileWriter(this.dir.path(rel), rel, t.name), keys });
    }
  }

  write(chunk: Chunk): void {
    const { w, keys } = this.writers.get(chunk.table)!;
    let out = '';
    for (let r = 0; r < chunk.rows; r++) {
      let line = '';
      for (let c = 0; c < keys.length; c++) line += keys[c]! + jsonValue(chunk.columns[c]![r]!);
      out += `${line}}\n`;
    }
    w.write(out);
  }

  async close(): Promise<WrittenFile[]> {
    return [...this.writers.values()].map(({ w }) => w.close());
  }

  async abort(): Promise<void> {
    for (const { w } of this.writers.values()) w.discard();
  }
}
