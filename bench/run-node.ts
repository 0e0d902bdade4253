import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TASKSET = '/usr/bin/taskset';

/** Whether benchmark processes are pinned to one CPU (taskset -c 0), so "one core" is literal. */
export const pinned = existsSync(TASKSET);

/**
 * Runs a node script in its own process (so its peak RSS is its own), pinned to one core where
 * taskset exists, and parses the JSON it prints.
 */
export function runJson<T>(script: string, args: readonly string[]): T {
  const argv = [process.execPath, script, ...args];
  const [cmd, ...rest] = pinned ? [TASKSET, '-c', '0', ...argv] : argv;
  const out = execFileSync(cmd!, rest, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as T;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The command line of a benchmark: `--json`, and numeric flags such as `--runs 3`. */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)): {
  json: boolean;
  flag(name: string, dflt: number): number;
} {
  return {
    json: argv.includes('--json'),
    flag: (name, dflt) => {
      const i = argv.indexOf(name);
      return i >= 0 ? Number(argv[i + 1]) : dflt;
    },
  };
}
