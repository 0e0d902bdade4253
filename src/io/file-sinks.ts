import { CsvSink } from './csv-sink.js';
import { JsonlSink } from './jsonl-sink.js';
import type { Sink } from './sink.js';
import { SqliteSink } from './sqlite-sink.js';
import type { StagedDir } from './staged-dir.js';

/** The sinks that write into an output directory, by `--format` name. */
export const fileSinks = {
  csv: (dir: StagedDir): Sink => new CsvSink(dir),
  jsonl: (dir: StagedDir): Sink => new JsonlSink(dir),
  sqlite: (dir: StagedDir): Sink => new SqliteSink(dir),
} as const;

export type FileFormat = keyof typeof fileSinks;
export const fileFormats = Object.keys(fileSinks) as FileFormat[];
