import { isTrainkitError } from '../errors/index.js';
import type { DbConnection } from '../io/db/index.js';
import { openSource, type ReadCell } from '../io/index.js';
import type { DbTable } from '../schema/index.js';
import type { DatabaseCopyOptions, DatabaseReport, TableReport } from './database.js';
import type { ColumnRule } from './db-columns.js';
import { maxLength, typeFamily } from './db-types.js';
import type { Deidentifier } from './deidentifier.js';
import { type HeldRow, SelfOrder } from './self-order.js';

/** The parent's columns a foreign key refers to (its primary key when the key names none). */
export function refColumns(
  fk: DbTable['foreignKeys'][number],
  parent: DbTable | undefined,
): readonly string[] {
  return fk.refColumns.length ? fk.refColumns : (parent?.primaryKey ?? []);
}

/** A de-identified cell as the target takes it as a parameter. */
function paramFor(family: ReturnType<typeof typeFamily>['family'], engine: DbConnection['engine']) {
  return (v: ReadCell): unknown => {
    if (v === null) return null;
    if (typeof v === 'boolean') return engine === 'sqlite' || engine === 'mysql' ? (v ? 1 : 0) : v;
    if (typeof v === 'object') return JSON.stringify(v);
    if (typeof v !== 'string') return v;
    if (family === 'blob') return Buffer.from(v, 'base64');
    // MySQL's DATETIME takes neither the T nor the Z of ISO text
    if (engine === 'mysql' && (family === 'timestamp' || family === 'timestamptz'))
      return v.replace('T', ' ').replace(/Z$/, '');
    return v;
  };
}

/**
 * Streams every table's rows from the source (parents first, in key order), de-identifies each
 * row as one document and inserts them into the target in multi-row batches. A row whose
 * de-identification throws is left out, and so is every row that refers to a left-out row.
 */
export async function copyRows(
  options: DatabaseCopyOptions,
  tables: readonly DbTable[],
  rules: Map<string, Map<string, ColumnRule>>,
  target: DbConnection,
  byName: Map<string, DbTable>,
): Promise<Omit<DatabaseReport, 'notes'>> {
  const deid = options.deidentifier;
  const batchRows = options.batchRows ?? 500;
  const reports: TableReport[] = [];
  const failed: { table: string; row: number; reason: string }[] = [];
  const entities: Record<string, number> = {};
  // the keys of rows left out, per table and referenced column list, so their children stay out too
  const leftOutKeys = new Map<string, Set<string>>();
  const keyOf = (row: readonly ReadCell[], idx: readonly number[]) => JSON.stringify(idx.map((i) => row[i]));
  const source = await openSource(options.from);
  try {
    for (const t of tables) {
      const table = await source.table(t.name);
      if (!table) continue;
      const rows = await table.open(t.primaryKey.length ? { orderBy: t.primaryKey } : {});
      const cols = rows.columns;
      const index = (c: string) => cols.indexOf(c);
      const tableRules = rules.get(t.name)!;
      const colRules = cols.map((c) => tableRules.get(c) ?? { action: 'keep' as const, why: '' });
      const declared = cols.map((c) => t.columns.find((x) => x.name === c)?.type ?? '');
      const limits = declared.map((d) => maxLength(d));
      const params = declared.map((d) => paramFor(typeFamily(d).family, target.engine));
      const fkChecks = t.foreignKeys.map((fk) => ({
        idx: fk.columns.map(index),
        set: `${fk.table}|${refColumns(fk, byName.get(fk.table)).join(',')}`,
      }));
      const referenced = [...leftOutKeyLists(t, tables, byName)].map((list) => ({
        idx: list.split(',').map(index),
        set: `${t.name}|${list}`,
      }));
      const pkIdx = t.primaryKey.map(index);
      const counts: Record<string, number> = {};
      let seen = 0;
      let written = 0;
      let leftOut = 0;
      let truncated = 0;
      const per = Math.max(1, Math.min(batchRows, Math.floor(30_000 / Math.max(1, cols.length))));
      const head = `INSERT INTO ${target.quote(t.name)} (${cols.map((c) => target.quote(c)).join(', ')}) VALUES `;
      const one = `(${cols.map(() => '?').join(', ')})`;
      let pending: unknown[][] = [];
      const flush = async () => {
        if (!pending.length) return;
        await target.query(head + pending.map(() => one).join(', '), pending.flat());
        written += pending.length;
        pending = [];
        order?.flushed();
      };
      const selfKeys = t.foreignKeys
        .filter((fk) => fk.table === t.name)
        .map((fk) => ({ idx: fk.columns.map(index), ref: refColumns(fk, t).map(index) }));
      const order = selfKeys.length ? new SelfOrder(selfKeys) : undefined;
      // a queue, not recursion: a long chain of rows waiting on later parents must not deepen the stack
      const place = async (first: HeldRow) => {
        const queue = [first];
        while (queue.length) {
          const held = queue.pop()!;
          const need = order?.need(held.row) ?? 'ready';
          if (need === 'wait') {
            order!.wait(held);
            continue;
          }
          if (need === 'flush') await flush();
          pending.push(held.values);
          if (order) queue.push(...order.added(held.row));
          if (pending.length >= per) await flush();
        }
      };
      const leaveOut = (first: readonly ReadCell[]) => {
        const queue = [first];
        while (queue.length) {
          const row = queue.pop()!;
          leftOut++;
          for (const r of referenced) {
            const set = leftOutKeys.get(r.set) ?? new Set<string>();
            set.add(keyOf(row, r.idx));
            leftOutKeys.set(r.set, set);
          }
          if (order) queue.push(...order.release(row).map((h) => h.row));
        }
      };
      for await (const batch of rows.batches()) {
        for (const row of batch.rows) {
          seen++;
          const dropped = fkChecks.some((f) => leftOutKeys.get(f.set)?.has(keyOf(row, f.idx)));
          let out: ReadCell[] | undefined;
          if (!dropped) {
            try {
              out = deidRow(
                row,
                colRules,
                cols,
                deid,
                `${t.name}:${pkIdx.length ? keyOf(row, pkIdx) : seen}`,
                counts,
              );
            } catch (e) {
              failed.push({
                table: t.name,
                row: seen,
                reason: isTrainkitError(e) ? e.code : (e as Error).name,
              });
            }
          }
          if (!out) {
            leaveOut(row);
            continue;
          }
          const values: unknown[] = new Array(cols.length);
          for (let c = 0; c < cols.length; c++) {
            let v = out[c]!;
            const limit = limits[c];
            if (limit !== undefined && typeof v === 'string' && v.length > limit && v !== row[c]) {
              v = [...v].slice(0, limit).join('');
              truncated++;
            }
            values[c] = params[c]!(v);
          }
          await place({ row, values });
        }
        options.onProgress?.(t.name, seen);
      }
      // rows whose parent never came are written as they are: the target judges them as the source did
      for (const held of order?.rest() ?? []) {
        pending.push(held.values);
        if (pending.length >= per) await flush();
      }
      await flush();
      for (const [k, n] of Object.entries(counts)) entities[k] = (entities[k] ?? 0) + n;
      reports.push({
        table: t.name,
        rows: seen,
        written,
        leftOut,
        truncated,
        columns: Object.fromEntries(
          [...tableRules].map(([c, r]) => [c, `${r.action === 'entity' ? r.type : r.action} (${r.why})`]),
        ),
        entities: counts,
      });
    }
  } finally {
    await source.close();
  }
  return { from: source.label, to: target.label, tables: reports, entities, failed };
}

/** The column lists of `t` that other tables refer to: the keys to remember when a row is left out. */
function leftOutKeyLists(t: DbTable, tables: readonly DbTable[], byName: Map<string, DbTable>): Set<string> {
  const out = new Set<string>();
  for (const child of tables)
    for (const fk of child.foreignKeys)
      if (fk.table === t.name) out.add(refColumns(fk, byName.get(fk.table)).join(','));
  return out;
}

/** One row de-identified as one document: each column by its rule. */
function deidRow(
  row: readonly ReadCell[],
  rules: readonly ColumnRule[],
  columns: readonly string[],
  deid: Deidentifier,
  documentId: string,
  counts: Record<string, number>,
): ReadCell[] {
  const out = [...row];
  for (let c = 0; c < row.length; c++) {
    const rule = rules[c]!;
    const v = row[c];
    if (rule.action === 'keep' || typeof v !== 'string' || v === '') continue;
    const r = deid.field(
      rule.action === 'entity'
        ? { key: columns[c]!, text: v, entity: rule.type }
        : { key: columns[c]!, text: v },
      documentId,
    );
    for (const rep of r.replacements) counts[rep.type] = (counts[rep.type] ?? 0) + 1;
    out[c] = r.text;
  }
  return out;
}
