import { userError } from '../../errors/index.js';

/** A database engine trainkit talks to. */
export type Engine = 'postgres' | 'mysql' | 'duckdb' | 'sqlite';

/**
 * Where data is read from or written to, parsed from what the user typed:
 * `postgres://…` (or `postgresql://`), `mysql://…` (or `mariadb://`), `duckdb:file`,
 * `sqlite:file`, `parquet:dir`, `sql:file.sql[?dialect=postgres|mysql|sqlite]`, or a plain path.
 */
export type DataLocation =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'mysql'; readonly url: string }
  | { readonly kind: 'duckdb'; readonly file: string }
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'parquet'; readonly dir: string }
  | { readonly kind: 'sql'; readonly file: string; readonly dialect: Exclude<Engine, 'duckdb'> }
  | { readonly kind: 'path'; readonly path: string };

const SCHEMES = 'postgres://, mysql://, duckdb:FILE, sqlite:FILE, parquet:DIR or sql:FILE.sql';

/**
 * Parses a `--target`, `--from-db` or source argument.
 *
 * @example
 * parseLocation('postgres://localhost/shop'); // { kind: 'postgres', url: 'postgres://localhost/shop' }
 * parseLocation('duckdb:out/shop.duckdb'); // { kind: 'duckdb', file: 'out/shop.duckdb' }
 */
export function parseLocation(text: string): DataLocation {
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(text);
  // a one-letter "scheme" is a Windows drive, not a scheme
  if (!m || m[1]!.length === 1) return { kind: 'path', path: text };
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const needs = (what: string) => {
    if (rest === '' || rest === '//')
      throw userError('invalid_location', `${text} names no ${what}`, {
        hint: `write ${scheme}:${what === 'file' ? 'out/data.db' : 'out/'}`,
      });
  };
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { kind: 'postgres', url: text };
    case 'mysql':
    case 'mariadb':
      return { kind: 'mysql', url: scheme === 'mariadb' ? `mysql:${rest}` : text };
    case 'duckdb':
      needs('file');
      return { kind: 'duckdb', file: stripSlashes(rest) };
    case 'sqlite':
      needs('file');
      return { kind: 'sqlite', file: stripSlashes(rest) };
    case 'parquet':
      needs('directory');
      return { kind: 'parquet', dir: stripSlashes(rest) };
    case 'sql': {
      needs('file');
      const [file, query] = stripSlashes(rest).split('?', 2) as [string, string | undefined];
      const dialect = new URLSearchParams(query ?? '').get('dialect') ?? 'postgres';
      if (dialect !== 'postgres' && dialect !== 'mysql' && dialect !== 'sqlite')
        throw userError('invalid_location', `Unknown SQL dialect "${dialect}" in ${text}`, {
          hint: 'use ?dialect=postgres, mysql or sqlite',
        });
      return { kind: 'sql', file, dialect };
    }
    case 'file':
      return { kind: 'path', path: stripSlashes(rest) };
    default:
      throw userError('invalid_location', `Unknown scheme "${scheme}:" in ${text}`, {
        hint: `use ${SCHEMES}, or a path`,
      });
  }
}

/** `sqlite:///abs/x.db` and `sqlite://rel/x.db` as well as `sqlite:x.db`. */
function stripSlashes(rest: string): string {
  if (rest.startsWith('///')) return rest.slice(2);
  if (rest.startsWith('//')) return rest.slice(2);
  return rest;
}

/**
 * A location as it may be shown in messages and reports: the password of a URL is masked, in the
 * user part (up to the last `@` before the path, so a raw `@` in a password hides too) and in a
 * `password=` query parameter.
 *
 * @example
 * describeLocation('postgres://me:secret@db/x'); // 'postgres://me:***@db/x'
 */
export function describeLocation(text: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(text);
  if (!m) return text;
  let [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const user = authority.slice(0, at);
    const colon = user.indexOf(':');
    if (colon >= 0) authority = `${user.slice(0, colon)}:***${authority.slice(at)}`;
  }
  rest = rest.replace(/([?&](?:password|pass|pwd)=)[^&#]*/gi, '$1***');
  return `${scheme}${authority}${rest}`;
}
