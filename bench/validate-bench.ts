/**
 * `npm run bench:validate [-- --json] [-- --runs N]`: the validation bars, measured.
 * 1. Conformance: 1M rows × 30 columns (bench/specs/validate.yaml, generated once into
 *    bench/out/validate) checked against their spec, on one core
 *    (`trainkit validate DATA --spec SPEC --no-quality`). Bar: under 30 s. The default run, which
 *    adds the data-quality part on a 50k-row sample read in the same pass, is timed beside it.
 * 2. Fidelity + privacy: 50k rows × 15 columns of Adult. The reference is the training split
 *    (32,561 rows), the "synthetic" table 50k rows drawn from the whole file with a seeded
 *    shuffle of each column (a stand-in that keeps marginals and breaks rows), the holdout the
 *    test split. Bar: under 60 s. SDMetrics' DCR metric alone took about 170 s on 5k rows here;
 *    Python is not installable on these machines, so that figure is quoted, not rerun.
 * Medians of N runs (default 3); every run is a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/random/index.js';
import { benchArgs, median } from './run-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { json, flag } = benchArgs();
const runs = flag('--runs', 3);
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const out = join(root, 'bench', 'out');
const spec = join(root, 'bench', 'specs', 'validate.yaml');
const data = join(out, 'validate');

function trainkit(args: string[]): { seconds: number; text: string } {
  const t0 = performance.now();
  let text = '';
  try {
    text = execFileSync(process.execPath, [join(here, 'cli-entry.js'), cli, ...args], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (e) {
    // exit 1 (checks failed) still prints the report
    text = (e as { stdout?: string }).stdout ?? '';
  }
  return { seconds: (performance.now() - t0) / 1000, text };
}

if (!existsSync(join(data, 'manifest.json'))) {
  if (!json) process.stderr.write('generating 1M rows × 30 columns once into bench/out/validate …\n');
  trainkit(['generate', spec, '--out', data, '--workers', '2']);
}

// the fidelity/privacy inputs: Adult's train split, a column-shuffled 50k sample, the test split
const adult = join(root, '..', 'shared', 'data', 'adult', 'adult.csv');
const fp = join(out, 'validate-fp');
mkdirSync(fp, { recursive: true });
{
  const lines = readFileSync(adult, 'utf8').trimEnd().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const split = header.indexOf('split');
  const keep = header.map((_, i) => i).filter((i) => i !== split);
  const rows = lines.slice(1).map((l) => l.split(','));
  const pick = (r: string[]) => keep.map((i) => r[i]).join(',');
  const head = keep.map((i) => header[i]).join(',');
  writeFileSync(
    join(fp, 'train.csv'),
    `${head}\n${rows
      .filter((r) => r[split] === 'train')
      .map(pick)
      .join('\n')}\n`,
  );
  writeFileSync(
    join(fp, 'holdout.csv'),
    `${head}\n${rows
      .filter((r) => r[split] === 'test')
      .map(pick)
      .join('\n')}\n`,
  );
  const rng = Rng.from(['validate-bench']);
  const n = 50_000;
  const cols = keep.map((i) => Array.from({ length: n }, () => rows[rng.below(rows.length)]![i]!));
  const synth = Array.from({ length: n }, (_, r) => cols.map((c) => c[r]).join(','));
  writeFileSync(join(fp, 'synthetic.csv'), `${head}\n${synth.join('\n')}\n`);
}

const conformance: number[] = [];
const withQuality: number[] = [];
const fidelityPrivacy: number[] = [];
let checks = '';
let score = 0;
for (let r = 0; r < runs; r++) {
  const c = trainkit(['validate', data, '--spec', spec, '--no-quality', '--json']);
  conformance.push(c.seconds);
  const q = trainkit(['validate', data, '--spec', spec, '--json']);
  withQuality.push(q.seconds);
  const report = JSON.parse(c.text) as { summary: { checks: number; failed: number } };
  checks = `${report.summary.checks} checks, ${report.summary.failed} failed`;
  const f = trainkit([
    'validate',
    join(fp, 'synthetic.csv'),
    '--reference',
    join(fp, 'train.csv'),
    '--holdout',
    join(fp, 'holdout.csv'),
    '--json',
  ]);
  fidelityPrivacy.push(f.seconds);
  score = (JSON.parse(f.text) as { fidelity: { score: number } }).fidelity.score;
  if (!json)
    process.stderr.write(
      `run ${r + 1}/${runs}: conformance ${c.seconds.toFixed(1)} s (with quality ${q.seconds.toFixed(1)} s), fidelity + privacy ${f.seconds.toFixed(1)} s\n`,
    );
}
const result = {
  conformanceSeconds: median(conformance),
  conformanceBar: 30,
  withQualitySeconds: median(withQuality),
  fidelityPrivacySeconds: median(fidelityPrivacy),
  fidelityPrivacyBar: 60,
  conformanceChecks: checks,
  fidelityScore: score,
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `conformance, 1M rows × 30 columns against the spec: ${result.conformanceSeconds.toFixed(1)} s (bar 30 s; ${checks})`,
      `  the default run, adding the data-quality part on a 50k-row sample: ${result.withQualitySeconds.toFixed(1)} s`,
      `fidelity + privacy, 50k × 15 against 32,561 real rows with a 16,281-row holdout: ${result.fidelityPrivacySeconds.toFixed(1)} s (bar 60 s; quality score ${Number(score).toFixed(3)})`,
      `  medians of ${runs} runs; SDMetrics' DCR alone took ~170 s on 5k rows on these machines (quoted, not rerun)`,
    ].join('\n') + '\n',
  );
}
