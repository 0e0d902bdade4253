import { userError } from '../errors/index.js';
import type { ColumnSpec, Spec, TableSpec } from '../spec/index.js';
import { learnColumn } from './columns.js';
import { type DependencyModel, fitDependencies } from './dependencies.js';
import { fitLabelModel } from './label-model.js';
import type { MarginalSettings } from './marginals.js';
import { type ColumnProfile, profileColumn } from './profile.js';
import { childCountRows, countLawOf, inferKeys, LOOKUP_ROWS } from './relations.js';
import { sampleFidelity } from './sample-fidelity.js';
import type { LearnedColumn, LearnInput, LearnKeys, LearnOptions, LearnTable } from './types.js';

/** A learned spec and the decisions behind it: comment lines by spec path (`tables.t.columns.c`). */
export interface LearnResult {
  readonly spec: Spec;
  readonly notes: Readonly<Record<string, readonly string[]>>;
  /** per table: the dependency models compared, by quality score on a generated sample */
  readonly choices: Readonly<Record<string, { chosen: string; scores: Record<string, number> }>>;
}

/** Rows generated per candidate model when choosing between them. */
const PROBE_ROWS = 4000;

const pathOf = (...parts: string[]) => parts.join('.');

/** A table name the spec accepts: letters, digits and `_`, not starting with a digit. */
export function specTableName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]+/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}

/** Child counts of each parent row, by the parent's key. */
function countsPerParent(
  parentKeys: readonly (string | null)[],
  childKeys: readonly (string | null)[],
): number[] {
  const index = new Map<string, number>();
  parentKeys.forEach((k, i) => {
    if (k !== null) index.set(k, i);
  });
  const counts = new Array<number>(parentKeys.length).fill(0);
  for (const k of childKeys) {
    const i = k === null ? undefined : index.get(k);
    if (i !== undefined) counts[i]!++;
  }
  return counts;
}

/** How far a count distribution is from the Poisson a uniform choice of parent would give (KS). */
function distanceFromUniform(counts: readonly number[]): number {
  const n = counts.length;
  const mean = counts.reduce((s, c) => s + c, 0) / n;
  const sorted = [...counts].sort((a, b) => a - b);
  let d = 0;
  let cdf = 0;
  let pmf = Math.exp(-mean);
  let i = 0;
  for (let k = 0; k <= sorted[n - 1]!; k++) {
    cdf += pmf;
    pmf *= mean / (k + 1);
    while (i < n && sorted[i]! <= k) i++;
    d = Math.max(d, Math.abs(i / n - cdf));
  }
  return d;
}

/**
 * Learns a spec from tables: each column's kind and marginal (privacy decisions included), the
 * dependencies inside each table (a Gaussian copula, with conditional tables for strong pairs
 * where a generated sample shows they reproduce the pair trends better), and across tables the
 * keys: primary keys become `id` columns, each child table is made `per` the parent whose
 * child-count shape a uniform choice would miss most (its count distribution written out),
 * foreign keys to small lookup tables keep their weights, and the others are `ref` columns.
 *
 * @example
 * const { spec, notes } = learnSpec(await readLearnInput('adult.csv'), { target: 'income' });
 */
export function learnSpec(input: LearnInput, options: LearnOptions = {}): LearnResult {
  const settings: MarginalSettings = { k: options.minCount ?? 5, alpha: options.alpha ?? 0.01 };
  const seed = options.seed ?? 0;
  const notes: Record<string, string[]> = {};
  const note = (path: string, line: string) => {
    const list = notes[path] ?? [];
    list.push(line);
    notes[path] = list;
  };
  const profiles = new Map<string, Map<string, ColumnProfile>>();
  for (const t of input.tables) {
    profiles.set(t.name, new Map(t.columns.map((c) => [c, profileColumn(c, t.data[c]!, t.name)])));
  }
  // a target no table has would be dropped without a word, and --validate would score nothing
  if (options.target && !input.tables.some((t) => t.columns.includes(options.target!)))
    throw userError('learn-target', `--target ${options.target}: no table has a column of that name`, {
      hint: `give one of: ${[...new Set(input.tables.flatMap((t) => t.columns))].slice(0, 40).join(', ')}`,
    });
  const keys: Record<string, LearnKeys> = { ...(input.keys ?? inferKeys(input.tables, profiles)) };
  const byName = new Map(input.tables.map((t) => [t.name, t]));
  const hasPii = (t: string) =>
    [...profiles.get(t)!.values()].some((p) => p.semantic !== undefined && p.semantic.type !== 'uuid');
  const tables: Record<string, TableSpec> = {};
  const choices: Record<string, { chosen: string; scores: Record<string, number> }> = {};

  for (const t of input.tables) {
    const tp = profiles.get(t.name)!;
    const tkeys = keys[t.name] ?? { primaryKey: [], foreignKeys: [] };
    const tname = specTableName(t.name);
    const base = pathOf('tables', tname);
    const columns: Record<string, ColumnSpec> = {};
    const learned: LearnedColumn[] = [];
    const fkOf = new Map<string, { table: string; column: string }>();
    for (const fk of tkeys.foreignKeys) {
      if (fk.columns.length !== 1 || !byName.has(fk.table)) continue;
      const parentKey = fk.refColumns[0] ?? keys[fk.table]?.primaryKey[0];
      if (parentKey) fkOf.set(fk.columns[0]!, { table: fk.table, column: parentKey });
    }
    // the parent the table is made per: the one whose child counts a uniform draw would miss most
    let per: { column: string; table: string; counts: number[] } | undefined;
    let perDistance = -1;
    // a lookup table's keys keep their weights anyway, so it is the parent only when nothing else is
    const lookup = (table: string) => byName.get(table)!.rows <= LOOKUP_ROWS && !hasPii(table);
    const onlyLookups = [...fkOf.values()].every((r) => lookup(r.table));
    for (const [column, ref] of fkOf) {
      if (ref.table === t.name || tp.get(column)!.nulls > 0 || (lookup(ref.table) && !onlyLookups)) continue;
      const counts = countsPerParent(profiles.get(ref.table)!.get(ref.column)!.keys, tp.get(column)!.keys);
      if (counts.length === 0) continue;
      const d = distanceFromUniform(counts);
      if (d > perDistance) {
        perDistance = d;
        per = { column, table: ref.table, counts };
      }
    }
    for (const name of t.columns) {
      const p = tp.get(name)!;
      const cpath = pathOf(base, 'columns', name);
      const ref = fkOf.get(name);
      if (ref) {
        const parent = byName.get(ref.table)!;
        const parentSpec = ref.table === t.name ? undefined : profiles.get(ref.table)!.get(ref.column)!;
        const nullRate = p.nullRate > 0 ? { null_rate: Number(p.nullRate.toFixed(4)) } : {};
        if (per?.column !== name && parentSpec && lookup(ref.table)) {
          // a lookup table: which of its rows are used, and how often, is part of the shape
          const ids = [...parentSpec.keys].filter((k): k is string => k !== null);
          const counts = countsPerParent(ids, p.keys);
          const values: Record<string, number> = {};
          ids.forEach((id, i) => {
            if (counts[i]! > 0) values[id] = counts[i]!;
          });
          columns[name] = { kind: 'category', values, spread: 'even', ...nullRate };
          note(
            cpath,
            `foreign key to the lookup table ${ref.table} (${parent.rows} rows, no personal data): its keys with how often each is used; spread: even uses each key in proportion to its weight, as iid draws would rarely give ${parent.rows} keys the learned shape of children per key`,
          );
        } else if (per?.column === name || !parentSpec) {
          columns[name] = { kind: 'ref', ref: `${specTableName(ref.table)}.${ref.column}`, ...nullRate };
          note(
            cpath,
            per?.column === name
              ? `foreign key to ${ref.table}: each child row belongs to the ${ref.table} row it is made for`
              : `foreign key to ${ref.table}: a parent row chosen uniformly`,
          );
        } else {
          // a uniform choice would give every parent about the same number of rows
          const counts = countsPerParent(parentSpec.keys, p.keys);
          const { law, note: lawNote } = countLawOf(counts, settings.k, `rows per ${ref.table} row`);
          columns[name] = {
            kind: 'ref',
            ref: `${specTableName(ref.table)}.${ref.column}`,
            ...nullRate,
            popularity: law,
          };
          note(
            cpath,
            `foreign key to ${ref.table}, which is not the table's per parent: popularity gives the ${ref.table} rows weights from the learned law of ${lawNote}, and the rows are shared out in proportion, so some ${ref.table} rows get many and some none, as in the source`,
          );
        }
        continue;
      }
      if (tkeys.primaryKey.length === 1 && tkeys.primaryKey[0] === name) {
        const sorted = p.numbers ? Float64Array.from(p.numbers).sort() : undefined;
        const start = sorted?.length ? sorted[0]! : 1;
        columns[name] =
          p.type === 'integer'
            ? { kind: 'id', ...(start === 1 ? {} : { start }) }
            : { kind: 'id', strategy: 'uuid' };
        note(cpath, 'primary key: generated, not copied');
        continue;
      }
      const col = learnColumn(p, settings);
      learned.push(col);
      columns[name] = col.spec;
      for (const line of col.notes) note(cpath, line);
    }

    // dependencies: a copula alone, or with conditional tables; the better on a generated sample
    const target = options.target && tp.has(options.target) ? options.target : undefined;
    // a two-valued target becomes a label drawn from a logistic model of the other columns
    const label = target ? fitLabelModel(target, learned, tp, seed) : undefined;
    if (label && target) {
      const at = learned.findIndex((c) => c.name === target);
      learned[at] = { ...learned[at]!, spec: label.spec, modelled: false };
      columns[target] = label.spec;
      note(pathOf(base, 'columns', target), label.note);
    }
    const fitModel = (conditional: boolean) =>
      fitDependencies(learned, tp, settings, { ...(target ? { target } : {}), conditional, seed });
    const candidates: Record<string, DependencyModel> = { 'copula + conditional tables': fitModel(true) };
    if (
      options.compare !== false &&
      Object.keys(candidates['copula + conditional tables']!.parents).length > 0
    )
      candidates['copula alone'] = fitModel(false);
    const scores: Record<string, number> = {};
    let chosen = Object.keys(candidates)[0]!;
    if (Object.keys(candidates).length > 1) {
      for (const [label, model] of Object.entries(candidates)) {
        const probe: TableSpec = { rows: PROBE_ROWS, columns: model.columns };
        if (model.correlation) probe.correlations = [model.correlation];
        scores[label] = sampleFidelity(probe, tp, Math.min(PROBE_ROWS, Math.max(t.rows, 500)), seed).score;
      }
      chosen = Object.entries(scores).sort((a, b) => b[1] - a[1])[0]![0];
      note(
        base,
        `dependencies: ${chosen} (quality score on a ${PROBE_ROWS}-row sample: ${Object.entries(scores)
          .map(([l, s]) => `${l} ${s.toFixed(3)}`)
          .join(', ')})`,
      );
    }
    choices[tname] = { chosen, scores };
    const model = candidates[chosen]!;
    for (const [name, spec] of Object.entries(model.columns)) {
      columns[name] = spec;
      for (const line of model.notes[name] ?? []) note(pathOf(base, 'columns', name), line);
    }
    const table: TableSpec = { rows: t.totalRows, columns };
    if (per) {
      const counts = childCountRows(specTableName(per.table), per.counts, settings.k);
      table.rows = counts.rows;
      note(pathOf(base, 'rows'), counts.note);
    }
    if (model.correlation) {
      table.correlations = [model.correlation];
      note(
        pathOf(base, 'correlations'),
        'a Gaussian copula over the modelled columns: correlations of normal scores (ranks within each conditional case)',
      );
    }
    if (t.rows < t.totalRows)
      note(base, `learned from a uniform sample of ${t.rows} of its ${t.totalRows} rows`);
    if (tname !== t.name) note(base, `"${t.name}" in the source`);
    tables[tname] = table;
  }
  return { spec: { name: input.name, seed, tables }, notes, choices };
}

export type { LearnTable };
