import { countSampler, planGeneration, type TablePlan } from '../generate/index.js';
import type { ReadCell } from '../io/index.js';
import { normal, normalCdf, Rng } from '../random/index.js';
import { type ColumnSpec, mergeOverride, type Spec } from '../spec/index.js';
import {
  compileDateParser,
  createProvider,
  type Provider,
  type ProviderContext,
  patternRegExp,
} from '../values/index.js';
import type { Dataset } from './dataset.js';
import { spearman } from './fidelity-pairs.js';
import type { CheckResult, Severity } from './report-types.js';
import {
  binomialTest,
  chiSquareTest,
  ksPValue,
  ksStatistic,
  totalVariation,
  wilsonInterval,
} from './stats.js';

/** How strict the conformance checks are. */
export interface ConformanceOptions {
  /**
   * The significance level of each statistical test (default 0.001). A distribution check fails
   * only when its test rejects at this level and the difference is beyond `practical`.
   */
  readonly alpha?: number;
  /** The smallest difference worth failing on, in the check's own unit (default 0.01). */
  readonly practical?: number;
  /** The scale the data was generated at (read from the manifest when there is one). */
  readonly scale?: number;
  /** Progress: called with rows read so far. */
  readonly onRows?: (rows: number) => void;
  /**
   * Called as each table's pass starts; the function it returns sees every row of that table,
   * so another part can read the table in the same pass.
   */
  readonly onTable?: (
    table: string,
    columns: readonly string[],
  ) => ((row: readonly ReadCell[]) => void) | undefined;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function num(v: ReadCell): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    // Number() alone also reads hex, "Infinity" and padded text: a plain decimal must start right
    const c = v.charCodeAt(0);
    const plain = (c >= 48 && c <= 57) || ((c === 45 || c === 43 || c === 46) && v.length > 1);
    const x = plain ? Number(v) : Number.NaN;
    if (!Number.isNaN(x) || NUMBER.test(v)) return x;
  }
  return Number.NaN;
}

function str(v: ReadCell): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function bool(v: ReadCell): boolean | undefined {
  if (v === true || v === 1 || v === 'true' || v === '1') return true;
  if (v === false || v === 0 || v === 'false' || v === '0') return false;
  return undefined;
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);
const pct = (x: number) => `${(x * 100).toPrecision(3)}%`;

/** A growable array of doubles. */
class Numbers {
  data = new Float64Array(1024);
  length = 0;
  push(x: number) {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  sorted(): Float64Array {
    return this.data.subarray(0, this.length).sort();
  }
}

/** One distribution a column's rows follow: its own, a case of `given`, or a scenario's. */
interface Variant {
  readonly key: string;
  readonly label: string;
  readonly spec: ColumnSpec;
  provider?: Provider | null;
  readonly numbers: Numbers;
  readonly counts: Map<string, number>;
  n: number;
  /** the quantile on a grid, for simulating the copula */
  table?: Float64Array | null;
}

/** What is known about the row being checked, beyond its cells. */
interface RowInfo {
  scenarios: readonly string[];
  edges: readonly string[];
  line: number;
}

/** The checks of one column, fed row by row. */
interface ColumnState {
  readonly name: string;
  readonly spec: ColumnSpec;
  readonly index: number;
  rows: number;
  nulls: number;
  /** rows an edge case hit in this column (excluded from distribution checks) */
  edgeRows: number;
  missingEdge: number;
  badType: number;
  firstBad?: number;
  outOfRange: number;
  firstOutOfRange?: number;
  seen?: Set<string>;
  duplicates: number;
  variants: Map<string, Variant>;
  /** for `after`: rows where the order is broken, and rows compared */
  orderBroken: number;
  orderChecked: number;
  /** for spans: broken span lists */
  badSpans: number;
  spansChecked: number;
  /** for the ref column to the parent a table is made `per`: children per parent key */
  tally?: Map<string, number>;
}

function dummyContext(spec: Spec, table: string, column: string): ProviderContext {
  const none = () => () => null;
  return {
    spec,
    seed: 0,
    table,
    column,
    locale: spec.locale ?? 'en',
    path: ['tables', table, 'columns', column],
    lookup: none,
    lookupRaw: none,
    sibling: () => {
      throw new Error('no sibling');
    },
    link: () => () => null,
  };
}

/** The value `quantile` gives, as the number the data holds (dates as epoch ms). */
function quantileNumber(p: Provider): ((u: number) => number) | undefined {
  const q = p.quantile;
  if (!q) return undefined;
  return (u) => {
    const v = q.call(p, u);
    return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number.NaN;
  };
}

const GRID = 8192;
const DISTRIBUTED = new Set(['integer', 'number', 'date', 'datetime']);

function providerFor(v: Variant, spec: Spec, table: string, column: string): Provider | undefined {
  if (v.provider === undefined) {
    try {
      v.provider = createProvider(v.spec, dummyContext(spec, table, column));
    } catch {
      v.provider = null;
    }
  }
  return v.provider ?? undefined;
}

/** The parser of a date column's cells into epoch milliseconds. */
function dateParser(col: ColumnSpec): (v: ReadCell) => number {
  const format = (col as { format?: string }).format ?? (col.kind === 'date' ? 'YYYY-MM-DD' : 'iso');
  const parse = compileDateParser(format);
  return (v) => (typeof v === 'number' || typeof v === 'string' ? parse(v) : Number.NaN);
}

interface TableContext {
  readonly plan: TablePlan;
  readonly keys: Map<string, Set<string>>;
  /** parent tables' date columns by key, for `after: parent.column` */
  readonly parentDates: Map<string, Map<string, number>>;
}

/**
 * Checks a dataset against the spec it was generated from, table by table and column by
 * column: presence, types, ranges, null rates, uniqueness, category frequencies (chi-square and
 * total variation), numeric and date distributions (Kolmogorov–Smirnov against the spec's own
 * law, truncation and rounding included), label, scenario and edge-case rates (binomial), the
 * correlation targets, foreign keys and per-parent counts, ordering constraints and spans.
 *
 * Rows a scenario or a `given` case changed are tested against that variant's distribution;
 * rows an edge case hit are left out of the distribution checks (the edge-case rate is checked).
 *
 * @example
 * const results = await checkConformance(await openDataset('out/'), spec);
 */
export async function checkConformance(
  dataset: Dataset,
  spec: Spec,
  options: ConformanceOptions = {},
): Promise<CheckResult[]> {
  const alpha = options.alpha ?? 0.001;
  const practical = options.practical ?? 0.01;
  const scale = options.scale ?? dataset.manifest?.scale ?? 1;
  const plan = planGeneration(spec, { scale });
  const results: CheckResult[] = [];
  const keys = new Map<string, Set<string>>();
  const parentDates = new Map<string, Map<string, number>>();
  let rowsRead = 0;
  for (const t of plan.tables) {
    const table = dataset.table(t.name);
    const id = (what: string, column?: string) =>
      `conformance.${t.name}${column ? `.${column}` : ''}.${what}`;
    if (!table) {
      results.push({
        id: id('present'),
        section: 'conformance',
        table: t.name,
        name: 'table present',
        status: 'fail',
        severity: 'error',
        measured: 'missing',
        expected: 'a file for the table',
      });
      continue;
    }
    const truth = await loadSidecarTruth(dataset, t);
    await checkTable(
      t,
      table,
      spec,
      { plan: t, keys, parentDates },
      truth,
      results,
      { alpha, practical, scale, ...(options.onTable ? { onTable: options.onTable } : {}) },
      (n) => {
        options.onRows?.(rowsRead + n);
      },
    ).then((n) => {
      rowsRead += n;
    });
  }
  return results;
}

/** A sidecar ground truth (`<table>_truth`): key → scenarios and edge cases. */
async function loadSidecarTruth(
  dataset: Dataset,
  t: TablePlan,
): Promise<Map<string, { scenarios: string[]; edges: string[] }> | undefined> {
  if ((t.spec.ground_truth ?? 'column') !== 'sidecar') return undefined;
  const side = dataset.table(`${t.name}_truth`);
  if (!side) return undefined;
  const rows = await side.open();
  const out = new Map<string, { scenarios: string[]; edges: string[] }>();
  const si = rows.columns.indexOf('scenario');
  const ei = rows.columns.indexOf('edge_case');
  for await (const b of rows.batches()) {
    for (const r of b.rows) {
      const s = si >= 0 && r[si] !== null ? str(r[si]!).split('+') : [];
      const e = ei >= 0 && r[ei] !== null ? str(r[ei]!).split('+') : [];
      out.set(str(r[0] ?? null), { scenarios: s, edges: e });
    }
  }
  return out;
}

function primaryKey(t: TablePlan): string | undefined {
  // a key over several columns (a list) has no one key column
  if (Array.isArray(t.spec.primary_key))
    return t.spec.primary_key.length === 1 ? t.spec.primary_key[0] : undefined;
  if (t.spec.primary_key) return t.spec.primary_key;
  return Object.entries(t.spec.columns).find(([, c]) => c.kind === 'id')?.[0];
}

async function checkTable(
  t: TablePlan,
  table: NonNullable<ReturnType<Dataset['table']>>,
  spec: Spec,
  ctx: TableContext,
  sidecar: Map<string, { scenarios: string[]; edges: string[] }> | undefined,
  results: CheckResult[],
  opts: Pick<ConformanceOptions, 'onTable'> & { alpha: number; practical: number; scale: number },
  progress: (rows: number) => void,
): Promise<number> {
  const rows = await table.open();
  const tap = opts.onTable?.(t.name, rows.columns);
  const where = (c: string) => rows.columns.indexOf(c);
  const pk = primaryKey(t);
  const pkIndex = pk ? where(pk) : -1;
  const scenarioIndex = where('_scenario');
  const edgeIndex = where('_edge_case');
  const edgeCases = t.spec.edge_cases ?? [];
  const scenarios = t.spec.scenarios ?? [];
  const push = (r: Omit<CheckResult, 'section' | 'table'>) =>
    results.push({ section: 'conformance', table: t.name, ...r });

  // the columns to check: every written column of the spec
  const states: ColumnState[] = [];
  for (const [name, col] of Object.entries(t.spec.columns)) {
    const index = where(name);
    if (index < 0) {
      push({
        id: `conformance.${t.name}.${name}.present`,
        column: name,
        name: 'column present',
        status: 'fail',
        severity: 'error',
        measured: 'missing',
        expected: `a column "${name}"`,
        detail: `the file has ${rows.columns.length} columns`,
      });
      continue;
    }
    const variants = new Map<string, Variant>();
    const variant = (key: string, label: string, s: ColumnSpec) =>
      variants.set(key, { key, label, spec: s, numbers: new Numbers(), counts: new Map(), n: 0 });
    const own = col as ColumnSpec & { given?: string; cases?: Record<string, Record<string, unknown>> };
    variant('base', 'its own', mergeOverride(col, {}));
    for (const [value, over] of Object.entries(own.cases ?? {}))
      variant(`case:${value}`, `${own.given} = ${value}`, mergeOverride(col, over));
    for (const s of scenarios) {
      const over = s.columns[name];
      if (over) variant(`scenario:${s.name}`, `scenario ${s.name}`, mergeOverride(col, over));
    }
    const unique = col.unique === true || col.kind === 'id' || name === pk;
    states.push({
      name,
      spec: col,
      index,
      rows: 0,
      nulls: 0,
      edgeRows: 0,
      missingEdge: 0,
      badType: 0,
      outOfRange: 0,
      duplicates: 0,
      variants,
      orderBroken: 0,
      orderChecked: 0,
      badSpans: 0,
      spansChecked: 0,
      ...(unique ? { seen: new Set<string>() } : {}),
      ...(perParentRef(t, col) ? { tally: new Map<string, number>() } : {}),
    });
  }

  // per-column readers and constraints
  const readers = states.map((s) => columnReader(s, t, ctx, where));
  const givenIndex = states.map((s) => {
    const g = (s.spec as { given?: string }).given;
    return g === undefined ? -1 : where(g);
  });
  // each column's variant keys, made once: scenario name → key, `given` value → key
  const scenarioKeys = states.map(
    (s) =>
      new Map(scenarios.filter((sc) => sc.columns[s.name]).map((sc) => [sc.name, `scenario:${sc.name}`])),
  );
  const caseKeys = states.map(
    (s) =>
      new Map(
        [...s.variants.keys()].filter((k) => k.startsWith('case:')).map((k) => [k.slice(5), k] as const),
      ),
  );
  const edgeColumns = new Map(edgeCases.map((e) => [e.name, e]));

  // rates of scenarios (those with `rate`) and edge cases
  const scenarioCounts = new Map<string, number>();
  const edgeCounts = new Map<string, number>();
  const keySet = new Set<string>();
  const keepKeys = pkIndex >= 0;
  // parent date columns children read through `after: table.column`
  const datesForChildren = new Map<string, Map<string, number>>();
  for (const other of Object.values(spec.tables)) {
    for (const c of Object.values(other.columns)) {
      const after = (c as { after?: string }).after;
      if (after?.startsWith(`${t.name}.`)) {
        const column = after.slice(t.name.length + 1);
        if (where(column) >= 0) datesForChildren.set(column, new Map());
      }
    }
  }
  const dateParsers = new Map([...datesForChildren.keys()].map((c) => [c, dateParser(t.spec.columns[c]!)]));
  // correlation groups: values of each column per row (base rows only)
  const copulas = (t.spec.correlations ?? []).map((g) => ({
    group: g,
    columns: g.columns.map((c) => states.find((s) => s.name === c)),
    at: g.columns.map((c) => states.findIndex((s) => s.name === c)),
    read: g.columns.map((c) => {
      const s = states.find((x) => x.name === c);
      return s ? valueReader(s.spec) : () => Number.NaN;
    }),
    values: g.columns.map(() => new Numbers()),
    /** per kept row, its columns' variants as one number (digits in base `radix`) */
    combos: new Numbers(),
    radix: 1 + Math.max(...states.map((s) => s.variants.size)),
  }));
  const variantIndex = states.map((s) => new Map([...s.variants.keys()].map((k, i) => [k, i])));

  let n = 0;
  const info: RowInfo = { scenarios: [], edges: [], line: 0 };
  const variantKeys: string[] = states.map(() => '');
  const scratch = new Float64Array(Math.max(0, ...copulas.map((cp) => cp.columns.length)));
  for await (const batch of rows.batches()) {
    for (let r = 0; r < batch.rows.length; r++) {
      const row = batch.rows[r]!;
      tap?.(row);
      info.line = batch.line + r;
      const key = pkIndex >= 0 ? str(row[pkIndex] ?? null) : '';
      if (sidecar) {
        const hit = sidecar.get(key);
        info.scenarios = hit?.scenarios ?? [];
        info.edges = hit?.edges ?? [];
      } else {
        const s = scenarioIndex >= 0 ? row[scenarioIndex] : null;
        const e = edgeIndex >= 0 ? row[edgeIndex] : null;
        info.scenarios = s === null || s === undefined ? [] : str(s).split('+');
        info.edges = e === null || e === undefined ? [] : str(e).split('+');
      }
      for (const s of info.scenarios) scenarioCounts.set(s, (scenarioCounts.get(s) ?? 0) + 1);
      for (const e of info.edges) edgeCounts.set(e, (edgeCounts.get(e) ?? 0) + 1);
      if (keepKeys) keySet.add(key);
      for (const [column, map] of datesForChildren) {
        const v = row[where(column)];
        if (v !== null && v !== undefined) map.set(key, dateParsers.get(column)!(v));
      }
      for (let c = 0; c < states.length; c++) {
        const s = states[c]!;
        const v = row[s.index] ?? null;
        s.rows++;
        variantKeys[c] = '';
        // an edge case on this column: counted, left out of the value checks
        const hitBy = info.edges.length
          ? info.edges.find((e) => edgeColumns.get(e)?.column === s.name)
          : undefined;
        if (hitBy !== undefined) {
          s.edgeRows++;
          if (edgeColumns.get(hitBy)!.kind === 'missing') s.missingEdge++;
          continue;
        }
        if (v === null) {
          s.nulls++;
          continue;
        }
        let vk = 'base';
        if (info.scenarios.length) {
          // one overriding scenario picks its variant; two at once follow no single law
          let over = 0;
          for (const x of info.scenarios) {
            const key = scenarioKeys[c]!.get(x);
            if (key !== undefined) {
              vk = key;
              over++;
            }
          }
          if (over > 1) vk = '';
        }
        if (givenIndex[c]! >= 0) {
          const gv = row[givenIndex[c]!];
          const caseKey = caseKeys[c]!.get(gv === null || gv === undefined ? '' : str(gv));
          if (caseKey !== undefined) vk = vk === 'base' ? caseKey : '';
        }
        variantKeys[c] = vk;
        readers[c]!(v, row, vk, info, key);
      }
      for (const cp of copulas) {
        let combo = 0;
        let j = cp.columns.length;
        while (j-- > 0) {
          const c = cp.at[j]!;
          const vk = c >= 0 ? variantKeys[c]! : '';
          if (vk === '' || vk.startsWith('scenario:')) break;
          const x = cp.read[j]!(row[states[c]!.index] ?? null);
          if (!Number.isFinite(x)) break;
          scratch[j] = x;
          combo = combo * cp.radix + variantIndex[c]!.get(vk)!;
        }
        if (j >= 0) continue;
        for (let i = 0; i < cp.columns.length; i++) cp.values[i]!.push(scratch[i]!);
        cp.combos.push(combo);
      }
      n++;
    }
    progress(n);
  }
  if (keepKeys) ctx.keys.set(`${t.name}.${pk}`, keySet);
  for (const [column, map] of datesForChildren) ctx.parentDates.set(`${t.name}.${column}`, map);

  // the table's row count
  if (typeof t.spec.rows === 'number') {
    push({
      id: `conformance.${t.name}.rows`,
      name: 'row count',
      status: n === t.total ? 'pass' : 'fail',
      severity: 'error',
      measured: n,
      expected: `${t.total} (${t.spec.rows} × scale ${opts.scale})`,
    });
  }

  for (const s of states) finishColumn(s, t, spec, push, opts);
  checkRates(t, n, scenarioCounts, edgeCounts, push, opts);
  for (const cp of copulas) checkCorrelation(cp, t, spec, push, opts);
  checkCardinality(t, states, ctx, n, push, opts);
  return n;
}

/** Whether a column is the ref from a `per` table to its parent's key: the one to count children by. */
function perParentRef(t: TablePlan, col: ColumnSpec): boolean {
  if (col.kind !== 'ref' || !t.parent || typeof t.spec.rows === 'number') return false;
  return col.ref === `${t.parent.name}.${primaryKey(t.parent)}`;
}

/** The reader of a column's cells as the numbers its distribution is about (dates as epoch ms). */
function valueReader(col: ColumnSpec): (v: ReadCell) => number {
  return col.kind === 'date' || col.kind === 'datetime' ? dateParser(col) : num;
}

/** Builds the per-row reader of one column: type, range, uniqueness, variants, order, spans. */
function columnReader(
  s: ColumnState,
  t: TablePlan,
  ctx: TableContext,
  where: (c: string) => number,
): (v: ReadCell, row: readonly ReadCell[], variant: string, info: RowInfo, key: string) => void {
  const col = s.spec;
  const bad = (info: RowInfo) => {
    s.badType++;
    s.firstBad ??= info.line;
  };
  const outside = (info: RowInfo) => {
    s.outOfRange++;
    s.firstOutOfRange ??= info.line;
  };
  const unique = (v: ReadCell) => {
    if (!s.seen) return;
    const k = str(v);
    if (s.seen.has(k)) s.duplicates++;
    else s.seen.add(k);
  };
  const record = (variant: string, x: number, cat?: string) => {
    if (variant === '') return;
    const vr = s.variants.get(variant);
    if (!vr) return;
    vr.n++;
    if (cat !== undefined) vr.counts.set(cat, (vr.counts.get(cat) ?? 0) + 1);
    else vr.numbers.push(x);
  };
  switch (col.kind) {
    case 'integer':
    case 'number': {
      return (v, _row, variant, info) => {
        unique(v);
        const x = num(v);
        if (!Number.isFinite(x) || (col.kind === 'integer' && !Number.isInteger(x))) return bad(info);
        const vr = s.variants.get(variant);
        const vs = (vr?.spec ?? col) as { min?: number; max?: number };
        if ((vs.min !== undefined && x < vs.min) || (vs.max !== undefined && x > vs.max)) outside(info);
        record(variant, x);
      };
    }
    case 'date':
    case 'datetime': {
      const parse = dateParser(col);
      const parseBound = (b: string | undefined) =>
        b === undefined ? Number.NaN : Date.parse(b.length === 10 ? `${b}T00:00:00Z` : b);
      const lo = parseBound(col.min);
      const hi = parseBound(col.max);
      const after = col.after;
      const sameRow = after && !after.includes('.') ? where(after) : -1;
      const afterParse = sameRow >= 0 ? dateParser(t.spec.columns[after!]!) : undefined;
      let parentMap: Map<string, number> | undefined;
      let refIndex = -1;
      if (after?.includes('.')) {
        const [ptable, pcolumn] = after.split('.') as [string, string];
        parentMap = ctx.parentDates.get(`${ptable}.${pcolumn}`);
        const ref = Object.entries(t.spec.columns).find(
          ([, c]) => c.kind === 'ref' && c.ref.startsWith(`${ptable}.`),
        )?.[0];
        refIndex = ref ? where(ref) : -1;
      }
      return (v, row, variant, info) => {
        unique(v);
        const x = parse(v);
        if (!Number.isFinite(x)) return bad(info);
        if (
          (Number.isFinite(lo) && x < lo) ||
          (Number.isFinite(hi) && x > hi + (col.kind === 'date' ? 0 : 999))
        )
          outside(info);
        if (afterParse) {
          const a = afterParse(row[sameRow] ?? null);
          if (Number.isFinite(a)) {
            s.orderChecked++;
            if (x < a) s.orderBroken++;
          }
        } else if (parentMap && refIndex >= 0) {
          const a = parentMap.get(str(row[refIndex] ?? null));
          if (a !== undefined && Number.isFinite(a)) {
            s.orderChecked++;
            // a date-only parent counts from its day's start
            if (x < a) s.orderBroken++;
          }
        }
        if (!after) record(variant, x);
      };
    }
    case 'boolean':
      return (v, _row, variant, info) => {
        const b = bool(v);
        if (b === undefined) return bad(info);
        record(variant, 0, String(b));
      };
    case 'label': {
      // named outcomes (["<=50K", ">50K"]) stand for false and true
      const named = col.outcomes?.map(String);
      const outcome = (v: ReadCell) =>
        named && v !== null && typeof v !== 'object'
          ? String(v) === named[1]
            ? true
            : String(v) === named[0]
              ? false
              : undefined
          : bool(v);
      return (v, _row, variant, info) => {
        if (col.classes) return record(variant, 0, str(v));
        const b = outcome(v);
        if (b === undefined) return bad(info);
        record(variant, 0, String(b));
      };
    }
    case 'category': {
      return (v, _row, variant) => {
        unique(v);
        record(variant, 0, str(v));
      };
    }
    case 'pattern': {
      const re = patternRegExp(col.pattern);
      return (v, _row, _variant, info) => {
        unique(v);
        if (!re.test(str(v))) outside(info);
      };
    }
    case 'id': {
      const uuid = col.strategy === 'uuid';
      const re = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      return (v, _row, _variant, info) => {
        unique(v);
        if (uuid ? !re.test(str(v)) : !Number.isInteger(num(v))) bad(info);
      };
    }
    case 'ref': {
      const [ptable, pcolumn] = col.ref.split('.') as [string, string];
      const tally = s.tally;
      return (v, _row, _variant, info) => {
        unique(v);
        const k = str(v);
        const parents = ctx.keys.get(`${ptable}.${pcolumn}`);
        if (parents && !parents.has(k)) outside(info);
        if (tally) tally.set(k, (tally.get(k) ?? 0) + 1);
      };
    }
    case 'spans': {
      const textIndex = where(col.of);
      return (v, row) => {
        s.spansChecked++;
        if (!spansValid(v, textIndex >= 0 ? (row[textIndex] ?? null) : null)) s.badSpans++;
      };
    }
    default:
      return (v) => unique(v);
  }
}

/** Whether a spans cell is a sorted list of in-bounds, non-empty, non-overlapping spans of its text. */
function spansValid(v: ReadCell, text: ReadCell): boolean {
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      return false;
    }
  }
  if (!Array.isArray(list)) return false;
  const length = typeof text === 'string' ? [...text].length : Number.POSITIVE_INFINITY;
  let last = 0;
  for (const span of list as { start?: unknown; end?: unknown; type?: unknown }[]) {
    const { start, end, type } = span ?? {};
    if (typeof start !== 'number' || typeof end !== 'number' || typeof type !== 'string') return false;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < last || end <= start || end > length)
      return false;
    last = end;
  }
  return true;
}

function finishColumn(
  s: ColumnState,
  t: TablePlan,
  spec: Spec,
  push: (r: Omit<CheckResult, 'section' | 'table'>) => void,
  opts: { alpha: number; practical: number },
): void {
  const col = s.spec;
  const id = (what: string) => `conformance.${t.name}.${s.name}.${what}`;
  const base = { column: s.name };
  const present = s.rows - s.edgeRows;
  const where = (line: number | undefined) => (line === undefined ? '' : `; the first at line ${line}`);
  /** A check that counts bad rows: passes at zero, says how many and where the first is. */
  const counted = (what: string, name: string, count: number, first: number | undefined, expected: string) =>
    push({
      ...base,
      id: id(what),
      name,
      status: count === 0 ? 'pass' : 'fail',
      severity: 'error',
      measured: count,
      expected,
      ...(count ? { detail: `${count} of ${s.rows} rows${where(first)}` } : {}),
    });

  // null rate: a binomial test against the stated rate (0 when none)
  const rate = col.null_rate ?? 0;
  const nullable =
    rate > 0 ||
    col.kind === 'derived' ||
    col.kind === 'event' ||
    col.kind === 'aggregate' ||
    col.kind === 'template';
  if (rate > 0) {
    const p = binomialTest(s.nulls, present, rate);
    const measured = present ? s.nulls / present : 0;
    const ci = wilsonInterval(s.nulls, present, opts.alpha);
    push({
      ...base,
      id: id('null_rate'),
      name: 'null rate',
      status: p < opts.alpha && Math.abs(measured - rate) > opts.practical / 10 ? 'fail' : 'pass',
      severity: 'error',
      measured: fmt(measured),
      expected: `${rate}`,
      tolerance: `binomial test at α = ${opts.alpha} (measured ${pct(ci.low)}–${pct(ci.high)})`,
    });
  } else if (!nullable) {
    push({
      ...base,
      id: id('not_null'),
      name: 'no nulls',
      status: s.nulls === 0 ? 'pass' : 'fail',
      severity: 'error',
      measured: s.nulls,
      expected: '0 (no null_rate)',
    });
  }
  if (s.seen) {
    push({
      ...base,
      id: id('unique'),
      name: 'unique values',
      status: s.duplicates === 0 ? 'pass' : 'fail',
      severity: 'error',
      measured: s.duplicates,
      expected: '0 repeated values',
    });
  }
  if (
    s.badType > 0 ||
    ['integer', 'number', 'date', 'datetime', 'boolean', 'id'].includes(col.kind) ||
    (col.kind === 'label' && !col.classes)
  ) {
    const what =
      col.kind === 'integer'
        ? 'integers'
        : col.kind === 'number'
          ? 'numbers'
          : col.kind === 'date' || col.kind === 'datetime'
            ? `dates in the column's format`
            : col.kind === 'id'
              ? 'ids'
              : 'booleans';
    counted('type', `values are ${what}`, s.badType, s.firstBad, '0 values of another type');
  }
  const bounded = (c: ColumnSpec) =>
    (c as { min?: unknown }).min !== undefined || (c as { max?: unknown }).max !== undefined;
  if (
    (col.kind === 'integer' || col.kind === 'number' || col.kind === 'date' || col.kind === 'datetime') &&
    [...s.variants.values()].some((v) => bounded(v.spec))
  ) {
    counted('range', 'within min and max', s.outOfRange, s.firstOutOfRange, '0 values outside [min, max]');
  }
  if (col.kind === 'pattern') {
    counted('pattern', `matches ${col.pattern}`, s.outOfRange, s.firstOutOfRange, '0 values off the pattern');
  }
  if (col.kind === 'ref') {
    counted(
      'foreign_key',
      `refers to ${col.ref}`,
      s.outOfRange,
      s.firstOutOfRange,
      '0 values without a parent row',
    );
  }
  if (s.orderChecked > 0) {
    push({
      ...base,
      id: id('order'),
      name: `after ${(col as { after?: string }).after}`,
      status: s.orderBroken === 0 ? 'pass' : 'fail',
      severity: 'error',
      measured: s.orderBroken,
      expected: `0 of ${s.orderChecked} rows before it`,
    });
  }
  if (col.kind === 'spans') {
    push({
      ...base,
      id: id('spans'),
      name: `valid spans of ${col.of}`,
      status: s.badSpans === 0 ? 'pass' : 'fail',
      severity: 'error',
      measured: s.badSpans,
      expected: `0 of ${s.spansChecked} rows with a span list that is not sorted, in bounds and non-overlapping`,
    });
  }

  // the distributions, one variant at a time
  for (const v of s.variants.values()) {
    if (v.n === 0) continue;
    const suffix = v.key === 'base' ? '' : ` (${v.label})`;
    const vid = v.key === 'base' ? '' : `.${v.key.replace(':', '_')}`;
    if (DISTRIBUTED.has(col.kind) && !(col as { after?: string }).after) {
      const provider = providerFor(v, spec, t.name, s.name);
      const q = provider ? quantileNumber(provider) : undefined;
      if (!q) continue;
      const sorted = v.numbers.sorted();
      const d = ksStatistic(sorted, q);
      const p = ksPValue(d, sorted.length);
      push({
        ...base,
        id: id(`distribution${vid}`),
        name: `distribution${suffix}`,
        status: p < opts.alpha && d > opts.practical ? 'fail' : 'pass',
        severity: 'error',
        measured: fmt(d),
        expected: `KS distance to ${describeDist(v.spec)}`,
        tolerance: `fails when p < ${opts.alpha} and D > ${opts.practical} (p = ${fmt(p, 3)}, n = ${sorted.length})`,
      });
      continue;
    }
    const probs = categoryProbabilities(v.spec);
    if (!probs) continue;
    const observedCats = [...v.counts.keys()];
    const unknown = observedCats.filter((c) => !probs.has(c));
    const unknownRows = unknown.reduce((sum, c) => sum + v.counts.get(c)!, 0);
    if (col.kind === 'category' || (col.kind === 'label' && col.classes)) {
      push({
        ...base,
        id: id(`values${vid}`),
        name: `values among the spec's${suffix}`,
        status: unknownRows === 0 ? 'pass' : 'fail',
        severity: 'error',
        measured: unknownRows,
        expected: `0 rows with other values (the spec has ${probs.size})`,
        ...(unknown.length ? { detail: `${unknown.length} other distinct values` } : {}),
      });
    }
    const cats = [...probs.keys()];
    const observed = cats.map((c) => v.counts.get(c) ?? 0);
    const total = observed.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    const expected = cats.map((c) => probs.get(c)!);
    const test = chiSquareTest(observed, expected);
    const tv = totalVariation(
      observed.map((o) => o / total),
      expected,
    );
    const binary = cats.length === 2 && (col.kind === 'boolean' || col.kind === 'label');
    push({
      ...base,
      id: id(`${binary ? 'rate' : 'frequencies'}${vid}`),
      name: binary ? `true rate${suffix}` : `category frequencies${suffix}`,
      status: test.p < opts.alpha && tv > opts.practical / 2 ? 'fail' : 'pass',
      severity: 'error',
      measured: binary ? fmt((v.counts.get('true') ?? 0) / total) : fmt(tv),
      expected: binary ? `${fmt(probs.get('true')!)}` : 'total variation distance 0 to the spec’s weights',
      tolerance: `fails when the chi-square p < ${opts.alpha} and TV > ${opts.practical / 2} (p = ${fmt(test.p, 3)}, n = ${total})`,
    });
  }
}

/** A category-like column's expected value probabilities, or undefined when they depend on the row. */
function categoryProbabilities(col: ColumnSpec): Map<string, number> | undefined {
  if (col.kind === 'category') {
    const entries = Array.isArray(col.values)
      ? col.values.map((v) => [String(v), 1] as const)
      : Object.entries(col.values);
    const sum = entries.reduce((s, [, w]) => s + w, 0);
    return new Map(entries.map(([k, w]) => [k, w / sum]));
  }
  if (col.kind === 'boolean') {
    const r = col.rate ?? 0.5;
    return new Map([
      ['true', r],
      ['false', 1 - r],
    ]);
  }
  if (col.kind === 'label') {
    if (col.classes) {
      const entries = Object.entries(col.classes);
      const sum = entries.reduce((s, [, w]) => s + w, 0);
      return new Map(entries.map(([k, w]) => [k, w / sum]));
    }
    if (col.p !== undefined) return undefined;
    const r = col.rate ?? 0.5;
    return new Map([
      ['true', r],
      ['false', 1 - r],
    ]);
  }
  return undefined;
}

function describeDist(col: ColumnSpec): string {
  const c = col as Record<string, unknown>;
  const dist = (c.dist as string | undefined) ?? 'uniform';
  const params = ['min', 'max', 'mean', 'sd', 'mu', 'sigma', 'rate', 'alpha', 'beta', 'sd_days', 'scale_days']
    .filter((k) => c[k] !== undefined)
    .map((k) => `${k}=${String(c[k])}`)
    .join(', ');
  return `${dist}(${params})`;
}

function checkRates(
  t: TablePlan,
  n: number,
  scenarioCounts: Map<string, number>,
  edgeCounts: Map<string, number>,
  push: (r: Omit<CheckResult, 'section' | 'table'>) => void,
  opts: { alpha: number; practical: number },
): void {
  if (n === 0) return;
  const rows: { id: string; name: string; rate: number; count: number; severity: Severity }[] = [];
  for (const s of t.spec.scenarios ?? [])
    if (s.rate !== undefined)
      rows.push({
        id: `scenario.${s.name}`,
        name: `scenario ${s.name} rate`,
        rate: s.rate,
        count: scenarioCounts.get(s.name) ?? 0,
        severity: 'error',
      });
  // a duplicate row repeats its original's edge cases, so those rates run a little high: a warning
  for (const e of t.spec.edge_cases ?? [])
    rows.push({
      id: `edge_case.${e.name}`,
      name: `edge case ${e.name} rate`,
      rate: e.rate,
      count: edgeCounts.get(e.name) ?? 0,
      severity: 'warn',
    });
  for (const r of rows) {
    const p = binomialTest(r.count, n, r.rate);
    const measured = r.count / n;
    const ci = wilsonInterval(r.count, n, opts.alpha);
    push({
      id: `conformance.${t.name}.${r.id}`,
      name: r.name,
      status: p < opts.alpha && Math.abs(measured - r.rate) > opts.practical / 10 ? 'fail' : 'pass',
      severity: r.severity,
      measured: fmt(measured),
      expected: `${r.rate}`,
      tolerance: `binomial test at α = ${opts.alpha} (measured ${pct(ci.low)}–${pct(ci.high)}, n = ${n})`,
    });
  }
}

/**
 * A correlation target, checked as Spearman's rho: the expected rho is simulated through the
 * same Gaussian copula and the columns' own quantiles (so ties and rounding count), on the same
 * mix of variants as the data.
 */
function checkCorrelation(
  cp: {
    group: { columns: string[]; matrix?: number[][] | undefined; r?: number | undefined };
    columns: (ColumnState | undefined)[];
    values: Numbers[];
    combos: Numbers;
    radix: number;
  },
  t: TablePlan,
  spec: Spec,
  push: (r: Omit<CheckResult, 'section' | 'table'>) => void,
  opts: { alpha: number; practical: number },
): void {
  const { group } = cp;
  const k = group.columns.length;
  const matrix =
    group.matrix ??
    Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : (group.r ?? 0))));
  const n = cp.values[0]?.length ?? 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const sa = cp.columns[a];
      const sb = cp.columns[b];
      const name = `correlation of ${group.columns[a]} and ${group.columns[b]}`;
      const cid = `conformance.${t.name}.correlation.${group.columns[a]}.${group.columns[b]}`;
      if (!sa || !sb || !DISTRIBUTED.has(sa.spec.kind) || !DISTRIBUTED.has(sb.spec.kind) || n < 30) {
        push({
          id: cid,
          name,
          status: 'skip',
          severity: 'error',
          measured: null,
          expected: `copula r = ${matrix[a]![b]}`,
          detail: 'checked only between numeric or date columns with 30 rows or more',
        });
        continue;
      }
      const observed = spearman(cp.values[a]!.data.subarray(0, n), cp.values[b]!.data.subarray(0, n));
      // simulate the same rows through the copula
      const r = matrix[a]![b]!;
      const rest = Math.sqrt(1 - r * r);
      const rng = Rng.from(['trainkit-validate', t.name, group.columns[a]!, group.columns[b]!]);
      const cached = new Map<string, ((u: number) => number) | undefined>();
      const cache = (st: ColumnState, key: string) => {
        const k = `${st.name}\u0000${key}`;
        if (!cached.has(k)) cached.set(k, quantileOf(st, key, t, spec));
        return cached.get(k);
      };
      const keysA = [...sa.variants.keys()];
      const keysB = [...sb.variants.keys()];
      const m = Math.min(n, 200_000);
      const step = n / m;
      const xs = new Float64Array(m);
      const ys = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const row = Math.floor(i * step);
        const combo = cp.combos.data[row]!;
        const ka = keysA[Math.floor(combo / cp.radix ** a) % cp.radix]!;
        const kb = keysB[Math.floor(combo / cp.radix ** b) % cp.radix]!;
        const qa = cache(sa, ka);
        const qb = cache(sb, kb);
        const z0 = normal(rng);
        const z1 = r * z0 + rest * normal(rng);
        xs[i] = qa ? qa(normalCdf(z0)) : Number.NaN;
        ys[i] = qb ? qb(normalCdf(z1)) : Number.NaN;
      }
      const expected = spearman(xs, ys);
      // Fisher's z with the Spearman variance inflation (Bonett & Wright), for data and simulation
      const se = Math.sqrt(
        (1 + (observed * observed) / 2) / Math.max(1, n - 3) +
          (1 + (expected * expected) / 2) / Math.max(1, m - 3),
      );
      const zDiff =
        Math.abs(
          Math.atanh(Math.max(-0.9999, Math.min(0.9999, observed))) -
            Math.atanh(Math.max(-0.9999, Math.min(0.9999, expected))),
        ) / se;
      const p = 2 * normalCdf(-zDiff);
      push({
        id: cid,
        name,
        status: p < opts.alpha && Math.abs(observed - expected) > opts.practical * 2 ? 'fail' : 'pass',
        severity: 'error',
        measured: fmt(observed),
        expected: `Spearman ${fmt(expected)} (copula r = ${matrix[a]![b]})`,
        tolerance: `fails when p < ${opts.alpha} and the difference > ${opts.practical * 2} (p = ${fmt(p, 3)}, n = ${n})`,
      });
    }
  }
}

function quantileOf(
  s: ColumnState,
  key: string,
  t: TablePlan,
  spec: Spec,
): ((u: number) => number) | undefined {
  const v = s.variants.get(key) ?? s.variants.get('base');
  if (!v) return undefined;
  if (v.table === undefined) {
    const p = providerFor(v, spec, t.name, s.name);
    const q = p ? quantileNumber(p) : undefined;
    // a table of the quantile at 8192 points: a draw through it is off by at most 1/8192 in u
    v.table = q ? Float64Array.from({ length: GRID }, (_, k) => q((k + 0.5) / GRID)) : null;
  }
  const table = v.table;
  return table ? (u) => table[Math.min(GRID - 1, Math.floor(u * GRID))]! : undefined;
}

/** Children per parent row against the spec's count distribution (simulated from it). */
function checkCardinality(
  t: TablePlan,
  states: readonly ColumnState[],
  ctx: TableContext,
  n: number,
  push: (r: Omit<CheckResult, 'section' | 'table'>) => void,
  opts: { alpha: number; practical: number },
): void {
  const rows = t.spec.rows;
  if (typeof rows === 'number' || !t.parent) return;
  const parentPk = primaryKey(t.parent);
  const parentKeys = ctx.keys.get(`${t.parent.name}.${parentPk}`);
  const ref = states.find((s) => s.tally);
  const cid = `conformance.${t.name}.cardinality`;
  const name = `rows per ${t.parent.name}`;
  if (!parentKeys || !ref?.tally || n === 0) {
    push({
      id: cid,
      name,
      status: 'skip',
      severity: 'error',
      measured: null,
      expected: 'a count per parent row',
      detail: 'no ref column to the parent’s key, or the parent table was not read',
    });
    return;
  }
  const observed = new Map<number, number>();
  for (const k of parentKeys) {
    const c = ref.tally.get(k) ?? 0;
    observed.set(c, (observed.get(c) ?? 0) + 1);
  }
  // the spec's law of the count, by simulation (exact enough: 400k draws)
  const draw = countSampler(rows);
  const rng = Rng.from(['trainkit-validate-count', t.name]);
  const sims = 400_000;
  const expected = new Map<number, number>();
  for (let i = 0; i < sims; i++) {
    const c = draw(rng);
    expected.set(c, (expected.get(c) ?? 0) + 1);
  }
  const values = [...new Set([...observed.keys(), ...expected.keys()])].sort((a, b) => a - b);
  const obs = values.map((v) => observed.get(v) ?? 0);
  const probs = values.map((v) => (expected.get(v) ?? 0) / sims);
  // a count the simulation never drew gets a sliver of probability, so the test stays finite
  const floor = 0.5 / sims;
  const norm = probs.reduce((s, p) => s + Math.max(p, floor), 0);
  const test = chiSquareTest(
    obs,
    probs.map((p) => Math.max(p, floor) / norm),
  );
  const parents = parentKeys.size;
  const tv = totalVariation(
    obs.map((o) => o / parents),
    probs,
  );
  const meanObserved = obs.reduce((s, o, i) => s + o * values[i]!, 0) / parents;
  const meanExpected = probs.reduce((s, p, i) => s + p * values[i]!, 0);
  push({
    id: cid,
    name,
    column: ref.name,
    status: test.p < opts.alpha && tv > opts.practical * 2 ? 'fail' : 'pass',
    severity: 'error',
    measured: fmt(tv),
    expected: `total variation 0 to the spec's ${rows.dist ?? 'poisson'} counts (mean ${fmt(meanExpected)}; measured mean ${fmt(meanObserved)})`,
    tolerance: `fails when the chi-square p < ${opts.alpha} and TV > ${opts.practical * 2} (p = ${fmt(test.p, 3)}, ${parents} parents)`,
  });
}
