import { userError } from '../errors/index.js';
import { defineSpec, type Spec, type SpecInput, topoOrder } from '../spec/index.js';
import { checkFacts } from './check-range.js';
import { guessColumn, typeInfo } from './column-guess.js';
import { specYaml } from './spec-yaml.js';
import type { DbColumn, DbSchema, DbTable } from './types.js';

export interface SchemaToSpecOptions {
  /** The spec's name (letters, digits, `_`, `.`, `-`). */
  readonly name: string;
  /** Where the schema came from, for the header comment (a file, or a masked URL). */
  readonly source?: string;
  readonly seed?: number;
}

/** A spec made from a schema, its YAML with review comments, and what was made. */
export interface ImportedSpec {
  readonly spec: Spec;
  readonly yaml: string;
  readonly summary: {
    readonly tables: number;
    readonly foreignKeys: number;
    /** columns whose kind was guessed from their name: `table.column` */
    readonly guesses: string[];
    /** constraints kept only as comments */
    readonly notes: string[];
  };
}

/** Comments that go into the YAML: per table, and per column. */
export interface SpecComments {
  readonly header: string[];
  readonly tables: Map<string, string[]>;
  readonly columns: Map<string, string>;
}

/**
 * Row counts when the schema comes without data (DDL, or an empty database): 100 rows for a
 * lookup table (others refer to it, it refers to none), 1,000 for every other table, and 5 rows
 * per parent for a table made per parent. Edit them in the spec.
 */
export const DDL_ROWS = { lookup: 100, table: 1000, perParent: 5 } as const;

/**
 * Turns a database schema into a spec: tables in foreign-key order, row counts from the
 * database (or `DDL_ROWS`), kinds from the declared types, semantic kinds guessed from the names
 * (each marked for review), foreign keys as refs, composite keys kept and guaranteed, and every
 * column's declared type as `sql_type`.
 *
 * @example
 * const { yaml } = schemaToSpec(parseDdl(sql, { dialect: 'postgres' }), { name: 'chinook' });
 */
export function schemaToSpec(schema: DbSchema, options: SchemaToSpecOptions): ImportedSpec {
  const live = schema.tables.some((t) => (t.rows ?? 0) > 0);
  const names = tableNames(schema.tables);
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const order = topoOrder(
    schema.tables.map((t) => t.name),
    (n) =>
      byName
        .get(n)!
        .foreignKeys.map((f) => f.table)
        .filter((x) => x !== n && byName.has(x)),
  );
  if ('cycle' in order) {
    throw userError(
      'unsupported_schema',
      `Tables refer to each other in a cycle: ${order.cycle.join(' → ')}; trainkit makes parents before children`,
      { hint: 'import the schema without one of these foreign keys, then add it back as a plain column' },
    );
  }
  const referenced = new Set(
    schema.tables.flatMap((t) => t.foreignKeys.filter((f) => f.table !== t.name).map((f) => f.table)),
  );
  const comments: SpecComments = { header: [], tables: new Map(), columns: new Map() };
  const guesses: string[] = [];
  const notes: string[] = [];
  const tables: Record<string, unknown> = {};
  const rowsOf = new Map<string, number>();

  for (const tname of order.order) {
    const t = byName.get(tname)!;
    const name = names.get(tname)!;
    const tableNotes: string[] = [];
    if (name !== tname) tableNotes.push(`the database calls this table "${tname}"`);
    const plan = tablePlan(t, byName);
    const columns: Record<string, unknown> = {};
    const keyCol = t.primaryKey.length === 1 ? t.primaryKey[0] : undefined;
    const facts = new Map<string, ReturnType<typeof checkFacts>>();
    for (const check of t.checks) {
      const f = checkFacts(check, schema.dialect);
      if (!f || f.some((x) => !t.columns.some((c) => c.name === x.column))) {
        tableNotes.push(`CHECK (${check}) is not generated: review`);
        notes.push(`${tname}: CHECK (${check})`);
      } else for (const x of f) facts.set(x.column, [...(facts.get(x.column) ?? []), x]);
    }
    for (const col of t.columns) {
      const key = `${name}\0${col.name}`;
      const fk = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === col.name);
      const stats = t.stats?.[col.name];
      let spec: Record<string, unknown>;
      let untyped = false;
      const target = fk ? byName.get(fk.table) : undefined;
      if (fk && target && target.primaryKey.length === 1 && target.primaryKey[0] === fk.refColumns[0]) {
        spec = { kind: 'ref', ref: `${names.get(fk.table)}.${fk.refColumns[0]}` };
        if (plan.distinct === col.name) spec.distinct = true;
      } else if (col.name === keyCol) {
        spec = keySpec(col, t, live);
      } else {
        const g = guessColumn(tname, col.name, col.type, stats);
        spec = { ...g.spec };
        untyped = g.untyped === true;
        applyFacts(spec, facts.get(col.name) ?? [], col);
        if (g.guessed) {
          comments.columns.set(key, 'guessed from the name: review');
          guesses.push(`${name}.${col.name}`);
        } else if (g.note) comments.columns.set(key, g.note);
        if (fk) {
          comments.columns.set(
            key,
            `references ${fk.table} (${fk.refColumns.join(', ')}), which is not its one-column key: not generated as a key, review`,
          );
          notes.push(`${tname}.${col.name}: foreign key to a non-key column`);
        }
      }
      const isParentLink = plan.per !== undefined && fk?.table === plan.per && spec.kind === 'ref';
      if (!col.notNull && !t.primaryKey.includes(col.name) && !isParentLink) {
        const rate = stats ? Math.round(stats.nullRate * 1000) / 1000 : 0.05;
        if (rate > 0) spec.null_rate = Math.min(rate, 1);
      }
      if (plan.unique.has(col.name)) spec.unique = true;
      if (col.type && !untyped) spec.sql_type = col.type;
      columns[col.name] = spec;
    }
    for (const fk of t.foreignKeys.filter((f) => f.columns.length > 1)) {
      tableNotes.push(
        `foreign key (${fk.columns.join(', ')}) → ${fk.table} (${fk.refColumns.join(', ')}) is not generated as a key: review`,
      );
      notes.push(`${tname}: composite foreign key`);
    }
    const rows = rowCount(t, plan, live, referenced.has(tname), rowsOf, byName, names);
    rowsOf.set(tname, typeof rows === 'number' ? rows : (rowsOf.get(plan.per!) ?? 0) * (rows.mean as number));
    const table: Record<string, unknown> = { rows };
    if (t.primaryKey.length > 1) table.primary_key = [...t.primaryKey];
    else if (keyCol !== undefined && (columns[keyCol] as { kind: string }).kind !== 'id')
      table.primary_key = keyCol;
    const multi = t.unique.filter((u) => u.length > 1);
    if (multi.length > 0) table.unique = multi.map((u) => [...u]);
    table.columns = columns;
    tables[name] = table;
    if (plan.why) tableNotes.unshift(plan.why);
    if (tableNotes.length > 0) comments.tables.set(name, tableNotes);
  }

  const input: SpecInput = {
    name: options.name,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    tables: tables as SpecInput['tables'],
  };
  const spec = defineSpec(input);
  const fkCount = schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
  comments.header.push(
    `Imported by trainkit init from ${options.source ?? 'a schema'} (${schema.dialect}): ${schema.tables.length} tables, ${fkCount} foreign keys.`,
    live
      ? 'Row counts are the database’s; null rates and ranges come from its data.'
      : `Row counts are defaults (${DDL_ROWS.lookup} for lookup tables, ${DDL_ROWS.table} for others, ${DDL_ROWS.perParent} per parent): set your own.`,
    'Columns marked "guessed from the name" got a semantic kind from their name: review them.',
  );
  return {
    spec,
    yaml: specYaml(input, comments),
    summary: { tables: schema.tables.length, foreignKeys: fkCount, guesses, notes },
  };
}

/** How a table is made: per one parent (and which ref is distinct within it), and which columns are unique alone. */
interface TablePlan {
  per?: string | undefined;
  distinct?: string | undefined;
  unique: Set<string>;
  why?: string;
}

function tablePlan(t: DbTable, byName: Map<string, DbTable>): TablePlan {
  const plan: TablePlan = { unique: new Set(t.unique.filter((u) => u.length === 1).map((u) => u[0]!)) };
  const refCol = (c: string) => {
    const fk = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c && f.table !== t.name);
    const target = fk && byName.get(fk.table);
    return fk && target && target.primaryKey.length === 1 && target.primaryKey[0] === fk.refColumns[0]
      ? fk
      : undefined;
  };
  const keys = [...(t.primaryKey.length > 1 ? [t.primaryKey] : []), ...t.unique.filter((u) => u.length > 1)];
  for (const key of keys) {
    if (key.some((c) => plan.unique.has(c) || (t.primaryKey.length === 1 && t.primaryKey[0] === c))) continue;
    const refs = key.filter((c) => refCol(c) !== undefined);
    if (plan.per === undefined && refs.length >= 2) {
      // a junction table: made per its first parent, the second drawn without repeats in each
      plan.per = refCol(refs[0]!)!.table;
      plan.distinct = refs[1];
      plan.why = `(${key.join(', ')}) is unique: rows are made per ${plan.per}, and ${refs[1]} never repeats within one`;
      continue;
    }
    if (
      plan.per !== undefined &&
      refs.some((c) => refCol(c)!.table === plan.per) &&
      refs.length >= 2 &&
      !plan.distinct
    ) {
      plan.distinct = refs.find((c) => refCol(c)!.table !== plan.per);
      continue;
    }
    if (
      plan.per !== undefined &&
      key.includes(plan.distinct ?? '') &&
      refs.some((c) => refCol(c)!.table === plan.per)
    )
      continue;
    // otherwise one column unique on its own guarantees the combination
    const loose = key.find((c) => !refCol(c)) ?? key[key.length - 1]!;
    plan.unique.add(loose);
  }
  if (plan.per === undefined && t.foreignKeys.length === 1) {
    // a child of one parent: made per parent, as the data looks (orders per customer)
    const fk = refCol(t.foreignKeys[0]!.columns[0]!);
    const col = t.columns.find((c) => c.name === t.foreignKeys[0]!.columns[0]);
    if (fk && col?.notNull && !t.primaryKey.includes(col.name)) plan.per = fk.table;
  }
  return plan;
}

function rowCount(
  t: DbTable,
  plan: TablePlan,
  live: boolean,
  isReferenced: boolean,
  rowsOf: Map<string, number>,
  byName: Map<string, DbTable>,
  names: Map<string, string>,
): number | Record<string, unknown> {
  if (plan.per === undefined) {
    if (live) return t.rows ?? 0;
    return isReferenced && t.foreignKeys.every((f) => f.table === t.name) ? DDL_ROWS.lookup : DDL_ROWS.table;
  }
  const parentRows = live ? (byName.get(plan.per)!.rows ?? 0) : (rowsOf.get(plan.per) ?? 0);
  const mean = live ? (parentRows > 0 ? round3((t.rows ?? 0) / parentRows) : 0) : DDL_ROWS.perParent;
  const rows: Record<string, unknown> = { per: names.get(plan.per)!, dist: 'poisson', mean };
  if (plan.distinct) {
    const fk = t.foreignKeys.find((f) => f.columns[0] === plan.distinct)!;
    const targetRows = rowsOf.get(fk.table) ?? 0;
    rows.max = Math.max(0, Math.floor(targetRows));
    if ((rows.mean as number) > targetRows) rows.mean = targetRows;
  }
  return rows;
}

/** The key column: an id (sequence, or a UUID for text keys that can hold one). */
function keySpec(col: DbColumn, t: DbTable, live: boolean): Record<string, unknown> {
  const info = typeInfo(col.type);
  if (info.family === 'uuid' || (info.family === 'text' && (info.length ?? 36) >= 36))
    return { kind: 'id', strategy: 'uuid' };
  const start = live ? t.stats?.[col.name]?.min : undefined;
  return typeof start === 'number' && Number.isInteger(start) && start !== 1
    ? { kind: 'id', start }
    : { kind: 'id' };
}

/** CHECK ranges and value lists, applied to a numeric or category spec. */
function applyFacts(
  spec: Record<string, unknown>,
  facts: NonNullable<ReturnType<typeof checkFacts>>,
  col: DbColumn,
): void {
  for (const f of facts) {
    if ('values' in f) {
      spec.kind = 'category';
      spec.values = f.values;
      for (const k of ['method', 'args', 'pattern', 'min', 'max', 'round']) delete spec[k];
      continue;
    }
    if (spec.kind !== 'integer' && spec.kind !== 'number') continue;
    const step = spec.kind === 'integer' ? 1 : 10 ** -((spec.round as number | undefined) ?? 2);
    if (f.min !== undefined) {
      const min = f.strict ? f.min + step : f.min;
      if (spec.min === undefined || (spec.min as number) < min) spec.min = min;
    }
    if (f.max !== undefined) {
      const max = f.strict ? f.max - step : f.max;
      if (spec.max === undefined || (spec.max as number) > max) spec.max = max;
    }
    if ((spec.min as number) > (spec.max as number)) spec.max = spec.min;
  }
  void col;
}

/** Table names as the spec allows them (letters, digits, `_`); others are rewritten. */
function tableNames(tables: readonly DbTable[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tables) {
    let n = t.name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(n)) n = `t_${n}`;
    out.set(t.name, n);
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
