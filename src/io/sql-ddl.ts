import { jsonText } from './jsonl-sink.js';
import { numberText } from './number-text.js';
import type { CellValue, ColumnLayout, TableLayout } from './sink.js';

/** The SQL dialects trainkit writes. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'duckdb';

/** An identifier quoted for a dialect (backticks for MySQL, double quotes elsewhere). */
export function quoteName(name: string, dialect: SqlDialect): string {
  return dialect === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`;
}

/** What a column holds, whatever the dialect calls it. */
export type LogicalType = 'boolean' | 'integer' | 'real' | 'text' | 'date' | 'timestamp' | 'json';

/**
 * What a column holds, from its kind and storage type. Dates and date-times are `date` and
 * `timestamp` only when stored as ISO text (the spec's default formats; the caller turns a column
 * with a custom format into a text kind); epoch formats are integers.
 */
export function logicalType(c: ColumnLayout): LogicalType {
  if (c.sqlType === 'INTEGER') {
    // a binary label is a boolean too; other integer kinds may still carry booleans (written 1/0)
    return c.kind === 'boolean' || c.kind === 'label' ? 'boolean' : 'integer';
  }
  if (c.sqlType === 'REAL') return 'real';
  if (c.kind === 'date') return 'date';
  if (c.kind === 'datetime') return 'timestamp';
  if (c.kind === 'object' || c.kind === 'array') return 'json';
  return 'text';
}

const TYPES: Record<SqlDialect, Record<LogicalType, string>> = {
  postgres: {
    boolean: 'BOOLEAN',
    integer: 'BIGINT',
    real: 'DOUBLE PRECISION',
    text: 'TEXT',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    json: 'JSONB',
  },
  mysql: {
    boolean: 'BOOLEAN',
    integer: 'BIGINT',
    real: 'DOUBLE',
    text: 'LONGTEXT',
    date: 'DATE',
    timestamp: 'DATETIME',
    json: 'JSON',
  },
  duckdb: {
    boolean: 'BOOLEAN',
    integer: 'BIGINT',
    real: 'DOUBLE',
    text: 'VARCHAR',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    json: 'VARCHAR',
  },
  // SQLite's storage classes; INTEGER PRIMARY KEY stays the rowid
  sqlite: {
    boolean: 'INTEGER',
    integer: 'INTEGER',
    real: 'REAL',
    text: 'TEXT',
    date: 'TEXT',
    timestamp: 'TEXT',
    json: 'TEXT',
  },
};

/** Whether a column is part of a key or index (MySQL cannot index a LONGTEXT). */
function indexed(t: TableLayout, c: ColumnLayout): boolean {
  return (
    c.primaryKey ||
    c.unique ||
    c.references !== undefined ||
    (t.primaryKey?.includes(c.name) ?? false) ||
    (t.unique?.some((u) => u.includes(c.name)) ?? false)
  );
}

/**
 * A column's type in a dialect: the declared type when the layout carries one (an imported
 * schema), else one mapped from what the column holds.
 *
 * @example
 * columnType(table, table.columns[0]!, 'postgres'); // 'BIGINT'
 */
export function columnType(t: TableLayout, c: ColumnLayout, dialect: SqlDialect): string {
  if (c.declaredType) return portableType(c.declaredType, dialect, indexed(t, c));
  const type = TYPES[dialect][logicalType(c)];
  // keyed text in MySQL needs a length; 255 characters of utf8mb4 stay under InnoDB's key limit
  if (dialect === 'mysql' && type === 'LONGTEXT' && indexed(t, c)) return 'VARCHAR(255)';
  return type;
}

// a declared type of one engine said the way another engine says it (a spec imported from
// MySQL loaded into PostgreSQL, and back); anything not listed is passed through as declared
// (a name is matched whole: `int` must not take the start of `integer`, `int8` or `interval`)
const PORTABLE: Record<SqlDialect, [RegExp, string][]> = {
  postgres: [
    [/^n(varchar|char)\b/i, '$1'],
    [/^datetime\b(\(\d+\))?/i, 'TIMESTAMP$1'],
    [/^tinyint\(1\)$/i, 'BOOLEAN'],
    [/^(tinyint|smallint)(\(\d+\))?(?!\w)/i, 'SMALLINT'],
    [/^(mediumint|int|integer)(\(\d+\))?(?!\w)/i, 'INTEGER'],
    [/^bigint(\(\d+\))?(?!\w)/i, 'BIGINT'],
    [/^(tiny|medium|long)text$/i, 'TEXT'],
    [/^double$/i, 'DOUBLE PRECISION'],
    [/^(tiny|medium|long)?blob$/i, 'BYTEA'],
    [/\s+unsigned\b/i, ''],
  ],
  mysql: [
    // NVARCHAR is utf8mb3 in MySQL: one that holds any text is a VARCHAR of the table's utf8mb4
    [/^n(varchar|char)\b/i, '$1'],
    [/^timestamp(\(\d+\))?\s+with(out)?\s+time\s+zone$/i, 'DATETIME$1'],
    // MySQL's TIMESTAMP ends in 2038 and may update itself: DATETIME holds what was meant
    [/^(timestamp|timestamptz)(\(\d+\))?$/i, 'DATETIME$2'],
    [/^bytea$/i, 'LONGBLOB'],
    [/^uuid$/i, 'CHAR(36)'],
    [/^jsonb$/i, 'JSON'],
    [/^(big)?serial$/i, 'BIGINT'],
    [/^character varying/i, 'VARCHAR'],
  ],
  duckdb: [
    [/^n(varchar|char)\b/i, '$1'],
    [/^(tiny|medium|long)text$/i, 'VARCHAR'],
    [/^(mediumint|int)\(\d+\)/i, 'INTEGER'],
    [/^jsonb$/i, 'VARCHAR'],
    [/\s+unsigned\b/i, ''],
  ],
  sqlite: [],
};

/** A declared type as `dialect` says it; MySQL's keyed TEXT gets a length (it cannot index it whole). */
export function portableType(declared: string, dialect: SqlDialect, keyed = false): string {
  let type = declared.trim();
  for (const [pattern, replacement] of PORTABLE[dialect]) type = type.replace(pattern, replacement);
  if (dialect === 'mysql' && keyed && /^(tiny|medium|long)?text$/i.test(type)) return 'VARCHAR(255)';
  return type;
}

/**
 * CREATE TABLE for a dialect with the layout's primary key (one column or composite), unique
 * (one column or several), not-null and foreign-key constraints. Tables must be created parents
 * first, the order the engine's layouts come in. MySQL tables compare text as written (a binary
 * collation; pass a NO PAD one, `utf8mb4_nopad_bin` on MariaDB or `utf8mb4_0900_bin` on MySQL 8,
 * so that trailing spaces count too).
 *
 * @example
 * createTableDdl({ name: 't', rows: 0, columns: [idColumn] }, 'postgres');
 * // CREATE TABLE "t" (\n  "id" BIGINT NOT NULL,\n  PRIMARY KEY ("id")\n)
 */
export function createTableDdl(
  t: TableLayout,
  dialect: SqlDialect,
  options: { readonly collation?: string } = {},
): string {
  const q = (n: string) => quoteName(n, dialect);
  const composite = t.primaryKey !== undefined && t.primaryKey.length > 0;
  const key = composite ? t.primaryKey! : t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  const defs = t.columns.map((c) => {
    let d = `${q(c.name)} ${columnType(t, c, dialect)}`;
    if (c.notNull || key.includes(c.name)) d += ' NOT NULL';
    if (c.unique && !key.includes(c.name)) d += ' UNIQUE';
    return d;
  });
  if (key.length > 0) defs.push(`PRIMARY KEY (${key.map(q).join(', ')})`);
  for (const u of t.unique ?? []) defs.push(`UNIQUE (${u.map(q).join(', ')})`);
  for (const c of t.columns) {
    if (!c.references) continue;
    defs.push(`FOREIGN KEY (${q(c.name)}) REFERENCES ${q(c.references.table)} (${q(c.references.column)})`);
  }
  const collation = options.collation ?? 'utf8mb4_bin';
  const tail = dialect === 'mysql' ? ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation}` : '';
  return `CREATE TABLE ${q(t.name)} (\n  ${defs.join(',\n  ')}\n)${tail}`;
}

const ISO_DATETIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)Z$/;

/**
 * A date-time as a dialect reads it: MySQL's DATETIME takes neither the `T` nor the `Z` of ISO
 * text (the value is UTC either way).
 */
export function timestampText(v: string, dialect: SqlDialect): string {
  if (dialect !== 'mysql') return v;
  const m = ISO_DATETIME.exec(v);
  return m ? `${m[1]} ${m[2]}` : v;
}

/**
 * A value as a SQL literal of a dialect: strings quoted with the dialect's escapes, booleans as
 * the column takes them, nested values as JSON text.
 *
 * @example
 * sqlLiteral("it's", 'postgres'); // "'it''s'"
 * sqlLiteral('a\\b', 'mysql'); // "'a\\\\b'"
 */
export function sqlLiteral(v: CellValue, dialect: SqlDialect, type: LogicalType = 'text'): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') {
    if (type === 'boolean' && dialect !== 'sqlite') return v ? 'TRUE' : 'FALSE';
    return v ? '1' : '0';
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'NULL';
    const text = numberText(v);
    // MySQL reads 0.30000000000000004 as an exact DECIMAL and rounds it on the way to DOUBLE;
    // with an exponent it is a floating-point literal, read exactly
    return dialect === 'mysql' && type === 'real' && !/[eE]/.test(text) ? `${text}e0` : text;
  }
  const s = typeof v === 'string' ? v : jsonText(v);
  return stringLiteral(type === 'timestamp' ? timestampText(s, dialect) : s, dialect);
}

// MySQL reads backslash escapes in strings (unless NO_BACKSLASH_ESCAPES): escape them, and the
// characters a terminal or a log would mangle
const MYSQL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
};

/** A string literal: standard SQL doubles quotes; MySQL also escapes backslashes. */
export function stringLiteral(s: string, dialect: SqlDialect): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and ^Z are exactly what MySQL escapes
  if (dialect === 'mysql') return `'${s.replace(/[\\'\0\n\r\x1a]/g, (c) => MYSQL_ESCAPES[c]!)}'`;
  return `'${s.replaceAll("'", "''")}'`;
}
