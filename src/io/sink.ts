/**
 * A generated cell as sinks receive it: already in output form. Arrays and objects are nested
 * JSON (from `array` and `object` columns), keys in declared order.
 */
export type CellValue = string | number | boolean | null | CellValue[] | { [key: string]: CellValue };

/** How a column looks to a sink: enough to create a table with its constraints. */
export interface ColumnLayout {
  readonly name: string;
  readonly kind: string;
  readonly sqlType: 'INTEGER' | 'REAL' | 'TEXT';
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly notNull: boolean;
  /** The parent key; `table` may be this column's own table (a self-reference, e.g. reports_to). */
  readonly references?: { readonly table: string; readonly column: string };
  /**
   * The column's type as a database declared it (`VARCHAR(40)`, `NUMERIC(10,2)`), kept from an
   * imported schema so a database sink can recreate it; absent for a hand-written spec.
   */
  readonly declaredType?: string;
}

export interface TableLayout {
  readonly name: string;
  readonly columns: readonly ColumnLayout[];
  /** A primary key over several columns (a junction table); a one-column key is on its column. */
  readonly primaryKey?: readonly string[];
  /** Unique constraints over several columns. */
  readonly unique?: readonly (readonly string[])[];
  /** rows that will be written */
  readonly rows: number;
}

/** A block of rows of one table, column by column. */
export interface Chunk {
  readonly table: string;
  /** the chunk's position in its table's sequence of chunks */
  readonly index: number;
  /** index of the chunk's first row in its table */
  readonly start: number;
  readonly rows: number;
  readonly columns: readonly (readonly CellValue[])[];
  /** For a table made per parent row: each row's parent row, as an index into the parent's table. */
  readonly parentRows?: ArrayLike<number>;
}

/** A finished output file, as recorded in the manifest. */
export interface WrittenFile {
  /** path relative to the output directory, with forward slashes */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** the table it holds, when it holds one */
  readonly table?: string;
}

/**
 * Where generated rows go. The engine calls `open` once, `write` for each chunk in foreign-key
 * order (a parent row always arrives before its children), then `close`, or `abort` on failure.
 * A sink writes under temporary names; nothing appears at the final path until the run commits.
 */
export interface Sink {
  /** A short name such as `csv` or `sqlite`. */
  readonly format: string;
  open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }): Promise<void>;
  write(chunk: Chunk): void | Promise<void>;
  /**
   * Optional: the encoding a worker can apply itself (`encodeChunk`), with `writeBytes` taking
   * the result. A sink without both gets whole chunks.
   */
  readonly encoder?: 'csv' | 'jsonl';
  writeBytes?(table: string, bytes: Uint8Array): void;
  close(): Promise<WrittenFile[]>;
  abort(): Promise<void>;
}
