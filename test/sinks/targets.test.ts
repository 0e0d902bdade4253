import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, type DbLocation } from '../../src/io/db/index.js';
import { PostgresSink, PROGRESS_TABLE } from '../../src/io/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';
import { datasetChunks, datasetLayout, datasetRows } from './sink-conformance.js';

const pgUrl = await pgDatabase('targets');
const myUrl = await mysqlDatabase('targets');
const pg: DbLocation = { kind: 'postgres', url: pgUrl };
const dir = tempDir();

async function counts(tables: readonly string[]): Promise<Record<string, number>> {
  const db = await connect(pg);
  try {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await db.query(`SELECT count(*) AS n FROM "${t}"`))[0]!.n);
    return out;
  } finally {
    await db.close();
  }
}

async function hasTable(name: string): Promise<boolean> {
  const db = await connect(pg);
  try {
    return (await db.query('SELECT to_regclass(?) IS NOT NULL AS e', [name]))[0]!.e === true;
  } finally {
    await db.close();
  }
}

/** The message of a failed run, with the test database's name made stable. */
const stable = (s: string) => s.replaceAll(new URL(pgUrl).pathname.slice(1), '<db>');

describe('generate --target postgres://', () => {
  it('loads every table, records the load in the manifest, and refuses to load twice without --replace', async () => {
    const out = join(dir, 'manifest');
    const r = await runCli(['generate', 'examples/ecommerce.yaml', '--target', pgUrl, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('postgres');
    expect(manifest.target).toBe(pgUrl);
    expect(manifest.files).toEqual([]);
    const rows = Object.fromEntries(
      manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]),
    );
    expect(await counts(Object.keys(rows))).toEqual(rows);

    const again = await runCli(['generate', 'examples/ecommerce.yaml', '--target', pgUrl]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatchInlineSnapshot(`
      "✖ "customers", "products", "orders", "order_items" already exist in the target database
        hint: pass --replace to drop and recreate them, or load into another database
      "
    `);
    const replaced = await runCli([
      'generate',
      'examples/ecommerce.yaml',
      '--target',
      pgUrl,
      '--replace',
      '--seed',
      '9',
    ]);
    expect(replaced.code).toBe(0);
    expect(Object.values(await counts(Object.keys(rows))).every((n) => n > 0)).toBe(true);
  });

  it('says what is wrong with a bad target, without a stack trace', async () => {
    const spec = 'examples/ecommerce.yaml';
    const fail = async (...args: string[]) => {
      const r = await runCli(['generate', spec, ...args]);
      expect(r.code).toBe(2);
      return stable(r.stderr);
    };
    expect(await fail('--target', 'oracle://db/x')).toMatchInlineSnapshot(`
      "✖ Unknown scheme "oracle:" in oracle://db/x
        hint: use postgres://, mysql://, duckdb:FILE, sqlite:FILE, parquet:DIR or sql:FILE.sql, or a path
      "
    `);
    expect(await fail('--target', 'postgres://postgres:secret@127.0.0.1:1/x')).toMatchInlineSnapshot(`
      "✖ Cannot connect to postgres://postgres:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1
        hint: is the server running on that host and port?
      "
    `);
    expect(await fail('--target', join(dir, 'no', 'such', 'x.duckdb').replace(/^/, 'duckdb:'))).toMatch(
      /The folder of .*x\.duckdb does not exist/,
    );
    expect(await fail('--target', 'sql:out.sql?dialect=oracle')).toMatchInlineSnapshot(`
      "✖ Unknown SQL dialect "oracle" in sql:out.sql?dialect=oracle
        hint: use ?dialect=postgres, mysql or sqlite
      "
    `);
    expect(await fail('--target', 'parquet:out', '--format', 'jsonl')).toMatchInlineSnapshot(`
      "✖ --format writes files into a directory, not into parquet:
        hint: --target a directory (or --out DIR) for that, or leave the flag out
      "
    `);
    expect(await fail('--target', 'sqlite:x.db', '--batch-rows', '10')).toMatchInlineSnapshot(`
      "✖ --batch-rows is for a PostgreSQL target
        hint: leave it out: other targets load in one transaction or write a file atomically
      "
    `);
    expect(await fail()).toMatchInlineSnapshot(`
      "✖ Say where to write: --out DIR or --target LOCATION
        hint: e.g. --out out/ or --target postgres://localhost/shop
      "
    `);
    const file = join(dir, 'exists.sqlite');
    writeFileSync(file, '');
    expect((await fail('--target', `sqlite:${file}`)).replaceAll(dir, '<tmp>')).toMatchInlineSnapshot(`
      "✖ <tmp>/exists.sqlite already exists
        → at <tmp>/exists.sqlite
        hint: pass --replace to overwrite it, or name another file
      "
    `);
  });
});

describe('generate --target sql:FILE', () => {
  /** Writes the e-commerce example as a script of `dialect`; returns it and the manifest's row counts. */
  async function script(dialect: string): Promise<{ text: string; rows: Record<string, number> }> {
    const file = join(dir, `shop-${dialect}.sql`);
    const out = join(dir, `shop-${dialect}`);
    const r = await runCli([
      'generate',
      'examples/ecommerce.yaml',
      '--target',
      `sql:${file}?dialect=${dialect}`,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files[0].path).toBe(file);
    return {
      text: readFileSync(file, 'utf8'),
      rows: Object.fromEntries(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])),
    };
  }

  it('runs in MariaDB and in SQLite with every row and every foreign key intact', async () => {
    const my = await script('mysql');
    const db = await connect({ kind: 'mysql', url: myUrl });
    try {
      await db.exec(my.text);
      for (const [t, n] of Object.entries(my.rows))
        expect(Number((await db.query(`SELECT count(*) AS n FROM \`${t}\``))[0]!.n), t).toBe(n);
    } finally {
      await db.close();
    }
    const lite = await script('sqlite');
    const file = join(dir, 'shop.sqlite');
    writeFileSync(file, '');
    const sqlite = await connect({ kind: 'sqlite', file });
    try {
      await sqlite.exec(lite.text);
      expect(await sqlite.query('PRAGMA foreign_key_check')).toEqual([]);
      for (const [t, n] of Object.entries(lite.rows))
        expect(Number((await sqlite.query(`SELECT count(*) AS n FROM "${t}"`))[0]!.n), t).toBe(n);
    } finally {
      await sqlite.close();
    }
  });
});

describe('PostgreSQL --batch-rows', () => {
  it('commits in batches; a rerun of the same run continues after the last committed batch', async () => {
    const layout = datasetLayout();
    const chunks = datasetChunks();
    // the first run commits once (at 216 rows: both parent chunks and the first child chunk),
    // writes the next child chunk (90 rows, under the batch size: not committed), then dies
    const first = new PostgresSink(pgUrl, { batchRows: 100, runId: 'run-a', replace: true });
    await first.open(layout);
    for (const c of chunks.slice(0, 4)) await first.write(c);
    await first.abort();
    const committed = await counts(['parent', 'child']);
    expect(committed.parent).toBe(chunks[0]!.rows + chunks[2]!.rows);
    expect(committed.child).toBe(chunks[1]!.rows);
    expect(await hasTable(PROGRESS_TABLE)).toBe(true);

    // another run does not write over it
    const other = new PostgresSink(pgUrl, { batchRows: 50, runId: 'run-b' });
    await expect(other.open(layout)).rejects.toThrow(/interrupted load of another run/);
    await other.abort();

    // the same run regenerates everything; rows already in are skipped
    const second = new PostgresSink(pgUrl, { batchRows: 50, runId: 'run-a' });
    await second.open(layout);
    for (const c of chunks) await second.write(c);
    await second.close();
    const rows = datasetRows();
    expect(await counts(['parent', 'child', 'audit'])).toEqual({
      parent: rows.parent.length,
      child: rows.child.length,
      audit: 0,
    });
    // each row exactly once: the keys are those written
    const db = await connect(pg);
    const ids = (await db.query('SELECT id FROM child ORDER BY id')).map((r) => r.id);
    await db.close();
    expect(ids).toEqual(rows.child.map((r) => r[0]));
    expect(await hasTable(PROGRESS_TABLE)).toBe(false);
  });
});

describe('lazy drivers', () => {
  /** The modules a CLI run resolves, recorded by a resolve hook. */
  function resolved(script: string): string[] {
    const log = join(dir, `resolved-${Math.random().toString(36).slice(2)}.log`);
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TK_RESOLVE_LOG, r.url + '\\n');
  return r;
}`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
    );
    execFileSync(process.execPath, ['--import', register, '--input-type=module', '-e', script], {
      env: { ...process.env, TK_RESOLVE_LOG: log },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  }
  const DRIVER = /node_modules\/(pg|pg-copy-streams|mysql2|@duckdb|hyparquet-writer)\//;

  it('trainkit --help loads none of pg, mysql2, DuckDB (and the hook does see them when they load)', () => {
    const main = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
    const help = resolved(
      `const { main } = await import(${JSON.stringify(main)}); await main(['node', 'trainkit', '--help']);`,
    );
    expect(help.some((u) => u.endsWith('/cli/main.js'))).toBe(true);
    expect(help.filter((u) => DRIVER.test(u))).toEqual([]);
    const generateHelp = resolved(
      `const { main } = await import(${JSON.stringify(main)}); await main(['node', 'trainkit', 'generate', '--help']);`,
    );
    expect(generateHelp.filter((u) => DRIVER.test(u))).toEqual([]);
    // the control: importing the drivers is seen
    const control = resolved(
      `await import('pg'); await import('mysql2/promise'); await import('@duckdb/node-api');`,
    );
    expect(control.filter((u) => DRIVER.test(u)).length).toBeGreaterThanOrEqual(3);
  });
});
