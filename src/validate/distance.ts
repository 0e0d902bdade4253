import { type Cell, type Frame, type Metadata, numericValue } from './frame.js';

/**
 * Record distances as SDMetrics' DCR defines them: per column, numbers and datetimes differ by
 * |a − b| / (the reference column's range), capped at 1 (a constant reference column gives 0 when
 * equal, else 1); categories and booleans differ by 0 when equal, else 1; null against null is 0,
 * null against a value 1. A record distance is the mean over the columns.
 */

/** The kinds a distance compares; `id` and `text` columns are left out, as SDMetrics does. */
const COMPARED = new Set(['numerical', 'datetime', 'categorical', 'boolean']);

/** How one column is compared: its reference minimum and range, or its reference categories. */
export type DistanceColumn =
  | {
      readonly name: string;
      readonly type: 'numeric';
      readonly datetime: boolean;
      readonly min: number;
      readonly range: number;
    }
  | { readonly name: string; readonly type: 'categorical'; readonly codes: ReadonlyMap<string, number> };

/** The columns a distance compares, scaled by one reference frame, categorical ones first. */
export interface DistanceSpace {
  readonly columns: readonly DistanceColumn[];
  readonly numeric: readonly Extract<DistanceColumn, { type: 'numeric' }>[];
  readonly categorical: readonly Extract<DistanceColumn, { type: 'categorical' }>[];
}

/**
 * Rows encoded for fast scans, row-major: `cats[r * categorical + c]` is a category code (−1 null,
 * −2 a value the reference never holds) and `nums[r * numeric + c]` a value already divided by the
 * column's range (NaN null), so a column's distance is min(|a − b|, 1).
 */
export interface EncodedRows {
  readonly rows: number;
  readonly cats: Int32Array;
  readonly nums: Float64Array;
}

/** Nearest records of each query row: the distance and index of the closest and, when asked, the second. */
export interface Nearest {
  readonly distance: Float64Array;
  readonly index: Int32Array;
  readonly second?: Float64Array;
}

/**
 * The columns two frames share that a record distance compares (numerical, datetime, categorical
 * and boolean by `meta`), in the first frame's order.
 *
 * @example
 * comparedColumns({ age: 'numerical', id: 'id' }, real, synthetic); // ['age']
 */
export function comparedColumns(meta: Metadata, ...frames: readonly Frame[]): string[] {
  const [first, ...rest] = frames;
  if (!first) return [];
  return first.columns.filter((c) => COMPARED.has(meta[c] ?? '') && rest.every((f) => f.columns.includes(c)));
}

/** A cell as a number: datetimes as epoch milliseconds, null and unreadable text as NaN. */
export function numberOf(cell: Cell, datetime: boolean): number {
  if (cell === null) return Number.NaN;
  if (typeof cell === 'number') return cell;
  return datetime ? numericValue(cell) : Number(cell);
}

/** The key a categorical cell is compared by: numbers and their text read alike. */
export function categoryKey(cell: Cell): string | null {
  return cell === null ? null : String(cell);
}

/**
 * The distance space of a reference frame: each numeric column's min and range, each categorical
 * column's codes. Categorical columns come first, the likeliest to differ first, so a scan can stop
 * a row early once its partial distance passes the best so far.
 *
 * @example
 * const space = distanceSpace(real, meta, comparedColumns(meta, real, synthetic));
 */
export function distanceSpace(
  reference: Frame,
  meta: Metadata,
  columns: readonly string[] = comparedColumns(meta, reference),
): DistanceSpace {
  const numeric: Extract<DistanceColumn, { type: 'numeric' }>[] = [];
  const categorical: { column: Extract<DistanceColumn, { type: 'categorical' }>; match: number }[] = [];
  for (const name of columns) {
    const kind = meta[name];
    const cells = reference.data[name] ?? [];
    if (kind === 'numerical' || kind === 'datetime') {
      const datetime = kind === 'datetime';
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const cell of cells) {
        const v = numberOf(cell, datetime);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      // an all-null reference column: every value is a full step from its nulls anyway
      if (min > max) numeric.push({ name, type: 'numeric', datetime, min: 0, range: 0 });
      else numeric.push({ name, type: 'numeric', datetime, min, range: max - min });
    } else {
      const codes = new Map<string, number>();
      const counts: number[] = [];
      for (const cell of cells) {
        const key = categoryKey(cell);
        if (key === null) continue;
        let code = codes.get(key);
        if (code === undefined) {
          code = codes.size;
          codes.set(key, code);
          counts.push(0);
        }
        counts[code]!++;
      }
      const n = cells.length || 1;
      const nulls = n - counts.reduce((s, c) => s + c, 0);
      const match = counts.reduce((s, c) => s + (c / n) ** 2, (nulls / n) ** 2);
      categorical.push({ column: { name, type: 'categorical', codes }, match });
    }
  }
  categorical.sort((a, b) => a.match - b.match);
  const cats = categorical.map((c) => c.column);
  return { columns: [...cats, ...numeric], numeric, categorical: cats };
}

/**
 * Encodes a frame's rows (all, or those listed) in a space, for {@link nearestRecords}.
 *
 * @example
 * const queries = encodeRows(space, synthetic);
 */
export function encodeRows(space: DistanceSpace, frame: Frame, rows?: ArrayLike<number>): EncodedRows {
  const n = rows ? rows.length : frame.rows;
  const nc = space.categorical.length;
  const nn = space.numeric.length;
  const cats = new Int32Array(n * nc);
  const nums = new Float64Array(n * nn);
  space.categorical.forEach((column, c) => {
    const cells = frame.data[column.name] ?? [];
    for (let r = 0; r < n; r++) {
      const key = categoryKey(cells[rows ? rows[r]! : r] ?? null);
      cats[r * nc + c] = key === null ? -1 : (column.codes.get(key) ?? -2);
    }
  });
  space.numeric.forEach((column, c) => {
    const cells = frame.data[column.name] ?? [];
    for (let r = 0; r < n; r++) {
      const v = numberOf(cells[rows ? rows[r]! : r] ?? null, column.datetime);
      // a constant reference column: equal is 0, anything else is a full step away
      nums[r * nn + c] = Number.isNaN(v)
        ? v
        : column.range > 0
          ? (v - column.min) / column.range
          : v === column.min
            ? 0
            : 2;
    }
  });
  return { rows: n, cats, nums };
}

/**
 * The distance between row `i` of `a` and row `j` of `b` (both encoded in one space): the mean
 * of the per-column distances.
 *
 * @example
 * recordDistance(queries, 0, reference, 5); // 0.0667: one of 15 columns differs
 */
export function recordDistance(a: EncodedRows, i: number, b: EncodedRows, j: number): number {
  const nc = a.rows ? a.cats.length / a.rows : b.cats.length / (b.rows || 1);
  const nn = a.rows ? a.nums.length / a.rows : b.nums.length / (b.rows || 1);
  let s = 0;
  for (let c = 0; c < nc; c++) if (a.cats[i * nc + c] !== b.cats[j * nc + c]) s += 1;
  for (let c = 0; c < nn; c++) s += numericStep(a.nums[i * nn + c]!, b.nums[j * nn + c]!);
  return nc + nn ? s / (nc + nn) : 0;
}

function numericStep(x: number, y: number): number {
  const d = x - y;
  if (Number.isNaN(d)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : 1;
  const a = d < 0 ? -d : d;
  return Math.min(a, 1);
}

/**
 * Reference rows arranged for exact nearest-record search: sorted by their category codes (a trie
 * whose levels are the categorical columns) and, within a leaf, by one numeric column. A search
 * follows the query's own categories first, skips any branch whose category mismatches already
 * reach the k-th best distance, and walks a leaf outward from the query's value on the sorted
 * column until that column alone rules the rest out. The answers equal a full scan's.
 */
export interface RecordIndex {
  readonly rows: EncodedRows;
  /** `order[i]`: the reference row at sorted position i. */
  readonly order: Int32Array;
  /** The numeric column leaves are sorted by, or −1. */
  readonly primary: number;
  /** Trie nodes: code at their level, children `[childStart, childEnd)`, rows `[lo, hi)`, rows with a non-null primary `[lo, valued)`. */
  readonly code: Int32Array;
  readonly childStart: Int32Array;
  readonly childEnd: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly valued: Int32Array;
}

function pickRows(rows: EncodedRows, order: Int32Array): EncodedRows {
  const n = order.length;
  const nc = rows.rows ? rows.cats.length / rows.rows : 0;
  const nn = rows.rows ? rows.nums.length / rows.rows : 0;
  const cats = new Int32Array(n * nc);
  const nums = new Float64Array(n * nn);
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    cats.set(rows.cats.subarray(r * nc, r * nc + nc), i * nc);
    nums.set(rows.nums.subarray(r * nn, r * nn + nn), i * nn);
  }
  return { rows: n, cats, nums };
}

/**
 * Builds the search index of reference rows.
 *
 * @example
 * const index = recordIndex(encodeRows(space, real));
 */
export function recordIndex(reference: EncodedRows): RecordIndex {
  const n = reference.rows;
  const nc = n ? reference.cats.length / n : 0;
  const nn = n ? reference.nums.length / n : 0;
  const { cats, nums } = reference;
  // the numeric column with the widest spread prunes leaves best
  let primary = -1;
  let widest = -1;
  for (let c = 0; c < nn; c++) {
    let sum = 0;
    let sq = 0;
    let m = 0;
    for (let r = 0; r < n; r++) {
      const v = nums[r * nn + c]!;
      if (Number.isNaN(v)) continue;
      sum += v;
      sq += v * v;
      m++;
    }
    const spread = m ? sq / m - (sum / m) ** 2 : 0;
    if (spread > widest) {
      widest = spread;
      primary = c;
    }
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    for (let c = 0; c < nc; c++) {
      const d = cats[a * nc + c]! - cats[b * nc + c]!;
      if (d) return d;
    }
    if (primary >= 0) {
      const x = nums[a * nn + primary]!;
      const y = nums[b * nn + primary]!;
      if (Number.isNaN(x) || Number.isNaN(y)) {
        if (Number.isNaN(x) && Number.isNaN(y)) return a - b;
        return Number.isNaN(x) ? 1 : -1;
      }
      if (x !== y) return x - y;
    }
    return a - b;
  });
  const rows = pickRows(reference, order);
  const code: number[] = [];
  const childStart: number[] = [];
  const childEnd: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const valued: number[] = [];
  const fill = (id: number, from: number, to: number, depth: number): void => {
    lo[id] = from;
    hi[id] = to;
    if (depth === nc) {
      let v = to;
      if (primary >= 0) while (v > from && Number.isNaN(rows.nums[(v - 1) * nn + primary]!)) v--;
      valued[id] = v;
      childStart[id] = childEnd[id] = 0;
      return;
    }
    valued[id] = to;
    const runs: [number, number][] = [];
    for (let i = from; i < to; ) {
      const value = rows.cats[i * nc + depth]!;
      let j = i + 1;
      while (j < to && rows.cats[j * nc + depth] === value) j++;
      runs.push([i, j]);
      i = j;
    }
    const first = code.length;
    for (const [a] of runs) {
      code.push(rows.cats[a * nc + depth]!);
      childStart.push(0);
      childEnd.push(0);
      lo.push(0);
      hi.push(0);
      valued.push(0);
    }
    childStart[id] = first;
    childEnd[id] = first + runs.length;
    runs.forEach(([a, b], r) => {
      fill(first + r, a, b, depth + 1);
    });
  };
  code.push(0);
  childStart.push(0);
  childEnd.push(0);
  lo.push(0);
  hi.push(0);
  valued.push(0);
  fill(0, 0, n, 0);
  return {
    rows,
    order,
    primary,
    code: Int32Array.from(code),
    childStart: Int32Array.from(childStart),
    childEnd: Int32Array.from(childEnd),
    lo: Int32Array.from(lo),
    hi: Int32Array.from(hi),
    valued: Int32Array.from(valued),
  };
}

/**
 * For each query row, the closest reference row (and with `k = 2` the second-closest distance),
 * exact, by a branch-and-bound search of the {@link RecordIndex}. Ties go to the lowest reference
 * row index.
 *
 * @example
 * const { distance } = nearestRecords(encodeRows(space, synthetic), recordIndex(encodeRows(space, real)));
 */
export function nearestRecords(queries: EncodedRows, index: RecordIndex, k: 1 | 2 = 1): Nearest {
  const nq = queries.rows;
  const ref = index.rows;
  const nc = nq ? queries.cats.length / nq : 0;
  const nn = nq ? queries.nums.length / nq : 0;
  const width = nc + nn;
  const distance = new Float64Array(nq);
  const found = new Int32Array(nq).fill(-1);
  const second = k === 2 ? new Float64Array(nq) : undefined;
  const { code, childStart, childEnd, lo, hi, valued, primary, order } = index;
  const rn = ref.nums;
  const qc = new Int32Array(nc);
  const qn = new Float64Array(nn);
  let best = Number.POSITIVE_INFINITY;
  let next = Number.POSITIVE_INFINITY;
  let bound = Number.POSITIVE_INFINITY;
  let bestAt = -1;

  const evaluate = (i: number, s: number): void => {
    const o = i * nn;
    for (let c = 0; c < nn; c++) {
      const x = qn[c]!;
      const y = rn[o + c]!;
      let d = x - y;
      if (Number.isNaN(d)) d = Number.isNaN(x) && Number.isNaN(y) ? 0 : 1;
      else {
        if (d < 0) d = -d;
        if (d > 1) d = 1;
      }
      s += d;
      if (s > bound) return;
    }
    // ties go to the lowest reference row, so two searches over the same rows agree
    if (s < best || (s === best && order[i]! < order[bestAt]!)) {
      next = best;
      best = s;
      bestAt = i;
    } else next = s;
    bound = k === 2 ? next : best;
  };

  const leaf = (node: number, mismatches: number): void => {
    const from = lo[node]!;
    const to = hi[node]!;
    if (primary < 0) {
      for (let i = from; i < to && mismatches <= bound; i++) evaluate(i, mismatches);
      return;
    }
    const v = valued[node]!;
    const p = qn[primary]!;
    if (Number.isNaN(p)) {
      for (let i = v; i < to && mismatches <= bound; i++) evaluate(i, mismatches);
      for (let i = from; i < v && mismatches + 1 <= bound; i++) evaluate(i, mismatches);
      return;
    }
    let a = from;
    let b = v;
    while (a < b) {
      const m = (a + b) >> 1;
      if (rn[m * nn + primary]! < p) a = m + 1;
      else b = m;
    }
    for (let i = a; i < v; i++) {
      const d = rn[i * nn + primary]! - p;
      if (mismatches + Math.min(d, 1) > bound) break;
      evaluate(i, mismatches);
    }
    for (let i = a - 1; i >= from; i--) {
      const d = p - rn[i * nn + primary]!;
      if (mismatches + Math.min(d, 1) > bound) break;
      evaluate(i, mismatches);
    }
    for (let i = v; i < to && mismatches + 1 <= bound; i++) evaluate(i, mismatches);
  };

  const visit = (node: number, depth: number, mismatches: number): void => {
    if (depth === nc) {
      leaf(node, mismatches);
      return;
    }
    const start = childStart[node]!;
    const end = childEnd[node]!;
    const want = qc[depth]!;
    let a = start;
    let b = end;
    while (a < b) {
      const m = (a + b) >> 1;
      if (code[m]! < want) a = m + 1;
      else b = m;
    }
    const own = a < end && code[a] === want ? a : -1;
    if (own >= 0) visit(own, depth + 1, mismatches);
    for (let child = start; child < end && mismatches + 1 <= bound; child++) {
      if (child !== own) visit(child, depth + 1, mismatches + 1);
    }
  };

  for (let q = 0; q < nq; q++) {
    for (let c = 0; c < nc; c++) qc[c] = queries.cats[q * nc + c]!;
    for (let c = 0; c < nn; c++) qn[c] = queries.nums[q * nn + c]!;
    best = next = bound = Number.POSITIVE_INFINITY;
    bestAt = -1;
    if (ref.rows) visit(0, 0, 0);
    distance[q] = bestAt < 0 ? Number.NaN : width ? best / width : 0;
    found[q] = bestAt < 0 ? -1 : index.order[bestAt]!;
    if (second) second[q] = next === Number.POSITIVE_INFINITY ? Number.NaN : width ? next / width : 0;
  }
  return second ? { distance, index: found, second } : { distance, index: found };
}
