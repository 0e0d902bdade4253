import { userError } from '../errors/index.js';
import type { Chunk, Sink, TableLayout, WrittenFile } from '../io/index.js';
import { hash128, Rng } from '../random/index.js';
import { primaryKey, splitRef } from '../spec/index.js';
import type { Plan, TablePlan } from './plan.js';
import { sidecarName } from './plan.js';

/** A named share of the rows, e.g. train 0.8. */
export interface SplitShare {
  readonly name: string;
  readonly fraction: number;
}

export interface SplitOptions {
  readonly shares: readonly SplitShare[];
  /** A label column to keep at the same rate in every split (default: the root table's label). */
  readonly stratify?: string;
  /** An entity key: rows with the same value, and the entity's own row, land in the same split. */
  readonly groupBy?: string;
}

/** What the manifest records of a split run. */
export interface SplitSummary {
  readonly name: string;
  readonly fraction: number;
  readonly rows: Record<string, number>;
  /** per binary label column (`table.column`): its share of true values in this split */
  readonly labelRates: Record<string, number>;
}

/**
 * Parses `train=0.8,val=0.1,test=0.1`. Fractions must be positive and sum to 1.
 *
 * @example
 * parseSplit('train=0.8,test=0.2'); // [{ name: 'train', fraction: 0.8 }, { name: 'test', fraction: 0.2 }]
 */
export function parseSplit(text: string): SplitShare[] {
  const shares: SplitShare[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z][\w-]*)\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!m || !(Number(m[2]) > 0)) {
      throw userError('invalid_option', `--split: "${part}" is not name=fraction`, {
        hint: 'write e.g. --split train=0.8,val=0.1,test=0.1',
      });
    }
    if (shares.some((s) => s.name === m[1])) {
      throw userError('invalid_option', `--split names "${m[1]}" twice`, {
        hint: 'give each split its own name',
      });
    }
    shares.push({ name: m[1]!, fraction: Number(m[2]) });
  }
  const sum = shares.reduce((a, s) => a + s.fraction, 0);
  if (shares.length < 2 || Math.abs(sum - 1) > 1e-9) {
    throw userError(
      'invalid_option',
      `--split fractions must be at least two and sum to 1 (they sum to ${sum})`,
      {
        hint: 'write e.g. --split train=0.8,val=0.1,test=0.1',
      },
    );
  }
  return shares;
}

type Route =
  | { kind: 'shared' }
  | { kind: 'rows'; strata: number }
  | { kind: 'group'; column: number }
  | { kind: 'parent'; parent: string };

/** How each table's rows are assigned: by row (stratified), by entity key, after their parent, or copied to all. */
function routes(plan: Plan, options: SplitOptions): Map<string, Route> {
  const out = new Map<string, Route>();
  const groupTargets = new Set<string>();
  const shared = new Set<TablePlan>();
  for (const t of plan.tables) {
    for (const c of t.columns) {
      const spec = c.spec;
      if (spec.kind !== 'ref') continue;
      const target = plan.tables.find((x) => x.name === splitRef(spec.ref)![0])!;
      if (target.root === t.root) continue;
      if (c.name === options.groupBy) groupTargets.add(target.root.name);
      else shared.add(target.root);
    }
  }
  const visible = (t: TablePlan) => t.columns.filter((c) => !c.hidden);
  // a ref by another name to the key of a grouped entity (reviews.author → customers.id)
  const groupKeyRef = (c: TablePlan['columns'][number]) => {
    if (c.spec.kind !== 'ref') return false;
    const [tn, cn] = splitRef(c.spec.ref)!;
    return groupTargets.has(tn) && cn === primaryKey(plan.tables.find((x) => x.name === tn)!.spec);
  };
  for (const t of plan.tables) {
    let route: Route;
    // a family other families refer to is copied whole, children included (roots come first)
    if (t.parent) {
      route =
        out.get(t.root.name)?.kind === 'shared'
          ? { kind: 'shared' }
          : { kind: 'parent', parent: t.parent.name };
    } else {
      const cols = visible(t);
      const own = options.groupBy === undefined ? -1 : cols.findIndex((c) => c.name === options.groupBy);
      const viaRef = cols.findIndex(groupKeyRef);
      if (own >= 0) route = { kind: 'group', column: own };
      else if (groupTargets.has(t.name)) {
        route = { kind: 'group', column: cols.findIndex((c) => c.name === primaryKey(t.spec)) };
      } else if (viaRef >= 0) route = { kind: 'group', column: viaRef };
      else if (shared.has(t)) route = { kind: 'shared' };
      else {
        const label = options.stratify ?? cols.find((c) => c.spec.kind === 'label')?.name;
        route = { kind: 'rows', strata: label === undefined ? -1 : cols.findIndex((c) => c.name === label) };
      }
    }
    out.set(t.name, route);
    // a sidecar chunk's parentRows are the rows it describes, so each truth row goes where its row went
    out.set(sidecarName(t), route.kind === 'shared' ? route : { kind: 'parent', parent: t.name });
  }
  if (options.stratify !== undefined && ![...out.values()].some((r) => r.kind === 'rows' && r.strata >= 0)) {
    throw userError(
      'invalid_option',
      `--stratify names "${options.stratify}", which no table split by rows has`,
      {
        hint: 'name a label column of a root table, or leave --stratify out to use the label',
      },
    );
  }
  if (options.groupBy !== undefined && ![...out.values()].some((r) => r.kind === 'group')) {
    throw userError('invalid_option', `--group-by names "${options.groupBy}", which no table has`, {
      hint: 'name a column that identifies the entity, such as customer_id',
    });
  }
  checkSplitKeys(plan, out, visible);
  return out;
}

/**
 * A foreign key into a family that is split (not copied) holds only if the referring row lands
 * where the row it points at does: a root table grouped by that very column, pointing at the key
 * of a family grouped by its key. Anything else could break the key inside a split: refused.
 */
function checkSplitKeys(
  plan: Plan,
  out: Map<string, Route>,
  visible: (t: TablePlan) => TablePlan['columns'],
): void {
  const groupedOn = (t: TablePlan) => {
    const r = out.get(t.name)!;
    return r.kind === 'group' ? visible(t)[r.column]?.name : undefined;
  };
  for (const t of plan.tables) {
    for (const c of t.columns) {
      const spec = c.spec;
      if (spec.kind !== 'ref') continue;
      const [tn, cn] = splitRef(spec.ref)!;
      const target = plan.tables.find((x) => x.name === tn)!;
      if (target.root === t.root || out.get(target.name)!.kind === 'shared') continue;
      if (groupedOn(t) === c.name && groupedOn(target) === cn) continue;
      throw userError(
        'invalid_option',
        `"${t.name}.${c.name}" points at "${tn}", which is split by entity, but "${t.name}" is split another way, so a row and the row it points at could land in different splits`,
        {
          hint: `group by the column "${t.name}" uses for that entity, make "${t.name}" a child of "${tn}" (rows: { per: ${tn} }), or split without --group-by (referenced tables are then copied into every split)`,
        },
      );
    }
  }
}

/**
 * Routes each chunk's rows to one sink per split. Every split is a whole dataset: tables that
 * other families refer to are copied into each, and a child row goes where its parent went, so
 * foreign keys hold within every split and no entity crosses splits. Assignment is a function of
 * the seed and the chunk alone, so workers and shards give the same splits.
 */
export class SplitSink implements Sink {
  readonly format: string;
  private readonly routes: Map<string, Route>;
  private readonly last = new Map<string, { start: number; assign: Uint8Array }>();
  private readonly cum: number[];
  readonly summary: { rows: Map<string, number>[]; trues: Map<string, number>[] };
  private labels = new Map<string, number>();

  constructor(
    private readonly plan: Plan,
    private readonly options: SplitOptions,
    private readonly sinks: readonly Sink[],
  ) {
    this.format = sinks[0]!.format;
    this.routes = routes(plan, options);
    let acc = 0;
    this.cum = options.shares.map((s) => (acc += s.fraction));
    this.summary = {
      rows: options.shares.map(() => new Map()),
      trues: options.shares.map(() => new Map()),
    };
  }

  async open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }): Promise<void> {
    for (const t of dataset.tables) {
      t.columns.forEach((c, i) => {
        if (c.kind === 'label' && c.sqlType === 'INTEGER') this.labels.set(`${t.name}.${c.name}`, i);
      });
    }
    for (const s of this.sinks) await s.open(dataset);
  }

  async write(chunk: Chunk): Promise<void> {
    const route = this.routes.get(chunk.table)!;
    if (route.kind === 'shared') {
      for (const [si, s] of this.sinks.entries()) {
        this.count(si, chunk);
        await s.write(chunk);
      }
      return;
    }
    const assign = this.assign(chunk, route);
    if (chunk.start >= 0) this.last.set(chunk.table, { start: chunk.start, assign });
    for (const [si, sink] of this.sinks.entries()) {
      const rows: number[] = [];
      for (let r = 0; r < chunk.rows; r++) if (assign[r] === si) rows.push(r);
      const part: Chunk = {
        table: chunk.table,
        index: chunk.index,
        start: chunk.start,
        rows: rows.length,
        columns: chunk.columns.map((col) => rows.map((r) => col[r]!)),
      };
      this.count(si, part);
      if (part.rows > 0) await sink.write(part);
    }
  }

  private count(si: number, part: Chunk): void {
    const rows = this.summary.rows[si]!;
    rows.set(part.table, (rows.get(part.table) ?? 0) + part.rows);
    for (const [key, ci] of this.labels) {
      if (!key.startsWith(`${part.table}.`) || key.slice(part.table.length + 1).includes('.')) continue;
      let n = 0;
      for (const v of part.columns[ci]!) if (v === true) n++;
      const trues = this.summary.trues[si]!;
      trues.set(key, (trues.get(key) ?? 0) + n);
    }
  }

  private assign(chunk: Chunk, route: Exclude<Route, { kind: 'shared' }>): Uint8Array {
    const out = new Uint8Array(chunk.rows);
    if (route.kind === 'parent') {
      const parent = this.last.get(route.parent);
      for (let r = 0; r < chunk.rows; r++) {
        const p = chunk.parentRows ? chunk.parentRows[r]! : chunk.start < 0 ? Number.NaN : 0;
        out[r] = parent && Number.isFinite(p) ? parent.assign[p - parent.start]! : 0;
      }
      return out;
    }
    if (route.kind === 'group') {
      const col = chunk.columns[route.column]!;
      for (let r = 0; r < chunk.rows; r++) {
        const [h] = hash128([this.plan.seed, '#split', String(col[r])]);
        out[r] = this.pick(h! / 2 ** 32);
      }
      return out;
    }
    // rows: within the chunk, each stratum is shared out in proportion, largest remainders first,
    // then shuffled, so every split keeps the label's rate to within a row per chunk
    const rng = Rng.from([this.plan.seed, chunk.table, '#split', chunk.index]);
    const strata = new Map<string, number[]>();
    const col = route.strata >= 0 ? chunk.columns[route.strata]! : undefined;
    for (let r = 0; r < chunk.rows; r++) {
      const key = col ? String(col[r]) : '';
      let list = strata.get(key);
      if (!list) {
        list = [];
        strata.set(key, list);
      }
      list.push(r);
    }
    for (const key of [...strata.keys()].sort()) {
      const rows = strata.get(key)!;
      const slots = this.allocate(rows.length, rng);
      for (let i = slots.length - 1; i > 0; i--) {
        const j = rng.below(i + 1);
        [slots[i], slots[j]] = [slots[j]!, slots[i]!];
      }
      rows.forEach((r, i) => {
        out[r] = slots[i]!;
      });
    }
    return out;
  }

  /** n slots shared out by the fractions: whole parts first, the remainders drawn by their size. */
  private allocate(n: number, rng: Rng): number[] {
    const shares = this.options.shares;
    const counts = shares.map((s) => Math.floor(n * s.fraction));
    let left = n - counts.reduce((a, b) => a + b, 0);
    const rem = shares.map((s, i) => n * s.fraction - counts[i]!);
    while (left > 0) {
      const total = rem.reduce((a, b) => a + b, 0);
      let u = rng.float() * total;
      let i = 0;
      while (i < rem.length - 1 && u >= rem[i]!) u -= rem[i++]!;
      counts[i]!++;
      rem[i] = 0;
      left--;
    }
    const slots: number[] = [];
    counts.forEach((c, i) => {
      for (let j = 0; j < c; j++) slots.push(i);
    });
    return slots;
  }

  private pick(u: number): number {
    const i = this.cum.findIndex((c) => u < c);
    return i < 0 ? this.cum.length - 1 : i;
  }

  async close(): Promise<WrittenFile[]> {
    const files: WrittenFile[] = [];
    for (const [si, s] of this.sinks.entries()) {
      const name = this.options.shares[si]!.name;
      for (const f of await s.close()) files.push({ ...f, path: `${name}/${f.path}` });
    }
    return files;
  }

  async abort(): Promise<void> {
    for (const s of this.sinks) await s.abort();
  }

  /** Rows and label rates per split, for the manifest. */
  summaries(): SplitSummary[] {
    return this.options.shares.map((s, si) => {
      const rows = Object.fromEntries(this.summary.rows[si]!);
      const labelRates: Record<string, number> = {};
      for (const [key, n] of this.summary.trues[si]!) {
        const total = rows[key.split('.')[0]!] ?? 0;
        labelRates[key] = total > 0 ? n / total : 0;
      }
      return { name: s.name, fraction: s.fraction, rows, labelRates };
    });
  }
}
