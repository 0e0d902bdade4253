/**
 * The conformance suite of the `Sink` extension point. Every sink must pass it; a new sink is
 * added with one `runSinkConformance(...)` call in `sinks.test.ts`.
 *
 * The suite drives a sink the way `generateToSink` + `generateToDirectory` do (open, write the
 * chunks in foreign-key order, close, commit the staged files) and reads the files back from
 * disk with the format's own reader. What a format promises about each value (CSV has no types
 * and no null; SQLite stores booleans as 1/0) is stated by `cell`, once per format.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellValue, Chunk, ColumnLayout, Sink, TableLayout, WrittenFile } from '../../src/io/index.js';
import { StagedDir } from '../../src/io/index.js';

/** What `Sink.open` receives. */
export interface DatasetLayout {
  readonly name: string;
  readonly tables: readonly TableLayout[];
}

/** One table as read back from the committed output. */
export interface ReadTable {
  /** column names in file order, or `null` when the format cannot say (JSONL with no rows) */
  readonly columns: readonly string[] | null;
  /** rows in the order the format returns them, values as its reader returns them */
  readonly rows: readonly (readonly unknown[])[];
}

export interface SinkConformance {
  /** the sink's format name; `sink.format` must equal it */
  readonly name: string;
  /** A new sink; a `server` sink ignores `dir`. */
  readonly make: (dir: StagedDir) => Sink;
  /**
   * Reads every table of `layout` back from the committed output directory `dir` (a `server`
   * sink: from its database), rows in the order written (by the first column, the key).
   */
  readonly readBack: (
    dir: string,
    layout: DatasetLayout,
  ) => Record<string, ReadTable> | Promise<Record<string, ReadTable>>;
  /** How a written value reads back from this format: the format's promise about it. */
  readonly cell: (value: CellValue, column: ColumnLayout) => unknown;
  /** whether a table with no rows still records its column names (a CSV header, a SQLite schema) */
  readonly emptyTableHasColumns: boolean;
  /**
   * `files` (the default): the sink writes files under a staging folder, committed by rename.
   * `server`: it loads into a database server in a transaction of its own; `tables` lists the
   * tables the server holds, so the suite can check that a failed run leaves none.
   */
  readonly storage?: 'files' | 'server';
  /** server: drops every table, before each test */
  readonly reset?: () => Promise<void>;
  /** server: the tables the database holds */
  readonly tables?: () => Promise<string[]>;
  /** false when the same rows do not give the same bytes (a database file) */
  readonly deterministicBytes?: boolean;
  /** false when the file's size says little about the data's (compressed columns) */
  readonly rawBytes?: boolean;
  /**
   * Whether the format enforces the layout's constraints while loading (a database): then a row
   * that breaks one fails the run (write or close rejects) and nothing is left behind.
   */
  readonly enforces?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The fixture: two tables joined by foreign keys, plus a table that receives no rows.

export function col(
  name: string,
  kind: string,
  sqlType: ColumnLayout['sqlType'],
  opts: { pk?: boolean; unique?: boolean; nullable?: boolean; references?: [string, string] } = {},
): ColumnLayout {
  return {
    name,
    kind,
    sqlType,
    primaryKey: opts.pk === true,
    unique: opts.unique === true || opts.pk === true,
    notNull: opts.nullable !== true,
    ...(opts.references ? { references: { table: opts.references[0], column: opts.references[1] } } : {}),
  };
}

/** Text that trips up writers: separators, quotes, line breaks, padding, non-ASCII, look-alikes. */
export const AWKWARD_TEXT: readonly string[] = [
  'plain',
  'comma, inside',
  'quote " inside',
  '"fully quoted"',
  '""',
  '"',
  'line\nbreak',
  'carriage\rreturn',
  'crlf\r\nend',
  '\n',
  ',',
  '  leading and trailing  ',
  ' ',
  'tab\tinside',
  'back\\slash',
  'café é',
  '日本語のテキスト',
  'emoji 😀 👍🏽 🇯🇵',
  'line\u2028separator',
  'null',
  'NULL',
  'true',
  '0',
  '{"json": [1, "two"]}',
  "it's",
  '',
];

/** Doubles whose shortest round-trip form is not obvious. */
export const AWKWARD_REALS: readonly number[] = [
  0,
  1,
  -1,
  0.1 + 0.2,
  -0.5,
  1e-7,
  1.5e300,
  -2.5e-300,
  3,
  123456.789,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53 - 1,
];

/** Integers up to the largest a double holds exactly. */
export const AWKWARD_INTEGERS: readonly number[] = [
  0,
  1,
  -1,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  2 ** 31,
  -(2 ** 31) - 1,
  1234567890123,
];

export const NOTE = 'note, "remark"';

export const DATASET: DatasetLayout = {
  name: 'conformance',
  tables: [
    {
      name: 'parent',
      rows: AWKWARD_TEXT.length + 150,
      columns: [
        col('id', 'id', 'INTEGER', { pk: true }),
        col('code', 'pattern', 'TEXT', { unique: true }),
        col('label', 'fake', 'TEXT', { nullable: true }),
        col('score', 'numeric', 'REAL'),
      ],
    },
    {
      name: 'child',
      rows: 0, // set below
      columns: [
        col('id', 'id', 'INTEGER', { pk: true }),
        col('parent_id', 'ref', 'INTEGER', { references: ['parent', 'id'] }),
        col('parent_code', 'ref', 'TEXT', { references: ['parent', 'code'] }),
        col('amount', 'numeric', 'REAL'),
        col('active', 'boolean', 'INTEGER'),
        col(NOTE, 'template', 'TEXT', { nullable: true }),
        col('big', 'numeric', 'INTEGER'),
      ],
    },
    {
      name: 'audit',
      rows: 0,
      columns: [
        col('id', 'id', 'INTEGER', { pk: true }),
        col('parent_id', 'ref', 'INTEGER', { references: ['parent', 'id'] }),
        col('message', 'fake', 'TEXT', { nullable: true }),
      ],
    },
  ],
};

/** A table of the typed kinds: dates, date-times, nested JSON, booleans, each with nulls. */
export function typedLayout(): DatasetLayout {
  return {
    name: 'typed',
    tables: [
      {
        name: 'typed',
        rows: TYPED_ROWS.length,
        columns: [
          col('id', 'id', 'INTEGER', { pk: true }),
          col('day', 'date', 'TEXT', { nullable: true }),
          col('at', 'datetime', 'TEXT', { nullable: true }),
          col('doc', 'object', 'TEXT', { nullable: true }),
          col('flag', 'boolean', 'INTEGER', { nullable: true }),
          col('n', 'integer', 'INTEGER', { nullable: true }),
        ],
      },
    ],
  };
}

export const TYPED_ROWS: CellValue[][] = [
  [1, '2024-02-29', '2024-02-29T23:59:59Z', { sku: 'A-1', qty: [1, 2.5], note: 'say "hi"\n' }, true, 0],
  [2, '1970-01-01', '1999-12-31T00:00:00Z', { empty: {}, list: [] }, false, -(2 ** 53 - 1)],
  [3, null, null, null, null, null],
  [4, '2099-12-31', '2000-01-01T12:30:00Z', { nested: { deep: [null, true, 'é😀'] } }, true, 2 ** 53 - 1],
];

/** Builds a chunk from rows, transposing them into the column-major arrays sinks receive. */
export function chunkOf(table: string, index: number, start: number, rows: readonly CellValue[][]): Chunk {
  const width = rows[0]?.length ?? 0;
  const columns = Array.from({ length: width }, (_, c) => rows.map((r) => r[c] as CellValue));
  return { table, index, start, rows: rows.length, columns };
}

export type Rows = Record<string, CellValue[][]>;

/** The rows of each table of `DATASET`, in the order they are written. */
export function datasetRows(): { parent: CellValue[][]; child: CellValue[][]; audit: CellValue[][] } {
  const parent: CellValue[][] = [];
  // chunk 0: one awkward string per row, as a unique code and (shifted, with nulls) as a label
  AWKWARD_TEXT.forEach((s, i) => {
    const label = i % 5 === 4 ? null : AWKWARD_TEXT[(i + 7) % AWKWARD_TEXT.length]!;
    parent.push([i + 1, s, label, AWKWARD_REALS[i % AWKWARD_REALS.length]!]);
  });
  // chunk 1: long enough to cross any batching (SQLite inserts 64 rows a statement)
  for (let i = 0; i < 150; i++) {
    const id = AWKWARD_TEXT.length + i + 1;
    parent.push([id, `gen-${i}`, i % 3 === 0 ? null : `label ${i}, "#${i}"`, i / 7]);
  }
  const child: CellValue[][] = [];
  const n = parent.length;
  for (let i = 0; i < 230; i++) {
    // chunk 0 (i < 40) points only at chunk 0 parents; later rows at any parent written so far
    const p = i < 40 ? parent[i % AWKWARD_TEXT.length]! : parent[(i * 37) % n]!;
    const note = i % 4 === 3 ? null : AWKWARD_TEXT[(i * 3) % AWKWARD_TEXT.length]!;
    child.push([
      1000 + i,
      p[0]!,
      p[1]!,
      AWKWARD_REALS[i % AWKWARD_REALS.length]!,
      i % 3 !== 1,
      note,
      AWKWARD_INTEGERS[i % AWKWARD_INTEGERS.length]!,
    ]);
  }
  return { parent, child, audit: [] };
}

/** The chunks of `datasetRows()` in foreign-key order: parent chunk k, then child chunk k. */
export function datasetChunks(): Chunk[] {
  const { parent, child } = datasetRows();
  const cut = AWKWARD_TEXT.length;
  return [
    chunkOf('parent', 0, 0, parent.slice(0, cut)),
    chunkOf('child', 0, 0, child.slice(0, 40)),
    chunkOf('parent', 1, cut, parent.slice(cut)),
    chunkOf('child', 1, 40, child.slice(40, 130)),
    chunkOf('child', 2, 130, child.slice(130)),
  ];
}

/** `DATASET` with each table's row count set to what `datasetChunks()` writes. */
export function datasetLayout(): DatasetLayout {
  const rows: Rows = datasetRows();
  return { ...DATASET, tables: DATASET.tables.map((t) => ({ ...t, rows: rows[t.name]!.length })) };
}

// ---------------------------------------------------------------------------------------------
// Driving a sink the way the engine does.

/** Opens, writes every chunk (awaiting an async write), closes. */
export async function drive(
  sink: Sink,
  layout: DatasetLayout,
  chunks: readonly Chunk[],
): Promise<WrittenFile[]> {
  await sink.open(layout);
  try {
    for (const c of chunks) await sink.write(c);
    return await sink.close();
  } catch (e) {
    // as the engine does: a failed run is aborted (a database sink rolls back and disconnects)
    await sink.abort();
    throw e;
  }
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const STAGING = /^\.trainkit-staging-/;

export function runSinkConformance(s: SinkConformance): void {
  const files = (s.storage ?? 'files') === 'files';
  const fileIt = it.runIf(files);
  describe(`Sink conformance: ${s.name}`, () => {
    let tmp: string;
    let out: string;
    beforeEach(async () => {
      tmp = mkdtempSync(join(tmpdir(), `trainkit-sink-${s.name}-`));
      out = join(tmp, 'out');
      await s.reset?.();
    });
    afterEach(() => {
      rmSync(tmp, { recursive: true, force: true });
    });

    /** Writes the fixture into `root` and commits it; returns the written files. */
    async function writeCommitted(
      root: string,
      chunks = datasetChunks(),
      layout = datasetLayout(),
    ): Promise<WrittenFile[]> {
      const dir = new StagedDir(root);
      const files = await drive(s.make(dir), layout, chunks);
      dir.commit(files.map((f) => f.path));
      return files;
    }

    /** The rows of each table as this format promises to give them back. */
    function expectedRows(layout: DatasetLayout, rows: Rows) {
      return Object.fromEntries(
        layout.tables.map((t) => [
          t.name,
          rows[t.name]!.map((r) => r.map((v, c) => s.cell(v, t.columns[c]!))),
        ]),
      );
    }

    it(`has format "${s.name}"`, () => {
      const dir = new StagedDir(out);
      try {
        expect(s.make(dir).format).toBe(s.name);
      } finally {
        dir.abort();
      }
    });

    it('round-trips every value, column and row order through the committed files', async () => {
      await writeCommitted(out);
      const layout = datasetLayout();
      const back = await s.readBack(out, layout);
      const expected = expectedRows(layout, datasetRows());
      expect(Object.keys(back).sort()).toEqual(layout.tables.map((t) => t.name).sort());
      for (const t of layout.tables) {
        const table = back[t.name]!;
        expect(table.rows.length, t.name).toBe(t.rows);
        if (t.rows > 0 || s.emptyTableHasColumns) {
          expect(table.columns, t.name).toEqual(t.columns.map((c) => c.name));
        }
        expect(table.rows, t.name).toEqual(expected[t.name]);
      }
      // the fixture really holds what the suite claims to test
      expect(layout.tables.find((t) => t.name === 'child')!.rows).toBeGreaterThan(64 * 2);
    });

    fileIt(
      'returns one WrittenFile per output file: relative path, exact size, SHA-256 of the committed bytes',
      async () => {
        const files = await writeCommitted(out);
        expect(files.length).toBeGreaterThan(0);
        const tableNames = DATASET.tables.map((t) => t.name);
        for (const f of files) {
          expect(isAbsolute(f.path), f.path).toBe(false);
          expect(f.path).not.toMatch(/\\|^\.\.?\/|\/\.\.?\//);
          const file = join(out, f.path);
          expect(statSync(file).size, f.path).toBe(f.bytes);
          expect(f.bytes, f.path).toBeGreaterThanOrEqual(0);
          expect(f.sha256, f.path).toMatch(/^[0-9a-f]{64}$/);
          expect(sha256(file), f.path).toBe(f.sha256);
          if (f.table !== undefined) expect(tableNames).toContain(f.table);
        }
        expect(new Set(files.map((f) => f.path)).size).toBe(files.length);
        // after commit the directory holds exactly the reported files: no staging folder, no strays
        expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(
          files.map((f) => f.path).sort(),
        );
      },
    );

    fileIt('writes only under the staging folder: nothing at the final paths before commit', async () => {
      const dir = new StagedDir(out);
      const sink = s.make(dir);
      const layout = datasetLayout();
      const chunks = datasetChunks();
      await sink.open(layout);
      await sink.write(chunks[0]!);
      expect(readdirSync(out).filter((e) => !STAGING.test(e))).toEqual([]);
      for (const c of chunks.slice(1)) await sink.write(c);
      const files = await sink.close();
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        expect(existsSync(join(out, f.path)), f.path).toBe(false);
        // the staged file is complete already: what commit will move is what close reported
        const staged = dir.path(f.path);
        expect(statSync(staged).size, f.path).toBe(f.bytes);
        expect(sha256(staged), f.path).toBe(f.sha256);
      }
      const entries = readdirSync(out);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatch(STAGING);
      dir.commit(files.map((f) => f.path));
      for (const f of files) expect(existsSync(join(out, f.path)), f.path).toBe(true);
    });

    fileIt('leaves no output directory after abort()', async () => {
      const dir = new StagedDir(out);
      const sink = s.make(dir);
      const chunks = datasetChunks();
      await sink.open(datasetLayout());
      await sink.write(chunks[0]!);
      await sink.write(chunks[1]!);
      expect(readdirSync(out)).toHaveLength(1); // the staging folder, with the partial files
      expect(readdirSync(join(out, readdirSync(out)[0]!)).length).toBeGreaterThan(0);
      await sink.abort();
      dir.abort();
      // the run made the output folder, so an aborted run takes it away again
      expect(existsSync(out)).toBe(false);
    });

    fileIt('leaves no output directory after abort() straight after open()', async () => {
      const dir = new StagedDir(out);
      const sink = s.make(dir);
      await sink.open(datasetLayout());
      await sink.abort();
      dir.abort();
      // the run made the output folder, so an aborted run takes it away again
      expect(existsSync(out)).toBe(false);
    });

    fileIt('leaves a folder that was there before, with what it held, after abort()', async () => {
      mkdirSync(out);
      writeFileSync(join(out, 'keep.txt'), 'mine');
      const dir = new StagedDir(out);
      const sink = s.make(dir);
      await sink.open(datasetLayout());
      await sink.abort();
      dir.abort();
      expect(readdirSync(out)).toEqual(['keep.txt']);
    });

    it('writes a valid, empty table for a table that receives no chunks', async () => {
      await writeCommitted(out);
      const layout = datasetLayout();
      const audit = layout.tables.find((t) => t.name === 'audit')!;
      expect(audit.rows).toBe(0);
      const back = (await s.readBack(out, layout)).audit!;
      expect(back.rows).toEqual([]);
      expect(back.columns).toEqual(s.emptyTableHasColumns ? audit.columns.map((c) => c.name) : null);
    });

    it('writes a valid dataset when no table receives any chunk', async () => {
      const dir = new StagedDir(out);
      const layout: DatasetLayout = { ...DATASET, tables: DATASET.tables.map((t) => ({ ...t, rows: 0 })) };
      const files = await drive(s.make(dir), layout, []);
      dir.commit(files.map((f) => f.path));
      const back = await s.readBack(out, layout);
      for (const t of layout.tables) {
        expect(back[t.name]!.rows, t.name).toEqual([]);
        expect(back[t.name]!.columns, t.name).toEqual(
          s.emptyTableHasColumns ? t.columns.map((c) => c.name) : null,
        );
      }
      for (const f of files) expect(sha256(join(out, f.path)), f.path).toBe(f.sha256);
    });

    it('consumes each chunk during write(): the engine reuses the column arrays afterwards', async () => {
      const dir = new StagedDir(out);
      const sink = s.make(dir);
      const chunks = datasetChunks();
      await sink.open(datasetLayout());
      for (const c of chunks) {
        await sink.write(c);
        // what the engine does to the next chunk: overwrite the arrays in place and shrink them
        for (const column of c.columns as CellValue[][]) {
          column.fill('overwritten');
          column.length = 1;
        }
      }
      const files = await sink.close();
      dir.commit(files.map((f) => f.path));
      const layout = datasetLayout();
      const back = await s.readBack(out, layout);
      const expected = expectedRows(layout, datasetRows());
      for (const t of layout.tables) expect(back[t.name]!.rows, t.name).toEqual(expected[t.name]);
    });

    it('writes multi-megabyte tables intact across many chunks of multi-byte text', async () => {
      // mostly 3-byte characters (the most UTF-8 bytes per UTF-16 unit), plus 2- and 4-byte ones
      // and everything CSV must quote
      const unit = '日本語のテキスト、改行と引用符。é😀,"\r\n ';
      const total = 16 * 512;
      const rows: CellValue[][] = Array.from({ length: total }, (_, i) => [
        i + 1,
        `${i}:${unit.repeat(5 + (i % 11))}`,
        i / 3,
      ]);
      const layout: DatasetLayout = {
        name: 'large',
        tables: [
          {
            name: 'big',
            rows: total,
            columns: [
              col('id', 'id', 'INTEGER', { pk: true }),
              col('text', 'fake', 'TEXT'),
              col('x', 'numeric', 'REAL'),
            ],
          },
        ],
      };
      const chunks = Array.from({ length: total / 512 }, (_, k) =>
        chunkOf('big', k, k * 512, rows.slice(k * 512, (k + 1) * 512)),
      );
      const dir = new StagedDir(out);
      const files = await drive(s.make(dir), layout, chunks);
      dir.commit(files.map((f) => f.path));
      // bigger than a writer's buffer a few times over, so buffer boundaries fall mid-row
      if (files.length > 0 && s.rawBytes !== false)
        expect(Math.max(...files.map((f) => f.bytes))).toBeGreaterThan(4 * 2 ** 20);
      for (const f of files) {
        expect(statSync(join(out, f.path)).size, f.path).toBe(f.bytes);
        expect(sha256(join(out, f.path)), f.path).toBe(f.sha256);
      }
      const back = (await s.readBack(out, layout)).big!;
      expect(back.rows.length).toBe(total);
      expect(back.rows).toEqual(rows.map((r) => r.map((v, c) => s.cell(v, layout.tables[0]!.columns[c]!))));
    });

    it.runIf(files && s.deterministicBytes !== false)(
      'is deterministic: the same chunks give byte-identical files',
      async () => {
        const a = await writeCommitted(join(tmp, 'a'));
        const b = await writeCommitted(join(tmp, 'b'));
        expect(b).toEqual(a);
        for (const f of a) {
          const bytesA = readFileSync(join(tmp, 'a', f.path));
          const bytesB = readFileSync(join(tmp, 'b', f.path));
          expect(bytesA.equals(bytesB), f.path).toBe(true);
        }
        // and a different dataset gives different bytes: the comparison is not vacuous
        const chunks = datasetChunks();
        const { parent } = datasetRows();
        const changed = parent[0]!.slice();
        changed[3] = 0.25;
        chunks[0] = chunkOf('parent', 0, 0, [changed, ...parent.slice(1, AWKWARD_TEXT.length)]);
        const c = await writeCommitted(join(tmp, 'c'), chunks);
        expect(c.map((f) => f.sha256)).not.toEqual(a.map((f) => f.sha256));
      },
    );

    it('keeps dates, date-times, nested JSON, booleans and nulls as the format promises', async () => {
      const layout = typedLayout();
      await writeCommitted(out, [chunkOf('typed', 0, 0, TYPED_ROWS)], layout);
      const back = (await s.readBack(out, layout)).typed!;
      expect(back.columns).toEqual(layout.tables[0]!.columns.map((c) => c.name));
      expect(back.rows).toEqual(
        TYPED_ROWS.map((r) => r.map((v, c) => s.cell(v, layout.tables[0]!.columns[c]!))),
      );
    });

    it('leaves nothing behind after abort() of a partial load', async () => {
      const dir = new StagedDir(out);
      const sink = s.make(dir);
      const chunks = datasetChunks();
      await sink.open(datasetLayout());
      await sink.write(chunks[0]!);
      await sink.write(chunks[1]!);
      await sink.abort();
      dir.abort();
      expect(existsSync(out)).toBe(false);
      if (s.tables) expect(await s.tables()).toEqual([]);
    });

    describe.runIf(s.enforces === true)('constraints', () => {
      /** Loads the parents, then `bad` rows of `table`; the run must fail and leave nothing. */
      async function expectRejected(table: string, bad: CellValue[], pattern: RegExp): Promise<void> {
        const dir = new StagedDir(out);
        const sink = s.make(dir);
        const chunks = datasetChunks();
        await sink.open(datasetLayout());
        let error: unknown;
        try {
          await sink.write(chunks[0]!);
          await sink.write(chunkOf(table, 9, 9000, [bad]));
          await sink.close();
        } catch (e) {
          error = e;
        }
        expect(String((error as Error | undefined)?.message)).toMatch(pattern);
        await sink.abort();
        dir.abort();
        expect(existsSync(out)).toBe(false);
        if (s.tables) expect(await s.tables()).toEqual([]);
      }
      const child = (): CellValue[] => datasetChunks()[1]!.columns.map((c) => c[0] as CellValue);
      const parent = (): CellValue[] => datasetChunks()[0]!.columns.map((c) => c[0] as CellValue);

      it('a child row without its parent fails the run (foreign key)', async () => {
        const orphan = child();
        orphan[0] = 5000;
        orphan[1] = 999_999;
        await expectRejected('child', orphan, /foreign key/i);
      });

      it('a repeated unique value fails the run', async () => {
        const dup = [9001, parent()[1]!, null, 1.5];
        await expectRejected('parent', dup, /duplicate|unique/i);
      });

      it('a repeated primary key fails the run', async () => {
        const dup = [parent()[0]!, 'fresh code', null, 1.5];
        await expectRejected('parent', dup, /duplicate|unique|primary key/i);
      });

      it('a null in a NOT NULL column fails the run', async () => {
        const nullCode = [9002, null, null, 1.5];
        await expectRejected('parent', nullCode, /null/i);
      });
    });
  });
}
