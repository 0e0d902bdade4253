import { plainFieldInto, utf8Into } from './file-writer.js';

/** What chunk encoders write to: a file's block, or a buffer a worker hands to the main thread. */
export interface ByteOut {
  /** Appends one byte (an ASCII separator). */
  byte(b: number): void;
  /** Appends a short text as UTF-8. */
  text(s: string): void;
  /** Appends a text of any length as UTF-8. */
  write(s: string): void;
  /** Appends a CSV field that needs no quotes and returns true; else writes nothing and returns false. */
  plainField(s: string): boolean;
}

/**
 * A growable byte buffer with the same encoding as FileWriter (lone surrogates become U+FFFD),
 * so bytes a worker encodes equal the bytes the file writer would have written. It is reused:
 * `view()` shows what was written since `reset()`, without copying.
 *
 * @example
 * const b = new ByteBuffer(); b.text('a,b'); b.byte(10); b.view(); // Uint8Array [97, 44, 98, 10]
 */
export class ByteBuffer implements ByteOut {
  private buf: Buffer;
  private used = 0;

  /** `into` is where to write first (shared memory, say); past its end the bytes move to a buffer of their own. */
  constructor(private readonly into: Buffer = Buffer.allocUnsafe(1 << 20)) {
    this.buf = into;
  }

  /** True while everything written since the last reset sits in the buffer given to the constructor. */
  inPlace(): boolean {
    return this.buf === this.into;
  }

  get length(): number {
    return this.used;
  }

  private grow(n: number): void {
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + n));
    this.buf.copy(grown, 0, 0, this.used);
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.used >= this.buf.length) this.grow(1);
    this.buf[this.used++] = b;
  }

  text(s: string): void {
    // a UTF-16 code unit takes at most 3 bytes of UTF-8
    if (this.used + s.length * 3 > this.buf.length) this.grow(s.length * 3);
    this.used = utf8Into(this.buf, this.used, s);
  }

  plainField(s: string): boolean {
    if (this.used + s.length * 3 > this.buf.length) this.grow(s.length * 3);
    const end = plainFieldInto(this.buf, this.used, s);
    if (end < 0) return false;
    this.used = end;
    return true;
  }

  write(s: string): void {
    if (this.used + s.length * 3 > this.buf.length) this.grow(s.length * 3);
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  /** The bytes written since the last reset, as a view into the buffer (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }

  reset(): void {
    this.used = 0;
    this.buf = this.into;
  }
}
