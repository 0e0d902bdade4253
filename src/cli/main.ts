import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerAgree } from './commands/agree.js';
import { registerCheck } from './commands/check.js';
import { registerDeid } from './commands/deid.js';
import { registerDemo } from './commands/demo.js';
import { registerGenerate } from './commands/generate.js';
import { registerInit } from './commands/init.js';
import { registerLearn } from './commands/learn.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';
import { EXIT } from './errors.js';
import { runCommand } from './runner.js';

/** Builds the CLI. Each command is a few lines over a module, loaded only when it runs. */
export function buildProgram(): Command {
  const program = new Command('trainkit')
    .description(
      'Build AI training data: generate labelled synthetic data, de-identify real data, validate and document it.',
    )
    .version(VERSION)
    .configureOutput({
      // usage mistakes look like every other trainkit error
      outputError: (text, write) => write(text.replace(/^error: /, '✖ ').replace(/\.?\n?$/, '.\n')),
    })
    .showHelpAfterError('  hint: add --help to see the usage')
    .exitOverride();
  registerGenerate(program, runCommand);
  registerCheck(program, runCommand);
  registerInit(program, runCommand);
  registerSchema(program, runCommand);
  registerDeid(program, runCommand);
  registerValidate(program, runCommand);
  registerLearn(program, runCommand);
  registerAgree(program, runCommand);
  registerDemo(program, runCommand);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; a usage mistake is bad input
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
      return;
    }
    throw e;
  }
}
