import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { WrittenFile } from './sink.js';

/** Writes a file in large blocks, hashing and counting bytes as it goes. */
export class FileWriter {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private pending: Buffer[] = [];
  private pendingLength = 0;

  constructor(
    readonly tempPath: string,
    readonly relative: string,
    readonly table?: string,
  ) {
    this.fd = openSync(tempPath, 'w');
  }

  /** Appends text. It is encoded at once, so no string outlives the call (keeps the GC young). */
  write(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    this.pending.push(buf);
    this.pendingLength += buf.length;
    if (this.pendingLength > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
  }

  close(): WrittenFile {
    this.flush();
    closeSync(this.fd);
    return {
      path: this.relative,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      ...(this.table === undefined ? {} : { table: this.table }),
    };
  }

  /** Closes without finishing; the staging folder is removed by the caller. */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
