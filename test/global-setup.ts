import { execFileSync } from 'node:child_process';

/** The CLI tests run the real binary, so build dist/ from the current sources first. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
