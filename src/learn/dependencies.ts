import type { ColumnSpec } from '../spec/index.js';
import { cramersV } from '../validate/index.js';
import { fitCopula } from './copula-fit.js';
import { dateMarginal, keptCounts, type MarginalSettings, numericMarginal } from './marginals.js';
import type { ColumnProfile } from './profile.js';
import type { LearnedColumn } from './types.js';

/** A pair at least this associated (Cramér's V) is a candidate for a conditional table. */
export const STRONG_PAIR = 0.3;
/** A pair with the target at least this associated is conditioned on it. */
export const TARGET_PAIR = 0.1;
/** A parent with more kept values than this makes too big a table to read. */
export const MAX_CASES = 24;

/** The dependency model of one table, ready to be written into its spec. */
export interface DependencyModel {
  /** each modelled column's spec, with `given`/`cases` where it is conditioned */
  readonly columns: Record<string, ColumnSpec>;
  /** child → parent */
  readonly parents: Record<string, string>;
  readonly correlation?: { columns: string[]; matrix: number[][] };
  /** per column: notes on its dependency */
  readonly notes: Record<string, string[]>;
}

/** Per-row codes of a column for measuring association: its value, or its decile for numbers. */
function codesOf(p: ColumnProfile): Int32Array {
  const codes = new Int32Array(p.rows);
  if (p.numbers && p.distinct > 20) {
    const present: number[] = [];
    p.keys.forEach((k, i) => {
      if (k !== null) present.push(i);
    });
    const sorted = Float64Array.from(p.numbers).sort();
    const edges = Array.from({ length: 9 }, (_, j) => sorted[Math.floor(((j + 1) * sorted.length) / 10)]!);
    codes.fill(10);
    present.forEach((row, j) => {
      const x = p.numbers![j]!;
      let b = 0;
      while (b < 9 && x >= edges[b]!) b++;
      codes[row] = b;
    });
    return codes;
  }
  const index = new Map<string, number>();
  p.keys.forEach((k, i) => {
    const key = k ?? '\u0000null';
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
    }
    codes[i] = c;
  });
  return codes;
}

/** The values a column's spec lists, in the order its quantile walks them (by value for numbers). */
function declaredOrder(spec: ColumnSpec): string[] | undefined {
  if (spec.kind === 'category' && !Array.isArray(spec.values)) return Object.keys(spec.values);
  if (spec.kind === 'boolean') return ['false', 'true'];
  if ((spec.kind === 'integer' || spec.kind === 'number') && spec.dist === 'weighted')
    return Object.keys(spec.values ?? {}).sort((a, b) => Number(a) - Number(b));
  return undefined;
}

/** Rebuilds a category weight map in a new order (integer-like keys keep JavaScript's own order). */
function reorder(values: Record<string, number>, order: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of order) if (v in values) out[v] = values[v]!;
  return out;
}

/** A per-row number categories are ordered by: the target (its minority class for a category), if any. */
function anchorOf(target: ColumnProfile | undefined): Float64Array | undefined {
  if (!target) return undefined;
  const out = new Float64Array(target.rows).fill(Number.NaN);
  if (target.numbers && target.distinct > 2) {
    let j = 0;
    target.keys.forEach((k, i) => {
      if (k !== null) out[i] = target.numbers![j++]!;
    });
    return out;
  }
  const [minority] = [...target.counts].sort((a, b) => a[1] - b[1])[0] ?? [];
  target.keys.forEach((k, i) => {
    if (k !== null) out[i] = k === minority ? 1 : 0;
  });
  return out;
}

/**
 * Fits how a table's columns depend on each other. With `conditional`, strong low-cardinality
 * pairs (Cramér's V ≥ 0.3, the parent with at most 24 values) become conditional tables: the
 * child's marginal is refitted for each value of its parent (`given`/`cases`), strongest pairs
 * first, one parent per column, no cycles, and a case only where the parent value has enough
 * rows. Then a Gaussian copula over every modelled column: each row's normal score is its
 * rank within its case (ties broken at random, so a category fills its interval), categories
 * ordered by the target's mean (or by frequency), and the correlation matrix of those scores,
 * shrunk towards the identity until it is positive definite at the precision written.
 *
 * @example
 * const model = fitDependencies(columns, profiles, { k: 5, alpha: 0.01 }, { conditional: true });
 */
export function fitDependencies(
  learned: readonly LearnedColumn[],
  profiles: ReadonlyMap<string, ColumnProfile>,
  settings: MarginalSettings,
  options: { target?: string; conditional: boolean; seed: number },
): DependencyModel {
  const modelled = learned.filter((c) => c.modelled);
  const columns: Record<string, ColumnSpec> = {};
  const notes: Record<string, string[]> = {};
  for (const c of modelled) {
    columns[c.name] = structuredClone(c.spec);
    notes[c.name] = [];
  }
  const names = modelled.map((c) => c.name);
  const target = options.target ? profiles.get(options.target) : undefined;
  const anchor = anchorOf(target);

  // categories in the order of the target's mean, so the copula sees a monotone relation
  for (const name of names) {
    const spec = columns[name]!;
    if (spec.kind !== 'category' || Array.isArray(spec.values) || !anchor || name === options.target)
      continue;
    const p = profiles.get(name)!;
    const sums = new Map<string, [number, number]>();
    p.keys.forEach((k, i) => {
      const a = anchor[i]!;
      if (k === null || Number.isNaN(a)) return;
      const s = sums.get(k) ?? [0, 0];
      s[0] += a;
      s[1]++;
      sums.set(k, s);
    });
    const mean = (v: string) => {
      const s = sums.get(v);
      return s ? s[0] / s[1] : 0;
    };
    const order = Object.keys(spec.values).sort((a, b) => mean(a) - mean(b));
    spec.values = reorder(spec.values, order);
    notes[name]!.push(`categories ordered by the mean of ${options.target}, for the copula`);
  }

  const parents: Record<string, string> = {};
  if (options.conditional) {
    const codes = new Map(names.map((n) => [n, codesOf(profiles.get(n)!)]));
    const candidates = names.filter((n) => {
      const order = declaredOrder(columns[n]!);
      return order !== undefined && order.length >= 2 && order.length <= MAX_CASES;
    });
    const pairs: { child: string; parent: string; v: number }[] = [];
    for (const parent of candidates) {
      for (const child of names) {
        if (child === parent) continue;
        const v = cramersV(codes.get(child)!, codes.get(parent)!);
        if (v >= (parent === options.target ? TARGET_PAIR : STRONG_PAIR)) pairs.push({ child, parent, v });
      }
    }
    // class-conditional marginals make the target learnable: its pairs come first
    const first = (x: { parent: string; v: number }) =>
      x.parent === options.target && x.v >= TARGET_PAIR ? 1 : 0;
    pairs.sort((a, b) => first(b) - first(a) || b.v - a.v);
    const ancestorOf = (a: string, b: string): boolean => {
      // is a an ancestor of b (or b itself)?
      for (let x: string | undefined = b; x !== undefined; x = parents[x]) if (x === a) return true;
      return false;
    };
    for (const { child, parent, v } of pairs) {
      if (parents[child] !== undefined || ancestorOf(child, parent)) continue;
      const cases = fitCases(child, parent, columns, profiles, settings);
      if (Object.keys(cases).length === 0) continue;
      parents[child] = parent;
      const spec = columns[child] as ColumnSpec & {
        given?: string;
        cases?: Record<string, Record<string, unknown>>;
      };
      spec.given = parent;
      spec.cases = cases;
      notes[child]!.push(
        `conditioned on ${parent} (Cramér's V ${v.toFixed(2)}): a distribution for each of its values seen at least ${caseRows(settings)} times`,
      );
    }
  }

  const correlation = fitCopula(names, columns, parents, profiles, options.seed);
  return correlation ? { columns, parents, correlation, notes } : { columns, parents, notes };
}

const caseRows = (s: MarginalSettings) => Math.max(4 * s.k, 20);

/** The child's marginal refitted on the rows of each parent value with enough rows. */
function fitCases(
  child: string,
  parent: string,
  columns: Record<string, ColumnSpec>,
  profiles: ReadonlyMap<string, ColumnProfile>,
  settings: MarginalSettings,
): Record<string, Record<string, unknown>> {
  const pp = profiles.get(parent)!;
  const cp = profiles.get(child)!;
  const spec = columns[child]!;
  const order = declaredOrder(columns[parent]!)!;
  const rowsOf = new Map<string, number[]>(order.map((v) => [v, []]));
  pp.keys.forEach((k, i) => {
    if (k !== null) rowsOf.get(k)?.push(i);
  });
  // each row's position among the child's present values, to read its numbers
  let valueIndex: Int32Array | undefined;
  if (cp.numbers) {
    valueIndex = new Int32Array(cp.rows).fill(-1);
    let j = 0;
    cp.keys.forEach((k, i) => {
      if (k !== null) valueIndex![i] = j++;
    });
  }
  const cases: Record<string, Record<string, unknown>> = {};
  for (const [value, rows] of rowsOf) {
    if (rows.length < caseRows(settings)) continue;
    const keys = rows.map((r) => cp.keys[r]!);
    if (keys.every((k) => k === null)) continue;
    if (spec.kind === 'category') {
      const kept = keptCounts(keys, Object.keys(spec.values as Record<string, number>), settings.k);
      if (Object.keys(kept.values).length) cases[value] = { values: kept.values };
    } else if (spec.kind === 'boolean') {
      const present = keys.filter((k) => k !== null);
      const trues = present.filter((k) => k!.toLowerCase() === 'true').length;
      cases[value] = { rate: Number((trues / present.length).toFixed(4)) };
    } else if (cp.numbers && valueIndex) {
      const values = Float64Array.from(
        rows.filter((r) => valueIndex![r]! >= 0),
        (r) => cp.numbers![valueIndex![r]!]!,
      );
      if (values.length < caseRows(settings)) continue;
      const m =
        spec.kind === 'date' || spec.kind === 'datetime'
          ? dateMarginal(cp, values, settings, true)
          : numericMarginal(cp, values, settings, true);
      if (m.fields.dist === 'weighted' && Object.keys(m.fields.values as object).length === 0) continue;
      cases[value] = m.fields;
    }
  }
  return cases;
}
