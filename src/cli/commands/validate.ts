import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CheckResult, ValidationReport } from '../../validate/index.js';
import { EXIT } from '../errors.js';
import { parseSeed } from '../options.js';
import { ProgressBar } from '../progress.js';
import type { Runner } from '../runner.js';

interface ValidateFlags {
  spec?: string;
  reference?: string;
  holdout?: string;
  table?: string;
  target?: string;
  test?: string;
  label?: string;
  residualPii?: boolean;
  quality?: boolean;
  threshold?: number;
  report?: string;
  failOn: 'error' | 'warn';
  seed?: number;
  alpha?: number;
  json?: boolean;
  all?: boolean;
}

function parseFailOn(v: string): 'error' | 'warn' {
  if (v !== 'error' && v !== 'warn') throw new InvalidArgumentError('use error or warn');
  return v;
}

function parseProbability(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('give a number between 0 and 1, e.g. 0.3');
  return n;
}

const MARK: Record<CheckResult['status'], string> = { pass: '✔', fail: '✖', skip: '–' };

/** The report as text: a summary, the failed checks, and the headline scores. */
function formatReport(r: ValidationReport, all: boolean): string {
  const lines: string[] = [];
  const s = r.summary;
  const shown = all ? r.checks : r.checks.filter((c) => c.status === 'fail');
  for (const c of shown) {
    const where = [c.table, c.column].filter(Boolean).join('.');
    const mark = c.status === 'fail' && c.severity === 'warn' ? '!' : MARK[c.status];
    lines.push(
      `  ${mark} ${c.section.padEnd(11)} ${where.padEnd(28)} ${c.name}: ${c.measured ?? 'n/a'} (expected ${c.expected}${c.tolerance ? `; ${c.tolerance}` : ''})${c.detail ? ` — ${c.detail}` : ''}`,
    );
  }
  if (r.fidelity) {
    const f = r.fidelity;
    lines.push(
      `  fidelity: quality score ${f.score.toFixed(3)} (column shapes ${f.properties.columnShapes.toFixed(3)}, column pair trends ${Number.isNaN(f.properties.columnPairTrends) ? 'n/a' : f.properties.columnPairTrends.toFixed(3)})`,
    );
  }
  const u = r.utility as { synthetic?: { rocAuc: number }; real?: { rocAuc: number } } | undefined;
  if (u?.synthetic)
    lines.push(
      `  utility: ROC AUC trained on the data ${u.synthetic.rocAuc.toFixed(3)}${u.real ? `, trained on real ${u.real.rocAuc.toFixed(3)}` : ''}`,
    );
  const p = r.privacy as
    | {
        exactCopies: { rate: number };
        dcr: { baselineProtection: { score: number }; overfittingProtection?: { score: number } };
      }
    | undefined;
  if (p)
    lines.push(
      `  privacy: exact copies ${(p.exactCopies.rate * 100).toFixed(2)}%, DCR baseline protection ${p.dcr.baselineProtection.score.toFixed(3)}${p.dcr.overfittingProtection ? `, overfitting protection ${p.dcr.overfittingProtection.score.toFixed(3)}` : ''}`,
    );
  const head =
    s.status === 'pass'
      ? `✔ ${r.data}: ${s.passed} of ${s.checks} checks passed${s.warnings ? `, ${s.warnings} warnings` : ''}${s.skipped ? `, ${s.skipped} skipped` : ''}`
      : `✖ ${r.data}: ${s.failed} checks failed, ${s.warnings} warnings, ${s.passed} of ${s.checks} passed`;
  return `${[head, ...lines].join('\n')}\n`;
}

export function registerValidate(program: Command, run: Runner): void {
  program
    .command('validate')
    .description(
      'check data against its spec, and against real data: fidelity (SDMetrics), utility (train on it, test on real), privacy, quality',
    )
    .argument(
      '<data>',
      'the folder trainkit generate wrote, a folder of tables, a CSV, JSONL, Parquet or SQLite file, or a database (postgres://…, mysql://…, duckdb:FILE, sqlite:FILE, parquet:DIR)',
    )
    .option('--spec <file>', 'the spec the data was generated from: conformance checks')
    .option(
      '--reference <path>',
      'real data to compare with (a file, a folder or a database, as for DATA): fidelity and privacy',
    )
    .option(
      '--holdout <path>',
      'real rows not used to fit the generator: overfitting protection and attack control',
    )
    .option('--table <name>', 'the table to compare when there are several')
    .option('--target <column>', 'the label to predict: train on the data, test on --test')
    .option('--test <path>', 'real test rows for the utility score')
    .option('--label <column>', 'the label column for class balance and label errors')
    .option('--no-quality', 'leave out the data-quality part (duplicates, outliers, label errors)')
    .option('--residual-pii', 'scan text columns for personal data left after de-identification')
    .option('--threshold <p>', 'detection threshold of the residual-PII scan (default 0.3)', parseProbability)
    .option('--alpha <p>', 'significance level of the conformance tests (default 0.001)', parseProbability)
    .option('--report <file.html>', 'write a self-contained HTML report')
    .option('--fail-on <level>', 'exit 1 on failed checks of this level: error or warn', parseFailOn, 'error')
    .option('--seed <n>', 'seed of the sampled parts (attacks, folds)', parseSeed)
    .option('--all', 'list every check, not only the failed ones')
    .option('--json', 'print the report as JSON')
    .action((data: string, opts: ValidateFlags) =>
      run(opts.json === true, async () => {
        const [{ validateData, renderReportHtml }, { writeFileAtomic }] = await Promise.all([
          import('../../validate/index.js'),
          import('../../io/index.js'),
        ]);
        const bar = new ProgressBar('validate', process.stderr, process.stderr.isTTY === true && !opts.json);
        const report = await validateData({
          data,
          ...(opts.spec ? { spec: opts.spec } : {}),
          ...(opts.reference ? { reference: opts.reference } : {}),
          ...(opts.holdout ? { holdout: opts.holdout } : {}),
          ...(opts.table ? { table: opts.table } : {}),
          ...(opts.target ? { target: opts.target } : {}),
          ...(opts.test ? { test: opts.test } : {}),
          ...(opts.label ? { label: opts.label } : {}),
          ...(opts.residualPii ? { residualPii: true } : {}),
          ...(opts.quality === false ? { quality: false } : {}),
          ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
          ...(opts.alpha === undefined ? {} : { alpha: opts.alpha }),
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          failOn: opts.failOn,
          onProgress: (_stage, rows) => {
            if (rows !== undefined) bar.update(rows, rows);
          },
        });
        bar.finish();
        if (opts.report) writeFileAtomic(opts.report, renderReportHtml(report));
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          process.stdout.write(formatReport(report, opts.all === true));
          if (opts.report) process.stdout.write(`  report: ${opts.report}\n`);
        }
        if (report.summary.status === 'fail') process.exitCode = EXIT.checksFailed;
      }),
    );
}
