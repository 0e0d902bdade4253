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
