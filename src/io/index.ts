export { ByteBuffer, type ByteOut } from './byte-buffer.js';
export { chunkEncoder } from './chunk-encoder.js';
export { copyCsvEncoder } from './copy-encoder.js';
export { type CsvRecord, type CsvTable, readCsv, writeCsvRecord } from './csv-reader.js';
export { CsvSink, csvCell, encodeCsvChunk } from './csv-sink.js';
export { DuckdbSink } from './duckdb-sink.js';
export { type FileFormat, type FileSinkOptions, fileFormats, fileSinks } from './file-sinks.js';
export { FileWriter } from './file-writer.js';
export { JsonlSink } from './jsonl-sink.js';
export { MysqlSink, type MysqlSinkOptions } from './mysql-sink.js';
export { type NerColumns, type NerFormat, nerExport, nerFormats } from './ner-export.js';
export { bioTags, type NerSpan, type NerToken, tokenize } from './ner-tokenize.js';
export { numberText } from './number-text.js';
export { PARQUET_ROW_GROUP, ParquetSink } from './parquet-sink.js';
export { type DatabaseSinkOptions, PostgresSink, PROGRESS_TABLE } from './postgres-sink.js';
export type { CellValue, Chunk, ColumnLayout, Sink, TableLayout, WrittenFile } from './sink.js';
export { openSource, type Source, type SourceColumn, type SourceTable } from './source.js';
export { DbSource } from './sources/db-source.js';
export { fileSource } from './sources/folder-source.js';
export { type Normaliser, normaliserFor } from './sources/normalise.js';
export { parquetSource } from './sources/parquet-source.js';
export {
  columnType,
  createTableDdl,
  type LogicalType,
  logicalType,
  portableType,
  quoteName,
  type SqlDialect,
  sqlLiteral,
  stringLiteral,
} from './sql-ddl.js';
export { SqlScriptSink } from './sql-script-sink.js';
export { createTableSql, openSqlite, quoteIdent, type SqliteDatabase, SqliteSink } from './sqlite-sink.js';
export { type OutputDir, StagedDir } from './staged-dir.js';
export { openCsvRows, openTableRows, type ReadCell, type RowBatch, type TableRows } from './table-reader.js';
export { openTarget, type Target, type TargetOptions } from './targets.js';
export { writeFileAtomic } from './write-atomic.js';
