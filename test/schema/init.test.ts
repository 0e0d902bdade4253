import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DbConnection } from '../../src/io/db/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';
import { CHINOOK_MYSQL, CHINOOK_PG, CHINOOK_ROWS, CHINOOK_SQLITE, loadChinook, norm } from './chinook.js';

const dir = tempDir();

/** Generates a spec into SQLite and checks every constraint the database enforces. */
async function generateIntoSqlite(spec: string, out: string, seed: number): Promise<Map<string, number>> {
  const r = await runCli(['generate', spec, '--out', out, '--format', 'sqlite', '--seed', String(seed)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const file = readdirSqlite(out);
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const counts = new Map<string, number>();
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    for (const t of tables)
      counts.set(norm(t), db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number);
    const pt = tables.find((t) => norm(t) === 'playlisttrack')!;
    const cols = (db.pragma(`table_info("${pt}")`) as { name: string }[])
      .map((c) => `"${c.name}"`)
      .join(', ');
    const dupes = db
      .prepare(`SELECT count(*) FROM (SELECT ${cols} FROM "${pt}" GROUP BY ${cols} HAVING count(*) > 1)`)
      .pluck()
      .get();
    expect(dupes).toBe(0);
    const emp = tables.find((t) => norm(t) === 'employee')!;
    const [id, boss] = (db.pragma(`table_info("${emp}")`) as { name: string }[])
      .map((c) => c.name)
      .filter((c) => ['employeeid', 'reportsto'].includes(norm(c)));
    const later = db.prepare(`SELECT count(*) FROM "${emp}" WHERE "${boss}" >= "${id}"`).pluck().get();
    expect(later).toBe(0);
    return counts;
  } finally {
    db.close();
  }
}

function readdirSqlite(out: string): string {
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
    files: { path: string }[];
  };
  return join(out, manifest.files.find((f) => f.path.endsWith('.sqlite'))!.path);
}

describe('trainkit init --from-ddl', () => {
  it.each([
    ['postgres', CHINOOK_PG],
    ['mysql', CHINOOK_MYSQL],
  ] as const)(
    'turns the Chinook %s DDL into a spec that generates with every constraint honoured',
    async (dialect, ddl) => {
      const out = join(dir, `ddl-${dialect}.yaml`);
      const r = await runCli(['init', '--from-ddl', ddl, '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^✔ wrote .*: 11 tables, 11 foreign keys, \d+ columns guessed from their names/,
      );
      const { spec } = loadSpec(out);
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('# guessed from the name: review');
      expect(text).toMatch(
        /email: \{ kind: fake, method: internet\.email.*# guessed from the name: review|Email: \{ kind: fake, method: internet\.email/,
      );
      const pt = Object.entries(spec.tables).find(([n]) => norm(n) === 'playlisttrack')![1];
      expect(Array.isArray(pt.primary_key) && pt.primary_key.map(norm)).toEqual(['playlistid', 'trackid']);
      for (const seed of [1, 2, 3]) await generateIntoSqlite(out, join(dir, `gen-${dialect}-${seed}`), seed);
    },
  );

  it('refuses to overwrite without --force, and prints JSON', async () => {
    const out = join(dir, 'twice.yaml');
    expect((await runCli(['init', '--from-ddl', CHINOOK_PG, '--out', out])).code).toBe(0);
    const again = await runCli(['init', '--from-ddl', CHINOOK_PG, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ <dir>/twice.yaml exists already
        → at <dir>/twice.yaml
        hint: choose another --out, or add --force to overwrite it
      "
    `);
    const forced = await runCli(['init', '--from-ddl', CHINOOK_PG, '--out', out, '--force', '--json']);
    expect(forced.code).toBe(0);
    const summary = JSON.parse(forced.stdout);
    expect(summary).toMatchObject({ ok: true, tables: 11, foreignKeys: 11, notes: [] });
    expect(summary.guesses).toContain('customer.email');
  });

  it('reports a malformed DDL file at its line and column, and a missing flag', async () => {
    const bad = join(dir, 'bad.sql');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'CREATE TABLE t (\n  id int PRIMARY KEY,\n  n int NOT NUL\n);\n');
    const r = await runCli(['init', '--from-ddl', bad, '--out', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ expected NULL, found "NUL"
        → at <dir>/bad.sql:3:13
        hint: check the statement against your database’s CREATE TABLE syntax
      "
    `);
    expect(existsSync(join(dir, 'bad.yaml'))).toBe(false);
    const none = await runCli(['init', '--out', join(dir, 'none.yaml')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatchInlineSnapshot(`
      "✖ Give one of --from-ddl FILE and --from-db URL
        hint: e.g. trainkit init --from-ddl schema.sql, or trainkit init --from-db postgres://localhost/shop
      "
    `);
  });
});

describe('trainkit init --from-db', () => {
  it('imports Chinook from SQLite with its row counts; the generated totals are close', async () => {
    const out = join(dir, 'live-sqlite.yaml');
    const r = await runCli(['init', '--from-db', `sqlite:${CHINOOK_SQLITE}`, '--out', out]);
    expect(r.code).toBe(0);
    const counts = await generateIntoSqlite(out, join(dir, 'gen-live'), 7);
    for (const [t, n] of Object.entries(CHINOOK_ROWS)) {
      // per-parent tables draw Poisson counts: within 4 standard deviations of the database's total
      expect(Math.abs(counts.get(t)! - n), t).toBeLessThanOrEqual(4 * Math.sqrt(n) + 1);
    }
  });

  describe.each([
    ['postgres', CHINOOK_PG],
    ['mysql', CHINOOK_MYSQL],
  ] as const)('%s: Chinook loaded, imported, generated back into a fresh database', (engine, script) => {
    let source: DbConnection;
    let sourceUrl: string;
    beforeAll(async () => {
      sourceUrl = engine === 'postgres' ? await pgDatabase('init_src') : await mysqlDatabase('init_src');
      source = await connect({ kind: engine, url: sourceUrl });
      await loadChinook(source, script, engine);
    });
    afterAll(() => source?.close());

    it.each(['live', 'ddl'] as const)(
      'the target database’s own constraints accept every row (spec from %s)',
      async (from) => {
        const out = join(dir, `${from}-${engine}-spec.yaml`);
        const targetUrl =
          engine === 'postgres' ? await pgDatabase(`init_${from}`) : await mysqlDatabase(`init_${from}`);
        const r = await runCli([
          'init',
          from === 'live' ? '--from-db' : '--from-ddl',
          from === 'live' ? sourceUrl : script,
          '--out',
          out,
        ]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const g = await runCli([
          'generate',
          out,
          '--target',
          targetUrl,
          '--out',
          join(dir, `m-${from}-${engine}`),
        ]);
        expect(g.stderr).toBe('');
        expect(g.code).toBe(0);
        const target = await connect({ kind: engine, url: targetUrl });
        try {
          const q = target.quote;
          const fks =
            engine === 'postgres'
              ? await target.query("SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f'")
              : await target.query(
                  'SELECT count(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()',
                );
          expect(Number(fks[0]!.n)).toBe(11);
          // every foreign key joins: no child row points at a missing parent
          const schema = (await import('../../src/schema/index.js')).introspectSchema;
          const s = await schema(target, { stats: false });
          for (const t of s.tables) {
            for (const fk of t.foreignKeys) {
              const [orphans] = await target.query(
                `SELECT count(*) AS n FROM ${q(t.name)} c LEFT JOIN ${q(fk.table)} p ON c.${q(fk.columns[0]!)} = p.${q(fk.refColumns[0]!)} WHERE c.${q(fk.columns[0]!)} IS NOT NULL AND p.${q(fk.refColumns[0]!)} IS NULL`,
              );
              expect(Number(orphans!.n), `${t.name}.${fk.columns[0]}`).toBe(0);
            }
            if (from === 'ddl') continue;
            const n = CHINOOK_ROWS[norm(t.name)]!;
            expect(Math.abs(t.rows! - n), t.name).toBeLessThanOrEqual(4 * Math.sqrt(n) + 1);
          }
        } finally {
          await target.close();
        }
      },
    );
  });
});
