import type { ByteOut } from './byte-buffer.js';
import { FileWriter } from './file-writer.js';
import { numberText } from './number-text.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import type { OutputDir } from './staged-dir.js';

/**
 * A value as compact JSON. Numbers go through `numberText`, as top-level numbers do, so nested
 * output is byte-stable; object keys keep their (declared) order.
 *
 * @example
 * jsonText({ sku: 'SKU-1', qty: [1, 2.5] }); // '{"sku":"SKU-1","qty":[1,2.5]}'
 */
export function jsonText(v: CellValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? numberText(v) : 'null';
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + jsonText(v[i]!);
    return `${s}]`;
  }
  let s = '{';
  for (const k of Object.keys(v)) s += `${s.length > 1 ? ',' : ''}${JSON.stringify(k)}:${jsonText(v[k]!)}`;
  return `${s}}`;
}

/** Writes each table to `<table>.jsonl`, one JSON object a row, keys in column order. */
export class JsonlSink implements Sink {
  readonly format = 'jsonl';
  readonly encoder = 'jsonl' as const;
  private readonly writers = new Map<string, { w: FileWriter; keys: string[] }>();

  constructor(private readonly dir: OutputDir) {}

  async open(dataset: { tables: readonly TableLayout[] }): Promise<void> {
    for (const t of dataset.tables) {
      const rel = `${t.name}.jsonl`;
      const keys = jsonlKeys(t);
      this.writers.set(t.name, { w: new FileWriter(this.dir.path(rel), rel, t.name), keys });
    }
  }

  write(chunk: Chunk): void {
    const { w, keys } = this.writers.get(chunk.table)!;
    encodeJsonlChunk(chunk, keys, w);
  }

  /** Appends rows a worker encoded with `encodeJsonlChunk`. */
  writeBytes(table: string, bytes: Uint8Array): void {
    this.writers.get(table)!.w.append(bytes);
  }

  async close(): Promise<WrittenFile[]> {
    return [...this.writers.values()].map(({ w }) => w.close());
  }

  async abort(): Promise<void> {
    for (const { w } of this.writers.values()) w.discard();
  }
}

/** Each column's `{"name":` or `,"name":` prefix. */
export function jsonlKeys(t: TableLayout): string[] {
  return t.columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
}

/** Encodes a chunk's rows as JSON lines. */
export function encodeJsonlChunk(chunk: Chunk, keys: readonly string[], w: ByteOut): void {
  let out = '';
  for (let r = 0; r < chunk.rows; r++) {
    let line = '';
    for (let c = 0; c < keys.length; c++) line += keys[c]! + jsonText(chunk.columns[c]![r]!);
    out += `${line}}\n`;
  }
  w.write(out);
}
