import { type Command, Option } from 'commander';
import { userError } from '../../errors/index.js';
import { parseScale, parseSeed, parseShard, parseWorkers } from '../options.js';
import { ProgressBar } from '../progress.js';
import type { Runner } from '../runner.js';

interface GenerateFlags {
  out: string;
  format: 'csv' | 'jsonl' | 'sqlite';
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
    .description('generate a dataset from a spec into a directory, with manifest.json')
    .argument('<spec>', 'spec file (YAML or JSON)')
    .requiredOption('-o, --out <dir>', 'output directory')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['csv', 'jsonl', 'sqlite']).default('csv'),
    )
    .option('--seed <n>', "random seed (overrides the spec's)", parseSeed)
    .option('--scale <x>', 'multiply the row counts of root tables', parseScale)
    .option('--workers <n>', 'worker threads (the output is the same for any number)', parseWorkers)
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
        const [{ loadSpec }, { generateToDirectory, parseSplit }] = await Promise.all([
          import('../../spec/index.js'),
          import('../../generate/index.js'),
        ]);
        const { spec, source } = loadSpec(specFile);
        const bar = new ProgressBar(spec.name, process.stderr, process.stderr.isTTY === true && !opts.json);
        const started = performance.now();
        const { manifest } = await generateToDirectory(spec, {
          out: opts.out,
          format: opts.format,
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
            out: opts.out,
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
          `Generated ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)}s into ${opts.out}/ (${opts.format})`,
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
