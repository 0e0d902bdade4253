/**
 * The shape of a validation report: what `trainkit validate --json` prints and what the HTML
 * report draws. Every part but `checks` is optional: a report holds the parts that were asked for.
 */

/** The report's sections, in the order the HTML page shows them. */
export type Section = 'conformance' | 'fidelity' | 'utility' | 'privacy' | 'quality';

/** How bad a failed check is: `error` fails the run, `warn` fails it only with `--fail-on warn`. */
export type Severity = 'error' | 'warn';

/** One check: what was measured, what was expected, and whether it passed. */
export interface CheckResult {
  /** Stable id, e.g. `conformance.orders.amount.range`. */
  readonly id: string;
  readonly section: Section;
  readonly table?: string;
  readonly column?: string;
  /** What the check is, in a few words: "null rate", "KS vs lognormal(3, 0.5)". */
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** How bad a failure is; a passed check keeps the severity it would have had. */
  readonly severity: Severity;
  /** The measured value: a number, or a short text such as "3 of 1000 rows". */
  readonly measured: number | string | null;
  /** The expectation, as text: "≤ 0.05", "0.2 ± 0.013 (99% binomial CI)". */
  readonly expected: string;
  /** The tolerance the check allowed, as text, when it has one. */
  readonly tolerance?: string;
  /** One more sentence: why it was skipped, or where the failures are (offsets, never values). */
  readonly detail?: string;
}

/** One bar of a histogram: `[from, to)` for numbers, or a category. */
export interface HistogramBin {
  readonly label: string;
  readonly real: number;
  readonly synthetic: number;
}

/** Data for the report's charts. Every chart holds proportions (0–1), not counts. */
export interface ChartData {
  /** Real versus synthetic distribution of each column. */
  readonly histograms?: readonly { readonly column: string; readonly bins: readonly HistogramBin[] }[];
  /** Correlation matrices over the same columns, real and synthetic, values −1…1. */
  readonly correlation?: {
    readonly columns: readonly string[];
    readonly real: readonly (readonly number[])[];
    readonly synthetic: readonly (readonly number[])[];
  };
  /** Distances to closest record: synthetic→real and, when there is one, holdout→real. */
  readonly dcr?: {
    readonly bins: readonly {
      readonly from: number;
      readonly to: number;
      readonly synthetic: number;
      readonly holdout?: number;
    }[];
  };
}

/** The fidelity part, in the shape the issue sets and SDMetrics' QualityReport uses. */
export interface FidelityReport {
  /** The overall quality score: the mean of the two property scores. */
  readonly score: number;
  /** Column Shapes property score and Column Pair Trends property score. */
  readonly properties: { readonly columnShapes: number; readonly columnPairTrends: number };
  readonly columnShapes: Readonly<Record<string, number>>;
  readonly columnPairTrends: readonly {
    readonly columns: readonly [string, string];
    readonly metric: string;
    readonly score: number;
    /** The pair's association in the real data (|Pearson r| or Cramér's V). */
    readonly realAssociation?: number;
    /** Whether the pair counts toward the property score (its real association passes the threshold). */
    readonly counted?: boolean;
  }[];
  /** Multi-table metrics, per relation. */
  readonly relations?: readonly {
    readonly parent: string;
    readonly child: string;
    readonly column: string;
    readonly referentialIntegrity: number;
    readonly cardinalityShapeSimilarity: number;
  }[];
}

/** The whole report. */
export interface ValidationReport {
  readonly trainkit: string;
  /** What was validated: the data's path and, when given, the spec and reference. */
  readonly data: string;
  readonly spec?: string;
  readonly reference?: string;
  readonly summary: {
    readonly checks: number;
    readonly passed: number;
    readonly failed: number;
    readonly warnings: number;
    readonly skipped: number;
    /** `pass` when no check failed at the `--fail-on` level. */
    readonly status: 'pass' | 'fail';
  };
  readonly checks: readonly CheckResult[];
  readonly fidelity?: FidelityReport;
  readonly utility?: Readonly<Record<string, unknown>>;
  readonly privacy?: Readonly<Record<string, unknown>>;
  readonly quality?: Readonly<Record<string, unknown>>;
  readonly charts?: ChartData;
}
