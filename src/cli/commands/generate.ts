import { type Command, InvalidArgumentError, Option } from 'commander';
import { userError } from '../../errors/index.js';
import { parseScale, parseSeed, parseShard, parseWorkers } from '../options.js';
import { ProgressBar } from '../progress.js';
import type { Runner } from '../runner.js';

interface GenerateFlags {
  out?: string;
  target?: string;
  replace?: boolean;
  batchRows?: number;
  format?: 'csv' | 'jsonl' | 'sqlite';
  seed?: number;
  scale?: number;
  json?: boolean;
  workers?: number;
  shard?: { index: number; count: number };
  split?: string;
  stratify?: string;
  groupBy?: string;
  ner?: 'spans' | 'conll' | 'tokens';
}

export function registerGenerate(program: Command, run: Runner): void {
  program
    .command('generate')
    .description('generate a dataset from a spec into a directory or a database, with manifest.json')
    .argument('<spec>', 'spec file (YAML or JSON)')
    .option('-o, --out <dir>', 'output directory (with --target: where manifest.json goes)')
    .option(
      '-t, --target <location>',
      'postgres://…, mysql://… or mariadb://…, duckdb:FILE, sqlite:FILE, parquet:DIR, sql:FILE.sql[?dialect=postgres|mysql|sqlite], or a directory',
    )
    .option('--replace', 'drop and recreate tables (or overwrite the file) the target already has')
    .option(
      '--batch-rows <n>',
      'PostgreSQL: commit every n rows; a rerun continues an interrupted load',
      parseBatchRows,
    )
    .addOption(
      new Option('-f, --format <format>', 'file format of a directory output (default csv)').choices([
        'csv',
        'jsonl',
        'sqlite',
      ]),
    )
    .option('--seed <n>', "random seed (overrides the spec's)", parseSeed)
    .option('--scale <x>', 'multiply the row counts of root tables', parseScale)
    .option(
      '--workers <n>',
      'threads that make rows: the main one and n-1 workers (the output is the same for any number)',
      parseWorkers,
    )
    .option(
      '--shard <i/n>',
      'make only shard i of n (1-based); concatenated shards equal the whole run',
      parseShard,
    )
    .option('--split <shares>', 'write splits, e.g. train=0.8,val=0.1,test=0.1, each a folder')
    .option('--stratify <column>', "keep this label's rate in every split (default: the label column)")
    .option('--group-by <column>', 'keep all rows of one entity (e.g. customer_id) in one split')
    .addOption(
      new Option('--ner <format>', 'also write text columns with spans as NER training files').choices([
        'spans',
        'conll',
        'tokens',
      ]),
    )
    .option('--json', 'print a machine-readable summary on stdout')
    .action((specFile: string, opts: GenerateFlags) =>
      run(opts.json === true, async () => {
        if (opts.split === undefined && (opts.stratify !== undefined || opts.groupBy !== undefined)) {
          throw userError(
            'invalid_option',
            `--${opts.stratify !== undefined ? 'stratify' : 'group-by'} needs --split`,
            {
              hint: 'add e.g. --split train=0.8,test=0.2',
            },
          );
        }
        const dirTarget = await directoryOf(opts);
        if (dirTarget === undefined) {
          await generateIntoTarget(specFile, opts);
          return;
        }
        const [{ loadSpec }, { generateToDirectory, parseSplit }] = await Promise.all([
          import('../../spec/index.js'),
          import('../../generate/index.js'),
        ]);
        const { spec, source } = loadSpec(specFile);
        const out = dirTarget;
        const format = opts.format ?? 'csv';
        const bar = new ProgressBar(spec.name, process.stderr, process.stderr.isTTY === true && !opts.json);
        const started = performance.now();
        const { manifest } = await generateToDirectory(spec, {
          out,
          format,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.scale === undefined ? {} : { scale: opts.scale }),
          ...(opts.workers === undefined ? {} : { workers: opts.workers }),
          ...(opts.shard === undefined ? {} : { shard: opts.shard }),
          ...(opts.ner === undefined ? {} : { ner: opts.ner }),
          ...(opts.split === undefined
            ? {}
            : {
                split: {
                  shares: parseSplit(opts.split),
                  ...(opts.stratify === undefined ? {} : { stratify: opts.stratify }),
                  ...(opts.groupBy === undefined ? {} : { groupBy: opts.groupBy }),
                },
              }),
          onProgress: (d, t) => bar.update(d, t),
        })
          .catch((e: unknown) => {
            throw source?.relocate(e) ?? e;
          })
          .finally(() => bar.finish());
        const seconds = (performance.now() - started) / 1000;
        const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
        if (opts.json) {
          const peakRssMb = process.resourceUsage().maxRSS / 1024;
          const summary = {
            ok: true,
            out,
            seconds,
            rows,
            rowsPerSec: rows / seconds,
            peakRssMb,
            manifest,
          };
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const lines = [
          `Generated ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)}s into ${out}/ (${format})`,
        ];
        for (const t of manifest.tables) {
          lines.push(
            `  ${t.name.padEnd(20)} ${t.rows.toLocaleString('en-US').padStart(12)} rows${t.file ? `  ${t.file}` : ''}`,
          );
        }
        for (const f of manifest.files)
          if (!manifest.tables.some((t) => t.file === f.path)) lines.push(`  ${f.path}`);
        lines.push('  manifest.json');
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}

function parseBatchRows(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('the batch size must be a whole number of rows such as 100000');
  return n;
}

/**
 * The output directory when the run writes into one (`--out DIR`, or `--target` naming a plain
 * path); undefined for any other target. Contradictory flags are user errors.
 */
async function directoryOf(opts: GenerateFlags): Promise<string | undefined> {
  if (opts.target === undefined) {
    if (opts.out === undefined)
      throw userError('invalid_option', 'Say where to write: --out DIR or --target LOCATION', {
        hint: 'e.g. --out out/ or --target postgres://localhost/shop',
      });
    if (opts.replace || opts.batchRows !== undefined)
      throw userError('invalid_option', `--${opts.replace ? 'replace' : 'batch-rows'} needs --target`, {
        hint: 'add e.g. --target postgres://localhost/shop',
      });
    return opts.out;
  }
  const { parseLocation } = await import('../../io/db/index.js');
  const location = parseLocation(opts.target);
  if (location.kind === 'path') {
    if (opts.out !== undefined)
      throw userError('invalid_option', '--target names a directory and so does --out', {
        hint: 'give one of them',
      });
    return location.path;
  }
  for (const [flag, set] of [
    ['format', opts.format],
    ['split', opts.split],
    ['ner', opts.ner],
    ['shard', opts.shard],
  ] as const) {
    if (set !== undefined)
      throw userError(
        'invalid_option',
        `--${flag} writes files into a directory, not into ${opts.target.split(':')[0]}:`,
        {
          hint: '--target a directory (or --out DIR) for that, or leave the flag out',
        },
      );
  }
  if (opts.batchRows !== undefined && location.kind !== 'postgres')
    throw userError('invalid_option', '--batch-rows is for a PostgreSQL target', {
      hint: 'leave it out: other targets load in one transaction or write a file atomically',
    });
  return undefined;
}

/** `generate --target` into a database, a database file, a SQL script or Parquet files. */
async function generateIntoTarget(specFile: string, opts: GenerateFlags): Promise<void> {
  const [{ loadSpec }, { generateToTarget }] = await Promise.all([
    import('../../spec/index.js'),
    import('../../generate/index.js'),
  ]);
  const { spec, source } = loadSpec(specFile);
  const bar = new ProgressBar(spec.name, process.stderr, process.stderr.isTTY === true && !opts.json);
  const started = performance.now();
  const result = await generateToTarget(spec, {
    target: opts.target!,
    ...(opts.out === undefined ? {} : { manifestDir: opts.out }),
    ...(opts.replace === undefined ? {} : { replace: opts.replace }),
    ...(opts.batchRows === undefined ? {} : { batchRows: opts.batchRows }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.scale === undefined ? {} : { scale: opts.scale }),
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    onProgress: (d, t) => bar.update(d, t),
  })
    .catch((e: unknown) => {
      throw source?.relocate(e) ?? e;
    })
    .finally(() => bar.finish());
  const { manifest } = result;
  const seconds = (performance.now() - started) / 1000;
  const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
  if (opts.json) {
    const summary = {
      ok: true,
      target: result.target,
      seconds,
      rows,
      rowsPerSec: rows / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      manifest,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const lines = [
    `Generated ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)}s into ${result.target} (${manifest.format})`,
  ];
  for (const t of manifest.tables)
    lines.push(`  ${t.name.padEnd(20)} ${t.rows.toLocaleString('en-US').padStart(12)} rows`);
  for (const f of manifest.files) lines.push(`  ${f.path}`);
  if (result.manifestPath) lines.push(`  ${result.manifestPath}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
