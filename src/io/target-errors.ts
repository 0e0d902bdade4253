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

/**
 * A driver's error while rows were loading: when the database refused the data (SQLSTATE class
 * 22, a value that does not fit its type, or 23, a broken key) it is the spec's to fix and
 * becomes a user error naming the table; anything else is passed on as it is.
 *
 * @example
 * throw rowsRefusedError('postgres://db/shop', 'orders', pgError); // …refused rows of table "orders": numeric field overflow
 */
export function rowsRefusedError(target: string, table: string, e: unknown): unknown {
  const err = e as { code?: unknown; sqlState?: unknown; message?: unknown };
  const state = String(err?.sqlState ?? err?.code ?? '');
  if (!/^2[23][0-9A-Z]{3}$/.test(state)) return e;
  return refused(target, table, String(err.message ?? e), e);
}

/** Rows the target refused, with the reason it gave (a DuckDB cast, MySQL's LOAD DATA warnings). */
export function refused(target: string, table: string, reason: string, cause: unknown): TrainkitError {
  return new TrainkitError(
    [
      {
        code: 'rows_refused',
        message: `${target} refused rows of table "${table}": ${reason.split('\n')[0]}`,
        path: ['tables', table],
        hint: "the values of each column must fit its sql_type (length, precision, range): check the column's bounds",
      },
    ],
    { cause },
  );
}
