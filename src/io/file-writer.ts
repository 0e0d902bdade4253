import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ByteOut } from './byte-buffer.js';
import type { WrittenFile } from './sink.js';

const BLOCK = 1 << 21;

/**
 * Writes a file in large blocks, hashing and counting bytes as it goes. Text is encoded into one
 * reused block, so writing allocates no buffers and memory stays flat however big the file.
 */
export class FileWriter implements ByteOut {
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

  /** Appends one byte (an ASCII separator). */
  byte(b: number): void {
    if (this.used >= BLOCK) this.flush();
    this.block[this.used++] = b;
  }

  /**
   * Appends a short text, encoding UTF-8 in place: for the many small values of a row this is
   * cheaper than building one big string and encoding it afterwards.
   */
  text(s: string): void {
    const n = s.length;
    if (n > 256) {
      this.write(s);
      return;
    }
    if (this.used + n * 3 > BLOCK) this.flush();
    this.used = utf8Into(this.block, this.used, s);
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

  /** Appends bytes encoded elsewhere (by a worker). */
  append(buf: Uint8Array): void {
    this.flush();
    this.emit(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
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

/**
 * Encodes a string as UTF-8 into `buf` at `off` (room for 3 bytes a code unit is the caller's
 * job) and returns the new end. For the many short values of a row this beats Buffer.write.
 */
export function utf8Into(buf: Buffer, off: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) buf[off++] = c;
    else if (c < 0x800) {
      buf[off++] = 0xc0 | (c >> 6);
      buf[off++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      buf[off++] = 0xf0 | (c >> 18);
      buf[off++] = 0x80 | ((c >> 12) & 63);
      buf[off++] = 0x80 | ((c >> 6) & 63);
      buf[off++] = 0x80 | (c & 63);
    } else {
      // a lone surrogate becomes U+FFFD, as Buffer.from does
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      buf[off++] = 0xe0 | (c >> 12);
      buf[off++] = 0x80 | ((c >> 6) & 63);
      buf[off++] = 0x80 | (c & 63);
    }
  }
  return off;
}
