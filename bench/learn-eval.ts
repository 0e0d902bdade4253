/**
 * `npm run eval:learn [-- --json] [-- --runs N]`: the bars of `trainkit learn` (issue #8), measured.
 * 1. Adult (../shared/data/adult/adult.csv): learn a spec from the `split == train` rows (the
 *    `split` column dropped) with `--target income`, generate as many rows (32,561), and score the
 *    result with the validate module against the train split: SDMetrics' quality score,
 *    train-on-synthetic ROC AUC on the test split (and the real-trained AUC beside it), DCR
 *    baseline protection and the exact-copy rate against the rate the test split (a holdout)
 *    shows. Learn + generate is timed in this process, N runs, median.
 * 2. Chinook (../shared/data/chinook/Chinook_Sqlite.sqlite): learn all 11 tables with their keys,
 *    generate into SQLite, and compute CardinalityShapeSimilarity for every declared foreign key.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateToDirectory } from '../src/generate/index.js';
import { openSqlite } from '../src/io/index.js';
import { learnSource } from '../src/learn/index.js';
import { cardinalityShapeSimilarity, validateData } from '../src/validate/index.js';
import { benchArgs, median } from './run-node.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// built into dist/bench, or run from bench/ with tsx
const root = existsSync(join(here, '..', 'package.json')) ? join(here, '..') : join(here, '..', '..');
const { json, flag } = benchArgs();
const runs = flag('--runs', 3);
const data = join(root, '..', 'shared', 'data');
const out = join(root, 'bench', 'out', 'learn');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Adult's splits as two CSV files without the split column
const lines = readFileSync(join(data, 'adult', 'adult.csv'), 'utf8')
  .trimEnd()
  .split(/\r?\n/);
const header = lines[0]!.split(',');
const split = header.indexOf('split');
const keep = (cells: string[]) => cells.filter((_, i) => i !== split).join(',');
const rows = lines.slice(1).map((l) => l.split(','));
const train = join(out, 'adult-train.csv');
const test = join(out, 'adult-test.csv');
writeFileSync(
  train,
  `${keep(header)}\n${rows
    .filter((r) => r[split] === 'train')
    .map(keep)
    .join('\n')}\n`,
);
writeFileSync(
  test,
  `${keep(header)}\n${rows
    .filter((r) => r[split] === 'test')
    .map(keep)
    .join('\n')}\n`,
);

const seconds: number[] = [];
const learnSeconds: number[] = [];
let adultDir = '';
for (let run = 0; run < runs; run++) {
  const t0 = performance.now();
  const learned = await learnSource(train, { target: 'income' });
  const t1 = performance.now();
  adultDir = join(out, `adult-${run}`);
  await generateToDirectory(learned.spec, { out: adultDir, format: 'csv' });
  seconds.push((performance.now() - t0) / 1000);
  learnSeconds.push((t1 - t0) / 1000);
  if (run === 0) writeFileSync(join(out, 'adult.yaml'), learned.yaml);
}
const report = await validateData({
  data: adultDir,
  spec: join(out, 'adult.yaml'),
  reference: train,
  holdout: test,
  target: 'income',
  test,
  quality: false,
});
const utility = report.utility as { synthetic: { rocAuc: number }; real?: { rocAuc: number } };
const privacy = report.privacy as {
  exactCopies: { rate: number; holdoutRate?: number };
  dcr: { baselineProtection: { score: number } };
};
const adult = {
  quality: report.fidelity!.score,
  columnShapes: report.fidelity!.properties.columnShapes,
  columnPairTrends: report.fidelity!.properties.columnPairTrends,
  tstrRocAuc: utility.synthetic.rocAuc,
  realRocAuc: utility.real?.rocAuc ?? Number.NaN,
  dcrBaselineProtection: privacy.dcr.baselineProtection.score,
  exactCopyRate: privacy.exactCopies.rate,
  holdoutExactCopyRate: privacy.exactCopies.holdoutRate ?? Number.NaN,
  learnGenerateSeconds: median(seconds),
  learnSeconds: median(learnSeconds),
};

// Chinook: every table, keys from the file; child counts per declared foreign key
const chinookFile = join(data, 'chinook', 'Chinook_Sqlite.sqlite');
const c0 = performance.now();
const chinook = await learnSource(chinookFile);
const chinookDir = join(out, 'chinook');
await generateToDirectory(chinook.spec, { out: chinookDir, format: 'sqlite' });
const chinookSeconds = (performance.now() - c0) / 1000;
type Db = { prepare(sql: string): { all(...a: unknown[]): Record<string, unknown>[] }; close(): void };
const real = (await openSqlite(chinookFile)) as unknown as Db;
const synth = (await openSqlite(join(chinookDir, `${chinook.spec.name}.sqlite`))) as unknown as Db;
const column = (db: Db, table: string, col: string) =>
  db
    .prepare(`SELECT "${col}" AS v FROM "${table}"`)
    .all()
    .map((r) => r.v);
const relations: { child: string; parent: string; score: number }[] = [];
for (const { name } of real
  .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  .all() as { name: string }[]) {
  for (const fk of real
    .prepare('SELECT "table" AS t, "from" AS f, "to" AS c FROM pragma_foreign_key_list(?)')
    .all(name)) {
    const [parent, from, to] = [String(fk.t), String(fk.f), String(fk.c)];
    relations.push({
      child: `${name}.${from}`,
      parent: `${parent}.${to}`,
      score: cardinalityShapeSimilarity(
        column(real, parent, to),
        column(real, name, from),
        column(synth, parent, to),
        column(synth, name, from),
      ),
    });
  }
}
real.close();
synth.close();
const result = {
  adult,
  chinook: {
    tables: Object.keys(chinook.spec.tables).length,
    seconds: chinookSeconds,
    minCardinalityShape: Math.min(...relations.map((r) => r.score)),
    relations,
  },
};

if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const f = (x: number) => x.toFixed(3);
  const line = (name: string, value: string, bar: string, ok: boolean) =>
    `  ${ok ? '✔' : '✖'} ${name.padEnd(44)} ${value.padStart(10)}   bar ${bar}\n`;
  process.stdout.write(
    `Adult, learned from the train split (${runs} runs; quality, utility and privacy of the last)\n`,
  );
  process.stdout.write(
    line(
      'quality score (SDMetrics formulas)',
      f(adult.quality),
      '≥ 0.90 (SDV GC 0.81)',
      adult.quality >= 0.9,
    ),
  );
  process.stdout.write(
    `      column shapes ${f(adult.columnShapes)}, column pair trends ${f(adult.columnPairTrends)}\n`,
  );
  process.stdout.write(
    line(
      'TSTR ROC AUC on the test split',
      f(adult.tstrRocAuc),
      `≥ 0.88 (real-trained ${f(adult.realRocAuc)})`,
      adult.tstrRocAuc >= 0.88,
    ),
  );
  process.stdout.write(
    line(
      'DCR baseline protection',
      f(adult.dcrBaselineProtection),
      '≥ 0.5',
      adult.dcrBaselineProtection >= 0.5,
    ),
  );
  process.stdout.write(
    line(
      'exact copies of training rows',
      `${(100 * adult.exactCopyRate).toFixed(2)}%`,
      `≤ holdout ${(100 * adult.holdoutExactCopyRate).toFixed(2)}%`,
      adult.exactCopyRate <= adult.holdoutExactCopyRate,
    ),
  );
  process.stdout.write(
    line(
      'learn + generate 32k rows, seconds (median)',
      adult.learnGenerateSeconds.toFixed(2),
      '< 10 s',
      adult.learnGenerateSeconds < 10,
    ),
  );
  process.stdout.write(
    `Chinook, 11 tables from the SQLite file: learned and generated in ${chinookSeconds.toFixed(2)} s\n`,
  );
  for (const r of relations)
    process.stdout.write(
      line(`CardinalityShapeSimilarity ${r.child} → ${r.parent}`, f(r.score), '≥ 0.85', r.score >= 0.85),
    );
}
