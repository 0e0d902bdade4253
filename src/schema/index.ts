export { type CheckFact, checkFacts } from './check-range.js';
export { type ColumnGuess, guessColumn, nameWords, type TypeInfo, typeInfo } from './column-guess.js';
export { type ParseDdlOptions, parseDdl } from './ddl-parser.js';
export { guessDialect, type InitSpecOptions, initSpec } from './init-spec.js';
export { type IntrospectOptions, introspectSchema } from './introspect.js';
export { SqlSyntaxError, splitSqlStatements } from './sql-tokenizer.js';
export { DDL_ROWS, type ImportedSpec, type SchemaToSpecOptions, schemaToSpec } from './to-spec.js';
export type { ColumnStats, DbColumn, DbForeignKey, DbSchema, DbTable, SqlDialect } from './types.js';
