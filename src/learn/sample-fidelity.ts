import { generateChunks, planGeneration } from '../generate/index.js';
import type { Spec, TableSpec } from '../spec/index.js';
import { type Cell, type ColumnKind, fidelityReport, frameOf, type Metadata } from '../validate/index.js';
import type { ColumnProfile } from './profile.js';

/** How the fidelity metrics compare a learned column: numbers and dates as numbers, the rest as categories. */
export function metricKind(p: ColumnProfile): ColumnKind {
  if (p.type === 'integer' || p.type === 'number') return 'numerical';
  if (p.type === 'date' || p.type === 'datetime') return 'datetime';
  return 'categorical';
}

/** The real values of some columns as the metrics read them: numbers as numbers, the rest as text. */
export function realFrameData(
  names: readonly string[],
  profiles: ReadonlyMap<string, ColumnProfile>,
): Record<string, Cell[]> {
  return Object.fromEntries(
    names.map((n) => {
      const p = profiles.get(n)!;
      const numeric = p.type === 'integer' || p.type === 'number';
      return [n, p.keys.map((k) => (k === null ? null : numeric ? Number(k) : k))];
    }),
  );
}

/** Generates `rows` rows of one table spec in memory, as cells by column. */
export function generateTable(table: TableSpec, rows: number, seed: number): Record<string, Cell[]> {
  const spec: Spec = { name: 'probe', seed, tables: { probe: { ...table, rows } } };
  const plan = planGeneration(spec);
  const names = Object.keys(table.columns);
  const out: Record<string, Cell[]> = Object.fromEntries(names.map((n) => [n, []]));
  const layout = plan.tables[0]!.layout().columns.map((c) => c.name);
  for (const chunk of generateChunks(plan)) {
    layout.forEach((name, i) => {
      const target = out[name];
      if (!target) return;
      for (const v of chunk.columns[i]!)
        target.push(v === null || typeof v === 'number' || typeof v === 'string' ? v : String(v));
    });
  }
  return out;
}

/**
 * SDMetrics' quality score (QualityReport formulas) of a table spec's columns against the real
 * table, on a generated sample: what learn uses to choose between dependency models.
 *
 * @example
 * sampleFidelity(tableSpec, profiles, 5000, 0).score; // 0.91
 */
export function sampleFidelity(
  table: TableSpec,
  profiles: ReadonlyMap<string, ColumnProfile>,
  rows: number,
  seed: number,
): { score: number; shapes: number; trends: number } {
  const names = Object.keys(table.columns);
  const meta: Metadata = Object.fromEntries(names.map((n) => [n, metricKind(profiles.get(n)!)]));
  const realData = realFrameData(names, profiles);
  const synthetic = generateTable(table, rows, seed);
  const report = fidelityReport(frameOf('real', realData), frameOf('synthetic', synthetic), meta);
  return {
    score: report.score,
    shapes: report.properties.columnShapes,
    trends: report.properties.columnPairTrends,
  };
}
