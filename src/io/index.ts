export { CsvSink, csvCell } from './csv-sink.js';
export { type FileFormat, fileFormats, fileSinks } from './file-sinks.js';
export { FileWriter } from './file-writer.js';
export { JsonlSink } from './jsonl-sink.js';
export { numberText } from './number-text.js';
export type { CellValue, Chunk, ColumnLayout, Sink, TableLayout, WrittenFile } from './sink.js';
export { createTableSql, openSqlite, quoteIdent, type SqliteDatabase, SqliteSink } from './sqlite-sink.js';
export { StagedDir } from './staged-dir.js';
