import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tmp.js';

const dir = tempDir();
const bin = join(process.cwd(), 'bin', 'trainkit.js');

/** Masks what changes from run to run: timings and the temp directory. */
function stable(s: string): string {
  return s.replaceAll(dir, '<dir>').replace(/in \d+\.\d+s/g, 'in <t>s');
}

describe('trainkit generate', () => {
  it('writes a SQLite database whose foreign keys hold, and says what it made', async () => {
    const out = join(dir, 'sqlite');
    const r = await runCli(['generate', 'examples/ecommerce.yaml', '--out', out, '--format', 'sqlite']);
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "Generated 13,135 rows in <t>s into <dir>/sqlite/ (sqlite)
        customers                   1,000 rows
        products                      200 rows
        orders                      4,088 rows
        order_items                 7,847 rows
        ecommerce.sqlite
        manifest.json
      "
    `);
    expect(r.stderr).toBe('');
    const db = new Database(join(out, 'ecommerce.sqlite'), { readonly: true });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const fks = db.pragma('foreign_key_list(order_items)') as { table: string }[];
    expect(fks.map((f) => f.table).sort()).toEqual(['orders', 'products']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      tables: { name: string; rows: number }[];
    };
    for (const t of manifest.tables) {
      expect((db.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n).toBe(t.rows);
    }
    db.close();
    expect(readdirSync(out).sort()).toEqual(['ecommerce.sqlite', 'manifest.json']);
  });

  it('prints a machine-readable summary with --json', async () => {
    const r = await runCli([
      'generate',
      'examples/ecommerce.yaml',
      '--out',
      join(dir, 'j'),
      '--json',
      '--seed',
      '9',
      '--scale',
      '0.5',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      ok: boolean;
      rows: number;
      rowsPerSec: number;
      peakRssMb: number;
      manifest: { seed: number; scale: number; tables: { name: string; rows: number }[] };
    };
    expect(summary.ok).toBe(true);
    expect(summary.manifest.seed).toBe(9);
    expect(summary.manifest.scale).toBe(0.5);
    expect(summary.manifest.tables[0]).toMatchObject({ name: 'customers', rows: 500 });
    expect(summary.rows).toBe(summary.manifest.tables.reduce((s, t) => s + t.rows, 0));
    expect(summary.rowsPerSec).toBeGreaterThan(0);
    expect(summary.peakRssMb).toBeGreaterThan(0);
  });

  it('reports bad input as JSON too, with exit code 2', async () => {
    const r = await runCli([
      'generate',
      'test/fixtures/bad/unknown-kind.yaml',
      '--out',
      join(dir, 'x'),
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchInlineSnapshot(`
      {
        "issues": [
          {
            "code": "unknown_kind",
            "column": 21,
            "file": "test/fixtures/bad/unknown-kind.yaml",
            "hint": "The kinds are: id, integer, number, boolean, category, date, datetime, fake, pattern, template, ref, label, derived, aggregate, object, … (6 more)",
            "line": 7,
            "message": "Unknown column kind "strng"",
            "path": [
              "tables",
              "customers",
              "columns",
              "name",
              "kind",
            ],
          },
        ],
        "ok": false,
      }
    `);
  });

  it('rejects bad flags with exit code 2', async () => {
    const format = await runCli([
      'generate',
      'examples/ecommerce.yaml',
      '--out',
      join(dir, 'x'),
      '--format',
      'xml',
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatchInlineSnapshot(`
      "✖ option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are csv, jsonl, sqlite.
        hint: add --help to see the usage
      "
    `);
    const seed = await runCli([
      'generate',
      'examples/ecommerce.yaml',
      '--out',
      join(dir, 'x'),
      '--seed',
      '-1',
    ]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatchInlineSnapshot(`
      "✖ option '--seed <n>' argument '-1' is invalid. the seed must be a whole number such as 42.
        hint: add --help to see the usage
      "
    `);
    const missing = await runCli(['generate', 'examples/ecommerce.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatchInlineSnapshot(`
      "✖ Say where to write: --out DIR or --target LOCATION
        hint: e.g. --out out/ or --target postgres://localhost/shop
      "
    `);
  });

  it('leaves the output directory untouched when generation fails part way', async () => {
    const out = join(dir, 'keep');
    await runCli(['generate', 'examples/ecommerce.yaml', '--out', out]);
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    const r = await runCli(['generate', 'test/fixtures/bad/impossible.yaml', '--out', out]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(out).filter((f) => f.startsWith('.trainkit-staging'))).toEqual([]);
  });
});

describe('trainkit check and schema', () => {
  it('check summarises a valid spec', async () => {
    const r = await runCli(['check', 'examples/ecommerce.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "✔ examples/ecommerce.yaml is a valid spec (ecommerce)
        customers                   1,000 rows  10 columns
        products                      200 rows  5 columns
        orders                      4,088 rows  5 columns
        order_items                 7,847 rows  5 columns
      "
    `);
  });

  it('schema prints a JSON Schema that knows every column kind', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const text = r.stdout;
    for (const kind of [
      'id',
      'integer',
      'number',
      'boolean',
      'category',
      'date',
      'datetime',
      'fake',
      'pattern',
      'template',
      'ref',
    ]) {
      expect(text).toContain(`"const": "${kind}"`);
    }
    expect(schema.required).toEqual(['name', 'tables']);
  });

  it('schema matches the trainkit.schema.json the examples point editors at', async () => {
    const r = await runCli(['schema']);
    expect(readFileSync('trainkit.schema.json', 'utf8')).toBe(r.stdout);
  });
});

describe('the trainkit binary', () => {
  it('runs the demo end to end into SQLite and files', () => {
    const demo = join(dir, 'demo');
    const out = execFileSync(process.execPath, [bin, 'demo', '--dir', demo], { encoding: 'utf8' });
    expect(stable(out)).toMatchInlineSnapshot(`
      "✔ Generated the e-commerce example (examples/ecommerce.yaml): customers 1000, products 200, orders 4088, order_items 7847
          <dir>/demo/ecommerce/ecommerce.sqlite  — SQLite database with primary and foreign keys
          <dir>/demo/ecommerce/manifest.json  — manifest: version, spec hash, seed, SHA-256 of each file
          <dir>/demo/ecommerce-csv/  — the same data as CSV, one file per table (4 files)
      ✔ Validated the e-commerce CSV against its spec: 64 of 64 checks passed
          <dir>/demo/ecommerce-validation.html  — the validation report: every check, measured against the spec, as one HTML page
      ✔ Generated the fraud example (examples/fraud-detection.yaml) into SQLite, split by customer: train 38,284 transactions, 2.0% fraud; test 10,058 transactions, 2.0% fraud
          <dir>/demo/fraud/train/fraud-detection.sqlite  — label is_fraud in transactions; which scenario or edge case made a row in transactions_truth
          <dir>/demo/fraud/test/fraud-detection.sqlite  — label is_fraud in transactions; which scenario or edge case made a row in transactions_truth
          <dir>/demo/fraud/manifest.json  — manifest: the splits, the label, the fraud scenario and the edge cases with their stated rates
      ✔ Learned a spec from the bundled sample (examples/samples/shop: customers and transactions) and generated look-alike data: quality score 0.981, fraud ROC AUC 0.999 (trained on generated rows, tested on the sample), 0.00% exact copies
          <dir>/demo/learned-shop.yaml  — the learned spec: readable YAML, each decision (kept, merged, generated instead of copied) a comment
      ✔ De-identified 3 fictional clinical notes (examples/notes): 11 PERSON, 7 DATE, 3 PHONE, 3 LOCATION, 2 MRN, 1 ADDRESS, 1 AGE, 1 SSN, 1 EMAIL, 1 HEALTH_PLAN, 1 DEVICE
          <dir>/demo/notes-deidentified/  — surrogates: realistic, consistent names, shifted dates in their own format
          <dir>/demo/notes-redacted/  — the same notes redacted to type labels: [NAME], [DATE], …
      Demo finished in <t>s; everything is under <dir>/demo/
      "
    `);
    expect(existsSync(join(demo, 'ecommerce', 'ecommerce.sqlite'))).toBe(true);
    for (const split of ['train', 'test']) {
      const fraud = new Database(join(demo, 'fraud', split, 'fraud-detection.sqlite'), { readonly: true });
      expect(fraud.pragma('foreign_key_check')).toEqual([]);
      // the fraud scenario's rows are exactly the fraud rows (a duplicate copies its row's scenario too)
      const mismatched = fraud
        .prepare(
          `SELECT count(*) AS n FROM transactions t LEFT JOIN transactions_truth g ON g.id = t.id
           WHERE (coalesce(g.scenario, '') = 'fraud') <> (t.is_fraud = 1)`,
        )
        .get() as { n: number };
      expect(mismatched.n).toBe(0);
      // every ground-truth row describes a transaction of its own split
      const orphans = fraud
        .prepare(
          'SELECT count(*) AS n FROM transactions_truth g LEFT JOIN transactions t ON t.id = g.id WHERE t.id IS NULL',
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      fraud.close();
    }
    expect(readdirSync(join(demo, 'ecommerce-csv')).sort()).toEqual([
      'customers.csv',
      'manifest.json',
      'order_items.csv',
      'orders.csv',
      'products.csv',
    ]);
  });

  it('exits 0 for --help and --version, 2 for an unknown command', () => {
    expect(spawnSync(process.execPath, [bin, '--help']).status).toBe(0);
    const v = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const bad = spawnSync(process.execPath, [bin, 'generat'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown command 'generat'");
  });

  it('shows no progress bar when stderr is not a terminal', () => {
    const r = spawnSync(
      process.execPath,
      [bin, 'generate', 'examples/ecommerce.yaml', '--out', join(dir, 'p')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('loads neither faker nor the SQLite driver for --help', () => {
    const trace = join(dir, 'trace.txt');
    const r = spawnSync(process.execPath, ['--import', './test/fixtures/trace-register.mjs', bin, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, TRACE_FILE: trace },
    });
    expect(r.status).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('commander');
    expect(loaded).not.toContain('@faker-js');
    expect(loaded).not.toContain('better-sqlite3');
    expect(loaded).not.toContain('/generate/');
  });
});
