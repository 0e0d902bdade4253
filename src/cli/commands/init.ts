import type { Command } from 'commander';
import type { Runner } from '../runner.js';

interface InitOptions {
  fromDdl?: string;
  fromDb?: string;
  dialect?: 'postgres' | 'mysql' | 'sqlite';
  out?: string;
  name?: string;
  schema?: string;
  force?: boolean;
  json?: boolean;
}

export function registerInit(program: Command, run: Runner): void {
  program
    .command('init')
    .description('start a spec from a schema: SQL DDL (--from-ddl) or a live database (--from-db)')
    .option('--from-ddl <file>', 'a SQL script with CREATE TABLE statements')
    .option('--from-db <url>', 'a database: postgres://…, mysql://…, sqlite:FILE or duckdb:FILE')
    .option(
      '--dialect <dialect>',
      'the DDL dialect: postgres, mysql or sqlite (guessed from the file when left out)',
    )
    .option(
      '--schema <name>',
      'with --from-db: the PostgreSQL or DuckDB schema to read (default public / main)',
    )
    .option('-o, --out <file>', 'the spec file to write', 'spec.yaml')
    .option('--name <name>', "the spec's name (default: from the file or database name)")
    .option('--force', 'overwrite --out when it exists')
    .option('--json', 'print a summary as JSON')
    .action((opts: InitOptions) =>
      run(opts.json === true, async () => {
        const { initSpec } = await import('../../schema/index.js');
        const result = await initSpec({
          ...(opts.fromDdl === undefined ? {} : { fromDdl: opts.fromDdl }),
          ...(opts.fromDb === undefined ? {} : { fromDb: opts.fromDb }),
          ...(opts.dialect === undefined ? {} : { dialect: opts.dialect }),
          ...(opts.schema === undefined ? {} : { schema: opts.schema }),
          ...(opts.name === undefined ? {} : { name: opts.name }),
          out: opts.out ?? 'spec.yaml',
          force: opts.force === true,
        });
        const s = result.summary;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok: true, out: result.out, ...s }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `✔ wrote ${result.out}: ${s.tables} tables, ${s.foreignKeys} foreign keys, ${s.guesses.length} columns guessed from their names (marked "review")\n`,
        );
        for (const n of s.notes) process.stdout.write(`  ! kept as a comment: ${n}\n`);
        process.stdout.write(
          `  next: trainkit check ${result.out} && trainkit generate ${result.out} --out out\n`,
        );
      }),
    );
}
