import { type TrainkitError, userError } from '../errors/index.js';

/**
 * The error of a database load whose tables are already there (without `--replace`), the names
 * quoted the way the target's engine quotes them.
 *
 * @example
 * targetExistsError(['orders'], (n) => `"${n}"`); // "orders" already exists in the target database
 */
export function targetExistsError(
  existing: readonly string[],
  quote: (name: string) => string,
): TrainkitError {
  return userError(
    'target_exists',
    `${existing.map(quote).join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'} in the target database`,
    { hint: 'pass --replace to drop and recreate them, or load into another database' },
  );
}
