import type { Command } from 'commander';
import type { Runner } from '../runner.js';

export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description("run trainkit's main job end to end on the embedded default (SQLite and files)")
    .option('-d, --dir <dir>', 'where to put the results', './trainkit-demo')
    .option('--json', 'print the steps as JSON')
    .action((opts: { dir: string; json?: boolean }) =>
      run(opts.json === true, async () => {
        const { runDemo } = await import('../../demo/index.js');
        const started = performance.now();
        const steps = await runDemo(opts.dir, (step) => {
          if (opts.json) return;
          const lines = [`✔ ${step.title}`, ...step.outputs.map((o) => `    ${o.path}  — ${o.what}`)];
          process.stdout.write(`${lines.join('\n')}\n`);
        });
        const seconds = (performance.now() - started) / 1000;
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ ok: true, dir: opts.dir, seconds, steps }, null, 2)}\n`);
        else
          process.stdout.write(`Demo finished in ${seconds.toFixed(1)}s; everything is under ${opts.dir}/\n`);
      }),
    );
}
