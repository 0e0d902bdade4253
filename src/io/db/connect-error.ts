import { TrainkitError } from '../../errors/index.js';

/** A failure to reach a database, as a user error that names it and says what to check. */
export function connectError(label: string, e: unknown): TrainkitError {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const reason = (err.message ?? String(e)).split('\n')[0];
  const hint =
    code === 'ECONNREFUSED'
      ? 'is the server running on that host and port?'
      : code === '3D000' || code === 'ER_BAD_DB_ERROR'
        ? 'create the database first, or name one that exists'
        : code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR'
          ? 'check the user name and password in the URL'
          : code === 'ENOTFOUND'
            ? 'check the host name in the URL'
            : 'check the URL';
  return new TrainkitError(
    [{ code: 'db_unreachable', message: `Cannot connect to ${label}: ${reason}`, hint }],
    { cause: e },
  );
}
