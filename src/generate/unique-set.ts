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
  add(value: string | number | boolean | object): boolean {
    // nested values (object and array columns) count by their JSON text
    const key =
      typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? `\u0001${JSON.stringify(value)}`
          : `\u0000${String(value)}`;
    const fp = fingerprint(key) + 1;
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

  /** The fingerprints held, in slot order: what a worker sends for the main thread to check. */
  fingerprints(): Float64Array {
    const out = new Float64Array(this.count);
    let j = 0;
    for (const fp of this.slots) if (fp !== 0) out[j++] = fp;
    return out;
  }

  /** True when any of the fingerprints is already held. */
  intersects(fps: Float64Array): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (const fp of fps) {
      let i = (fp % 0x40000000) & mask;
      for (;;) {
        const s = slots[i]!;
        if (s === 0) break;
        if (s === fp) return true;
        i = (i + 1) & mask;
      }
    }
    return false;
  }

  /** Adds fingerprints taken from another set (none of them held yet: check with `intersects`). */
  addFingerprints(fps: Float64Array): void {
    for (const fp of fps) {
      if ((this.count + 1) * 2 > this.slots.length) this.grow();
      if (this.insert(this.slots, fp)) this.count++;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const fp of old) if (fp !== 0) this.insert(this.slots, fp);
  }
}
