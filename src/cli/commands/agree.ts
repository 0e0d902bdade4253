import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { AgreementReport } from '../../validate/annotations.js';
import { parseSeed } from '../options.js';
import type { Runner } from '../runner.js';

const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
];

function parseSamples(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) {
    throw new InvalidArgumentError('the number of bootstrap samples must be a whole number from 0 to 100000');
  }
  return n;
}

const FORMAT = `
Input: JSONL, one annotation per line.
  labels: {"item": "t1", "annotator": "ann1", "label": "positive"}
          the label is a string or a number; an item an annotator skipped is just absent
          (or has "label": null)
  spans:  {"item": "doc1", "annotator": "ann1", "spans": [{"start": 0, "end": 11, "type": "PERSON"}]}
          character offsets, end exclusive; "spans": [] when the annotator found none;
          an optional "text" field is checked to hold every span
The first line decides which kind the file holds.

Metrics for labels: cohen, cohen-linear, cohen-quadratic, scott (mean over pairs of annotators
when there are more than two), fleiss, alpha-nominal, alpha-ordinal, alpha-interval, alpha-ratio.
Numbers order themselves; string labels need --order for the ordered metrics (skipped otherwise).
Weighted kappas weigh by position in that order (all labels in the file, lowest first); interval
alpha over string labels places them at 1, 2, 3, …; ratio alpha needs numeric labels.
--bootstrap resamples items with replacement (seeded: the same seed gives the same interval).
Metrics for spans: span-exact (same start, end and type), span-overlap (same type, overlapping),
F1 between each pair of annotators and its mean.
With --gold, that annotator is left out of the agreement and every other one is scored against it
(labels: accuracy and kappa; spans: precision, recall and F1).
Exit codes: 0 ok, 2 bad input.`;

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/**
 * The agreement report as a table for a terminal.
 *
 * @example
 * formatAgreementReport(report, 'annotations.jsonl');
 * // annotations.jsonl: labels, 20 items, 3 annotators (ann1, ann2, ann3)
 * // metric            value  items  annotators …
 */
export function formatAgreementReport(report: AgreementReport, file: string): string {
  const out: string[] = [];
  const gold = report.gold === undefined ? '' : `, gold: ${report.gold}`;
  out.push(
    `${file}: ${report.kind}, ${report.items} items, ${report.annotators.length} annotators (${report.annotators.join(', ')})${gold}`,
  );
  if (report.metrics.length > 0) {
    const withCi = report.metrics.some((m) => m.ci);
    out.push('');
    out.push(
      `${'metric'.padEnd(18)}${'value'.padStart(8)}${'items'.padStart(8)}${'annotators'.padStart(12)}${withCi ? '  95% interval' : ''}`,
    );
    for (const m of report.metrics) {
      const ci = m.ci ? `  [${fixed(m.ci.low)}, ${fixed(m.ci.high)}]` : '';
      out.push(
        `${m.metric.padEnd(18)}${fixed(m.value).padStart(8)}${String(m.items).padStart(8)}${String(m.annotators).padStart(12)}${ci}`,
      );
    }
  }
  if (report.againstGold.length > 0) {
    out.push('');
    if (report.kind === 'labels') {
      out.push(
        `${'against gold'.padEnd(18)}${'items'.padStart(8)}${'accuracy'.padStart(10)}${'kappa'.padStart(8)}`,
      );
      for (const g of report.againstGold) {
        out.push(
          `${g.annotator.padEnd(18)}${String(g.items).padStart(8)}${fixed(g.accuracy ?? Number.NaN).padStart(10)}${fixed(g.kappa ?? Number.NaN).padStart(8)}`,
        );
      }
    } else {
      const head = ['exact P', 'exact R', 'exact F1', 'overlap P', 'overlap R', 'overlap F1'];
      out.push(
        `${'against gold'.padEnd(18)}${'items'.padStart(8)}${head.map((h) => h.padStart(11)).join('')}`,
      );
      for (const g of report.againstGold) {
        const s = [g.exact, g.overlap].flatMap((x) => (x ? [x.precision, x.recall, x.f1] : [Number.NaN]));
        out.push(
          `${g.annotator.padEnd(18)}${String(g.items).padStart(8)}${s.map((x) => fixed(x).padStart(11)).join('')}`,
        );
      }
    }
  }
  if (report.notes.length > 0) {
    out.push('');
    for (const note of report.notes) out.push(`note: ${note}`);
  }
  return `${out.join('\n')}\n`;
}

export function registerAgree(program: Command, run: Runner): void {
  program
    .command('agree')
    .description('annotator agreement: kappas, Krippendorff alpha, span F1, accuracy against gold')
    .argument('<annotations>', 'annotations file (JSONL, one annotation per line)')
    .option('--gold <name>', 'the gold annotator: scored against, left out of the agreement')
    .option('--metric <names>', 'metrics to compute, comma-separated (default: all that apply)', list)
    .option('--order <labels>', 'string labels in order, lowest first, e.g. neg,neutral,pos', list)
    .option('--bootstrap <n>', "bootstrap samples for alpha's 95% interval (default 0: none)", parseSamples)
    .option('--seed <n>', 'seed of the bootstrap', parseSeed)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', FORMAT)
    .action(
      (
        file: string,
        opts: {
          gold?: string;
          metric?: string[];
          order?: string[];
          bootstrap?: number;
          seed?: number;
          json?: boolean;
        },
      ) =>
        run(opts.json === true, async () => {
          const { agreementReport, readAnnotations } = await import('../../validate/annotations.js');
          const report = agreementReport(readAnnotations(file), {
            ...(opts.gold === undefined ? {} : { gold: opts.gold }),
            ...(opts.metric === undefined ? {} : { metrics: opts.metric }),
            ...(opts.order === undefined ? {} : { order: opts.order }),
            ...(opts.bootstrap === undefined ? {} : { bootstrap: opts.bootstrap }),
            ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ ok: true, file, ...report }, null, 2)}\n`);
            return;
          }
          process.stdout.write(formatAgreementReport(report, file));
        }),
    );
}
