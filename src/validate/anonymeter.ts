import { normalQuantile, type Rng } from '../random/index.js';
import {
  categoryKey,
  distanceSpace,
  encodeRows,
  nearestRecords,
  numberOf,
  type RecordIndex,
  recordIndex,
} from './distance.js';
import type { Frame, Metadata } from './frame.js';

/**
 * Anonymeter-style attacks (Giomi et al. 2022): singling out, linkability and inference, each run
 * against the training rows and against a control set of real rows the generator never saw. The
 * risk is the attack's excess success on training rows over control rows.
 */

/** A success rate with its error at the confidence level (a Wilson score interval). */
export interface Rate {
  readonly value: number;
  readonly error: number;
}

/** A risk in [0, 1] and its confidence interval. */
export interface Risk {
  readonly value: number;
  readonly ci: readonly [number, number];
}

/** One attack's outcome: counts and rates only, never a row's values. */
export interface AttackResult {
  readonly attacks: number;
  readonly success: number;
  readonly control: number;
  readonly baseline: number;
  readonly attackRate: Rate;
  readonly controlRate: Rate;
  readonly baselineRate: Rate;
  /** (attack − control) / (1 − control), with the error propagated, bounded to [0, 1]. */
  readonly risk: Risk;
}

/**
 * The Wilson score estimate of a success rate: the centre of the interval and its half-width.
 *
 * @example
 * wilsonRate(50, 100); // { value: 0.5, error: 0.0951 }
 */
export function wilsonRate(success: number, total: number, confidence = 0.95): Rate {
  if (total <= 0) return { value: Number.NaN, error: Number.NaN };
  const z = normalQuantile(0.5 * (1 + confidence));
  const z2 = z * z;
  const s = Math.min(Math.max(success, 0), total);
  const denominator = total + z2;
  return {
    value: (s + 0.5 * z2) / denominator,
    error: (z / denominator) * Math.sqrt((s * (total - s)) / total + 0.25 * z2),
  };
}

/**
 * The excess risk of an attack over its control, (a − c) / (1 − c), with the errors of both rates
 * propagated to first order and the result bounded to [0, 1].
 *
 * @example
 * residualRisk(wilsonRate(90, 100), wilsonRate(10, 100)).value; // ≈ 0.86
 */
export function residualRisk(attack: Rate, control: Rate): Risk {
  const room = 1 - control.value;
  const value = (attack.value - control.value) / room;
  const error = Math.sqrt(
    (attack.error / Math.abs(room)) ** 2 + ((control.error * (attack.value - 1)) / room ** 2) ** 2,
  );
  const clip = (x: number) => Math.min(Math.max(x, 0), 1);
  return { value: clip(value), ci: [clip(value - error), clip(value + error)] };
}

function attackResult(attacks: number, success: number, control: number, baseline: number): AttackResult {
  const attackRate = wilsonRate(success, attacks);
  const controlRate = wilsonRate(control, attacks);
  return {
    attacks,
    success,
    control,
    baseline,
    attackRate,
    controlRate,
    baselineRate: wilsonRate(baseline, attacks),
    risk:
      attacks > 0
        ? residualRisk(attackRate, controlRate)
        : { value: Number.NaN, ci: [Number.NaN, Number.NaN] },
  };
}

/** `k` distinct row indices out of `n`, ascending (all of them when k ≥ n). */
export function sampleRows(n: number, k: number, rng: Rng): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (k >= n) return all;
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(n - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

/** The key of a row over some columns: equal rows, equal keys. */
export function rowKey(frame: Frame, columns: readonly string[], row: number): string {
  let key = '';
  for (const c of columns) {
    const v = frame.data[c]?.[row] ?? null;
    key += v === null ? '\u0000\u0001' : `${typeof v === 'number' ? 'n' : 's'}${v}\u0001`;
  }
  return key;
}

/** Indices of the first occurrence of each distinct row. */
function distinctRows(frame: Frame, columns: readonly string[]): number[] {
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let r = 0; r < frame.rows; r++) {
    const key = rowKey(frame, columns, r);
    if (!seen.has(key)) {
      seen.add(key);
      keep.push(r);
    }
  }
  return keep;
}

// ---- singling out ----------------------------------------------------------------------------

type Op = 'null' | 'notnull' | 'eq' | 'ne' | 'le' | 'ge' | 'lt' | 'gt';
interface Predicate {
  readonly column: number;
  readonly op: Op;
  readonly value: number | string | null;
}
type Query = readonly Predicate[];

/** Columns of some rows as the predicates read them, with postings and sort orders to find candidates fast. */
interface Table {
  readonly rows: number;
  readonly numeric: readonly boolean[];
  readonly nums: readonly Float64Array[];
  readonly cats: readonly (readonly (string | null)[])[];
  /** Per categorical column: the rows holding each value (null included). */
  readonly postings: readonly ReadonlyMap<string | null, Int32Array>[];
  /** Per numeric column: non-null rows by ascending value, their values, and the null rows. */
  readonly sorted: readonly Int32Array[];
  readonly values: readonly Float64Array[];
  readonly nulls: readonly Int32Array[];
}

function tableOf(frame: Frame, columns: readonly string[], meta: Metadata, rows: readonly number[]): Table {
  const numeric = columns.map((c) => meta[c] === 'numerical' || meta[c] === 'datetime');
  const nums = columns.map((c, i) =>
    numeric[i]
      ? Float64Array.from(rows, (r) => numberOf(frame.data[c]?.[r] ?? null, meta[c] === 'datetime'))
      : new Float64Array(0),
  );
  const cats = columns.map((c, i) =>
    numeric[i] ? [] : rows.map((r) => categoryKey(frame.data[c]?.[r] ?? null)),
  );
  const postings = cats.map((cells) => {
    const lists = new Map<string | null, number[]>();
    cells.forEach((v, r) => {
      const list = lists.get(v);
      if (list) list.push(r);
      else lists.set(v, [r]);
    });
    return new Map([...lists].map(([k, v]) => [k, Int32Array.from(v)] as const));
  });
  const sorted: Int32Array[] = [];
  const values: Float64Array[] = [];
  const nulls: Int32Array[] = [];
  nums.forEach((v) => {
    const present: number[] = [];
    const missing: number[] = [];
    v.forEach((x, r) => {
      (Number.isNaN(x) ? missing : present).push(r);
    });
    const order = Int32Array.from(present).sort((a, b) => v[a]! - v[b]! || a - b);
    sorted.push(order);
    values.push(Float64Array.from(order, (r) => v[r]!));
    nulls.push(Int32Array.from(missing));
  });
  return { rows: rows.length, numeric, nums, cats, postings, sorted, values, nulls };
}

function holds(table: Table, p: Predicate, r: number): boolean {
  if (table.numeric[p.column]) {
    const v = table.nums[p.column]![r]!;
    if (p.op === 'null') return Number.isNaN(v);
    if (p.op === 'notnull') return !Number.isNaN(v);
    const x = p.value as number;
    switch (p.op) {
      case 'eq':
        return v === x;
      case 'ne':
        return !Number.isNaN(v) && v !== x;
      case 'le':
        return v <= x;
      case 'ge':
        return v >= x;
      case 'lt':
        return v < x;
      default:
        return v > x;
    }
  }
  const v = table.cats[p.column]![r]!;
  if (p.op === 'null') return v === null;
  if (p.op === 'notnull') return v !== null;
  if (v === null) return false;
  return p.op === 'eq' ? v === p.value : v !== p.value;
}

/** First position in ascending `values` whose value is ≥ x (or > x when `after`). */
function bisect(values: Float64Array, x: number, after: boolean): number {
  let a = 0;
  let b = values.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (values[m]! < x || (after && values[m] === x)) a = m + 1;
    else b = m;
  }
  return a;
}

/** The rows a predicate can hold on, as a list, or null when that is every row. */
function candidates(table: Table, p: Predicate): Int32Array | null {
  const c = p.column;
  if (p.op === 'ne' || p.op === 'notnull') return null;
  if (!table.numeric[c])
    return table.postings[c]!.get(p.op === 'null' ? null : (p.value as string)) ?? new Int32Array(0);
  if (p.op === 'null') return table.nulls[c]!;
  const sorted = table.sorted[c]!;
  const values = table.values[c]!;
  const x = p.value as number;
  switch (p.op) {
    case 'eq':
      return sorted.subarray(bisect(values, x, false), bisect(values, x, true));
    case 'le':
      return sorted.subarray(0, bisect(values, x, true));
    case 'lt':
      return sorted.subarray(0, bisect(values, x, false));
    case 'ge':
      return sorted.subarray(bisect(values, x, false));
    default:
      return sorted.subarray(bisect(values, x, true));
  }
}

/**
 * How many rows (all, or those `mask` marks) a query matches, counting no further than `stop`.
 * Only the rows its most selective predicate allows are checked.
 */
function matches(table: Table, query: Query, stop: number, mask?: Uint8Array): number {
  let list: Int32Array | null = null;
  for (const p of query) {
    const c = candidates(table, p);
    if (c && (!list || c.length < list.length)) list = c;
  }
  let count = 0;
  const n = list ? list.length : table.rows;
  for (let i = 0; i < n; i++) {
    const r = list ? list[i]! : i;
    if (mask && !mask[r]) continue;
    let all = true;
    for (const p of query) {
      if (!holds(table, p, r)) {
        all = false;
        break;
      }
    }
    if (all && ++count >= stop) return count;
  }
  return count;
}

const singlesOut = (table: Table, query: Query, mask?: Uint8Array) => matches(table, query, 2, mask) === 1;

function queryKey(query: Query): string {
  return JSON.stringify([...query].sort((a, b) => a.column - b.column));
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

function median(values: Float64Array): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort();
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Queries on one rare value each: a single null, the minimum, the maximum, a value seen once. */
function univariateQueries(syn: Table, attacks: number, rng: Rng): Query[] {
  const candidates: Query[] = [];
  syn.numeric.forEach((numeric, column) => {
    const counts = new Map<string | number | null, number>();
    if (numeric) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of syn.nums[column]!) {
        const key = Number.isNaN(v) ? null : v;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (min <= max) {
        candidates.push([{ column, op: 'le', value: min }], [{ column, op: 'ge', value: max }]);
      }
    } else for (const v of syn.cats[column]!) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [value, count] of counts) {
      if (count !== 1) continue;
      candidates.push([value === null ? { column, op: 'null', value } : { column, op: 'eq', value }]);
    }
  });
  return keepSinglingOut(syn, shuffle(candidates, rng), attacks, new Set());
}

function keepSinglingOut(syn: Table, queries: readonly Query[], attacks: number, seen: Set<string>): Query[] {
  const kept: Query[] = [];
  for (const q of queries) {
    if (kept.length >= attacks) break;
    const key = queryKey(q);
    if (seen.has(key) || !singlesOut(syn, q)) continue;
    seen.add(key);
    kept.push(q);
  }
  return kept;
}

function pickColumns(width: number, count: number, rng: Rng): number[] {
  return shuffle(
    Array.from({ length: width }, (_, i) => i),
    rng,
  )
    .slice(0, count)
    .sort((a, b) => a - b);
}

/** Queries built from one synthetic row's values in a few columns, kept when they isolate it. */
function multivariateQueries(
  syn: Table,
  attacks: number,
  width: number,
  maxAttempts: number,
  rng: Rng,
): Query[] {
  const medians = syn.nums.map((v, c) => (syn.numeric[c] ? median(v) : Number.NaN));
  const kept: Query[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; attempt < maxAttempts && kept.length < attacks && syn.rows > 0; attempt++) {
    const r = rng.below(syn.rows);
    const query: Predicate[] = pickColumns(syn.numeric.length, width, rng).map((column) => {
      if (syn.numeric[column]) {
        const v = syn.nums[column]![r]!;
        if (Number.isNaN(v)) return { column, op: 'null', value: null };
        return { column, op: v > medians[column]! ? 'ge' : 'le', value: v };
      }
      const v = syn.cats[column]![r]!;
      return v === null ? { column, op: 'null', value: null } : { column, op: 'eq', value: v };
    });
    kept.push(...keepSinglingOut(syn, [query], 1, seen));
  }
  return kept;
}

/** The trivial attacker's queries: random columns, random values seen in the synthetic data, random operators. */
function randomQueries(syn: Table, count: number, width: number, rng: Rng): Query[] {
  const values = syn.numeric.map((numeric, c): readonly (string | number | null)[] =>
    numeric
      ? [...new Set(Array.from(syn.nums[c]!, (v) => (Number.isNaN(v) ? null : v)))]
      : [...new Set(syn.cats[c]!)],
  );
  const numericOps: Op[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le'];
  const out: Query[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      pickColumns(syn.numeric.length, width, rng).map((column) => {
        const value = rng.pick(values[column]!) ?? null;
        if (value === null) return { column, op: rng.chance(0.5) ? 'null' : 'notnull', value };
        const op: Op = syn.numeric[column] ? rng.pick(numericOps) : rng.chance(0.5) ? 'eq' : 'ne';
        return { column, op, value };
      }),
    );
  }
  return out;
}

/** P(a query of weight in [0, w] singles out in n rows), Cohen & Nissim's integral of n·w·(1 − w)^(n − 1). */
function singlingOutIntegral(n: number, w: number): number {
  return (1 - (n * w + 1) * (1 - w) ** n) / (n + 1);
}

/**
 * The factor that scales control successes to the training set's size: how many of the queries
 * single out in control subsamples of growing size, fitted to norm · ∫P(n, w) dw as anonymeter does.
 */
function sizeCorrection(control: Table, queries: readonly Query[], target: number, rng: Rng): number {
  const n = control.rows;
  if (n === target || queries.length === 0 || n === 0) return 1;
  const sizes: number[] = [];
  const successes: number[] = [];
  const smallest = Math.min(1000, n);
  for (let m = 0; m < 8; m++) {
    const size = Math.round(smallest + ((n - smallest) * m) / 7);
    for (let rep = 0; rep < 3; rep++) {
      const mask = new Uint8Array(n);
      for (const r of sampleRows(n, size, rng)) mask[r] = 1;
      sizes.push(size);
      successes.push(queries.reduce((s, q) => s + (singlesOut(control, q, mask) ? 1 : 0), 0));
    }
  }
  const sse = (logW: number) => {
    const w = Math.exp(logW);
    let fy = 0;
    let ff = 0;
    sizes.forEach((x, i) => {
      const f = singlingOutIntegral(x, w);
      fy += f * successes[i]!;
      ff += f * f;
    });
    const norm = ff > 0 ? fy / ff : 0;
    return sizes.reduce((s, x, i) => s + (norm * singlingOutIntegral(x, w) - successes[i]!) ** 2, 0);
  };
  let bestLog = Math.log(1 / n);
  let bestErr = sse(bestLog);
  for (let g = -18; g <= 0; g += 0.25) {
    const err = sse(g);
    if (err < bestErr) {
      bestErr = err;
      bestLog = g;
    }
  }
  let a = bestLog - 0.25;
  let b = Math.min(bestLog + 0.25, 0);
  for (let it = 0; it < 40; it++) {
    const m1 = a + (b - a) / 3;
    const m2 = b - (b - a) / 3;
    if (sse(m1) < sse(m2)) b = m2;
    else a = m1;
  }
  const w = Math.exp((a + b) / 2);
  const at = singlingOutIntegral(n, w);
  return at > 0 ? singlingOutIntegral(target, w) / at : 1;
}

/** Options shared by the attacks. */
export interface AttackOptions {
  /** Attacks to run (anonymeter's default 500). */
  readonly attacks?: number;
  readonly rng: Rng;
}

/**
 * Singling out: predicates that isolate exactly one synthetic row (one rare value for
 * `univariate`, a row's values in three columns for `multivariate`) are tried on the distinct
 * training rows and on the distinct control rows; a success is a predicate that isolates exactly
 * one row there. Control successes are scaled to the training set's size as anonymeter does.
 *
 * @example
 * singlingOut(train, synthetic, control, columns, meta, 'multivariate', { rng: Rng.from([1]) }).risk;
 */
export function singlingOut(
  train: Frame,
  synthetic: Frame,
  control: Frame,
  columns: readonly string[],
  meta: Metadata,
  mode: 'univariate' | 'multivariate',
  options: AttackOptions,
): AttackResult & { readonly correction: number } {
  const attacks = options.attacks ?? 500;
  const { rng } = options;
  const syn = tableOf(synthetic, columns, meta, distinctRows(synthetic, columns));
  const ori = tableOf(train, columns, meta, distinctRows(train, columns));
  const ctl = tableOf(control, columns, meta, distinctRows(control, columns));
  const width = Math.min(3, columns.length);
  const queries =
    mode === 'univariate'
      ? univariateQueries(syn, attacks, rng)
      : multivariateQueries(syn, attacks, width, attacks * 40, rng);
  const success = queries.filter((q) => singlesOut(ori, q)).length;
  const baseline = randomQueries(syn, queries.length, mode === 'univariate' ? 1 : width, rng).filter((q) =>
    singlesOut(ori, q),
  ).length;
  const raw = queries.filter((q) => singlesOut(ctl, q)).length;
  const correction = sizeCorrection(ctl, queries, ori.rows, rng);
  const corrected = Math.min(raw * correction, queries.length);
  return { ...attackResult(queries.length, success, corrected, baseline), correction };
}

function nearestIn(
  index: RecordIndex,
  space: ReturnType<typeof distanceSpace>,
  targets: Frame,
  rows: Int32Array,
) {
  return nearestRecords(encodeRows(space, targets, rows), index).index;
}

/**
 * Linkability: the columns are split in two halves, as if an attacker held two datasets; a target
 * row is linked when its nearest synthetic row on the first half is also its nearest on the second.
 *
 * @example
 * linkability(train, synthetic, control, columns, meta, { rng: Rng.from([1]) }).risk;
 */
export function linkability(
  train: Frame,
  synthetic: Frame,
  control: Frame,
  columns: readonly string[],
  meta: Metadata,
  options: AttackOptions,
): AttackResult & { readonly halves: readonly [readonly string[], readonly string[]] } {
  const half = Math.ceil(columns.length / 2);
  const halves = [columns.slice(0, half), columns.slice(half)] as const;
  const n = Math.min(options.attacks ?? 500, train.rows, control.rows);
  const spaces = halves.map((cols) => distanceSpace(synthetic, meta, cols));
  const indexes = spaces.map((space) => recordIndex(encodeRows(space, synthetic)));
  const links = (frame: Frame) => {
    const rows = sampleRows(frame.rows, n, options.rng);
    const a = nearestIn(indexes[0]!, spaces[0]!, frame, rows);
    const b = nearestIn(indexes[1]!, spaces[1]!, frame, rows);
    let linked = 0;
    for (let i = 0; i < n; i++) if (a[i]! >= 0 && a[i] === b[i]) linked++;
    return linked;
  };
  const success = links(train);
  const controlled = links(control);
  let baseline = 0;
  // the trivial attacker links two random synthetic rows
  for (let i = 0; i < n; i++) {
    const first = options.rng.below(synthetic.rows);
    if (first === options.rng.below(synthetic.rows)) baseline++;
  }
  return { ...attackResult(n, success, controlled, baseline), halves };
}

function guessed(guess: string | number | null, secret: string | number | null, numeric: boolean): boolean {
  if (guess === null || secret === null) return guess === secret;
  if (!numeric) return String(guess) === String(secret);
  const g = Number(guess);
  const s = Number(secret);
  // a numeric secret counts as inferred within 5% of its size, anonymeter's tolerance
  return Math.abs(g - s) <= 0.05 * Math.abs(s);
}

/**
 * Inference: knowing every other column of a target row, the attacker takes the secret column's
 * value from the nearest synthetic row. A guess is right when equal (numbers: within 5%).
 *
 * @example
 * inference(train, synthetic, control, columns, meta, 'income', { rng: Rng.from([1]) }).risk;
 */
export function inference(
  train: Frame,
  synthetic: Frame,
  control: Frame,
  columns: readonly string[],
  meta: Metadata,
  secret: string,
  options: AttackOptions,
): AttackResult & { readonly secret: string } {
  const aux = columns.filter((c) => c !== secret);
  const n = Math.min(options.attacks ?? 500, train.rows, control.rows);
  const numeric = meta[secret] === 'numerical' || meta[secret] === 'datetime';
  const space = distanceSpace(synthetic, meta, aux);
  const index = recordIndex(encodeRows(space, synthetic));
  const synSecret = synthetic.data[secret] ?? [];
  const value = (frame: Frame, r: number) => {
    const cell = frame.data[secret]?.[r] ?? null;
    return meta[secret] === 'datetime' && cell !== null ? numberOf(cell, true) : cell;
  };
  const attack = (frame: Frame) => {
    const rows = sampleRows(frame.rows, n, options.rng);
    const nearest = nearestIn(index, space, frame, rows);
    let right = 0;
    rows.forEach((r, i) => {
      const at = nearest[i]!;
      if (at >= 0 && guessed(value(synthetic, at), value(frame, r), numeric)) right++;
    });
    return right;
  };
  const success = attack(train);
  const controlled = attack(control);
  let baseline = 0;
  const targets = sampleRows(train.rows, n, options.rng);
  targets.forEach((r) => {
    if (
      synSecret.length &&
      guessed(value(synthetic, options.rng.below(synthetic.rows)), value(train, r), numeric)
    ) {
      baseline++;
    }
  });
  return { ...attackResult(n, success, controlled, baseline), secret };
}
