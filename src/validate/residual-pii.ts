import type { Frame, Metadata } from './frame.js';
import type { CheckResult } from './report-types.js';

/** What a residual-PII scan found: counts by type and where, never the text itself. */
export interface ResidualPii {
  readonly summary: {
    readonly threshold: number;
    readonly columns: readonly string[];
    readonly texts: number;
    readonly textsWithFindings: number;
    readonly byType: Readonly<Record<string, number>>;
    /** The first findings: row, column, offsets, type and score. */
    readonly examples: readonly {
      row: number;
      column: string;
      start: number;
      end: number;
      type: string;
      score: number;
    }[];
  };
  readonly checks: readonly CheckResult[];
}

/** Placeholders a redaction leaves, e.g. `[NAME]` or `[NAME_2]`: not personal data. */
const PLACEHOLDER = /^\[[A-Z_]+(?:_\d+)?\]$/;

/**
 * Runs detection again over de-identified text at a stricter (lower) threshold than the one
 * de-identification used, and reports what is left. Text columns are the columns of kind `text`,
 * or `columns` when given.
 *
 * @example
 * const r = await residualPii(frame, meta, { threshold: 0.3 });
 * r.summary.byType; // { PERSON: 2 }
 */
export async function residualPii(
  frame: Frame,
  meta: Metadata,
  options: { threshold: number; columns?: readonly string[] },
): Promise<ResidualPii> {
  const { Detector, defaultRecognizers } = await import('../deid/index.js');
  const detector = new Detector({ recognizers: defaultRecognizers(), threshold: options.threshold });
  const columns = options.columns ?? frame.columns.filter((c) => meta[c] === 'text');
  const byType: Record<string, number> = {};
  const examples: ResidualPii['summary']['examples'][number][] = [];
  let texts = 0;
  let withFindings = 0;
  for (const column of columns) {
    const values = frame.data[column] ?? [];
    for (let row = 0; row < values.length; row++) {
      const text = values[row];
      if (typeof text !== 'string' || text.length === 0) continue;
      texts++;
      const spans = detector.detect(text).filter((s) => !PLACEHOLDER.test(text.slice(s.start, s.end)));
      if (spans.length === 0) continue;
      withFindings++;
      for (const s of spans) {
        byType[s.type] = (byType[s.type] ?? 0) + 1;
        if (examples.length < 20)
          examples.push({
            row,
            column,
            start: s.start,
            end: s.end,
            type: s.type,
            score: Number(s.score.toFixed(3)),
          });
      }
    }
  }
  const found = Object.values(byType).reduce((a, b) => a + b, 0);
  const checks: CheckResult[] = [
    {
      id: `quality.${frame.name}.residual_pii`,
      section: 'quality',
      table: frame.name,
      name: `personal data left in text (threshold ${options.threshold})`,
      status: columns.length === 0 ? 'skip' : found === 0 ? 'pass' : 'fail',
      severity: 'error',
      measured: found,
      expected: '0 entities',
      detail:
        columns.length === 0
          ? 'no text column to scan'
          : `${withFindings} of ${texts} texts in ${columns.join(', ')}${
              found
                ? `: ${Object.entries(byType)
                    .map(([t, n]) => `${n} ${t}`)
                    .join(', ')}`
                : ''
            }`,
    },
  ];
  return {
    summary: {
      threshold: options.threshold,
      columns,
      texts,
      textsWithFindings: withFindings,
      byType,
      examples,
    },
    checks,
  };
}
