import { InvalidArgumentError } from 'commander';

export function parseSeed(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new InvalidArgumentError('the seed must be a whole number such as 42');
  }
  return Number(v);
}

export function parseScale(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('the scale must be a positive number such as 0.1 or 10');
  return n;
}

export function parseWorkers(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new InvalidArgumentError('the number of workers must be a whole number from 1 to 256');
  return n;
}

/** `--shard 2/4` (1-based, as people count) → { index: 1, count: 4 }. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const i = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!(n >= 1 && i >= 1 && i <= n))
    throw new InvalidArgumentError('write the shard as i/n with 1 ≤ i ≤ n, e.g. 1/4');
  return { index: i - 1, count: n };
}
