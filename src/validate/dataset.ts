import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { userError } from '../errors/index.js';
import { openSqlite, openTableRows, type ReadCell, type RowBatch, type TableRows } from '../io/index.js';
import { Rng } from '../random/index.js';
import type { Cell, Frame } from './frame.js';

/** One table of a dataset on disk, possibly spread over several files (the parts of a split). */
export interface DatasetTable {
  readonly name: string;
  readonly files: readonly string[];
  /** Streams the table's rows, file after file. */
  open(): Promise<TableRows>;
}

/** A dataset to validate: a generate output folder, a folder of files, or one file. */
export interface Dataset {
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

const TABLE_FILES = new Set(['.csv', '.jsonl', '.ndjson']);
const SQLITE_FILES = new Set(['.sqlite', '.sqlite3', '.db']);

function tableOf(name: string, files: readonly { file: string; table?: string }[]): DatasetTable {
  return {
    name,
    files: files.map((f) => f.file),
    async open() {
      const parts = await Promise.all(files.map((f) => openTableRows(f.file, f.table)));
      const columns = parts[0]?.columns ?? [];
      for (const [i, p] of parts.entries()) {
        if (p.columns.join('\u0000') !== columns.join('\u0000'))
          throw userError(
            'table_parts_differ',
            `${files[i]!.file} has other columns than ${files[0]!.file}, though both hold table "${name}"`,
            { file: files[i]!.file, hint: 'validate each part on its own' },
          );
      }
      return {
        columns,
        async *batches(): AsyncGenerator<RowBatch> {
          for (const p of parts) yield* p.batches();
        },
      };
    },
  };
}

async function sqliteTables(file: string): Promise<DatasetTable[]> {
  const db = (await openSqlite(file)) as unknown as {
    prepare(sql: string): { all(): { name: string }[] };
    close(): void;
  };
  try {
    return db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
      )
      .all()
      .map((r) => tableOf(r.name, [{ file, table: r.name }]));
  } finally {
    db.close();
  }
}

/**
 * Finds the tables of a dataset: a folder written by `trainkit generate` (its manifest names the
 * files; the parts of a split are read together as one table), any folder of CSV, JSONL or
 * SQLite files (a table per file, named by the file), or a single such file.
 *
 * @example
 * const ds = await openDataset('out/');
 * for (const t of ds.tables) console.log(t.name, t.files);
 */
export async function openDataset(path: string): Promise<Dataset> {
  if (!existsSync(path))
    throw userError('data_not_found', `${path} does not exist`, {
      file: path,
      hint: 'give the folder trainkit generate wrote, or a CSV, JSONL or SQLite file',
    });
  let tables: DatasetTable[] = [];
  let manifest: Dataset['manifest'];
  if (statSync(path).isDirectory()) {
    const manifestFile = join(path, 'manifest.json');
    const files: string[] = [];
    if (existsSync(manifestFile)) {
      const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
        files?: { path: string }[];
        scale?: number;
        seed?: number;
        spec?: { name?: string };
      };
      manifest = m;
      for (const f of m.files ?? []) files.push(join(path, f.path));
    } else {
      for (const f of readdirSync(path).sort()) files.push(join(path, f));
    }
    const byTable = new Map<string, { file: string }[]>();
    for (const file of files) {
      const ext = extname(file).toLowerCase();
      if (SQLITE_FILES.has(ext)) tables.push(...(await sqliteTables(file)));
      if (!TABLE_FILES.has(ext)) continue;
      const name = basename(file, extname(file));
      byTable.set(name, [...(byTable.get(name) ?? []), { file }]);
    }
    for (const [name, parts] of byTable) tables.push(tableOf(name, parts));
  } else {
    const ext = extname(path).toLowerCase();
    if (SQLITE_FILES.has(ext)) tables = await sqliteTables(path);
    else if (TABLE_FILES.has(ext)) tables = [tableOf(basename(path, extname(path)), [{ file: path }])];
    else
      throw userError('unknown_table_format', `Cannot read ${path}: not CSV, JSONL or SQLite`, {
        file: path,
        hint: 'give a .csv, .jsonl or .sqlite file, or a folder of them',
      });
  }
  if (tables.length === 0)
    throw userError('no_tables', `${path} holds no CSV, JSONL or SQLite table`, {
      file: path,
      hint: 'give the folder trainkit generate wrote, or a CSV, JSONL or SQLite file',
    });
  return {
    path,
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
