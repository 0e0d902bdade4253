/**
 * `npm run bench:load [-- --json] [-- --runs N]`: loading into PostgreSQL against the physical floor.
 * The spec (bench/specs/load.yaml: 4 tables, about 1M rows, foreign keys, unique e-mails and SKUs)
 * is generated once to CSV (bench/out/load-csv). Then, N times (default 3), in one run:
 *   (a) trainkit: `trainkit generate SPEC --target postgres://…/tk_bench` into an empty database,
 *       end to end in a fresh process — planning, generation, CREATE TABLE, COPY, commit;
 *   (b) the floor: the same tables, created empty from (a)'s schema (`pg_dump --schema-only`, so
 *       the same constraints and indexes), loaded from the CSV files with
 *       `psql -c "\copy table FROM 'file.csv' CSV HEADER"`, parents first.
 * Both figures are rows per second; the ratio trainkit / floor is what the bar (≥ 0.5) is about.
 * Medians of N runs. The server is TRAINKIT_BENCH_PG (default postgres://postgres@127.0.0.1:5432).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, median } from './run-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { json, flag } = benchArgs();
const runs = flag('--runs', 3);
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const spec = join(root, 'bench', 'specs', 'load.yaml');
const csv = join(root, 'bench', 'out', 'load-csv');
const server = new URL(process.env.TRAINKIT_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432');
const db = (name: string) => {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
};

function run(cmd: string, args: readonly string[], input?: string): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'],
    ...(input === undefined ? {} : { input }),
  });
}

const psql = (database: string, ...commands: string[]) =>
  run('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', db(database), ...commands.flatMap((c) => ['-c', c])]);

function freshDatabase(name: string): void {
  psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`);
}

function trainkit(args: readonly string[]): string {
  return run(process.execPath, [join(here, 'cli-entry.js'), cli, ...args]);
}

function seconds(f: () => void): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

if (!existsSync(join(csv, 'manifest.json'))) {
  if (!json) process.stderr.write('generating the benchmark data once into bench/out/load-csv …\n');
  trainkit(['generate', spec, '--out', csv]);
}
const manifest = JSON.parse(readFileSync(join(csv, 'manifest.json'), 'utf8')) as {
  tables: { name: string; rows: number; file: string }[];
};
const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);

const ours: number[] = [];
const floor: number[] = [];
for (let r = 0; r < runs; r++) {
  freshDatabase('tk_bench');
  const a = seconds(() => trainkit(['generate', spec, '--target', db('tk_bench')]));
  const schema = run('pg_dump', ['--schema-only', '--no-owner', '-d', db('tk_bench')]);
  freshDatabase('tk_bench_copy');
  run('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', db('tk_bench_copy')], schema);
  const b = seconds(() =>
    psql(
      'tk_bench_copy',
      ...manifest.tables.map((t) => `\\copy "${t.name}" FROM '${join(csv, t.file)}' CSV HEADER`),
    ),
  );
  // the same rows arrived both ways
  const count = (name: string) =>
    Number(
      psql(
        name,
        `\\pset tuples_only on`,
        manifest.tables.map((t) => `SELECT count(*) FROM "${t.name}"`).join(' UNION ALL '),
      )
        .split('\n')
        .filter(Boolean)
        .reduce((s, x) => s + Number(x), 0),
    );
  const got = [count('tk_bench'), count('tk_bench_copy')];
  if (got[0] !== rows || got[1] !== rows) throw new Error(`row counts ${got.join(', ')} ≠ ${rows}`);
  ours.push(rows / a);
  floor.push(rows / b);
  if (!json)
    process.stderr.write(
      `run ${r + 1}/${runs}: trainkit ${a.toFixed(2)} s (${Math.round(rows / a).toLocaleString('en-US')} rows/s), psql \\copy ${b.toFixed(2)} s (${Math.round(rows / b).toLocaleString('en-US')} rows/s)\n`,
    );
}
psql(
  'postgres',
  'DROP DATABASE IF EXISTS tk_bench WITH (FORCE)',
  'DROP DATABASE IF EXISTS tk_bench_copy WITH (FORCE)',
);

const ratios = ours.map((x, i) => x / floor[i]!);
const result = {
  rows,
  trainkitRowsPerSec: Math.round(median(ours)),
  copyRowsPerSec: Math.round(median(floor)),
  ratio: Number(median(ratios).toFixed(3)),
  bar: 0.5,
  runs,
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else
  process.stdout.write(
    [
      `PostgreSQL load of ${rows.toLocaleString('en-US')} rows (4 tables, FK, unique; ${runs} runs, medians):`,
      `  trainkit generate --target postgres://…  ${result.trainkitRowsPerSec.toLocaleString('en-US')} rows/s (generation + CREATE TABLE + COPY, end to end)`,
      `  psql \\copy of the same data as CSV       ${result.copyRowsPerSec.toLocaleString('en-US')} rows/s (the physical floor)`,
      `  ratio ${result.ratio} (median of the per-run ratios; bar ≥ ${result.bar})`,
    ].join('\n') + '\n',
  );
