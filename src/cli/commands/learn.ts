import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT } from '../errors.js';
import { parseSeed } from '../options.js';
import type { Runner } from '../runner.js';

interface LearnFlags {
  out?: string;
  target?: string;
  minCount?: number;
  alpha?: number;
  seed?: number;
  maxRows?: number;
  tables?: string;
  compare?: boolean;
  validate?: boolean;
  test?: string;
  holdout?: string;
  json?: boolean;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!(Number.isInteger(n) && n > 0)) throw new InvalidArgumentError('give a whole number above 0, e.g. 5');
  return n;
}

function parseAlpha(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('give a number between 0 and 1, e.g. 0.01');
  return n;
}

export function registerLearn(program: Command, run: Runner): void {
  program
    .command('learn')
    .description(
      'learn an editable spec from real data: column types, marginals, dependencies, keys; privacy decisions as comments',
    )
    .argument('<source>', 'a CSV, JSONL, Parquet or SQLite file or folder, or a database URL')
    .option('--out <spec.yaml>', 'where to write the spec (default: print it)')
    .option(
      '--target <column>',
      'the column a model will predict: conditioned on, and scored with --validate',
    )
    .option('--min-count <k>', 'values seen fewer times are never written out (default 5)', parsePositive)
    .option('--alpha <p>', 'significance level of the goodness-of-fit tests (default 0.01)', parseAlpha)
    .option('--seed <n>', 'seed of the spec and of sampling', parseSeed)
    .option(
      '--max-rows <n>',
      'learn from a uniform sample of at most this many rows per table (default 200000)',
      parsePositive,
    )
    .option('--tables <a,b>', 'only these tables')
    .option('--no-compare', 'skip comparing dependency models on a generated sample')
    .option(
      '--validate',
      'generate from the spec and validate it against the source (fidelity, privacy, utility)',
    )
    .option(
      '--test <path>',
      'with --validate and --target: real rows to test utility on (default: the source)',
    )
    .option('--holdout <path>', 'with --validate: real rows not learned from, for overfitting protection')
    .option('--json', 'print a JSON summary')
    .action((source: string, opts: LearnFlags) =>
      run(opts.json === true, async () => {
        const [{ comparedTable, learnSource, validateLearned }, { writeFileAtomic }] = await Promise.all([
          import('../../learn/index.js'),
          import('../../io/index.js'),
        ]);
        const learned = await learnSource(source, {
          ...(opts.target ? { target: opts.target } : {}),
          ...(opts.minCount ? { minCount: opts.minCount } : {}),
          ...(opts.alpha ? { alpha: opts.alpha } : {}),
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.maxRows ? { maxRows: opts.maxRows } : {}),
          ...(opts.tables ? { tables: opts.tables.split(',').map((t) => t.trim()) } : {}),
          ...(opts.compare === false ? { compare: false } : {}),
        });
        if (opts.out) writeFileAtomic(opts.out, learned.yaml);
        else if (!opts.json) process.stdout.write(learned.yaml);
        const report = opts.validate
          ? await validateLearned(learned.spec, opts.out, {
              source,
              ...(opts.target ? { target: opts.target } : {}),
              ...(opts.test ? { test: opts.test } : {}),
              ...(opts.holdout ? { holdout: opts.holdout } : {}),
              ...(opts.seed === undefined ? {} : { seed: opts.seed }),
            })
          : undefined;
        const scores = report && {
          quality: report.fidelity?.score,
          columnShapes: report.fidelity?.properties.columnShapes,
          columnPairTrends: report.fidelity?.properties.columnPairTrends,
          tstrRocAuc: (report.utility as { synthetic?: { rocAuc: number } } | undefined)?.synthetic?.rocAuc,
          dcrBaselineProtection: (
            report.privacy as { dcr?: { baselineProtection: { score: number } } } | undefined
          )?.dcr?.baselineProtection.score,
          exactCopies: (report.privacy as { exactCopies?: { rate: number } } | undefined)?.exactCopies?.rate,
          checks: report.summary,
        };
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ spec: opts.out ?? null, seconds: learned.seconds, tables: learned.rows, choices: learned.choices, ...(scores ? { validation: scores } : {}) }, null, 2)}\n`,
          );
        } else {
          const out = opts.out ? process.stdout : process.stderr;
          out.write(
            `✔ learned ${Object.keys(learned.rows).length} table(s) in ${learned.seconds.toFixed(2)}s${opts.out ? ` into ${opts.out}` : ''}\n`,
          );
          for (const [t, n] of Object.entries(learned.rows)) {
            const columns = Object.keys(learned.spec.tables[t]?.columns ?? {}).length;
            out.write(
              `  ${t.padEnd(24)} ${n.toLocaleString('en-US').padStart(10)} rows  ${columns} columns\n`,
            );
          }
          if (scores) {
            const f = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(3));
            out.write(
              `  fidelity${Object.keys(learned.rows).length > 1 ? ` (table ${comparedTable(learned.spec)})` : ''}: quality score ${f(scores.quality)} (column shapes ${f(scores.columnShapes)}, column pair trends ${f(scores.columnPairTrends)})\n`,
            );
            if (scores.tstrRocAuc !== undefined)
              out.write(`  utility: ROC AUC trained on generated data ${f(scores.tstrRocAuc)}\n`);
            if (scores.exactCopies !== undefined)
              out.write(
                `  privacy: exact copies ${(100 * scores.exactCopies).toFixed(2)}%, DCR baseline protection ${f(scores.dcrBaselineProtection)}\n`,
              );
            for (const r of report!.fidelity?.relations ?? [])
              out.write(
                `  ${r.child}.${r.column} → ${r.parent}: referential integrity ${f(r.referentialIntegrity)}, cardinality shape ${f(r.cardinalityShapeSimilarity)}\n`,
              );
            const sum = report!.summary;
            const more = [
              sum.failed ? `${sum.failed} failed` : '',
              sum.warnings ? `${sum.warnings} warnings` : '',
              sum.skipped ? `${sum.skipped} skipped` : '',
            ].filter(Boolean);
            out.write(
              `  checks: ${sum.passed} of ${sum.checks} passed${more.length ? ` (${more.join(', ')})` : ''}\n`,
            );
          }
        }
        if (report?.summary.status === 'fail') process.exitCode = EXIT.checksFailed;
      }),
    );
}
