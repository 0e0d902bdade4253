/**
 * `npm run bench [-- --json] [-- --runs N] [-- --scale X]`: trainkit generate on the benchmark
 * spec against a hand-written faker loop making the same columns and rows, one core each, CSV
 * out, measured in the same run. Each side runs N times (default 3) alternately; medians are
 * reported.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, median, pinned, runJson } from './run-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { json, flag } = benchArgs();
const runs = flag('--runs', 3);
const scale = flag('--scale', 1);
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const spec = join(root, 'bench', 'specs', 'bench.yaml');
const out = join(root, 'bench', 'out');

interface GenSummary {
  rows: number;
  rowsPerSec: number;
  peakRssMb: number;
  manifest: { tables: { name: string; rows: number }[] };
}
interface BaseSummary {
  rows: number;
  rowsPerSec: number;
  peakRssMb: number;
}

const tk: GenSummary[] = [];
const base: BaseSummary[] = [];
for (let r = 0; r < runs; r++) {
  const g = runJson<GenSummary>(join(here, 'cli-entry.js'), [
    cli,
    'generate',
    spec,
    '--out',
    join(out, 'trainkit'),
    '--format',
    'csv',
    '--scale',
    String(scale),
    '--json',
  ]);
  tk.push(g);
  const rows = Object.fromEntries(g.manifest.tables.map((t) => [t.name, t.rows]));
  base.push(
    runJson<BaseSummary>(join(here, 'faker-baseline.js'), [
      join(out, 'baseline'),
      String(rows.customers),
      String(rows.products),
      String(rows.orders),
    ]),
  );
  if (!json) {
    process.stderr.write(
      `run ${r + 1}/${runs}: trainkit ${Math.round(tk[r]!.rowsPerSec)} rows/s, faker loop ${Math.round(base[r]!.rowsPerSec)} rows/s\n`,
    );
  }
}
rmSync(out, { recursive: true, force: true });

const trainkitRowsPerSec = median(tk.map((t) => t.rowsPerSec));
const baselineRowsPerSec = median(base.map((b) => b.rowsPerSec));
const result = {
  rows: tk[0]!.rows,
  runs,
  trainkitRowsPerSec: Math.round(trainkitRowsPerSec),
  baselineRowsPerSec: Math.round(baselineRowsPerSec),
  ratio: Number((trainkitRowsPerSec / baselineRowsPerSec).toFixed(2)),
  peakRssMb: Math.round(median(tk.map((t) => t.peakRssMb))),
  pinnedToOneCore: pinned,
  baselinePeakRssMb: Math.round(median(base.map((b) => b.peakRssMb))),
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    `${[
      `benchmark spec: ${result.rows.toLocaleString('en-US')} rows, 30 columns, 3 tables, CSV, ${pinned ? 'pinned to one core' : 'one process each'} (median of ${runs} runs)`,
      `  trainkit generate   ${result.trainkitRowsPerSec.toLocaleString('en-US').padStart(10)} rows/s   peak RSS ${result.peakRssMb} MB`,
      `  faker loop          ${result.baselineRowsPerSec.toLocaleString('en-US').padStart(10)} rows/s   peak RSS ${result.baselinePeakRssMb} MB`,
      `  ratio               ${result.ratio}×`,
    ].join('\n')}\n`,
  );
}
