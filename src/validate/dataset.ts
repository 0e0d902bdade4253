import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openSource, type ReadCell, type TableRows } from '../io/index.js';
import { Rng } from '../random/index.js';
import type { Cell, Frame } from './frame.js';

/** One table of a dataset, possibly spread over several files (the parts of a split). */
export interface DatasetTable {
  readonly name: string;
  /** The files it is read from; empty for a database table. */
  readonly files: readonly string[];
  /** Streams the table's rows, file after file. */
  open(): Promise<TableRows>;
}

/** A dataset to validate: a generate output folder, a folder of files, one file, or a database. */
export interface Dataset {
  /** What was named: a path, or a database URL with its password masked. */
  readonly path: string;
  readonly tables: readonly DatasetTable[];
  /** The run's manifest.json, when the folder has one. */
  readonly manifest?: {
    readonly scale?: number;
    readonly seed?: number;
    readonly spec?: { readonly name?: string };
  };
  table(name: string): DatasetTable | undefined;
}

/** The run's manifest.json of a generate output folder, when there is one. */
function readManifest(path: string): Dataset['manifest'] {
  const file = join(path, 'manifest.json');
  if (!existsSync(path) || !statSync(path).isDirectory() || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Dataset['manifest'];
}

/**
 * Finds the tables of a dataset, through the Source its name opens: a folder written by
 * `trainkit generate` (its manifest names the files; the parts of a split are read together as
 * one table), any folder of CSV, JSONL, Parquet or SQLite files (a table per file, named by the
 * file), a single such file, or a database (`postgres://…`, `mysql://…`, `duckdb:FILE`,
 * `sqlite:FILE`, `parquet:DIR`). A table's rows are read when it is opened.
 *
 * @example
 * const ds = await openDataset('out/');
 * for (const t of ds.tables) console.log(t.name, t.files);
 */
export async function openDataset(path: string): Promise<Dataset> {
  const source = await openSource(path);
  let tables: readonly DatasetTable[];
  try {
    tables = await source.tables();
  } finally {
    // the catalogue is read: each table opens what it needs when its rows are read
    await source.close();
  }
  const manifest = readManifest(path);
  return {
    path: source.label,
    tables,
    ...(manifest ? { manifest } : {}),
    table: (name) => tables.find((t) => t.name === name),
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A read cell as a frame cell: nested values become JSON text, booleans `true`/`false`. */
function toCell(v: ReadCell): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

/**
 * Collects a table's rows into a frame as they stream past: all of them, or with `sample` a
 * seeded uniform sample of at most that many rows (reservoir sampling, in file order of where
 * they landed). A column whose present cells all read as numbers holds numbers. The same rows in
 * the same order give the same frame, whichever pass reads them.
 */
export class FrameSampler {
  private readonly data: Cell[][];
  private readonly cap: number;
  private readonly rng: Rng;
  private seen = 0;
  private n = 0;

  constructor(
    private readonly name: string,
    private readonly columns: readonly string[],
    sample?: { rows: number; seed: number },
  ) {
    this.data = columns.map(() => []);
    this.cap = sample?.rows ?? Number.POSITIVE_INFINITY;
    this.rng = Rng.from(['trainkit-sample', name, sample?.seed ?? 0]);
  }

  add(row: readonly ReadCell[]): void {
    const { data, columns } = this;
    this.seen++;
    if (this.n < this.cap) {
      for (let c = 0; c < columns.length; c++) data[c]!.push(toCell(row[c] ?? null));
      this.n++;
      return;
    }
    // row `seen` replaces a kept row with chance cap/seen
    const j = this.rng.below(this.seen);
    if (j < this.cap) for (let c = 0; c < columns.length; c++) data[c]![j] = toCell(row[c] ?? null);
  }

  finish(): Frame {
    const out: Record<string, Cell[]> = {};
    this.columns.forEach((column, c) => {
      const values = this.data[c]!;
      const numeric = values.every((v) => v === null || typeof v === 'number' || NUMBER.test(v));
      out[column] = numeric ? values.map((v) => (v === null ? null : Number(v))) : values;
    });
    return { name: this.name, columns: [...this.columns], data: out, rows: this.n };
  }
}

/**
 * Reads a table into memory as a frame: what the fidelity, privacy and quality metrics need.
 * With `sample`, a seeded uniform sample of at most that many rows (see FrameSampler).
 */
export async function loadFrame(
  table: DatasetTable,
  sample?: { rows: number; seed: number },
): Promise<Frame> {
  const rows = await table.open();
  const sampler = new FrameSampler(table.name, rows.columns, sample);
  for await (const batch of rows.batches()) for (const row of batch.rows) sampler.add(row);
  return sampler.finish();
}
