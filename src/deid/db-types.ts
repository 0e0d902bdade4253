import type { Engine } from '../io/db/index.js';

/** What a column holds, whatever the engine calls it: enough to recreate it on another engine. */
export type TypeFamily =
  | 'integer'
  | 'bigint'
  | 'varchar'
  | 'text'
  | 'decimal'
  | 'real'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'time'
  | 'boolean'
  | 'blob'
  | 'json'
  | 'uuid';

/** The family of a declared type, and its length or precision when it has one. */
export function typeFamily(declared: string): { family: TypeFamily; size?: string } {
  const t = declared.trim().toLowerCase();
  const size = /\(([^)]*)\)/.exec(t)?.[1]?.replace(/\s+/g, '');
  const sized = <F extends TypeFamily>(family: F) => (size ? { family, size } : { family });
  if (t === 'tinyint(1)' || t === 'bit(1)' || /^bool/.test(t)) return { family: 'boolean' };
  if (/^(bigint|int8|bigserial)/.test(t)) return { family: 'bigint' };
  if (/^interval|point/.test(t)) return { family: 'text' };
  if (/int|serial/.test(t)) return { family: 'integer' };
  if (/^(numeric|decimal|number|money)/.test(t)) return sized('decimal');
  if (/^(real|float|double)/.test(t)) return { family: 'real' };
  if (/^(timestamp|datetime)/.test(t))
    return { family: /with time zone|^timestamptz/.test(t) ? 'timestamptz' : 'timestamp' };
  if (t === 'date') return { family: 'date' };
  if (/^time/.test(t)) return { family: 'time' };
  if (/^(bytea|blob|longblob|mediumblob|tinyblob|binary|varbinary)/.test(t)) return { family: 'blob' };
  if (/^json/.test(t)) return { family: 'json' };
  if (t === 'uuid') return { family: 'uuid' };
  if (/char|varchar|character|string|nvarchar/.test(t) && size) return { family: 'varchar', size };
  return { family: 'text' };
}

const NAMES: Record<Engine, Record<TypeFamily, string>> = {
  postgres: {
    integer: 'INTEGER',
    bigint: 'BIGINT',
    varchar: 'VARCHAR',
    text: 'TEXT',
    decimal: 'NUMERIC',
    real: 'DOUBLE PRECISION',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    timestamptz: 'TIMESTAMPTZ',
    time: 'TIME',
    boolean: 'BOOLEAN',
    blob: 'BYTEA',
    json: 'JSONB',
    uuid: 'UUID',
  },
  mysql: {
    integer: 'INT',
    bigint: 'BIGINT',
    varchar: 'VARCHAR',
    text: 'LONGTEXT',
    decimal: 'DECIMAL',
    real: 'DOUBLE',
    date: 'DATE',
    timestamp: 'DATETIME(6)',
    timestamptz: 'DATETIME(6)',
    time: 'TIME(6)',
    boolean: 'BOOLEAN',
    blob: 'LONGBLOB',
    json: 'JSON',
    uuid: 'CHAR(36)',
  },
  duckdb: {
    integer: 'INTEGER',
    bigint: 'BIGINT',
    varchar: 'VARCHAR',
    text: 'VARCHAR',
    decimal: 'DECIMAL',
    real: 'DOUBLE',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    timestamptz: 'TIMESTAMPTZ',
    time: 'TIME',
    boolean: 'BOOLEAN',
    blob: 'BLOB',
    json: 'JSON',
    uuid: 'UUID',
  },
  sqlite: {
    integer: 'INTEGER',
    bigint: 'INTEGER',
    varchar: 'VARCHAR',
    text: 'TEXT',
    decimal: 'NUMERIC',
    real: 'REAL',
    date: 'DATE',
    timestamp: 'DATETIME',
    timestamptz: 'DATETIME',
    time: 'TIME',
    boolean: 'BOOLEAN',
    blob: 'BLOB',
    json: 'TEXT',
    uuid: 'TEXT',
  },
};

/**
 * A column's type on the target engine: the declared type itself between two databases of the
 * same engine, else the target's name for the same family (`NVARCHAR(40)` → `VARCHAR(40)`,
 * `timestamp without time zone` → `DATETIME(6)` on MySQL). `keyed` text on MySQL needs a length.
 *
 * @example
 * targetType('character varying(40)', 'postgres', 'mysql', false); // 'VARCHAR(40)'
 */
export function targetType(declared: string, from: Engine, to: Engine, keyed: boolean): string {
  if (from === to && declared.trim() !== '') return declared;
  const { family, size } = typeFamily(declared);
  if (family === 'text' && keyed && to === 'mysql') return 'VARCHAR(255)';
  const name = NAMES[to][family];
  return size && (family === 'varchar' || family === 'decimal') ? `${name}(${size})` : name;
}

/** The most characters a declared type holds (`VARCHAR(40)` → 40), or undefined. */
export function maxLength(declared: string): number | undefined {
  const { family, size } = typeFamily(declared);
  return family === 'varchar' && size && /^\d+$/.test(size) ? Number(size) : undefined;
}
