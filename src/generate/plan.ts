import { type Issue, TrainkitError } from '../errors/index.js';
import type { ColumnLayout, TableLayout } from '../io/index.js';
import { Permutation, Rng } from '../random/index.js';
import {
  type ColumnSpec,
  type CountLaw,
  keyColumns,
  type PerParentRows,
  primaryKey,
  type Spec,
  splitRef,
  type TableSpec,
  tableDependencies,
  tableOrder,
  topoOrder,
} from '../spec/index.js';
import {
  createProvider,
  type Provider,
  type ProviderContext,
  type RowCursor,
  type SqlType,
  type Value,
} from '../values/index.js';
import { countSampler, evenCounts, spreadsEvenly } from './count-sampler.js';
import { type AggregatePlan, planAggregates } from './late-columns.js';
import { addRuleColumns, applyRules, ruleStepProvider, truthMode } from './row-rules.js';

/** Rows in a chunk of a root table. Fixed, so a chunk's content never depends on how work is split. */
export const CHUNK_ROWS = 512;

/** The mutable state of a table's current chunk, read by the providers' lookups. */
export interface ChunkState {
  chunk: number;
  rows: number;
  start: number;
  /** raw values, one array per column (dates as epoch ms) */
  cols: Value[][];
  /** for child tables: the parent row (index in the parent's chunk) of each row */
  parentLocal: Int32Array;
  /** for child tables: each row's position among its parent's rows */
  seq: Int32Array;
  /** per ref column to another tree's table: the chosen parent row index of each row */
  refIndex: Map<string, Float64Array>;
}

export interface ColumnPlan {
  readonly name: string;
  readonly spec: ColumnSpec;
  provider: Provider;
  readonly layout: ColumnLayout;
  /** a step of the row that is not written: a scenario's flag, a copula's draws */
  readonly hidden?: true;
  /** made after the rows of the whole family: aggregates of children, the ground truth */
  readonly late?: true;
}

export interface TablePlan {
  readonly name: string;
  readonly spec: TableSpec;
  readonly columns: ColumnPlan[];
  /** column indexes in dependency order */
  genOrder: number[];
  readonly parent: TablePlan | undefined;
  readonly root: TablePlan;
  /**
   * How many rows parent row `parent` (its index in the parent table) gets: drawn from the chunk's
   * stream, or, for `spread: even`, read off the table-wide shuffle (set once the parents are counted).
   */
  drawCount: ((rng: Rng, parent: number) => number) | undefined;
  /** rows of each chunk, and the index of each chunk's first row */
  chunkRows: Int32Array;
  chunkStart: Float64Array;
  total: number;
  readonly state: ChunkState;
  /** columns other tables look up by random row index: kept whole, as stored (unformatted) */
  readonly retained: Map<number, Value[]>;
  /** columns that descendant tables read while their chunk is made: kept until the next chunk */
  readonly readByChildren: Set<number>;
  /** aggregate columns, filled from the children once the family's chunk is made */
  aggregates: AggregatePlan[];
  layout(): TableLayout;
}

export interface Plan {
  readonly spec: Spec;
  readonly seed: number;
  readonly scale: number;
  /** every table, parents before children */
  readonly tables: readonly TablePlan[];
  /** groups made chunk by chunk together: a root table and the tables hanging off it by `per` */
  readonly trees: readonly (readonly TablePlan[])[];
  readonly totalRows: number;
}

export interface PlanOptions {
  /** Overrides the spec's seed. */
  readonly seed?: number;
  /** Multiplies the row counts of root tables (children follow through their parents). */
  readonly scale?: number;
}

/** The name of a table's sidecar ground-truth table. */
export function sidecarName(t: TablePlan): string {
  return `${t.name}_truth`;
}

/** What a sink is told to expect: every table, and the sidecar ground-truth tables after their tables. */
export function planLayouts(plan: Plan): TableLayout[] {
  const out: TableLayout[] = [];
  for (const t of plan.tables) {
    out.push(t.layout());
    if (truthMode(t) !== 'sidecar') continue;
    const pk = t.columns.find((c) => c.layout.primaryKey);
    out.push({
      name: sidecarName(t),
      rows: 0,
      columns: [
        {
          name: pk ? pk.name : 'row',
          kind: 'key',
          sqlType: pk ? pk.layout.sqlType : 'INTEGER',
          primaryKey: true,
          unique: true,
          notNull: true,
          ...(pk ? { references: { table: t.name, column: pk.name } } : {}),
        },
        {
          name: 'scenario',
          kind: 'ground_truth',
          sqlType: 'TEXT',
          primaryKey: false,
          unique: false,
          notNull: false,
        },
        {
          name: 'edge_case',
          kind: 'ground_truth',
          sqlType: 'TEXT',
          primaryKey: false,
          unique: false,
          notNull: false,
        },
      ],
    });
  }
  return out;
}

function ancestors(t: TablePlan): TablePlan[] {
  const out: TablePlan[] = [];
  for (let p = t.parent; p; p = p.parent) out.push(p);
  return out;
}

/**
 * Resolves a spec into an executable plan: table and column order, a provider per column and
 * the row count of every chunk. Throws a TrainkitError (with spec paths) for what cannot be made.
 */
export function planGeneration(spec: Spec, options: PlanOptions = {}): Plan {
  const seed = options.seed ?? spec.seed ?? 0;
  const scale = options.scale ?? 1;
  const order = topoOrder(Object.keys(spec.tables), (t) => tableDependencies(spec.tables[t]!, t));
  if ('cycle' in order) throw new Error('table cycles are rejected by checkSpec');

  const byName = new Map<string, TablePlan>();
  const tables: TablePlan[] = [];
  for (const name of order.order) {
    const tspec = spec.tables[name]!;
    const parent = typeof tspec.rows === 'object' ? byName.get(tspec.rows.per)! : undefined;
    const pk = primaryKey(tspec);
    const keys = keyColumns(tspec);
    const multiUnique = (tspec.unique ?? []).filter((u) => u.length > 1);
    const singleUnique = new Set((tspec.unique ?? []).filter((u) => u.length === 1).map((u) => u[0]!));
    const state: ChunkState = {
      chunk: -1,
      rows: 0,
      start: 0,
      cols: [],
      parentLocal: new Int32Array(0),
      seq: new Int32Array(0),
      refIndex: new Map(),
    };
    const plan: TablePlan = {
      name,
      spec: tspec,
      columns: [],
      genOrder: [],
      parent,
      root: undefined as unknown as TablePlan,
      drawCount: typeof tspec.rows === 'object' ? randomCounts(tspec.rows) : undefined,
      chunkRows: new Int32Array(0),
      chunkStart: new Float64Array(1),
      total: 0,
      state,
      retained: new Map(),
      readByChildren: new Set(),
      aggregates: [],
      layout: () => ({
        name,
        rows: plan.total,
        columns: plan.columns.filter((c) => !c.hidden).map((c) => c.layout),
        ...(keys.length > 1 ? { primaryKey: keys } : {}),
        ...(multiUnique.length > 0 ? { unique: multiUnique } : {}),
      }),
    };
    (plan as { root: TablePlan }).root = parent ? parent.root : plan;
    const missing = new Set(
      (tspec.edge_cases ?? [])
        .filter((e) => e.kind === 'missing' && e.value === undefined)
        .map((e) => e.column),
    );
    for (const [cname, cspec] of Object.entries(tspec.columns)) {
      const ref = cspec.kind === 'ref' ? splitRef(cspec.ref)! : undefined;
      plan.columns.push({
        name: cname,
        spec: cspec,
        provider: undefined as unknown as Provider,
        layout: {
          name: cname,
          kind: cspec.kind,
          sqlType: 'TEXT',
          primaryKey: cname === pk,
          unique: cspec.unique === true || cname === pk || singleUnique.has(cname),
          notNull: keys.includes(cname) || (!(cspec.null_rate && cspec.null_rate > 0) && !missing.has(cname)),
          ...(ref ? { references: { table: ref[0], column: ref[1] } } : {}),
          ...(cspec.sql_type === undefined ? {} : { declaredType: cspec.sql_type }),
        },
        ...(cspec.kind === 'aggregate' ? { late: true as const } : {}),
      });
      state.cols.push([]);
    }
    addRuleColumns(plan);
    byName.set(name, plan);
    tables.push(plan);
  }

  const issues: Issue[] = [];
  for (const t of tables) buildProviders(t, byName, spec, seed, issues);
  if (issues.length > 0) throw new TrainkitError(issues);
  for (const t of tables) t.aggregates = planAggregates(t, byName);

  const trees = groupTrees(tables, byName);
  countRows(trees, seed, scale);
  checkNonEmptyTargets(tables, byName);
  return { spec, seed, scale, tables, trees, totalRows: tables.reduce((s, t) => s + t.total, 0) };
}

function buildProviders(
  t: TablePlan,
  byName: Map<string, TablePlan>,
  spec: Spec,
  seed: number,
  issues: Issue[],
): void {
  const colIndex = new Map(t.columns.map((c, i) => [c.name, i]));
  const colOrder = tableOrder(t.spec);
  if ('cycle' in colOrder) throw new Error('column cycles are rejected by checkSpec');
  t.genOrder = colOrder.order.map((c) => colIndex.get(c)!);
  const tAncestors = ancestors(t);

  const formatOf = (table: TablePlan, ci: number) => {
    const f = table.columns[ci]!.provider?.format;
    return f ? f.bind(table.columns[ci]!.provider) : undefined;
  };

  /** The path from this row to an ancestor's row, as a function of the row's local index. */
  const ancestorLocal = (target: TablePlan): ((local: number) => number) => {
    const chain: TablePlan[] = [];
    for (let p: TablePlan | undefined = t; p && p !== target; p = p.parent) chain.push(p);
    return (local) => {
      let l = local;
      for (const c of chain) l = c.state.parentLocal[l]!;
      return l;
    };
  };

  for (const ci of t.genOrder) {
    const col = t.columns[ci]!;
    const path = ['tables', t.name, 'columns', col.name];
    const resolveTable = (head: string): { table: TablePlan; via?: string } | undefined => {
      const headCol = t.spec.columns[head];
      if (headCol?.kind === 'ref') return { table: byName.get(splitRef(headCol.ref)![0])!, via: head };
      const target = byName.get(head);
      if (!target) return undefined;
      if (tAncestors.includes(target)) return { table: target };
      const refs = t.columns.filter(
        (c) => c.spec.kind === 'ref' && splitRef((c.spec as { ref: string }).ref)![0] === head,
      );
      if (refs.length !== 1) return undefined;
      return { table: target, via: refs[0]!.name };
    };

    const lookup = (ref: string, formatted: boolean): ((row: RowCursor) => Value) => {
      const [head, tail] = ref.split('.') as [string, string | undefined];
      if (tail === undefined) {
        const i = colIndex.get(head)!;
        const arr = () => t.state.cols[i]!;
        const fmt = formatted ? formatOf(t, i) : undefined;
        return fmt ? (row: RowCursor) => fmt(arr()[row.local]!) : (row: RowCursor) => arr()[row.local]!;
      }
      const resolved = resolveTable(head);
      if (!resolved) {
        issues.push({
          code: 'ambiguous_reference',
          message: `"{${ref}}": "${head}" is referenced by several columns`,
          path: [...path, 'template'],
          hint: `name the ref column instead, e.g. {<ref_column>.${tail}}`,
        });
        return () => null;
      }
      const target = resolved.table;
      const ti = target.columns.findIndex((c) => c.name === tail);
      if (tAncestors.includes(target)) {
        target.readByChildren.add(ti);
        const up = ancestorLocal(target);
        const fmt = formatted ? formatOf(target, ti) : undefined;
        return (row) => {
          const v = target.state.cols[ti]![up(row.local)]!;
          return fmt ? fmt(v) : v;
        };
      }
      if (target.root === t.root) {
        issues.push(sameTreeIssue(t, target, path));
        return () => null;
      }
      // another tree's table is complete before this one starts: keep the column and index it
      if (!target.retained.has(ti)) target.retained.set(ti, []);
      const kept = target.retained.get(ti)!;
      const via = resolved.via!;
      const fmt = formatted ? formatOf(target, ti) : undefined;
      return (row) => {
        const idx = t.state.refIndex.get(via)?.[row.local] ?? Number.NaN;
        if (Number.isNaN(idx)) return null;
        return fmt ? fmt(kept[idx]!) : kept[idx]!;
      };
    };

    const ctx: ProviderContext = {
      spec,
      seed,
      table: t.name,
      column: col.name,
      locale: spec.locale ?? 'en',
      path,
      lookup: (ref) => lookup(ref, true),
      lookupRaw: (ref) => lookup(ref, false),
      sibling: (name) => {
        const sib = t.columns[colIndex.get(name)!]!.provider;
        if (!sib) throw new Error(`column ${name} is made after ${col.name}: declare it as a dependency`);
        return sib;
      },
      rows: () => t.total,
      link: (ref, options = {}) => {
        const [tname, cname] = splitRef(ref)!;
        const target = byName.get(tname)!;
        const key = target.columns.find((c) => c.name === cname)!.provider;
        const keyAt = key.keyAt!.bind(key);
        // a hierarchy (reports_to): an earlier row of the same table, so a row-by-row FK check passes
        if (target === t) return (rng, row) => (row.index === 0 ? null : keyAt(rng.below(row.index)));
        if (tAncestors.includes(target)) {
          const up = ancestorLocal(target);
          return (_rng, row) => keyAt(target.state.start + up(row.local));
        }
        if (target.root === t.root) {
          issues.push(sameTreeIssue(t, target, [...path, 'ref']));
          return () => null;
        }
        const name = col.name;
        if (options.popularity) {
          const pick = popularPick(t, target, options.popularity, [seed, t.name, name]);
          return (rng, row) => {
            const idx = pick(rng, row.index);
            t.state.refIndex.get(name)![row.local] = idx;
            return keyAt(idx);
          };
        }
        if (options.distinct) {
          const draw = distinctDraw(t, target, col.name);
          return (rng, row) => {
            const idx = draw(rng, row);
            t.state.refIndex.get(name)![row.local] = idx;
            return keyAt(idx);
          };
        }
        return (rng, row) => {
          const idx = rng.below(target.total);
          t.state.refIndex.get(name)![row.local] = idx;
          return keyAt(idx);
        };
      },
    };
    try {
      col.provider = col.hidden
        ? ruleStepProvider(t, col.name, ctx)
        : applyRules(t, col.name, createProvider(col.spec, ctx), ctx, (c, p) =>
            createProvider(c, { ...ctx, path: p }),
          );
      const limit = textLimit(col.spec.sql_type);
      if (limit !== undefined) col.provider = cutText(col.provider, limit);
      (col.layout as { sqlType: SqlType }).sqlType = col.provider.sqlType;
      if (col.provider.nullable) (col.layout as { notNull: boolean }).notNull = false;
      if (col.spec.kind === 'ref') t.state.refIndex.set(col.name, new Float64Array(0));
    } catch (e) {
      if (e instanceof TrainkitError) issues.push(...e.issues);
      else throw e;
    }
  }
}

/**
 * Row indexes of `target` drawn without replacement among the rows of one parent: a sparse
 * Fisher–Yates shuffle restarted at each parent's first row. A parent's rows are made in order
 * within one chunk, from the column's own stream, so the draw is the same for any worker count.
 */
function distinctDraw(t: TablePlan, target: TablePlan, column: string): (rng: Rng, row: RowCursor) => number {
  const swapped = new Map<number, number>();
  return (rng, row) => {
    if (row.seq === 0) swapped.clear();
    const j = row.seq;
    const n = target.total;
    if (j >= n) {
      throw new TrainkitError([
        {
          code: 'impossible_constraint',
          message: `"${t.name}.${column}" must not repeat within a parent, but parent row ${row.group + 1} of "${t.parent!.name}" gets more than ${n} rows and "${target.name}" has only ${n}`,
          path: ['tables', t.name, 'columns', column, 'distinct'],
          hint: `cap the count per parent: rows: { per: ${t.parent!.name}, …, max: ${n} }`,
        },
      ]);
    }
    const k = j + rng.below(n - j);
    const atK = swapped.get(k) ?? k;
    swapped.set(k, swapped.get(j) ?? j);
    return atK;
  };
}

/**
 * Row indexes of `target` shared out by popularity: each target row gets a weight, the law's
 * quantiles spread evenly over the target rows in a seeded order, and the child rows, in a seeded
 * order too, take the target rows' slots in proportion to their weights (a systematic sample), so
 * the number of children per target row follows the law instead of being about equal. Made on the
 * first row, when both tables' sizes are known; any row's pick is a function of its index.
 */
function popularPick(
  t: TablePlan,
  target: TablePlan,
  law: CountLaw,
  key: readonly (string | number)[],
): (rng: Rng, row: number) => number {
  let cum: Float64Array | undefined;
  let slots: Permutation | undefined;
  let total = 0;
  return (rng, row) => {
    const n = target.total;
    if (!cum) {
      const weight = evenCounts(law, n, [...key, '#popularity']);
      cum = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        total += weight(j);
        cum[j] = total;
      }
      slots = new Permutation(t.total, [...key, '#picks']);
    }
    // a law of only zeros gives no weights to share out: every row is then equally likely
    if (total === 0) return rng.below(n);
    const x = ((slots!.at(row) + 0.5) * total) / t.total;
    let a = 0;
    let b = n - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cum[m]! > x) b = m;
      else a = m + 1;
    }
    return a;
  };
}

/** The length limit of a declared text type: VARCHAR(40), CHARACTER VARYING(40), NCHAR(2) … */
function textLimit(sqlType: string | undefined): number | undefined {
  if (sqlType === undefined) return undefined;
  const m = /^\s*(?:n?var)?char(?:acter)?(?:\s+varying)?\s*\(\s*(\d+)\s*\)/i.exec(sqlType);
  return m ? Number(m[1]) : undefined;
}

/** Cuts text values to `limit` characters (code points), so they fit the declared column. */
function cutText(p: Provider, limit: number): Provider {
  const cut = (v: Value): Value => {
    if (typeof v !== 'string' || v.length <= limit) return v;
    const chars = Array.from(v);
    return chars.length <= limit ? v : chars.slice(0, limit).join('').trimEnd();
  };
  // wrapped in place: a provider may be a class whose other methods read its own fields
  const next = p.next.bind(p);
  p.next = (rng, row) => cut(next(rng, row));
  if (p.format) {
    const format = p.format.bind(p);
    p.format = (v) => cut(format(v));
  }
  return p;
}

function sameTreeIssue(t: TablePlan, target: TablePlan, path: (string | number)[]): Issue {
  return {
    code: 'unsupported_reference',
    message: `"${t.name}" refers to "${target.name}", which is made alongside it rather than before it`,
    path,
    hint: `a ref may point at a table's own ancestors (through rows.per) or at tables outside its family; make "${target.name}" a root table or point at one of "${t.name}"'s parents`,
  };
}

/** Groups tables by their root and orders the groups so every referenced table is complete first. */
function groupTrees(tables: TablePlan[], byName: Map<string, TablePlan>): TablePlan[][] {
  const roots = tables.filter((t) => !t.parent);
  const members = new Map(roots.map((r) => [r.name, tables.filter((t) => t.root === r)]));
  const order = topoOrder(
    roots.map((r) => r.name),
    (r) => {
      const deps = new Set<string>();
      for (const t of members.get(r)!) {
        for (const c of t.columns) {
          if (c.spec.kind !== 'ref') continue;
          const target = byName.get(splitRef(c.spec.ref)![0])!;
          if (target.root !== t.root) deps.add(target.root.name);
        }
      }
      return [...deps];
    },
  );
  if ('cycle' in order) {
    throw new TrainkitError([
      {
        code: 'dependency_cycle',
        message: `Table families refer to each other in a cycle: ${order.cycle.join(' → ')}`,
        path: ['tables', order.cycle[0]!],
        hint: 'make one of these references point the other way',
      },
    ]);
  }
  return order.order.map((r) => members.get(r)!);
}

/** Counts the rows of every chunk: root tables by CHUNK_ROWS, children by drawing each parent's count. */
function countRows(trees: TablePlan[][], seed: number, scale: number): void {
  for (const tree of trees) {
    const root = tree[0]!;
    const n = Math.max(0, Math.round((root.spec.rows as number) * scale));
    const chunks = Math.ceil(n / CHUNK_ROWS);
    for (const t of tree) t.chunkRows = new Int32Array(chunks);
    for (let k = 0; k < chunks; k++) root.chunkRows[k] = Math.min(CHUNK_ROWS, n - k * CHUNK_ROWS);
    sumChunks(root);
    for (const t of tree.slice(1)) {
      const rows = t.spec.rows as PerParentRows;
      // every parent of the table is counted by now, so the shuffle can span all of them
      if (spreadsEvenly(rows)) {
        const at = evenCounts(rows, t.parent!.total, [seed, t.name, '#spread']);
        t.drawCount = (_rng, parent) => at(parent);
      }
      const rng = new Rng(0, 0, 0, 1);
      for (let k = 0; k < chunks; k++) {
        rng.reseed([seed, t.name, '#rows', k]);
        const parentRows = t.parent!.chunkRows[k]!;
        const first = t.parent!.chunkStart[k]!;
        let sum = 0;
        for (let p = 0; p < parentRows; p++) sum += t.drawCount!(rng, first + p);
        t.chunkRows[k] = sum;
      }
      sumChunks(t);
    }
  }
}

/** Each chunk's first row and the table's total, from its chunks' row counts. */
function sumChunks(t: TablePlan): void {
  const chunks = t.chunkRows.length;
  t.chunkStart = new Float64Array(chunks + 1);
  for (let k = 0; k < chunks; k++) t.chunkStart[k + 1] = t.chunkStart[k]! + t.chunkRows[k]!;
  t.total = t.chunkStart[chunks]!;
}

/** A count drawn on its own for each parent, from the chunk's stream. */
function randomCounts(rows: PerParentRows): (rng: Rng, parent: number) => number {
  const draw = countSampler(rows);
  return (rng) => draw(rng);
}

function checkNonEmptyTargets(tables: TablePlan[], byName: Map<string, TablePlan>): void {
  const issues: Issue[] = [];
  for (const t of tables) {
    if (t.total === 0) continue;
    for (const c of t.columns) {
      if (c.spec.kind !== 'ref') continue;
      const target = byName.get(splitRef(c.spec.ref)![0])!;
      if (target.total === 0 && (c.spec.null_rate ?? 0) < 1) {
        issues.push({
          code: 'impossible_constraint',
          message: `"${t.name}.${c.name}" must point at a row of "${target.name}", which has no rows`,
          path: ['tables', t.name, 'columns', c.name, 'ref'],
          hint: `give "${target.name}" some rows`,
        });
      }
    }
  }
  if (issues.length > 0) throw new TrainkitError(issues);
}
