/**
 * `npm run bench:memory [-- --json]`: peak RSS of `trainkit generate` on the benchmark spec at
 * 1M rows and at 10M rows (CSV, one core). Memory must stay flat as rows grow: the bar is
 * < 300 MB at 10M and < 20% growth from 1M to 10M. Medians of three runs at each scale.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, runJson } from './run-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const json = process.argv.includes('--json');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const spec = join(root, 'bench', 'specs', 'bench.yaml');
const out = join(root, 'bench', 'out', 'memory');

interface GenSummary {
  rows: number;
  rowsPerSec: number;
  peakRssMb: number;
}

function run(scale: number): GenSummary {
  const r = runJson<GenSummary>(join(here, 'cli-entry.js'), [
    cli,
    'generate',
    spec,
    '--out',
    out,
    '--scale',
    String(scale),
    '--json',
  ]);
  rmSync(out, { recursive: true, force: true });
  if (!json) process.stderr.write(`scale ${scale}: ${r.rows} rows, peak RSS ${r.peakRssMb.toFixed(0)} MB\n`);
  return r;
}

// V8 collects the old generation late and at moments that vary from run to run, so a single
// run's peak is noisy: each scale runs three times (alternating) and the medians are compared
const small: GenSummary[] = [];
const large: GenSummary[] = [];
for (let i = 0; i < 3; i++) {
  small.push(run(1));
  large.push(run(10));
}
const peak1M = median(small.map((s) => s.peakRssMb));
const peak10M = median(large.map((s) => s.peakRssMb));
const result = {
  rows1M: small[0]!.rows,
  rows10M: large[0]!.rows,
  peakRssMb1M: Math.round(peak1M),
  peakRssMb10M: Math.round(peak10M),
  growthPct: Number((((peak10M - peak1M) / peak1M) * 100).toFixed(1)),
  rowsPerSec10M: Math.round(median(large.map((s) => s.rowsPerSec))),
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    `peak RSS: ${result.peakRssMb1M} MB at ${result.rows1M.toLocaleString('en-US')} rows, ${result.peakRssMb10M} MB at ${result.rows10M.toLocaleString('en-US')} rows (growth ${result.growthPct}%)\n`,
  );
}
