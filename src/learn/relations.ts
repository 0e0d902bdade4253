import type { CountLaw, PerParentRows } from '../spec/index.js';
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
 * The distribution of how many child rows each parent row has, as `rows: { per: … }` writes it
 * (see countLawOf), with the counts spread evenly over the parents: with iid draws, a table of a
 * few parents would rarely show the learned shape (its distance to it moves in steps of 1/parents).
 *
 * @example
 * childCountRows('invoices', [7, 7, 7], 5).rows; // { per: 'invoices', dist: 'fixed', value: 7 }
 */
export function childCountRows(
  parent: string,
  counts: readonly number[],
  k: number,
): { rows: PerParentRows; note: string } {
  const { law, note } = countLawOf(counts, k, `children per ${parent} row`);
  if (law.dist === 'fixed')
    return { rows: { per: parent, ...law }, note: `every ${parent} row has ${law.value}` };
  return {
    rows: { per: parent, ...law, spread: 'even' },
    note: `${note}; spread: even gives the ${parent} rows these counts in their proportions, shuffled, rather than each drawing its own`,
  };
}

/**
 * A law of counts per parent row: fixed when every parent has the same count, else the counts'
 * frequencies. With enough parents, the counts seen for fewer than k parents are replaced by
 * means: sorted, cut into runs of at least k parents, each run given its mean (rounded up for
 * some parents and down for the others so the run's total stays), so no rare count is copied and
 * the total number of children is kept. With few parents, or most of them rare, counts stay exact.
 *
 * @example
 * countLawOf([0, 2, 2, 5], 5, 'children per customer').law; // { dist: 'categorical', weights: { 0: 1, 2: 2, 5: 1 } }
 */
export function countLawOf(
  counts: readonly number[],
  k: number,
  what: string,
): { law: CountLaw; note: string } {
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  if (distinct.length === 1)
    return { law: { dist: 'fixed', value: distinct[0]! }, note: `always ${distinct[0]}` };
  const kept = keptCounts(counts.map(String), distinct.map(String), k);
  // with few parents, or most of them rare, merging would erase the shape: counts stay exact
  const merge = counts.length >= 10 * k && kept.droppedRows <= 0.1 * counts.length && kept.dropped > 0;
  const weights: Record<string, number> = {};
  const add = (c: number, n = 1) => {
    weights[c] = (weights[c] ?? 0) + n;
  };
  if (!merge) for (const c of counts) add(c);
  else {
    const rare: number[] = [];
    for (const c of counts) {
      if (kept.values[String(c)] === undefined) rare.push(c);
      else add(c);
    }
    rare.sort((a, b) => a - b);
    // runs of k; a short last run joins the one before
    const runs = Math.max(1, Math.floor(rare.length / k));
    for (let r = 0; r < runs; r++) {
      const run = rare.slice(r * k, r === runs - 1 ? rare.length : (r + 1) * k);
      const sum = run.reduce((s, c) => s + c, 0);
      const low = Math.floor(sum / run.length);
      const up = sum - low * run.length;
      add(low, run.length - up);
      if (up > 0) add(low + 1, up);
    }
  }
  const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
  return {
    law: { dist: 'categorical', weights },
    note: `${what}: their frequencies (mean ${mean.toFixed(2)})${
      kept.dropped === 0
        ? ''
        : merge
          ? `; ${kept.dropped} counts seen for fewer than ${k} parents were replaced by the means of runs of ${k} (the total kept)`
          : `; exact, as ${counts.length} parents are too few to merge rare counts without losing the shape`
    }`,
  };
}
