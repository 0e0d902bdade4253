import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { WrittenFile } from './sink.js';

const BLOCK = 1 << 21;

/**
 * Writes a file in large blocks, hashing and counting bytes as it goes. Text is encoded into one
 * reused block, so writing allocates no buffers and memory stays flat however big the file.
 */
export class FileWriter {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  constructor(
    readonly tempPath: string,
    readonly relative: string,
    readonly table?: string,
  ) {
    this.fd = openSync(tempPath, 'w');
  }

  write(text: string): void {
    // a UTF-16 code unit takes at most 3 bytes of UTF-8
    if (this.used + text.length * 3 > BLOCK) this.flush();
    if (text.length * 3 > BLOCK) {
      this.emit(Buffer.from(text, 'utf8'));
      return;
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.emit(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private emit(buf: Buffer): void {
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
