import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { userError } from '../errors/index.js';
import { type DataLocation, describeLocation, parseLocation } from './db/location.js';
import { DuckdbSink } from './duckdb-sink.js';
import { type FileFormat, fileSinks } from './file-sinks.js';
import { MysqlSink } from './mysql-sink.js';
import { ParquetSink } from './parquet-sink.js';
import { type DatabaseSinkOptions, PostgresSink } from './postgres-sink.js';
import type { Sink, WrittenFile } from './sink.js';
import { SqlScriptSink } from './sql-script-sink.js';
import { type OutputDir, StagedDir } from './staged-dir.js';

export interface TargetOptions extends DatabaseSinkOptions {
  /** the file format of a plain directory target */
  readonly format?: FileFormat;
}

/**
 * Where a run writes, opened from a `--target` text: a sink plus what makes its output appear
 * (rename the staged files) or vanish (abort). A database server's sink commits its own
 * transaction; a file target is staged and moved into place only by `commit`.
 */
export interface Target {
  readonly location: DataLocation;
  /** the target as it may be shown (password masked) */
  readonly label: string;
  readonly sink: Sink;
  /**
   * Moves the sink's files into place (nothing for a database server) and returns them as the
   * manifest records them: a one-file target's path is the file as given.
   */
  commit(files: readonly WrittenFile[], extra?: readonly string[]): WrittenFile[];
  abort(): void;
  /** a directory target's staging folder: where a manifest goes with the files */
  readonly dir?: StagedDir;
}

/**
 * Opens a target: `postgres://…`, `mysql://…`/`mariadb://…`, `duckdb:FILE`, `sqlite:FILE`,
 * `parquet:DIR`, `sql:FILE.sql[?dialect=…]`, or a plain directory (files in `format`). A file
 * that exists is an error unless `replace`. Drivers load only when the sink opens.
 *
 * @example
 * const target = openTarget('parquet:out/shop');
 * const { files } = await generateToSink(spec, target.sink);
 * target.commit(files);
 */
export function openTarget(text: string, options: TargetOptions = {}): Target {
  const location = parseLocation(text);
  const label = describeLocation(text);
  const server = (sink: Sink): Target => ({ location, label, sink, commit: () => [], abort() {} });
  switch (location.kind) {
    case 'postgres':
      return server(new PostgresSink(location.url, options));
    case 'mysql':
      return server(new MysqlSink(location.url, options));
    case 'duckdb':
      return fileTarget(location, label, location.file, options, (dir) => new DuckdbSink(dir));
    case 'sqlite':
      return fileTarget(location, label, location.file, options, (dir) => fileSinks.sqlite(dir));
    case 'sql':
      return fileTarget(
        location,
        label,
        location.file,
        options,
        (dir) => new SqlScriptSink(dir, location.dialect),
      );
    case 'parquet':
      return dirTarget(location, label, location.dir, (dir) => new ParquetSink(dir));
    case 'path':
      return dirTarget(location, label, location.path, (dir) => fileSinks[options.format ?? 'csv'](dir));
  }
}

function dirTarget(
  location: DataLocation,
  label: string,
  root: string,
  make: (dir: OutputDir) => Sink,
): Target {
  const dir = new StagedDir(root);
  return {
    location,
    label,
    sink: make(dir),
    dir,
    commit: (files, extra = []) => {
      dir.commit([...files.map((f) => f.path), ...extra]);
      return files as WrittenFile[];
    },
    abort: () => dir.abort(),
  };
}

/**
 * A target that is one file: the sink writes whatever name it likes under a temporary name
 * beside the file, and commit renames it to the file.
 */
function fileTarget(
  location: DataLocation,
  label: string,
  file: string,
  options: TargetOptions,
  make: (dir: OutputDir) => Sink,
): Target {
  if (existsSync(file) && !options.replace)
    throw userError('target_exists', `${file} already exists`, {
      file,
      hint: 'pass --replace to overwrite it, or name another file',
    });
  if (!existsSync(dirname(file)))
    throw userError('target_missing_dir', `The folder of ${file} does not exist`, {
      file,
      hint: `create ${dirname(file)} first`,
    });
  const temp = join(
    dirname(file),
    `.${basename(file)}.trainkit-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  let used: string | undefined;
  const dir: OutputDir = {
    path: () => {
      used = temp;
      return temp;
    },
  };
  const cleanup = () => {
    // DuckDB keeps a write-ahead log beside an open file
    for (const p of [temp, `${temp}.wal`]) rmSync(p, { force: true });
  };
  return {
    location,
    label,
    sink: make(dir),
    commit: (files) => {
      if (files.length !== 1 || used === undefined)
        throw new Error(`a file target takes one file, got ${files.length}`);
      renameSync(temp, file);
      cleanup();
      return [{ ...files[0]!, path: file }];
    },
    abort: cleanup,
  };
}
