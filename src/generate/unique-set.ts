import { fingerprint } from '../random/index.js';

/**
 * Remembers which values a unique column has produced, as 53-bit fingerprints in an
 * open-addressing table: 16 bytes a row, however long the values. A fingerprint collision only
 * costs one extra redraw, never a duplicate.
 */
export class UniqueSet {
  private slots = new Float64Array(1024);
  private count = 0;

  /** Adds the value; false when it (or a value with the same fingerprint) was already there. */
  add(value: string | number | boolean): boolean {
    const fp = fingerprint(typeof value === 'string' ? value : `\u0000${String(value)}`) + 1;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (!this.insert(this.slots, fp)) return false;
    this.count++;
    return true;
  }

  private insert(slots: Float64Array, fp: number): boolean {
    const mask = slots.length - 1;
    let i = (fp % 0x40000000) & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) {
        slots[i] = fp;
        return true;
      }
      if (s === fp) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const fp of old) if (fp !== 0) this.insert(this.slots, fp);
  }
}
