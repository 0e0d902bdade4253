export { type ParseDdlOptions, parseDdl } from './ddl-parser.js';
export { type IntrospectOptions, introspectSchema } from './introspect.js';
export { SqlSyntaxError, splitSqlStatements } from './sql-tokenizer.js';
export type { ColumnStats, DbColumn, DbForeignKey, DbSchema, DbTable, SqlDialect } from './types.js';
