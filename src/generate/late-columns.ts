import { TrainkitError } from '../errors/index.js';
import { compileSource } from '../expr/index.js';
import { Rng } from '../random/index.js';
import { type EdgeCaseSpec, primaryKey, splitRef, valueType } from '../spec/index.js';
import type { Value } from '../values/index.js';
import type { TablePlan } from './plan.js';
import { TRUTH_COLUMNS, truthMode } from './row-rules.js';

/** An aggregate column ready to fill: which child, and what to take of each child row. */
export interface AggregatePlan {
  readonly column: number;
  readonly child: TablePlan;
  readonly fn: 'sum' | 'count' | 'mean' | 'min' | 'max';
  readonly take: ((local: number) => Value) | undefined;
  readonly round: number | undefined;
}

/** Compiles a table's aggregate columns against their child tables (same-row child columns only). */
export function planAggregates(t: TablePlan, byName: Map<string, TablePlan>): AggregatePlan[] {
  const out: AggregatePlan[] = [];
  for (const [ci, c] of t.columns.entries()) {
    if (c.spec.kind !== 'aggregate') continue;
    const child = byName.get(c.spec.of)!;
    const path = ['tables', t.name, 'columns', c.name, 'expr'];
    let take: ((local: number) => Value) | undefined;
    if (c.spec.expr !== undefined) {
      const names = child.columns.filter((x) => !x.hidden && !x.late).map((x) => x.name);
      const compiled = compileSource<number>(
        c.spec.expr,
        (name) => {
          const i = child.columns.findIndex((x) => x.name === name && !x.hidden && !x.late);
          if (i < 0) return undefined;
          const cols = child.state.cols;
          return { type: valueType(child.spec.columns[name]), read: (local) => cols[i]![local]! };
        },
        names,
      );
      if ('error' in compiled) {
        throw new TrainkitError([
          {
            code: 'invalid_expression',
            message: `${compiled.error.message} (at character ${compiled.error.at + 1}; names are columns of "${child.name}")`,
            path,
            ...(compiled.error.hint ? { hint: compiled.error.hint } : {}),
          },
        ]);
      }
      take = compiled.evaluate;
    }
    out.push({ column: ci, child, fn: c.spec.fn, take, round: c.spec.round });
  }
  return out;
}

/** Fills a table's aggregate columns for the current chunk from its children's rows of that chunk. */
export function fillAggregates(t: TablePlan, aggregates: readonly AggregatePlan[]): void {
  const n = t.state.rows;
  for (const a of aggregates) {
    const acc = new Float64Array(n);
    const seen = new Int32Array(n);
    if (a.fn === 'min') acc.fill(Number.POSITIVE_INFINITY);
    if (a.fn === 'max') acc.fill(Number.NEGATIVE_INFINITY);
    const cs = a.child.state;
    for (let r = 0; r < cs.rows; r++) {
      const p = cs.parentLocal[r]!;
      if (a.fn === 'count') {
        acc[p]! += 1;
        continue;
      }
      const v = a.take!(r);
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      seen[p]! += 1;
      if (a.fn === 'min') acc[p] = Math.min(acc[p]!, v);
      else if (a.fn === 'max') acc[p] = Math.max(acc[p]!, v);
      else acc[p]! += v;
    }
    const arr = t.state.cols[a.column]!;
    arr.length = n;
    const f = a.round === undefined ? 0 : 10 ** a.round;
    for (let r = 0; r < n; r++) {
      let v: number | null = acc[r]!;
      if (a.fn === 'mean') v = seen[r]! > 0 ? v / seen[r]! : null;
      else if ((a.fn === 'min' || a.fn === 'max') && seen[r] === 0) v = null;
      // a sum of cents must not come out as 12.300000000000001
      arr[r] = v !== null && a.round !== undefined ? Math.round(v * f) / f : v;
    }
  }
}

const EXTREME_DATES = [Date.UTC(1900, 0, 1), Date.UTC(2099, 11, 31), 0];

/** Breaks a value the way real data breaks: what `malformed` puts in a cell. */
function malform(v: Value, rng: Rng, isDate: boolean): Value {
  if (typeof v === 'number') {
    if (isDate) {
      const d = new Date(v);
      const forms = [
        `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear() % 100}`,
        `${d.getUTCFullYear()}-${d.getUTCMonth() + 13}-${d.getUTCDate() + 31}`,
        'not a date',
        '0000-00-00',
      ];
      return forms[rng.below(forms.length)]!;
    }
    // a decimal comma; an integer has no point to swap, so it gets one (else "4" would stay "4")
    const comma = String(v).includes('.') ? String(v).replace('.', ',') : `${v},0`;
    const forms = [comma, 'N/A', `${String(v).slice(0, 6)}..`, ` ${v} `, 'NaN', ''];
    return forms[rng.below(forms.length)]!;
  }
  const s = v === null ? '' : String(v);
  switch (rng.below(6)) {
    case 0:
      return s.slice(0, Math.max(0, Math.floor(s.length / 2)));
    case 1:
      return `  ${s.replace(/ /g, '  ')} `;
    case 2: {
      if (s.length === 0) return '\uFFFD';
      const i = rng.below(s.length);
      return `${s.slice(0, i)}\uFFFD${s.slice(i + 1)}`;
    }
    case 3:
      return s.includes('@') ? s.replace('@', '') : `${s}@@`;
    case 4:
      return s.toUpperCase() === s ? s.toLowerCase() : s.toUpperCase();
    default:
      return `${s}\t;DROP`;
  }
}

function extreme(v: Value, rng: Rng, isDate: boolean, integer: boolean): Value {
  if (isDate) return EXTREME_DATES[rng.below(EXTREME_DATES.length)]!;
  if (typeof v === 'number' || v === null) {
    const base = typeof v === 'number' && v !== 0 ? Math.abs(v) : 1;
    const x = base * 10 ** (2 + rng.below(3)) * (rng.float() < 0.2 ? -1 : 1);
    return integer ? Math.round(x) : x;
  }
  if (typeof v === 'boolean') return v;
  const s = String(v) || 'x';
  return s.repeat(Math.ceil(2000 / s.length));
}

/**
 * Injects the table's edge cases into the current chunk, each row independently at the stated
 * rate from the edge case's own stream, and notes on the chunk which rows each one hit. Phase
 * `rows` comes before aggregates (so a parent's total counts the broken and duplicated children
 * its table really holds) and clears the notes; phase `late` breaks aggregate columns themselves.
 */
export function applyEdgeCases(
  seed: number,
  t: TablePlan,
  k: number,
  hits: (string | null)[],
  phase: 'rows' | 'late',
): void {
  const n = t.state.rows;
  if (phase === 'rows') {
    hits.length = n;
    hits.fill(null);
  }
  const late = (e: EdgeCaseSpec) => e.column !== undefined && t.spec.columns[e.column]?.kind === 'aggregate';
  const edges = (t.spec.edge_cases ?? []).filter((e) => late(e) === (phase === 'late'));
  if (edges.length === 0) return;
  const rng = new Rng(0, 0, 0, 1);
  const pk = primaryKey(t.spec);
  for (const e of edges) {
    rng.reseed([seed, t.name, '#edge', e.name, k]);
    if (e.kind === 'duplicate') {
      for (const r of duplicateRows(t, e.rate, rng, pk))
        hits[r] = hits[r] === null ? e.name : `${hits[r]}+${e.name}`;
      continue;
    }
    const ci = e.column === undefined ? -1 : t.columns.findIndex((c) => c.name === e.column);
    for (let r = 0; r < n; r++) {
      if (!(rng.float() < e.rate)) continue;
      hitRow(t, e, ci, r, rng);
      hits[r] = hits[r] === null ? e.name : `${hits[r]}+${e.name}`;
    }
  }
}

/**
 * Picks the rows a duplicate edge case hits and the row each repeats (in a child table, a row
 * of the same parent; a row with no sibling is left alone), then copies. A row picked
 * as a source may itself be hit later, so each hit row copies the end of its chain of sources (a
 * row that is not hit, or the first row of a cycle, which keeps its values): every hit row then
 * equals another row of the chunk, whatever order the rows were picked in.
 */
function duplicateRows(t: TablePlan, rate: number, rng: Rng, pk: string | undefined): number[] {
  const n = t.state.rows;
  const st = t.state;
  const source = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    if (!(rng.float() < rate)) continue;
    // a child row repeats a sibling: a copy from another parent would contradict its own parent
    let lo = 0;
    let hi = n - 1;
    if (t.parent) {
      lo = r - st.seq[r]!;
      hi = r;
      while (hi + 1 < n && st.parentLocal[hi + 1] === st.parentLocal[r]) hi++;
    }
    if (hi - lo < 1) continue;
    let from = lo + rng.below(hi - lo);
    if (from >= r) from++;
    source.set(r, from);
  }
  const perRef = typeof t.spec.rows === 'object' ? t.spec.rows.per : undefined;
  const copied = t.columns.flatMap((c, i) => {
    // hidden steps are copied too: a copy of a fraud row is a fraud row in the ground truth
    if (c.late || c.name === pk || c.layout.unique || c.spec.kind === 'id') return [];
    if (c.spec.kind === 'ref' && perRef !== undefined && splitRef(c.spec.ref)?.[0] === perRef) return [];
    return [i];
  });
  const root = new Map<number, number>();
  for (const r of source.keys()) {
    const path: number[] = [];
    const onPath = new Set<number>();
    let at = r;
    while (source.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = source.get(at)!;
    }
    root.set(r, source.has(at) ? Math.min(...path.slice(path.indexOf(at))) : at);
  }
  const cols = t.state.cols;
  for (const [r, from] of root) {
    if (from === r) continue;
    for (const i of copied) cols[i]![r] = cols[i]![from]!;
  }
  return [...source.keys()];
}

function hitRow(t: TablePlan, e: EdgeCaseSpec, ci: number, r: number, rng: Rng): void {
  const cols = t.state.cols;
  const col = t.columns[ci]!;
  const arr = cols[ci]!;
  if (e.value !== undefined) {
    arr[r] = e.value;
    return;
  }
  const isDate = valueType(col.spec) === 'date';
  if (e.kind === 'missing') arr[r] = null;
  else if (e.kind === 'malformed') arr[r] = malform(arr[r]!, rng, isDate);
  else arr[r] = extreme(arr[r]!, rng, isDate, col.layout.sqlType === 'INTEGER');
}

/** Writes the ground truth of the current chunk: the scenarios that held and the edge cases that hit. */
export function fillTruth(
  t: TablePlan,
  hits: readonly (string | null)[],
): { scenario: Value[]; edge: Value[] } {
  const n = t.state.rows;
  const scenario: Value[] = new Array(n).fill(null);
  for (const s of t.spec.scenarios ?? []) {
    const flags = t.state.cols[t.columns.findIndex((c) => c.name === `#scenario:${s.name}`)]!;
    for (let r = 0; r < n; r++) {
      if (flags[r] !== true) continue;
      scenario[r] = scenario[r] === null ? s.name : `${scenario[r]}+${s.name}`;
    }
  }
  const edge = hits.slice(0, n) as Value[];
  if (truthMode(t) === 'column') {
    const [si, ei] = TRUTH_COLUMNS.map((name) => t.columns.findIndex((c) => c.name === name));
    t.state.cols[si!] = scenario;
    t.state.cols[ei!] = edge;
  }
  return { scenario, edge };
}
