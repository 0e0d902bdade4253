/**
 * `npm run bench:workers [-- --json] [-- --runs N] [-- --scale X]`: trainkit generate on the
 * benchmark spec with one worker (the main thread) and with two worker threads, CSV out,
 * alternately N times (default 3), medians reported. Checks that both runs wrote the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, median } from './run-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { json, flag } = benchArgs();
const runs = flag('--runs', 3);
const scale = flag('--scale', 2);
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const spec = join(root, 'bench', 'specs', 'bench.yaml');
const out = join(root, 'bench', 'out');

interface GenSummary {
  rows: number;
  rowsPerSec: number;
}

/** One generate run in its own process, on every core (workers need more than one). */
function generate(workers: number): GenSummary {
  const dir = join(out, `w${workers}`);
  rmSync(dir, { recursive: true, force: true });
  const text = execFileSync(
    process.execPath,
    [
      join(here, 'cli-entry.js'),
      cli,
      'generate',
      spec,
      '--out',
      dir,
      '--scale',
      String(scale),
      '--workers',
      String(workers),
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(text) as GenSummary;
}

const hashes = (workers: number) =>
  (
    JSON.parse(readFileSync(join(out, `w${workers}`, 'manifest.json'), 'utf8')) as {
      files: { sha256: string }[];
    }
  ).files
    .map((f) => f.sha256)
    .join();

const one: number[] = [];
const two: number[] = [];
let rows = 0;
let identical = true;
for (let r = 0; r < runs; r++) {
  const a = generate(1);
  const b = generate(2);
  rows = a.rows;
  one.push(a.rowsPerSec);
  two.push(b.rowsPerSec);
  identical &&= hashes(1) === hashes(2);
  if (!json) {
    process.stderr.write(
      `run ${r + 1}/${runs}: 1 worker ${Math.round(a.rowsPerSec)} rows/s, 2 workers ${Math.round(b.rowsPerSec)} rows/s\n`,
    );
  }
}
rmSync(out, { recursive: true, force: true });

const result = {
  rows,
  runs,
  oneWorkerRowsPerSec: Math.round(median(one)),
  twoWorkersRowsPerSec: Math.round(median(two)),
  ratio: Number((median(two) / median(one)).toFixed(2)),
  identicalOutput: identical,
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    `${[
      `benchmark spec at scale ${scale}: ${rows.toLocaleString('en-US')} rows, CSV (median of ${runs} runs)`,
      `  1 worker    ${result.oneWorkerRowsPerSec.toLocaleString('en-US').padStart(10)} rows/s`,
      `  2 workers   ${result.twoWorkersRowsPerSec.toLocaleString('en-US').padStart(10)} rows/s`,
      `  ratio       ${result.ratio}×   output identical: ${identical ? 'yes' : 'NO'}`,
    ].join('\n')}\n`,
  );
}
if (!identical) process.exitCode = 1;
