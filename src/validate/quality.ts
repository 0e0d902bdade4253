import { encodeFeatures } from './encode-features.js';
import type { Cell, Frame, Metadata } from './frame.js';
import { findLabelIssues, outOfFoldProbabilities } from './label-errors.js';
import { exactDuplicates, nearDuplicateRows, nearDuplicates } from './minhash.js';
import type { CheckResult } from './report-types.js';

/** How many row indices a report lists per finding (the counts are always complete). */
const EXAMPLES = 20;

/** Counts and rates of outliers in one numerical column; never the values or the fences. */
export interface OutlierStats {
  /** Present (non-null, finite) values examined. */
  readonly values: number;
  /** Outside Tukey's fences [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
  readonly iqr: { readonly count: number; readonly rate: number };
  /** Robust z-score |x − median| / (1.4826·MAD) above 3.5 (Iglewicz–Hoaglin). */
  readonly robustZ: { readonly count: number; readonly rate: number };
  /** The first rows flagged by the robust z-score. */
  readonly rows: readonly number[];
}

/** Balance of a label column. Class names are categories of the label, not record values. */
export interface ClassBalance {
  readonly classes: readonly { readonly name: string; readonly count: number; readonly share: number }[];
  /** Rows of the largest class over rows of the smallest. */
  readonly imbalanceRatio: number;
  /** Shannon entropy of the class shares over ln(classes): 1 for balanced classes, 0 for one class. */
  readonly normalisedEntropy: number;
}

/** The quality part of a validation report: counts, rates and row indices, never cell values. */
export interface QualityReport {
  readonly table: string;
  readonly rows: number;
  readonly columns: number;
  readonly duplicates: {
    readonly exact: {
      readonly groups: number;
      readonly duplicateRows: number;
      readonly rate: number;
      readonly examples: readonly (readonly number[])[];
    };
    /** Rows equal in all columns but one (see `nearDuplicateRows`), exact copies included. */
    readonly near: {
      readonly clusters: number;
      readonly rowsInClusters: number;
      /** Rows beyond the first of each cluster, over all rows. */
      readonly rate: number;
      readonly examples: readonly (readonly number[])[];
    };
    /** Near-duplicate texts per text column, by MinHash LSH (Jaccard of 5-gram shingles ≥ 0.8). */
    readonly texts: Readonly<
      Record<
        string,
        {
          readonly clusters: number;
          readonly rowsInClusters: number;
          readonly rate: number;
          readonly examples: readonly (readonly number[])[];
        }
      >
    >;
  };
  readonly nulls: {
    readonly allNullRows: number;
    readonly allNullRowExamples: readonly number[];
    readonly columnRates: Readonly<Record<string, number>>;
  };
  readonly outliers: Readonly<Record<string, OutlierStats>>;
  readonly label?: {
    readonly column: string;
    readonly balance: ClassBalance;
    /** Likely label errors by confident learning; absent when there are under two classes. */
    readonly errors?: {
      readonly method: 'confident-learning';
      readonly model: 'logistic-regression';
      readonly folds: number;
      readonly count: number;
      /** Flagged rows over labelled rows. */
      readonly rate: number;
      /** The likeliest errors first: row index and suspected class name. */
      readonly rows: readonly { readonly row: number; readonly suspected: string }[];
    };
  };
}

/** Options of `qualityReport`. */
export interface QualityOptions {
  /** The label column: class balance and label errors. */
  readonly label?: string;
  /** Columns of free text to search for near-duplicates (default: the columns whose kind is `text`). */
  readonly textColumns?: readonly string[];
  /** Seed of the label-error folds (default 0). */
  readonly seed?: number;
}

/** Linear-interpolation quantile of sorted values (type 7, as numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Outliers of one numeric column by Tukey's 1.5·IQR fences and by the robust z-score > 3.5. When the
 * MAD is 0 (over half the values equal) the z-score uses 1.2533·(mean absolute deviation from the
 * median) instead, as IBM's modified z-score does; when that is 0 too no value is an outlier.
 *
 * @example
 * outlierStats([1, 2, 3, 2, 1, 2, 3, 100]).robustZ.count; // 1
 */
export function outlierStats(values: readonly Cell[]): OutlierStats {
  const present: number[] = [];
  const at: number[] = [];
  values.forEach((v, i) => {
    if (typeof v === 'number' && Number.isFinite(v)) {
      present.push(v);
      at.push(i);
    }
  });
  const n = present.length;
  if (n === 0) return { values: 0, iqr: { count: 0, rate: 0 }, robustZ: { count: 0, rate: 0 }, rows: [] };
  const sorted = Float64Array.from(present).sort();
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const lower = q1 - 1.5 * (q3 - q1);
  const upper = q3 + 1.5 * (q3 - q1);
  const median = quantile(sorted, 0.5);
  const deviations = Float64Array.from(present, (x) => Math.abs(x - median)).sort();
  const mad = quantile(deviations, 0.5);
  const scale = mad > 0 ? 1.4826 * mad : 1.253314 * (deviations.reduce((s, d) => s + d, 0) / n);
  let iqrCount = 0;
  let zCount = 0;
  const rows: number[] = [];
  present.forEach((x, k) => {
    if (x < lower || x > upper) iqrCount++;
    if (scale > 0 && Math.abs(x - median) / scale > 3.5) {
      zCount++;
      if (rows.length < EXAMPLES) rows.push(at[k]!);
    }
  });
  return {
    values: n,
    iqr: { count: iqrCount, rate: iqrCount / n },
    robustZ: { count: zCount, rate: zCount / n },
    rows,
  };
}

/**
 * Class shares, the imbalance ratio (largest over smallest class) and the normalised entropy of a
 * label column; nulls are not a class. Classes are listed largest first, ties by name.
 *
 * @example
 * classBalance(['a', 'a', 'a', 'b']).imbalanceRatio; // 3
 */
export function classBalance(values: readonly Cell[]): ClassBalance {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const total = [...counts.values()].reduce((s, c) => s + c, 0);
  const classes = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, count]) => ({ name, count, share: count / total }));
  const k = classes.length;
  let entropy = 0;
  for (const c of classes) entropy -= c.share * Math.log(c.share);
  return {
    classes,
    imbalanceRatio: k ? classes[0]!.count / classes[k - 1]!.count : Number.NaN,
    normalisedEntropy: k > 1 ? entropy / Math.log(k) : 0,
  };
}

/** The frame's rows as objects over the given columns, for `encodeFeatures`. */
export function frameRows(
  frame: Frame,
  columns: readonly string[],
  rows?: readonly number[],
): Record<string, Cell>[] {
  const pick = rows ?? Array.from({ length: frame.rows }, (_, i) => i);
  return pick.map((r) => {
    const row: Record<string, Cell> = {};
    for (const c of columns) row[c] = frame.data[c]![r] ?? null;
    return row;
  });
}

function labelPart(frame: Frame, meta: Metadata, label: string, seed: number): QualityReport['label'] {
  const values = frame.data[label];
  if (!values)
    throw new RangeError(
      `label column "${label}" is not in ${frame.name}: pick one of ${frame.columns.join(', ')}`,
    );
  const balance = classBalance(values);
  if (balance.classes.length < 2) return { column: label, balance };
  const index = new Map(balance.classes.map((c, i) => [c.name, i]));
  const labelled: number[] = [];
  values.forEach((v, r) => {
    if (v !== null) labelled.push(r);
  });
  const features = frame.columns.filter((c) => c !== label && meta[c] !== 'id' && meta[c] !== 'text');
  const x = encodeFeatures(frameRows(frame, features, labelled), features).matrix;
  const y = labelled.map((r) => index.get(String(values[r]))!);
  const folds = 5;
  const probs = outOfFoldProbabilities(x, y, balance.classes.length, { folds, seed });
  const found = findLabelIssues(probs, y, balance.classes.length);
  return {
    column: label,
    balance,
    errors: {
      method: 'confident-learning',
      model: 'logistic-regression',
      folds,
      count: found.issues.length,
      rate: found.issues.length / labelled.length,
      rows: found.issues
        .slice(0, 100)
        .map((i) => ({ row: labelled[i.row]!, suspected: balance.classes[i.suspected]!.name })),
    },
  };
}

function summarise(clusters: readonly number[][], rows: number) {
  const inClusters = clusters.reduce((s, c) => s + c.length, 0);
  return {
    clusters: clusters.length,
    rowsInClusters: inClusters,
    rate: rows ? (inClusters - clusters.length) / rows : 0,
    examples: clusters.slice(0, EXAMPLES),
  };
}

/**
 * Data quality of a table: exact and near-duplicate rows, near-duplicate texts, all-null rows,
 * per-column null rates, outliers per numerical column and, given a label column, class balance
 * and likely label errors. JSON-serialisable; it holds counts, rates and row indices, never cells.
 *
 * @example
 * const report = qualityReport(frame, inferMetadata(frame), { label: 'income' });
 * report.duplicates.exact.duplicateRows; // 29 on Adult
 */
export function qualityReport(frame: Frame, meta: Metadata, options: QualityOptions = {}): QualityReport {
  const exact = exactDuplicates(frame);
  const near = nearDuplicateRows(frame);
  const textColumns = options.textColumns ?? frame.columns.filter((c) => meta[c] === 'text');
  const texts: Record<string, ReturnType<typeof summarise>> = {};
  for (const column of textColumns) {
    const values = frame.data[column];
    if (!values) throw new RangeError(`text column "${column}" is not in ${frame.name}`);
    texts[column] = summarise(
      nearDuplicates(values.map((v) => (v === null ? '' : String(v)))).clusters,
      frame.rows,
    );
  }
  const columnRates: Record<string, number> = {};
  const nullsInRow = new Int32Array(frame.rows);
  for (const column of frame.columns) {
    let nulls = 0;
    frame.data[column]!.forEach((v, r) => {
      if (v === null) {
        nulls++;
        nullsInRow[r]!++;
      }
    });
    columnRates[column] = frame.rows ? nulls / frame.rows : 0;
  }
  const allNull: number[] = [];
  nullsInRow.forEach((k, r) => {
    if (k === frame.columns.length && k > 0) allNull.push(r);
  });
  const outliers: Record<string, OutlierStats> = {};
  for (const column of frame.columns) {
    if (meta[column] === 'numerical') outliers[column] = outlierStats(frame.data[column]!);
  }
  const report: QualityReport = {
    table: frame.name,
    rows: frame.rows,
    columns: frame.columns.length,
    duplicates: {
      exact: {
        groups: exact.groups.length,
        duplicateRows: exact.duplicateRows,
        rate: exact.rate,
        examples: exact.groups.slice(0, EXAMPLES),
      },
      near: summarise(near.clusters, frame.rows),
      texts,
    },
    nulls: { allNullRows: allNull.length, allNullRowExamples: allNull.slice(0, EXAMPLES), columnRates },
    outliers,
  };
  if (options.label === undefined) return report;
  const label = labelPart(frame, meta, options.label, options.seed ?? 0);
  return label ? { ...report, label } : report;
}

/** The thresholds of `qualityChecks`; every failure is a warning. */
export const QUALITY_LIMITS = {
  duplicateRate: 0.01,
  nearDuplicateRate: 0.05,
  allNullRows: 0,
  outlierRate: 0.05,
  imbalanceRatio: 10,
  labelErrorRate: 0.05,
} as const;

function check(
  id: string,
  name: string,
  pass: boolean,
  measured: number | string,
  expected: string,
  extra: { table: string; column?: string; detail?: string },
): CheckResult {
  return {
    id,
    section: 'quality',
    name,
    status: pass ? 'pass' : 'fail',
    severity: 'warn',
    measured,
    expected,
    table: extra.table,
    ...(extra.column === undefined ? {} : { column: extra.column }),
    ...(extra.detail === undefined ? {} : { detail: extra.detail }),
  };
}

function rowsDetail(label: string, rows: readonly number[]): string | undefined {
  return rows.length ? `${label} (row indices from 0): ${rows.slice(0, 10).join(', ')}` : undefined;
}

/**
 * The quality report as checks, all warnings: exact duplicate rate ≤ 1%, near-duplicate row and
 * text rates ≤ 5%, no all-null rows, robust-z outlier rate ≤ 5% per column, class imbalance ratio
 * ≤ 10 and label error rate ≤ 5%.
 *
 * @example
 * qualityChecks(qualityReport(frame, meta)).filter((c) => c.status === 'fail');
 */
export function qualityChecks(report: QualityReport): CheckResult[] {
  const L = QUALITY_LIMITS;
  const table = report.table;
  const d = report.duplicates;
  const out: CheckResult[] = [
    check(
      `quality.${table}.duplicates.exact`,
      'exact duplicate row rate',
      d.exact.rate <= L.duplicateRate,
      d.exact.rate,
      `≤ ${L.duplicateRate}`,
      {
        table,
        detail: `${d.exact.duplicateRows} of ${report.rows} rows repeat an earlier row`,
      },
    ),
    check(
      `quality.${table}.duplicates.near`,
      'near-duplicate row rate (all columns but one equal)',
      d.near.rate <= L.nearDuplicateRate,
      d.near.rate,
      `≤ ${L.nearDuplicateRate}`,
      { table, detail: `${d.near.rowsInClusters} rows in ${d.near.clusters} clusters` },
    ),
  ];
  for (const [column, t] of Object.entries(d.texts)) {
    out.push(
      check(
        `quality.${table}.${column}.duplicates.near`,
        'near-duplicate text rate (MinHash, Jaccard ≥ 0.8)',
        t.rate <= L.nearDuplicateRate,
        t.rate,
        `≤ ${L.nearDuplicateRate}`,
        { table, column, detail: `${t.rowsInClusters} rows in ${t.clusters} clusters` },
      ),
    );
  }
  const allNullDetail = rowsDetail('all-null rows', report.nulls.allNullRowExamples);
  out.push(
    check(
      `quality.${table}.nulls.all-null-rows`,
      'rows entirely null',
      report.nulls.allNullRows <= L.allNullRows,
      report.nulls.allNullRows,
      `= ${L.allNullRows}`,
      allNullDetail === undefined ? { table } : { table, detail: allNullDetail },
    ),
  );
  for (const [column, o] of Object.entries(report.outliers)) {
    const detail = rowsDetail(`IQR-fence outliers ${o.iqr.count}; robust-z outliers`, o.rows);
    out.push(
      check(
        `quality.${table}.${column}.outliers`,
        'outlier rate (robust z > 3.5)',
        o.robustZ.rate <= L.outlierRate,
        o.robustZ.rate,
        `≤ ${L.outlierRate}`,
        detail === undefined ? { table, column } : { table, column, detail },
      ),
    );
  }
  const label = report.label;
  if (label) {
    out.push(
      check(
        `quality.${table}.${label.column}.imbalance`,
        'class imbalance ratio (largest / smallest class)',
        label.balance.imbalanceRatio <= L.imbalanceRatio,
        label.balance.imbalanceRatio,
        `≤ ${L.imbalanceRatio}`,
        { table, column: label.column },
      ),
    );
    const e = label.errors;
    if (e) {
      const detail = rowsDetail(
        'likeliest errors',
        e.rows.map((r) => r.row),
      );
      out.push(
        check(
          `quality.${table}.${label.column}.label-errors`,
          'likely label error rate (confident learning)',
          e.rate <= L.labelErrorRate,
          e.rate,
          `≤ ${L.labelErrorRate}`,
          detail === undefined ? { table, column: label.column } : { table, column: label.column, detail },
        ),
      );
    }
  }
  return out;
}
