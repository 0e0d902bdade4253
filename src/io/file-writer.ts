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
    // most cells are ASCII: that loop stays here, small enough to be inlined into the encoders
    const buf = this.block;
    let off = this.used;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.used = utf8Into(buf, off, s, i);
        return;
      }
      buf[off++] = c;
    }
    this.used = off;
  }

  /** Appends a CSV field that needs no quotes and returns true; else writes nothing and returns false. */
  plainField(s: string): boolean {
    const n = s.length;
    if (n > 256) {
      if (s === '' || NEEDS_QUOTES.test(s)) return false;
      this.write(s);
      return true;
    }
    if (this.used + n * 3 > BLOCK) this.flush();
    const end = plainFieldInto(this.block, this.used, s);
    if (end < 0) return false;
    this.used = end;
    return true;
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
 * Encodes a string (from code unit `from` on) as UTF-8 into `buf` at `off` (room for 3 bytes a
 * code unit is the caller's job) and returns the new end. For the many short values of a row this beats Buffer.write.
 */
export function utf8Into(buf: Buffer, off: number, s: string, from = 0): number {
  const n = s.length;
  for (let i = from; i < n; i++) {
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

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Encodes a CSV field that needs no quotes (no comma, quote or line break, and not empty) into
 * `buf` at `off` and returns the new end, or −1 (having written nothing that counts) when it needs
 * quotes. One pass does the check and the ASCII encoding: what most cells are.
 */
export function plainFieldInto(buf: Buffer, off: number, s: string): number {
  const n = s.length;
  if (n === 0) return -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return NEEDS_QUOTES.test(s) ? -1 : utf8Into(buf, off, s, i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return -1;
    buf[off++] = c;
  }
  return off;
}
