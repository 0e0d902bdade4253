import type { Command } from 'commander';
import type { Runner } from '../runner.js';

export function registerSchema(program: Command, run: Runner): void {
  program
    .command('schema')
    .description('print the JSON Schema of the spec language (for editor autocompletion)')
    .option('-o, --out <file>', 'write it to a file instead of stdout')
    .action((opts: { out?: string }) =>
      run(false, async () => {
        const { specJsonSchema } = await import('../../spec/index.js');
        const text = `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
        if (!opts.out) {
          process.stdout.write(text);
          return;
        }
        const { writeFileSync, renameSync } = await import('node:fs');
        writeFileSync(`${opts.out}.tmp`, text);
        renameSync(`${opts.out}.tmp`, opts.out);
        process.stderr.write(`Wrote ${opts.out}\n`);
      }),
    );
}
