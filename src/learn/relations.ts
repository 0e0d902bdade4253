import type { PerParentRows } from '../spec/index.js';
import { keptCounts } from './marginals.js';
import type { ColumnProfile } from './profile.js';
import type { LearnKeys, LearnTable } from './types.js';

/** Parent tables up to this many rows, without personal data, are referred to by weighted keys. */
export const LOOKUP_ROWS = 200;

/**
 * Keys read off the data when the source declares none (CSV and JSONL folders): a table's
 * primary key is its first column named `id`, `<table>_id` or `<table>Id` whose values are
 * distinct; a column of another table with the same name as that key (or `<table>_id`), whose
 * values are nearly all keys of it, is a foreign key.
 *
 * @example
 * inferKeys(tables, profiles).orders?.foreignKeys; // [{ columns: ['customer_id'], table: 'customers', refColumns: ['id'] }]
 */
export function inferKeys(
  tables: readonly LearnTable[],
  profiles: ReadonlyMap<string, ReadonlyMap<string, ColumnProfile>>,
): Record<string, LearnKeys> {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const singular = (s: string) =>
    norm(s)
      .replace(/(ies)$/, 'y')
      .replace(/s$/, '');
  const pk = new Map<string, string>();
  for (const t of tables) {
    const names = [norm('id'), `${singular(t.name)}id`, `${norm(t.name)}id`];
    const col = t.columns.find((c) => names.includes(norm(c)) && profiles.get(t.name)!.get(c)!.unique);
    if (col) pk.set(t.name, col);
  }
  const out: Record<string, LearnKeys> = {};
  for (const t of tables) {
    const foreignKeys = [];
    for (const c of t.columns) {
      if (c === pk.get(t.name)) continue;
      for (const [parent, key] of pk) {
        if (parent === t.name) continue;
        const named = norm(c) === norm(key) && norm(key) !== 'id';
        if (!named && norm(c) !== `${singular(parent)}id`) continue;
        const keys = new Set(profiles.get(parent)!.get(key)!.keys);
        const values = profiles
          .get(t.name)!
          .get(c)!
          .keys.filter((k) => k !== null);
        if (values.length && values.filter((v) => keys.has(v)).length >= 0.99 * values.length) {
          foreignKeys.push({ columns: [c], table: parent, refColumns: [key] });
          break;
        }
      }
    }
    const key = pk.get(t.name);
    out[t.name] = { primaryKey: key ? [key] : [], foreignKeys };
  }
  return out;
}

/**
 * The distribution of how many child rows each parent row has, as `rows: { per: … }` writes it:
 * fixed when every parent has the same count, else the counts' frequencies, where a count seen
 * for fewer than k parents joins the nearest count that is seen often enough.
 *
 * @example
 * childCountRows('invoices', [7, 7, 7]); // { per: 'invoices', dist: 'fixed', value: 7 }
 */
export function childCountRows(
  parent: string,
  counts: readonly number[],
  k: number,
): { rows: PerParentRows; note: string } {
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  if (distinct.length === 1)
    return {
      rows: { per: parent, dist: 'fixed', value: distinct[0]! },
      note: `every ${parent} row has ${distinct[0]}`,
    };
  const kept = keptCounts(counts.map(String), distinct.map(String), k);
  // with few parents, or most of them rare, merging would erase the shape: counts stay exact
  const merge = counts.length >= 10 * k && kept.droppedRows <= 0.1 * counts.length;
  const keptValues = merge ? Object.keys(kept.values).map(Number) : [];
  const weights: Record<string, number> = {};
  if (keptValues.length === 0) {
    for (const c of counts) weights[c] = (weights[c] ?? 0) + 1;
  } else {
    for (const c of counts) {
      const nearest = keptValues.reduce((best, v) => (Math.abs(v - c) < Math.abs(best - c) ? v : best));
      weights[nearest] = (weights[nearest] ?? 0) + 1;
    }
  }
  const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
  return {
    rows: { per: parent, dist: 'categorical', weights },
    note: `children per ${parent} row: their frequencies (mean ${mean.toFixed(2)})${
      kept.dropped === 0
        ? ''
        : keptValues.length
          ? `; ${kept.dropped} counts seen for fewer than ${k} parents joined the nearest frequent count`
          : `; exact, as ${counts.length} parents are too few to merge rare counts without losing the shape`
    }`,
  };
}
