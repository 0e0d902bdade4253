import { TrainkitError } from '../errors/index.js';
import type { Chunk } from '../io/index.js';
import { Rng } from '../random/index.js';
import type { RowCursor, Value } from '../values/index.js';
import type { Plan, TablePlan } from './plan.js';
import { UniqueSet } from './unique-set.js';

/** How many times a unique column redraws before giving up on a row. */
const MAX_UNIQUE_TRIES = 1000;

/**
 * Makes the chunks of a plan in output order: each family of tables chunk by chunk, parents
 * before children, so every foreign key points at a row already made. Memory stays flat: only
 * the current chunk of each table is held. A chunk's arrays are reused for the next chunk, so a
 * consumer must finish with a chunk before asking for the next one.
 *
 * @example
 * for (const chunk of generateChunks(planGeneration(spec))) console.log(chunk.table, chunk.rows);
 */
export function* generateChunks(plan: Plan): Generator<Chunk> {
  const uniques = new Map<TablePlan, (UniqueSet | undefined)[]>();
  for (const t of plan.tables) {
    uniques.set(
      t,
      // a primary key is unique even when its spec does not say so
      t.columns.map((c) => (c.layout.unique && c.spec.kind !== 'id' ? new UniqueSet() : undefined)),
    );
  }
  const formatted = new Map(plan.tables.map((t) => [t, t.columns.map((): Value[] => [])]));
  for (const tree of plan.trees) {
    const chunks = tree[0]!.chunkRows.length;
    for (let k = 0; k < chunks; k++) {
      for (const t of tree) {
        makeChunk(plan, t, k, uniques.get(t)!);
        if (t.state.rows === 0) continue;
        yield {
          table: t.name,
          index: k,
          start: t.state.start,
          rows: t.state.rows,
          columns: outputColumns(t, formatted.get(t)!),
        };
        release(t, formatted.get(t)!);
      }
    }
  }
}

function makeChunk(plan: Plan, t: TablePlan, k: number, uniques: (UniqueSet | undefined)[]): void {
  const st = t.state;
  const n = t.chunkRows[k]!;
  st.chunk = k;
  st.rows = n;
  st.start = t.chunkStart[k]!;
  if (n === 0) return;

  if (t.parent) {
    // the same draws that counted the rows now say which parent each row belongs to
    if (st.parentLocal.length < n) st.parentLocal = new Int32Array(Math.max(n, st.parentLocal.length * 2));
    const rng = Rng.from([plan.seed, t.name, '#rows', k]);
    const parentRows = t.parent.state.rows;
    if (st.seq.length < n) st.seq = new Int32Array(Math.max(n, st.seq.length * 2));
    let r = 0;
    for (let p = 0; p < parentRows; p++) {
      const c = t.drawCount!(rng);
      for (let j = 0; j < c; j++) {
        st.seq[r] = j;
        st.parentLocal[r++] = p;
      }
    }
  }
  for (const [name, arr] of st.refIndex) {
    const sized = arr.length >= n ? arr : new Float64Array(Math.max(n, arr.length * 2));
    sized.fill(Number.NaN, 0, n);
    if (sized !== arr) st.refIndex.set(name, sized);
  }

  const cursor: RowCursor = { index: 0, local: 0, group: -1, seq: 0 };
  const parentStart = t.parent ? t.parent.state.start : 0;
  const rng = new Rng(0, 0, 0, 1);
  const nullRng = new Rng(0, 0, 0, 1);
  for (const ci of t.genOrder) {
    const col = t.columns[ci]!;
    const provider = col.provider;
    const arr = st.cols[ci]!;
    arr.length = n;
    rng.reseed([plan.seed, t.name, col.name, k]);
    const nullRate = col.spec.null_rate ?? 0;
    if (nullRate > 0) nullRng.reseed([plan.seed, t.name, col.name, '#null', k]);
    const unique = uniques[ci];
    for (let r = 0; r < n; r++) {
      cursor.index = st.start + r;
      cursor.local = r;
      if (t.parent) {
        cursor.group = parentStart + st.parentLocal[r]!;
        cursor.seq = st.seq[r]!;
      } else cursor.seq = cursor.index;
      if (nullRate > 0 && nullRng.float() < nullRate) {
        arr[r] = null;
        continue;
      }
      let v = provider.next(rng, cursor);
      if (unique && v !== null) {
        let tries = 0;
        while (!unique.add(v)) {
          if (++tries >= MAX_UNIQUE_TRIES) throw exhausted(t, col.name, cursor.index);
          v = provider.next(rng, cursor);
          if (v === null) break;
        }
      }
      arr[r] = v;
    }
  }
  for (const [ci, kept] of t.retained) {
    const arr = st.cols[ci]!;
    for (let r = 0; r < n; r++) kept.push(arr[r]!);
  }
}

/**
 * Drops the values of a written chunk that no child table reads, so they die young instead of
 * being promoted while the children's chunks are made (what keeps memory flat and GC cheap).
 */
function release(t: TablePlan, formatted: Value[][]): void {
  for (let ci = 0; ci < t.columns.length; ci++) {
    formatted[ci]!.length = 0;
    if (!t.readByChildren.has(ci)) t.state.cols[ci]!.length = 0;
  }
}

/** The chunk's values in output form; formatted columns reuse one array per column across chunks. */
function outputColumns(t: TablePlan, formatted: Value[][]): Value[][] {
  const n = t.state.rows;
  return t.columns.map((c, ci) => {
    const arr = t.state.cols[ci]!;
    const fmt = c.provider.format;
    if (!fmt) return arr;
    const out = formatted[ci]!;
    out.length = n;
    for (let r = 0; r < n; r++) out[r] = fmt(arr[r]!);
    return out;
  });
}

function exhausted(t: TablePlan, column: string, row: number): TrainkitError {
  return new TrainkitError([
    {
      code: 'impossible_constraint',
      message: `"${t.name}.${column}" must be unique, but no new value turned up in ${MAX_UNIQUE_TRIES} draws at row ${row + 1} of ${t.total}`,
      path: ['tables', t.name, 'columns', column, 'unique'],
      hint: 'the column has run out of distinct values: widen its range, make fewer rows, or drop unique',
    },
  ]);
}
