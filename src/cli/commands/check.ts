import type { Command } from 'commander';
import type { Runner } from '../runner.js';

export function registerCheck(program: Command, run: Runner): void {
  program
    .command('check')
    .description('check a spec without generating: structure, references, cycles, faker methods, constraints')
    .argument('<spec>', 'spec file (YAML or JSON)')
    .option('--json', 'print the result as JSON')
    .action((specFile: string, opts: { json?: boolean }) =>
      run(opts.json === true, async () => {
        const [{ loadSpec }, { planGeneration }] = await Promise.all([
          import('../../spec/index.js'),
          import('../../generate/index.js'),
        ]);
        const { spec, source } = loadSpec(specFile);
        let plan: ReturnType<typeof planGeneration>;
        try {
          plan = planGeneration(spec);
        } catch (e) {
          throw source?.relocate(e) ?? e;
        }
        const tables = plan.tables.map((t) => ({ name: t.name, rows: t.total, columns: t.columns.length }));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok: true, spec: spec.name, tables }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`✔ ${specFile} is a valid spec (${spec.name})\n`);
        for (const t of tables) {
          process.stdout.write(
            `  ${t.name.padEnd(20)} ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${t.columns} columns\n`,
          );
        }
      }),
    );
}
