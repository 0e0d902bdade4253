import { CsvSink } from './csv-sink.js';
import { JsonlSink } from './jsonl-sink.js';
import type { Sink } from './sink.js';
import { SqliteSink } from './sqlite-sink.js';
import type { OutputDir } from './staged-dir.js';

/** The sinks that write into an output directory, by `--format` name. */
export const fileSinks = {
  csv: (dir: OutputDir, options: FileSinkOptions = {}): Sink => new CsvSink(dir, options),
  jsonl: (dir: OutputDir, _options: FileSinkOptions = {}): Sink => new JsonlSink(dir),
  sqlite: (dir: OutputDir, _options: FileSinkOptions = {}): Sink => new SqliteSink(dir),
} as const;

export interface FileSinkOptions {
  /** false for a shard after the first, so shards concatenate into the whole file */
  readonly header?: boolean;
}

export type FileFormat = keyof typeof fileSinks;
export const fileFormats = Object.keys(fileSinks) as FileFormat[];
