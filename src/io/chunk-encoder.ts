import type { ByteOut } from './byte-buffer.js';
import { encodeCsvChunk } from './csv-sink.js';
import { encodeJsonlChunk, jsonlKeys } from './jsonl-sink.js';
import type { Chunk, TableLayout } from './sink.js';

/**
 * Encodes chunks the way a sink with that `encoder` writes them: what lets workers do the
 * encoding while the main thread only appends the bytes (`Sink.writeBytes`).
 *
 * @example
 * const out = new ByteBuffer();
 * chunkEncoder('csv', layouts, out)(chunk);
 * sink.writeBytes!(chunk.table, out.view());
 */
export function chunkEncoder(
  format: 'csv' | 'jsonl',
  layouts: readonly TableLayout[],
  out: ByteOut,
): (chunk: Chunk) => void {
  if (format === 'csv') return (chunk) => encodeCsvChunk(chunk, out);
  const keys = new Map(layouts.map((t) => [t.name, jsonlKeys(t)]));
  return (chunk) => encodeJsonlChunk(chunk, keys.get(chunk.table)!, out);
}
