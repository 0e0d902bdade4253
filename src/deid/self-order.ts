import type { ReadCell } from '../io/index.js';

/** A row read from the source, with the values it will be written with. */
export interface HeldRow {
  readonly row: readonly ReadCell[];
  readonly values: unknown[];
}

/** A foreign key of a table to itself: the child's columns and the parent's, as column indexes. */
export interface SelfKey {
  readonly idx: readonly number[];
  readonly ref: readonly number[];
}

const keyOf = (row: readonly ReadCell[], idx: readonly number[]) => JSON.stringify(idx.map((i) => row[i]));

/**
 * Orders the rows of a table that refers to itself (an employee's manager) so each is written
 * after the row it refers to: DuckDB checks a foreign key against rows of earlier statements,
 * PostgreSQL at the end of each statement, and key order need not be parents first. A row whose
 * parent has not been read yet waits for it; one whose parent sits in the batch not yet sent
 * asks for the batch to be sent first. Remembers the keys of the rows written (this table only).
 *
 * @example
 * const order = new SelfOrder([{ idx: [2], ref: [0] }]);
 * order.need([1, 'Ann', 3]); // 'wait': row 3 has not come yet
 */
export class SelfOrder {
  private readonly written: Set<string>[];
  private readonly pending: Set<string>[];
  private readonly waiting: Map<string, HeldRow[]>[];

  constructor(private readonly keys: readonly SelfKey[]) {
    this.written = keys.map(() => new Set());
    this.pending = keys.map(() => new Set());
    this.waiting = keys.map(() => new Map());
  }

  /** `ready` to go into the batch, `flush` the batch first (its parent is in it), or `wait` for its parent. */
  need(row: readonly ReadCell[]): 'ready' | 'flush' | 'wait' {
    let need: 'ready' | 'flush' = 'ready';
    for (let i = 0; i < this.keys.length; i++) {
      const idx = this.keys[i]!.idx;
      if (idx.some((c) => row[c] === null)) continue;
      const parent = keyOf(row, idx);
      if (this.written[i]!.has(parent)) continue;
      if (this.pending[i]!.has(parent)) need = 'flush';
      else return 'wait';
    }
    return need;
  }

  /** Holds a row until the parent it waits for is added. */
  wait(held: HeldRow): void {
    for (let i = 0; i < this.keys.length; i++) {
      const idx = this.keys[i]!.idx;
      if (idx.some((c) => held.row[c] === null)) continue;
      const parent = keyOf(held.row, idx);
      if (this.written[i]!.has(parent) || this.pending[i]!.has(parent)) continue;
      const list = this.waiting[i]!.get(parent);
      if (list) list.push(held);
      else this.waiting[i]!.set(parent, [held]);
      return;
    }
  }

  /** The row went into the batch: the rows that waited for it, to place again. */
  added(row: readonly ReadCell[]): HeldRow[] {
    for (let i = 0; i < this.keys.length; i++) this.pending[i]!.add(keyOf(row, this.keys[i]!.ref));
    return this.release(row);
  }

  /** The row was left out: the rows that waited for it, to leave out too. */
  release(row: readonly ReadCell[]): HeldRow[] {
    const out: HeldRow[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const key = keyOf(row, this.keys[i]!.ref);
      const list = this.waiting[i]!.get(key);
      if (!list) continue;
      this.waiting[i]!.delete(key);
      out.push(...list);
    }
    return out;
  }

  /** The batch was sent: its rows are in the target. */
  flushed(): void {
    for (let i = 0; i < this.keys.length; i++) {
      for (const k of this.pending[i]!) this.written[i]!.add(k);
      this.pending[i]!.clear();
    }
  }

  /** Rows still waiting at the end (their parent never came), once each. */
  rest(): HeldRow[] {
    const seen = new Set<HeldRow>();
    for (const m of this.waiting) for (const list of m.values()) for (const h of list) seen.add(h);
    return [...seen];
  }
}
