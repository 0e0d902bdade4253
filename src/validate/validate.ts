import { userError } from '../errors/index.js';
import { loadSpec, type Spec } from '../spec/index.js';
import { VERSION } from '../version.js';
import { checkConformance } from './conformance.js';
import { type Dataset, type DatasetTable, FrameSampler, loadFrame, openDataset } from './dataset.js';
import { fidelityCharts, fidelityReport, relationFidelity } from './fidelity.js';
import { type ColumnKind, type Frame, inferMetadata, type Metadata } from './frame.js';
import { privacyChecks, privacyReport } from './privacy.js';
import { qualityChecks, qualityReport } from './quality.js';
import type { ChartData, CheckResult, FidelityReport, ValidationReport } from './report-types.js';
import { residualPii } from './residual-pii.js';
import { utilityChecks, utilityReport } from './utility.js';

/** What `trainkit validate` is asked to do. */
export interface ValidateOptions {
  /** The data: a generate output folder, a folder of tables, or one CSV, JSONL or SQLite file. */
  readonly data: string;
  /** The spec the data was generated from: conformance checks. */
  readonly spec?: string;
  /** Real data to compare with: fidelity and privacy. */
  readonly reference?: string;
  /** Real rows that were not used to fit the generator: overfitting protection and the attacks' control. */
  readonly holdout?: string;
  /** The table to compare, when the data has several (default: the first the reference also has). */
  readonly table?: string;
  /** Train on the data and test on `test`: the utility part. */
  readonly target?: string;
  readonly test?: string;
  /** The label column for class balance and label errors (default: `target`, or the spec's label). */
  readonly label?: string;
  /** Scan text columns for personal data left after de-identification, at this threshold. */
  readonly residualPii?: boolean;
  readonly threshold?: number;
  /** Which failures fail the run (default `error`). */
  readonly failOn?: 'error' | 'warn';
  readonly seed?: number;
  /** Significance level of the conformance tests (default 0.001). */
  readonly alpha?: number;
  /** The data-quality part: duplicates, balance, outliers, label errors (default true). */
  readonly quality?: boolean;
  /** Rows the in-memory parts read at most, a seeded uniform sample (default 50,000). */
  readonly sampleRows?: number;
  /** Progress, for a progress bar: what is being done and, for reading, rows so far. */
  readonly onProgress?: (stage: string, rows?: number) => void;
}

/** Rows the in-memory parts read at most by default. */
const SAMPLE_ROWS = 50_000;

/** The columns trainkit writes for its own bookkeeping: never compared. */
const BOOKKEEPING = new Set(['_scenario', '_edge_case']);

/** The metadata of the compared table: the spec's kinds where it has them, else guessed from the reference. */
function metadataFor(frame: Frame, spec: Spec | undefined, table: string): Metadata {
  const guessed = inferMetadata(frame);
  const meta: Record<string, ColumnKind> = {};
  const columns = spec?.tables[table]?.columns ?? {};
  for (const column of frame.columns) {
    if (BOOKKEEPING.has(column)) continue;
    const kind = columns[column]?.kind;
    meta[column] =
      // keys, and made-up personal values, codes and composed strings: identifying, never compared
      // (SDMetrics leaves PII columns out too)
      kind === 'id' || kind === 'ref' || kind === 'fake' || kind === 'pattern' || kind === 'template'
        ? 'id'
        : kind === 'text' || kind === 'spans'
          ? 'text'
          : kind === 'integer' || kind === 'number'
            ? 'numerical'
            : kind === 'date' || kind === 'datetime'
              ? 'datetime'
              : kind === 'category' || kind === 'label'
                ? 'categorical'
                : kind === 'boolean'
                  ? 'boolean'
                  : guessed[column]!;
  }
  return meta;
}

function pickTable(data: Dataset, reference: Dataset | undefined, wanted: string | undefined): DatasetTable {
  if (wanted) {
    const t = data.table(wanted);
    if (!t)
      throw userError('table_not_found', `The data has no table "${wanted}"`, {
        file: data.path,
        hint: `its tables are ${data.tables.map((x) => x.name).join(', ')}`,
      });
    return t;
  }
  const shared = reference ? data.tables.find((t) => reference.table(t.name)) : undefined;
  const single =
    reference?.tables.length === 1 ? data.tables.find((t) => !t.name.endsWith('_truth')) : undefined;
  return shared ?? single ?? data.tables.find((t) => !t.name.endsWith('_truth')) ?? data.tables[0]!;
}

/** The single table of a reference file, or the one named like the data's table. */
function referenceTable(ref: Dataset, name: string): DatasetTable {
  const t = ref.table(name) ?? (ref.tables.length === 1 ? ref.tables[0] : undefined);
  if (!t)
    throw userError('table_not_found', `${ref.path} has no table "${name}"`, {
      file: ref.path,
      hint: `give --table, one of ${ref.tables.map((x) => x.name).join(', ')}`,
    });
  return t;
}

/** Multi-table fidelity: referential integrity and child-count shape, for each ref column of the spec. */
async function relations(
  spec: Spec,
  data: Dataset,
  reference: Dataset,
): Promise<NonNullable<FidelityReport['relations']>> {
  const out: {
    parent: string;
    child: string;
    column: string;
    referentialIntegrity: number;
    cardinalityShapeSimilarity: number;
  }[] = [];
  for (const [child, t] of Object.entries(spec.tables)) {
    for (const [column, col] of Object.entries(t.columns)) {
      if (col.kind !== 'ref') continue;
      const [parent, key] = col.ref.split('.') as [string, string];
      const tables = [data.table(parent), data.table(child), reference.table(parent), reference.table(child)];
      if (tables.some((x) => !x)) continue;
      const [sp, sc, rp, rc] = await Promise.all(tables.map((x) => loadFrame(x!)));
      const r = relationFidelity(
        rp!.data[key] ?? [],
        rc!.data[column] ?? [],
        sp!.data[key] ?? [],
        sc!.data[column] ?? [],
      );
      out.push({ parent, child, column, ...r });
    }
  }
  return out;
}

/**
 * Validates a dataset: against its spec (conformance), against real data (fidelity, privacy),
 * for training (utility: train on it, test on real), and on its own (quality). Every part that
 * was asked for adds its checks; the report is what `trainkit validate --json` prints.
 *
 * @example
 * const report = await validateData({ data: 'out/', spec: 'spec.yaml' });
 * if (report.summary.status === 'fail') process.exitCode = 1;
 */
export async function validateData(options: ValidateOptions): Promise<ValidationReport> {
  const progress = options.onProgress ?? (() => {});
  const data = await openDataset(options.data);
  const checks: CheckResult[] = [];
  let spec: Spec | undefined;
  const reference = options.reference ? await openDataset(options.reference) : undefined;
  const table = pickTable(data, reference, options.table);
  // the in-memory parts (fidelity, privacy, utility, quality) read a seeded sample of a big table;
  // with a spec, the conformance pass collects it on the way
  const sample = { rows: options.sampleRows ?? SAMPLE_ROWS, seed: options.seed ?? 0 };
  let sampler: FrameSampler | undefined;
  const wantQuality = options.quality ?? true;
  const inMemory =
    wantQuality ||
    reference !== undefined ||
    options.target !== undefined ||
    options.test !== undefined ||
    options.residualPii === true;
  if (options.spec) {
    spec = loadSpec(options.spec).spec;
    progress('conformance');
    checks.push(
      ...(await checkConformance(data, spec, {
        ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
        onRows: (rows) => progress('conformance', rows),
        onTable: (name, columns) => {
          if (name !== table.name || !inMemory) return undefined;
          const s = new FrameSampler(name, columns, sample);
          sampler = s;
          return (row) => s.add(row);
        },
      })),
    );
  }
  let fidelity: FidelityReport | undefined;
  let privacy: ReturnType<typeof privacyReport> | undefined;
  let utility: ReturnType<typeof utilityReport> | undefined;
  let residual: Awaited<ReturnType<typeof residualPii>> | undefined;
  let charts: ChartData | undefined;
  if (!inMemory) return summarise(options, checks, {});
  progress('reading');
  const synthetic = sampler ? sampler.finish() : await loadFrame(table, sample);
  const real = reference ? await loadFrame(referenceTable(reference, table.name), sample) : undefined;
  if (real?.rows === 0)
    throw userError('empty_reference', `The reference table ${table.name} has no rows`, {
      file: options.reference!,
      hint: 'give real data with at least one row (a header alone compares with nothing)',
    });
  const meta = metadataFor(real ?? synthetic, spec, table.name);
  if (real) {
    progress('fidelity');
    fidelity = fidelityReport(real, synthetic, meta, { missingColumns: 'skip' });
    if (spec && reference) {
      const rel = await relations(spec, data, reference);
      if (rel.length) fidelity = { ...fidelity, relations: rel };
    }
    charts = fidelityCharts(real, synthetic, meta);
    checks.push(...fidelityChecks(fidelity, table.name));
    progress('privacy');
    // keys alone say nothing about a person: a table of nothing else has no privacy part
    const shared = real.columns.filter(
      (c) => meta[c] !== undefined && meta[c] !== 'id' && synthetic.columns.includes(c),
    );
    if (shared.length === 0) {
      checks.push({
        id: `privacy.${table.name}`,
        section: 'privacy',
        table: table.name,
        name: 'privacy',
        status: 'skip',
        severity: 'error',
        measured: null,
        expected: 'columns other than keys to compare',
        detail: 'the compared table has only key columns',
      });
    } else {
      const holdout = options.holdout
        ? await loadFrame(referenceTable(await openDataset(options.holdout), table.name))
        : undefined;
      const { timings: _timings, ...report } = privacyReport(real, synthetic, meta, {
        ...(holdout ? { holdout } : {}),
        seed: options.seed ?? 0,
      });
      privacy = report as typeof privacy;
      charts = { ...charts, dcr: report.charts.dcr };
      checks.push(...privacyChecks(privacy!));
    }
  }
  if (options.target || options.test) {
    if (!options.target || !options.test)
      throw userError('utility_needs_both', 'The utility part needs both --target and --test', {
        hint: 'give the label column with --target and real test rows with --test',
      });
    progress('utility');
    const test = await loadFrame(referenceTable(await openDataset(options.test), table.name));
    utility = utilityReport(synthetic, real, test, options.target, meta, {});
    checks.push(...utilityChecks(utility, table.name));
  }
  let quality: ReturnType<typeof qualityReport> | undefined;
  if (wantQuality) {
    progress('quality');
    const label =
      options.label ??
      options.target ??
      Object.entries(spec?.tables[table.name]?.columns ?? {}).find(([, c]) => c.kind === 'label')?.[0];
    quality = qualityReport(synthetic, meta, {
      ...(label && synthetic.columns.includes(label) ? { label } : {}),
      seed: options.seed ?? 0,
    });
    checks.push(...qualityChecks(quality));
  }
  if (options.residualPii) {
    progress('residual PII');
    residual = await residualPii(synthetic, meta, { threshold: options.threshold ?? 0.3 });
    checks.push(...residual.checks);
  }
  return summarise(options, checks, {
    ...(fidelity ? { fidelity } : {}),
    ...(utility ? { utility: utility as unknown as Record<string, unknown> } : {}),
    ...(privacy ? { privacy: privacy as unknown as Record<string, unknown> } : {}),
    ...(quality || residual
      ? {
          quality: {
            ...((quality ?? {}) as unknown as Record<string, unknown>),
            ...(residual ? { residualPii: residual.summary } : {}),
          },
        }
      : {}),
    ...(charts ? { charts } : {}),
  });
}

/** The report: the checks counted and the parts that ran. */
function summarise(
  options: ValidateOptions,
  checks: CheckResult[],
  parts: Pick<ValidationReport, 'fidelity' | 'utility' | 'privacy' | 'quality' | 'charts'>,
): ValidationReport {
  const failOn = options.failOn ?? 'error';
  const failed = checks.filter((c) => c.status === 'fail' && c.severity === 'error').length;
  const warnings = checks.filter((c) => c.status === 'fail' && c.severity === 'warn').length;
  const status = failed > 0 || (failOn === 'warn' && warnings > 0) ? 'fail' : 'pass';
  return {
    trainkit: VERSION,
    data: options.data,
    ...(options.spec ? { spec: options.spec } : {}),
    ...(options.reference ? { reference: options.reference } : {}),
    summary: {
      checks: checks.length,
      passed: checks.filter((c) => c.status === 'pass').length,
      failed,
      warnings,
      skipped: checks.filter((c) => c.status === 'skip').length,
      status,
    },
    checks,
    ...parts,
  };
}

/** The fidelity checks: the overall score and each property against a floor (warnings). */
function fidelityChecks(f: FidelityReport, table: string): CheckResult[] {
  const floor = 0.8;
  const one = (id: string, name: string, score: number): CheckResult => ({
    id: `fidelity.${table}.${id}`,
    section: 'fidelity',
    table,
    name,
    status: Number.isNaN(score) ? 'skip' : score >= floor ? 'pass' : 'fail',
    severity: 'warn',
    measured: Number.isNaN(score) ? null : Number(score.toFixed(4)),
    expected: `≥ ${floor}`,
    ...(Number.isNaN(score) ? { detail: 'no column pair passes the association threshold' } : {}),
  });
  const out = [
    one('score', 'quality score (SDMetrics)', f.score),
    one('column_shapes', 'column shapes', f.properties.columnShapes),
    one('column_pair_trends', 'column pair trends', f.properties.columnPairTrends),
  ];
  for (const r of f.relations ?? []) {
    out.push({
      id: `fidelity.${r.child}.${r.column}.referential_integrity`,
      section: 'fidelity',
      table: r.child,
      column: r.column,
      name: `referential integrity to ${r.parent}`,
      status: r.referentialIntegrity >= 1 ? 'pass' : 'fail',
      severity: 'error',
      measured: Number(r.referentialIntegrity.toFixed(4)),
      expected: '1',
    });
    out.push({
      id: `fidelity.${r.child}.${r.column}.cardinality`,
      section: 'fidelity',
      table: r.child,
      column: r.column,
      name: `cardinality shape per ${r.parent}`,
      status: r.cardinalityShapeSimilarity >= floor ? 'pass' : 'fail',
      severity: 'warn',
      measured: Number(r.cardinalityShapeSimilarity.toFixed(4)),
      expected: `≥ ${floor}`,
    });
  }
  return out;
}
