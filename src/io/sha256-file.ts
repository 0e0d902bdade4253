import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * SHA-256 of a file as hex, read in blocks so memory does not grow with the file: what the
 * manifest records for a database file or a Parquet file a sink wrote.
 *
 * @example
 * await sha256File('out/shop.duckdb'); // 'e3b0c442…'
 */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of createReadStream(file)) hash.update(block as Buffer);
  return hash.digest('hex');
}
