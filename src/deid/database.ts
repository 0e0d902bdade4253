import { existsSync, rmSync } from 'node:fs';
import { isTrainkitError, TrainkitError, userError } from '../errors/index.js';
import { connect, type DbConnection, parseDbLocation } from '../io/db/index.js';
import { type ColumnLayout, createTableDdl, openSqlite, type TableLayout } from '../io/index.js';
import { type DbSchema, type DbTable, introspectSchema } from '../schema/index.js';
import { copyRows, refColumns } from './database-rows.js';
import { type ColumnRule, columnRules } from './db-columns.js';
import { targetType, typeFamily } from './db-types.js';
import type { Deidentifier } from './deidentifier.js';
import type { Policy } from './policy.js';

/** What happened to one table: counts only, never a value. */
export interface TableReport {
  readonly table: string;
  readonly rows: number;
  readonly written: number;
  /** rows left out: their de-identification failed, or a parent row of theirs was left out */
  readonly leftOut: number;
  /** values cut to fit their column after replacement */
  readonly truncated: number;
  /** column → what was done to it (`keep`, `text`, or an entity type) and why */
  readonly columns: Readonly<Record<string, string>>;
  readonly entities: Readonly<Record<string, number>>;
}

export interface DatabaseReport {
  readonly from: string;
  readonly to: string;
  readonly tables: readonly TableReport[];
  readonly entities: Readonly<Record<string, number>>;
  /** rows that could not be de-identified: never written, identified by table and row number only */
  readonly failed: readonly { readonly table: string; readonly row: number; readonly reason: string }[];
  /** what the copy could not carry over (composite foreign keys on SQLite, checks, defaults) */
  readonly notes: readonly string[];
}

export interface DatabaseCopyOptions {
  readonly from: string;
  readonly to: string;
  readonly policy: Policy;
  readonly deidentifier: Deidentifier;
  /** rows read, de-identified and inserted per batch (default 500) */
  readonly batchRows?: number;
  readonly onProgress?: (table: string, rows: number) => void;
}

/** Tables parents first (a self-reference does not order); a cycle between tables is a user error. */
function fkOrder(schema: DbSchema): DbTable[] {
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: DbTable[] = [];
  const visit = (t: DbTable, path: string[]) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name))
      throw userError('fk_cycle', `The foreign keys form a cycle: ${[...path, t.name].join(' → ')}`, {
        hint: 'copy the tables of the cycle with a policy of their own, or drop one key of the cycle first',
      });
    visiting.add(t.name);
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.table);
      if (parent && parent.name !== t.name) visit(parent, [...path, t.name]);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of schema.tables) visit(t, []);
  return out;
}

/** The target's CREATE TABLE: same columns, primary key, unique, not-null and one-column foreign keys. */
function layoutOf(
  t: DbTable,
  from: DbConnection['engine'],
  to: DbConnection['engine'],
  tables: Map<string, DbTable>,
): TableLayout {
  const keyed = new Set([...t.primaryKey, ...t.unique.flat(), ...t.foreignKeys.flatMap((f) => f.columns)]);
  const single = new Map<string, { table: string; column: string }>();
  for (const fk of t.foreignKeys) {
    const ref = refColumns(fk, tables.get(fk.table));
    if (fk.columns.length === 1 && ref.length === 1)
      single.set(fk.columns[0]!, { table: fk.table, column: ref[0]! });
  }
  const columns: ColumnLayout[] = t.columns.map((c) => {
    const references = single.get(c.name);
    return {
      name: c.name,
      kind: 'imported',
      sqlType: 'TEXT',
      primaryKey: t.primaryKey.length === 1 && t.primaryKey[0] === c.name,
      unique: t.unique.some((u) => u.length === 1 && u[0] === c.name),
      notNull: c.notNull,
      declaredType: targetType(c.type, from, to, keyed.has(c.name)),
      ...(references ? { references } : {}),
    };
  });
  return {
    name: t.name,
    columns,
    ...(t.primaryKey.length > 1 ? { primaryKey: t.primaryKey } : {}),
    ...(t.unique.some((u) => u.length > 1) ? { unique: t.unique.filter((u) => u.length > 1) } : {}),
    rows: t.rows ?? 0,
  };
}

const SPACES_SAMPLE = 200;

/** Whether a text column's first rows read like prose: a tenth of the values or more have a space. */
async function prose(conn: DbConnection, t: DbTable): Promise<Set<string>> {
  const text = t.columns.filter((c) => ['varchar', 'text'].includes(typeFamily(c.type).family));
  const out = new Set<string>();
  if (text.length === 0) return out;
  const rows = await conn.query(
    `SELECT ${text.map((c) => conn.quote(c.name)).join(', ')} FROM ${conn.quote(t.name)} LIMIT ${SPACES_SAMPLE}`,
  );
  for (const c of text) {
    const values = rows.map((r) => r[c.name]).filter((v): v is string => typeof v === 'string' && v !== '');
    if (values.length && values.filter((v) => /\s/.test(v.trim())).length >= values.length / 10)
      out.add(c.name);
  }
  return out;
}

/**
 * Copies a whole database into another, de-identified: the same tables (types, primary, unique,
 * not-null and foreign keys), rows copied parents first in batches, each row de-identified as one
 * document under the policy. One Deidentifier serves the whole run, so a value gets the same
 * surrogate in every table and column and joins on de-identified keys still match; integer keys
 * are kept. The target is written in one transaction where the engine allows (PostgreSQL, SQLite,
 * DuckDB); on MySQL, whose DDL commits at once, the tables created are dropped again on failure.
 * A row that cannot be de-identified is left out (and so are the rows that refer to it), never
 * written in clear.
 *
 * @example
 * const report = await deidentifyDatabase({
 *   from: 'postgres://localhost/shop', to: 'sqlite:shop-deid.sqlite', policy, deidentifier,
 * });
 */
export async function deidentifyDatabase(options: DatabaseCopyOptions): Promise<DatabaseReport> {
  const fromLocation = parseDbLocation(options.from, '--from-db');
  const toLocation = parseDbLocation(options.to, '--to-db');
  if (JSON.stringify(fromLocation) === JSON.stringify(toLocation))
    throw userError('same_database', '--from-db and --to-db name the same database', {
      hint: 'write the de-identified copy into another, empty database',
    });
  const source = await connect(fromLocation);
  // a SQLite or DuckDB file this run makes is removed again if the copy fails
  const file = toLocation.kind === 'sqlite' || toLocation.kind === 'duckdb' ? toLocation.file : undefined;
  const created = file !== undefined && !existsSync(file);
  let target: DbConnection | undefined;
  try {
    if (created && toLocation.kind === 'sqlite') (await openSqlite(file!)).close();
    target = await connect(toLocation);
    return await copy(options, source, target);
  } catch (e) {
    // closed before the file goes, so the engine writes nothing more to it
    await target?.close().catch(() => {});
    target = undefined;
    if (created) for (const p of [file!, `${file}.wal`]) rmSync(p, { force: true });
    throw e;
  } finally {
    await source.close();
    await target?.close();
  }
}

async function copy(
  options: DatabaseCopyOptions,
  source: DbConnection,
  target: DbConnection,
): Promise<DatabaseReport> {
  const schema = await introspectSchema(source, { stats: false });
  const tables = fkOrder(schema);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const existing = new Set(
    (await introspectSchema(target, { stats: false })).tables.map((t) => t.name.toLowerCase()),
  );
  const clash = tables.filter((t) => existing.has(t.name.toLowerCase())).map((t) => t.name);
  if (clash.length)
    throw userError('target_not_empty', `${target.label} already has the tables ${clash.join(', ')}`, {
      hint: 'give an empty database: the copy never overwrites tables',
    });
  const notes: string[] = [];
  const rules = new Map<string, Map<string, ColumnRule>>();
  for (const t of tables) {
    const spaced = await prose(source, t);
    rules.set(
      t.name,
      columnRules(
        t,
        options.policy,
        (column) => {
          const fk = t.foreignKeys.find((f) => f.columns.includes(column));
          if (!fk) return undefined;
          const parent = byName.get(fk.table);
          const ref = refColumns(fk, parent)[fk.columns.indexOf(column)];
          return ref === undefined ? undefined : rules.get(fk.table)?.get(ref);
        },
        (column) => spaced.has(column),
      ),
    );
  }
  const layouts = tables.map((t) => layoutOf(t, source.engine, target.engine, byName));
  for (const t of tables) {
    if (t.checks.length) notes.push(`${t.name}: ${t.checks.length} CHECK constraint(s) not copied`);
    for (const fk of t.foreignKeys)
      if (fk.columns.length > 1 && target.engine === 'sqlite')
        notes.push(`${t.name}: the foreign key (${fk.columns.join(', ')}) is not recreated on SQLite`);
  }
  const dialect = target.engine;
  const transactional = target.engine !== 'mysql';
  const createdTables: string[] = [];
  const begin = target.engine === 'duckdb' ? 'BEGIN TRANSACTION' : 'BEGIN';
  try {
    if (transactional) await target.exec(begin);
    for (const layout of layouts) {
      await target.exec(createTableDdl(layout, dialect));
      createdTables.push(layout.name);
    }
    for (const t of tables)
      for (const fk of t.foreignKeys) {
        if (fk.columns.length < 2 || target.engine === 'sqlite') continue;
        const q = target.quote;
        const ref = refColumns(fk, byName.get(fk.table));
        await target.exec(
          `ALTER TABLE ${q(t.name)} ADD FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${q(fk.table)} (${ref.map(q).join(', ')})`,
        );
      }
    // MySQL: the rows go in one transaction with the key checks off (the source already holds them)
    if (!transactional) await target.exec('SET FOREIGN_KEY_CHECKS = 0; START TRANSACTION');
    const report = await copyRows(options, tables, rules, target, byName);
    if (transactional) await target.exec('COMMIT');
    else await target.exec('COMMIT; SET FOREIGN_KEY_CHECKS = 1');
    return { ...report, notes };
  } catch (e) {
    await target.exec('ROLLBACK').catch(() => {});
    if (!transactional) {
      await target.exec('SET FOREIGN_KEY_CHECKS = 0').catch(() => {});
      for (const name of createdTables.reverse())
        await target.exec(`DROP TABLE IF EXISTS ${target.quote(name)}`).catch(() => {});
      await target.exec('SET FOREIGN_KEY_CHECKS = 1').catch(() => {});
    }
    if (isTrainkitError(e)) throw e;
    throw new TrainkitError(
      [
        {
          code: 'copy_failed',
          message: `Writing ${target.label} failed: ${String((e as Error).message).split('\n')[0]}`,
          hint: 'nothing was kept in the target; fix the cause and run again',
        },
      ],
      { exitCode: 3, cause: e },
    );
  }
}
