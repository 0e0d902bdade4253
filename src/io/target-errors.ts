import { TrainkitError, userError } from '../errors/index.js';

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

/**
 * A CREATE TABLE the target refused, as the user's to fix: what the layout adds to the engine's
 * own DDL is each column's declared type (a spec's `sql_type`), passed through as written.
 *
 * @example
 * tableRefusedError('postgres://db/shop', 'orders', new Error('type "money2" does not exist'));
 */
export function tableRefusedError(target: string, table: string, e: unknown): TrainkitError {
  const reason = String((e as Error)?.message ?? e).split('\n')[0];
  return new TrainkitError(
    [
      {
        code: 'table_refused',
        message: `${target} refused to create table "${table}": ${reason}`,
        path: ['tables', table],
        hint: 'check the sql_type of its columns: each goes to the database as written',
      },
    ],
    { cause: e },
  );
}
