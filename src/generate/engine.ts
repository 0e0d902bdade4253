import { TrainkitError } from '../errors/index.js';
import type { Chunk } from '../io/index.js';
import { Rng } from '../random/index.js';
import type { RowCursor, Value } from '../values/index.js';
import { applyEdgeCases, fillAggregates, fillTruth } from './late-columns.js';
import { type Plan, sidecarName, type TablePlan } from './plan.js';
import { truthMode } from './row-rules.js';
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
export function* generateChunks(plan: Plan, range?: ChunkRange): Generator<Chunk> {
  const state = new EngineState(plan);
  for (const [ti, tree] of plan.trees.entries()) {
    const chunks = tree[0]!.chunkRows.length;
    const [lo, hi] = range ? range(ti, chunks) : [0, chunks];
    // what came before the range still decides unique values and the rows other families read
    const retained = hasRetained(tree);
    const first = lo > 0 && (retained || hasUniques(tree)) ? 0 : lo;
    // later families read random rows of a retained family, so all of it is made
    const last = retained ? chunks : hi;
    for (let k = first; k < last; k++) {
      const made = treeChunk(plan, state, tree, k);
      if (k < lo || k >= hi) for (const _ of made);
      else yield* made;
    }
  }
}

/** Which chunks of a family to write: [from, to) of its `chunks`. */
export type ChunkRange = (tree: number, chunks: number) => [number, number];

/** What carries over from one chunk to the next: unique values seen, and reusable arrays. */
export class EngineState {
  readonly uniques = new Map<TablePlan, (UniqueSet | undefined)[]>();
  readonly formatted: Map<TablePlan, Value[][]>;
  readonly hits: Map<TablePlan, (string | null)[]>;

  constructor(plan: Plan) {
    for (const t of plan.tables) {
      // a primary key is unique even when its spec does not say so
      this.uniques.set(
        t,
        t.columns.map((c) => (c.layout.unique && c.spec.kind !== 'id' ? new UniqueSet() : undefined)),
      );
    }
    this.formatted = new Map(plan.tables.map((t) => [t, t.columns.map((): Value[] => [])]));
    this.hits = new Map(plan.tables.map((t) => [t, [] as (string | null)[]]));
  }
}

export function hasUniques(tree: readonly TablePlan[]): boolean {
  return tree.some((t) => t.columns.some((c) => c.layout.unique && c.spec.kind !== 'id'));
}

export function hasRetained(tree: readonly TablePlan[]): boolean {
  return tree.some((t) => t.retained.size > 0);
}

/**
 * Makes chunk k of a family and yields its tables' chunks. The family is made whole before any
 * of it is yielded: parents' aggregates need their children, and the edge cases and ground truth
 * come last. The arrays are reused, so a consumer finishes with a chunk before the next.
 */
export function* treeChunk(
  plan: Plan,
  state: EngineState,
  tree: readonly TablePlan[],
  k: number,
): Generator<Chunk> {
  if (!tree.some((t) => t.aggregates.length > 0)) {
    // nothing reads a table after its children: each table is written and let go before the next
    for (const t of tree) {
      makeChunk(plan, t, k, state.uniques.get(t)!);
      if (t.state.rows > 0) {
        applyEdgeCases(plan.seed, t, k, state.hits.get(t)!, 'rows');
        retain(t);
        yield* finish(plan, state, t, k);
      }
      release(t, state.formatted.get(t)!);
    }
    return;
  }
  // each table's rows are broken before its children are made, as above, so children agree with them
  for (const t of tree) {
    makeChunk(plan, t, k, state.uniques.get(t)!);
    if (t.state.rows > 0) applyEdgeCases(plan.seed, t, k, state.hits.get(t)!, 'rows');
    retain(t);
  }
  for (let i = tree.length - 1; i >= 0; i--) {
    const t = tree[i]!;
    if (t.state.rows > 0 && t.aggregates.length > 0) fillAggregates(t, t.aggregates);
  }
  for (const t of tree) if (t.state.rows > 0) yield* finish(plan, state, t, k);
  for (const t of tree) release(t, state.formatted.get(t)!);
}

/** The last steps of a table's chunk: edge cases on aggregates, the ground truth, then out. */
function* finish(plan: Plan, state: EngineState, t: TablePlan, k: number): Generator<Chunk> {
  applyEdgeCases(plan.seed, t, k, state.hits.get(t)!, 'late');
  const mode = truthMode(t);
  const truth = mode === 'none' ? undefined : fillTruth(t, state.hits.get(t)!);
  yield {
    table: t.name,
    index: k,
    start: t.state.start,
    rows: t.state.rows,
    columns: outputColumns(t, state.formatted.get(t)!),
    ...(t.parent ? { parentRows: parentRows(t) } : {}),
  };
  if (truth && mode === 'sidecar') {
    const sidecar = truthChunk(t, k, truth);
    if (sidecar.rows > 0) yield sidecar;
  }
}

/**
 * The row being made. `group` and `seq` are read from the chunk only by the few providers that
 * ask (sequences, signals, events): setting them for every cell cost more than the lookups.
 */
class Cursor implements RowCursor {
  index = 0;
  local = 0;

  constructor(private readonly t: TablePlan) {}

  get group(): number {
    const p = this.t.parent;
    return p ? p.state.start + this.t.state.parentLocal[this.local]! : -1;
  }

  get seq(): number {
    return this.t.parent ? this.t.state.seq[this.local]! : this.index;
  }
}

/** Each row's parent row, as an index into the parent's table. */
function parentRows(t: TablePlan): Float64Array {
  const out = new Float64Array(t.state.rows);
  const base = t.parent!.state.start;
  for (let r = 0; r < out.length; r++) out[r] = base + t.state.parentLocal[r]!;
  return out;
}

/** The rows of a sidecar ground-truth table: the key of each row that a scenario or edge case made. */
function truthChunk(t: TablePlan, k: number, truth: { scenario: Value[]; edge: Value[] }): Chunk {
  const key = t.columns.findIndex((c) => c.layout.primaryKey);
  const keys: Value[] = [];
  const scenario: Value[] = [];
  const edge: Value[] = [];
  const rowsOf: number[] = [];
  for (let r = 0; r < t.state.rows; r++) {
    if (truth.scenario[r] === null && truth.edge[r] === null) continue;
    rowsOf.push(t.state.start + r);
    const v = key >= 0 ? t.state.cols[key]![r]! : t.state.start + r;
    keys.push(key >= 0 && t.columns[key]!.provider.format ? t.columns[key]!.provider.format!(v) : v);
    scenario.push(truth.scenario[r]!);
    edge.push(truth.edge[r]!);
  }
  return {
    table: sidecarName(t),
    index: k,
    start: -1,
    rows: keys.length,
    columns: [keys, scenario, edge],
    // the rows they describe, so a split sends each to where its row went
    parentRows: rowsOf,
  };
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
    const first = t.parent.state.start;
    for (let p = 0; p < parentRows; p++) {
      const c = t.drawCount!(rng, first + p);
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

  const cursor = new Cursor(t);
  const rng = new Rng(0, 0, 0, 1);
  const nullRng = new Rng(0, 0, 0, 1);
  for (const ci of t.genOrder) {
    const col = t.columns[ci]!;
    const provider = col.provider;
    if (col.late) continue;
    const arr = st.cols[ci]!;
    arr.length = n;
    rng.reseed([plan.seed, t.name, col.name, k]);
    const nullRate = col.spec.null_rate ?? 0;
    if (nullRate > 0) nullRng.reseed([plan.seed, t.name, col.name, '#null', k]);
    const unique = uniques[ci];
    for (let r = 0; r < n; r++) {
      cursor.index = st.start + r;
      cursor.local = r;
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
}

/** Keeps the columns other families look up, as written (after edge cases). */
function retain(t: TablePlan): void {
  for (const [ci, kept] of t.retained) {
    const arr = t.state.cols[ci]!;
    for (let r = 0; r < t.state.rows; r++) kept.push(arr[r]!);
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
  const out: Value[][] = [];
  for (const [ci, c] of t.columns.entries()) {
    if (c.hidden) continue;
    out.push(formatColumn(t, ci, c.provider.format, formatted, n));
  }
  return out;
}

function formatColumn(
  t: TablePlan,
  ci: number,
  fmt: ((v: Value) => Value) | undefined,
  formatted: Value[][],
  n: number,
): Value[] {
  {
    const arr = t.state.cols[ci]!;
    if (!fmt) return arr;
    const out = formatted[ci]!;
    out.length = n;
    for (let r = 0; r < n; r++) out[r] = fmt(arr[r]!);
    return out;
  }
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
